"""The ``podcast.yaml``/``episode.yaml`` fields of the feed features of issue #14.

They are used by :mod:`..write.feed.apps`, :mod:`..plan.schedule` and
:mod:`..write.alternates`.

Each model documents its fields beside their types (the text reaches the JSON
Schemas). Rules come from the Podcasting 2.0 tag pages
(``Podcastindex-org/podcast-namespace`` ``docs/tags/<tag>.md``; docs/sources.md §1.1):
lengths (128 characters for node values, 32 for ``episode@display``, 4000 for
``txt``), https URLs, the ``socialprotocols.txt`` and ``serviceslugs.txt`` lists.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from ..guid import GUID_RE
from .fields import STRICT, AwareDatetime, Text128, TimestampMs, Url


class _Model(BaseModel):
    model_config = STRICT


Label = Text128
"""A short human text, cleaned once here (:data:`.fields.Text`)."""

SOCIAL_PROTOCOLS = (
    "disabled",
    "activitypub",
    "twitter",
    "lightning",
    "atproto",
    "hive",
    "matrix",
    "nostr",
)
"""``docs/tags/socialInteract.md``: the protocols of ``socialprotocols.txt``."""

SERVICE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
"""``podcast:block@id``: a slug of ``serviceslugs.txt`` (apple, spotify, amazon, ...)."""


FEED_ONLY = (
    "apple_title",
    "chapter_timestamps",
    "season_names",
    "txt",
    "update_frequency",
    "podroll",
    "publisher_feed",
    "locations",
    "social_interact",
    "block",
    "itunes_block",
    "complete",
    "new_feed_url",
    "analytics",
    "paging",
    "value",
    "moved_from",
)
"""``podcast.yaml`` fields that only the feed reads (no episode file or page): they are
left out of every episode's cache key (``release/state.py`` ``show_key``)."""


class ValueRecipient(_Model):
    """``podcast:valueRecipient`` (``docs/tags/value-recipient.md``): who gets a share."""

    name: Label | None = None
    """Who this is, e.g. 'Host' or 'Hosting company'."""
    type: Annotated[str, Field(min_length=1, max_length=128)]
    """The kind of address: node (a Lightning node key), lnaddress, wallet, ..."""
    address: Annotated[str, Field(min_length=1)]
    """Where the payment goes, as the wallet or host gives it."""
    split: Annotated[int, Field(ge=0)]
    """This recipient's shares (splits are added up; fee recipients come off the top)."""
    custom_key: Annotated[str, Field(min_length=1)] | None = None
    """``customKey``: a key a node needs to route to this recipient (keysend)."""
    custom_value: Annotated[str, Field(min_length=1)] | None = None
    """``customValue``: the value for ``custom_key``."""
    fee: bool = False
    """true: a fee (its split is a percentage taken before the others share)."""


class Value(_Model):
    """``podcast:value`` (``docs/tags/value.md``): value-for-value payments.

    Apps that support it (Fountain, Podverse, Castamatic, ...) stream payments to the
    recipients while people listen. The item's list replaces the channel's.
    """

    type: Annotated[str, Field(min_length=1, max_length=128)]
    """The service: lightning, hive, webmonetization, ..."""
    method: Annotated[str, Field(min_length=1, max_length=128)]
    """How to pay: keysend, amp, lnaddress, ..."""
    suggested: Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)?$")] | None = None
    """A suggested amount per minute, in the service's unit, as text (e.g. 0.00000005000)."""
    recipients: Annotated[list[ValueRecipient], Field(min_length=1)]
    """At least one ``podcast:valueRecipient``."""


class Txt(_Model):
    """``podcast:txt``: a free-form text record, e.g. a verification code."""

    value: Annotated[str, Field(min_length=1, max_length=4000)]
    """The text, at most 4000 characters (e.g. the code Apple or a host gives you)."""
    purpose: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    """What it is for: verify, applepodcastsverify, ai-content (value true/false), release."""

    @model_validator(mode="after")
    def _ai_content(self) -> Txt:
        if self.purpose == "ai-content" and self.value not in ("true", "false"):
            raise ValueError(f"purpose ai-content takes true or false, got '{self.value}'")
        return self


class Location(_Model):
    """``podcast:location`` (2025 revision): a place the show is about or made in."""

    name: Label
    """Human-readable place, e.g. 'Austin, TX'."""
    rel: Literal["subject", "creator"] = "subject"
    """subject: what the content is about; creator: where it was made."""
    geo: str | None = None
    """RFC 5870 geo URI, e.g. 'geo:30.2672,-97.7431'."""
    osm: str | None = None
    """OpenStreetMap object: N, W or R and its id, e.g. 'R113314'."""
    country: str | None = None
    """ISO 3166-1 alpha-2 country code, e.g. 'US'."""

    @field_validator("geo")
    @classmethod
    def _geo(cls, value: str | None) -> str | None:
        if value is not None and not re.match(
            r"^geo:-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?(,-?\d+(\.\d+)?)?(;.*)?$", value
        ):
            raise ValueError(f"expected a geo URI such as geo:30.2672,-97.7431, got '{value}'")
        return value

    @field_validator("osm")
    @classmethod
    def _osm(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[NWR]\d+(#\d+)?$", value):
            raise ValueError(f"expected N, W or R and a number, such as R113314, got '{value}'")
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[A-Z]{2}$", value):
            raise ValueError(f"expected an ISO 3166-1 alpha-2 code such as US, got '{value}'")
        return value


class SocialInteract(_Model):
    """``podcast:socialInteract``: where listeners comment (or ``protocol: disabled``)."""

    protocol: str
    """activitypub, atproto, twitter, matrix, nostr, hive, lightning, or disabled."""
    uri: Url | None = None
    """The root post of the discussion (required unless protocol is disabled)."""
    account_id: str | None = None
    """The account that posted it, e.g. '@show@podcastindex.social'."""
    account_url: Url | None = None
    """A page about that account."""
    priority: Annotated[int, Field(ge=1)] | None = None
    """Order among several (lower first)."""

    @model_validator(mode="after")
    def _known(self) -> SocialInteract:
        if self.protocol not in SOCIAL_PROTOCOLS:
            raise ValueError(
                f"protocol '{self.protocol}' is not one of {', '.join(SOCIAL_PROTOCOLS)}"
            )
        if self.protocol == "disabled" and (self.uri or self.account_id or self.account_url):
            raise ValueError("protocol disabled takes no uri, account_id or account_url")
        if self.protocol != "disabled" and not self.uri:
            raise ValueError(f"protocol {self.protocol} needs the uri of the root post")
        return self


class RemoteItem(_Model):
    """``podcast:remoteItem``: another feed, named by its ``podcast:guid``."""

    feed_guid: str
    """The other feed's podcast:guid."""
    feed_url: Url | None = None
    """Its feed URL (recommended)."""
    title: Label | None = None
    """Its title (recommended)."""
    medium: str | None = None
    """Its podcast:medium, if not podcast."""

    @field_validator("feed_guid")
    @classmethod
    def _guid(cls, value: str) -> str:
        if not GUID_RE.match(value):
            raise ValueError(f"expected a podcast:guid (a UUID), got '{value}'")
        return value


class Block(_Model):
    """``podcast:block``: ask one platform (or all) not to list the show."""

    id: str | None = None
    """Slug of the platform (serviceslugs.txt: apple, spotify, amazon, ...); none = all."""
    block: bool = True
    """true: do not list the show there (yes); false: explicitly allowed (no)."""

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not SERVICE_SLUG.match(value):
            raise ValueError(f"expected a service slug such as spotify, got '{value}'")
        return value


_FREQ = re.compile(r"^FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[^;]+)*$")


class UpdateFrequency(_Model):
    """``podcast:updateFrequency``: how often new episodes come."""

    label: Label
    """What apps show, e.g. 'Weekly'."""
    rrule: str | None = None
    """RFC 5545 recurrence rule, e.g. 'FREQ=WEEKLY' or 'FREQ=WEEKLY;INTERVAL=2'."""
    dtstart: AwareDatetime | None = None
    """When the schedule starts; required when the rule has COUNT."""
    complete: bool = False
    """true when no more episodes will come."""

    @model_validator(mode="after")
    def _rule(self) -> UpdateFrequency:
        if self.rrule is not None:
            if not _FREQ.match(self.rrule):
                raise ValueError(f"rrule must start with FREQ=..., got '{self.rrule}'")
            if "COUNT=" in self.rrule and self.dtstart is None:
                raise ValueError("an rrule with COUNT needs dtstart (docs/tags/updateFrequency.md)")
        return self


class Analytics(_Model):
    """A prefix-analytics service (OP3, Podtrac, ...), put in front of enclosure URLs."""

    prefix: Url
    """The prefix, e.g. 'https://op3.dev/e/' or 'https://dts.podtrac.com/redirect.mp3/'."""
    keep_scheme: bool = False
    """Keep 'https://' of the wrapped URL (OP3 and Podtrac take it without)."""


class Paging(_Model):
    """RFC 5005 paging of a long feed (``atom:link`` first/next/prev/last)."""

    page_size: Annotated[int, Field(ge=1)] | None = None
    """Items per page; feed.xml is the first (newest) page."""
    max_bytes: Annotated[int, Field(ge=10_000)] | None = None
    """Or: as many items per page as fit in this many bytes."""
    archive: bool = True
    """Also write feed-archive.xml with every episode (an RFC 5005 complete feed)."""

    @model_validator(mode="after")
    def _one(self) -> Paging:
        if (self.page_size is None) == (self.max_bytes is None):
            raise ValueError("give exactly one of page_size and max_bytes")
        return self


class Soundbite(_Model):
    """``podcast:soundbite``: a moment of the episode good for sharing or previews."""

    start: TimestampMs
    """Start time: HH:MM:SS(.mmm), MM:SS or seconds."""
    duration: Annotated[float, Field(ge=15, le=120)]
    """Length in seconds, 15 to 120 (the tag page's advice)."""
    title: Label | None = None
    """What it is (optional)."""


class Alternate(_Model):
    """``podcast:alternateEnclosure``: another file of the episode that you provide.

    Opus, AAC, a low-bitrate MP3 or video, published beside the MP3 with its size and
    SRI hash.
    """

    file: Annotated[str, Field(min_length=1)]
    """The file in the project, e.g. media/ep1.opus."""
    type: Annotated[str, Field(pattern=r"^[a-z]+/[A-Za-z0-9.+-]+$")]
    """Its MIME type, e.g. audio/opus, audio/mp4, video/mp4."""
    title: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    """What apps show for it, e.g. 'Opus (smaller)'."""
    lang: str | None = None
    """BCP 47 language of this version, if it differs."""
    codecs: str | None = None
    """RFC 6381 codecs string, e.g. 'opus'."""
    bitrate: Annotated[float, Field(gt=0)] | None = None
    """Bits per second; default: its size over the episode's duration."""
    rel: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    """Grouping key of versions of the same content."""
    default: bool = False
    """true: the same content as the main enclosure (an alternative transport)."""
