"""Input schema: what a podcaster writes in ``podcast.yaml`` and ``episode.yaml``.

Every field is documented here, beside its type; the same text ends up in the
shipped JSON Schemas (``spotlight-feed schema``) so editors can complete and
check the files. Unknown keys are errors. Values are checked against the specs
they feed: Apple's category list and ``itunes:explicit`` true/false (Apple
podcast requirements 823), the Podcasting 2.0 person taxonomy, medium list and
``podcast:guid`` format, and RFC 2822-representable, time-zone-aware dates.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from . import apple
from .dates import date_problem
from .guid import GUID_RE


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, str_strip_whitespace=True
    )


_NOT_IN_URLS = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f]")
"""ASCII characters RFC 3986 §2 never allows in a URL (they must be percent-encoded)."""


def _https_url(value: str) -> str:
    """An absolute http(s) URL (RFC 3986 §3; WHATWG URL "valid URL string")."""
    bad = _NOT_IN_URLS.search(value)
    if bad:
        char = bad.group(0)
        shown = (
            "a space" if char == " " else repr(char) if char.isprintable() else f"U+{ord(char):04X}"
        )
        raise ValueError(
            f"not a valid URL: {shown} cannot appear in a URL (percent-encode it as "
            f"%{ord(char):02X}), got '{value}'"
        )
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError(f"not a valid URL: expected an absolute http(s) URL, got '{value}'")
    return value


def _email(value: str) -> str:
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
        raise ValueError(f"expected an e-mail address, got '{value}'")
    return value


def _language(value: str) -> str:
    from .languages import language_problem

    problem = language_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(date_problem(value.isoformat()) or "no time zone")
    return value


def _datetime_in(value: Any) -> Any:
    # YAML turns 2024-05-01 into a date, which pydantic would accept as midnight, and
    # 2024-05-01T09:00:00 into a datetime without a zone; an impossible date stays text.
    if not isinstance(value, datetime | str) and hasattr(value, "isoformat"):
        raise ValueError(
            f"expected a date-time with a time zone, such as {value.isoformat()}T09:00:00+00:00,"
            f" got the bare date {value.isoformat()}"
        )
    if isinstance(value, str):
        problem = date_problem(value)
        if problem:
            raise ValueError(problem)
    return value


_TIME_RE = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:\.(\d{1,3}))?$")


def parse_timestamp_ms(value: Any) -> int:
    """Parse ``HH:MM:SS(.mmm)``, ``MM:SS`` or a number of seconds into milliseconds."""
    if isinstance(value, bool):
        raise ValueError(f"expected HH:MM:SS(.mmm), MM:SS or seconds, got {value!r}")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"expected a time of zero or more, got {value}")
        return round(value * 1000)
    if isinstance(value, str):
        m = _TIME_RE.match(value.strip())
        if m:
            h, mi, s, frac = m.groups()
            return (int(h or 0) * 3600 + int(mi) * 60 + int(s)) * 1000 + int(
                (frac or "0").ljust(3, "0")
            )
    raise ValueError(f"expected HH:MM:SS(.mmm), MM:SS or seconds, got '{value}'")


Url = Annotated[str, AfterValidator(_https_url)]
Email = Annotated[str, AfterValidator(_email)]
Language = Annotated[str, AfterValidator(_language)]
AwareDatetime = Annotated[datetime, BeforeValidator(_datetime_in), AfterValidator(_aware)]
TimestampMs = Annotated[
    int,
    BeforeValidator(parse_timestamp_ms),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^(\d+:)?[0-5]?\d:[0-5]\d(\.\d{1,3})?$"},
            ]
        }
    ),
]
NonEmpty = Annotated[str, Field(min_length=1)]


class Person(_Model):
    """A person credited in the feed (``podcast:person``) and on the pages."""

    name: NonEmpty
    """Full name as it should be shown."""
    role: str = "host"
    """Podcasting 2.0 taxonomy role (e.g. host, guest, writer, producer, voice actor)."""
    group: str = "cast"
    """Podcasting 2.0 taxonomy group (e.g. cast, writing, creative direction)."""
    href: Url | None = None
    """A page about the person (https)."""
    img: Url | None = None
    """A picture of the person (https)."""

    @model_validator(mode="after")
    def _taxonomy(self) -> Person:
        problem = apple.role_problem(self.role, self.group)
        if problem:
            raise ValueError(problem)
        return self


class Credit(_Model):
    """A writer, producer or other credit; role and group default by list."""

    name: NonEmpty
    """Full name as it should be shown."""
    href: Url | None = None
    """A page about the person (https)."""
    img: Url | None = None
    """A picture of the person (https)."""


class OtherCredit(Person):
    """Any other credit, with an explicit taxonomy role and group."""

    role: str
    """Podcasting 2.0 taxonomy role (e.g. sound designer)."""
    group: str
    """Podcasting 2.0 taxonomy group (e.g. audio post-production)."""


class Owner(_Model):
    """The feed owner Apple and Spotify contact (``itunes:owner``)."""

    name: NonEmpty
    """Owner's name."""
    email: Email
    """Owner's e-mail; directories send ownership codes here."""


class Category(_Model):
    """Apple Podcasts category (only the first pair counts for Apple)."""

    category: str
    """Top-level category, exactly as Apple spells it (e.g. 'Education')."""
    subcategory: str | None = None
    """Optional subcategory of that category (e.g. 'Language Learning')."""

    @field_validator("category")
    @classmethod
    def _on_apples_list(cls, value: str) -> str:
        problem = apple.category_problem(value, None)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("subcategory")
    @classmethod
    def _sub_on_apples_list(cls, value: str | None, info: ValidationInfo) -> str | None:
        category = info.data.get("category")
        if value is not None and category is not None:
            problem = apple.category_problem(category, value)
            if problem:
                raise ValueError(problem)
        return value


class License(_Model):
    """``podcast:license``: an identifier from the Podcasting 2.0 list, or any with a URL."""

    identifier: NonEmpty
    """License short name such as CC-BY-NC-4.0 or ARR (all rights reserved)."""
    url: Url | None = None
    """The license text; required when the identifier is not on the Podcasting 2.0 list."""

    @model_validator(mode="after")
    def _known_or_url(self) -> License:
        known = {x.lower(): x for x in apple.LICENSES}
        if self.identifier.lower() not in known and self.url is None:
            raise ValueError(
                f"'{self.identifier}' is not on the Podcasting 2.0 license list "
                f"({', '.join(apple.LICENSES)}); give its url"
            )
        return self


class Locked(_Model):
    """``podcast:locked``: whether other hosts may import the feed."""

    locked: bool = True
    """true refuses imports by other hosting platforms (emitted as yes/no)."""
    owner: Email | None = None
    """E-mail used to verify a move of the feed."""


class Funding(_Model):
    """``podcast:funding``: a link where listeners can support the show."""

    url: Url
    """Donation or membership page."""
    label: Annotated[str, Field(min_length=1, max_length=128)]
    """Link text, at most 128 characters."""


class Link(_Model):
    """A related link shown in the show notes."""

    title: NonEmpty
    """Link text."""
    url: Url
    """Absolute URL."""


class ShowConfig(_Model):
    """The show config, ``podcast.yaml`` at the project root."""

    title: NonEmpty
    """Show title (``<title>``)."""
    apple_title: str | None = None
    """A title for Apple Podcasts only (channel ``itunes:title``); written only when it
    differs from title (Apple lists the tag as situational)."""
    description: NonEmpty
    """Show description, plain text, at most 4000 bytes for Apple."""
    link: Url
    """The show's web site (``<link>``)."""
    base_url: Url = ""
    """Public URL where the contents of dist/ will be served; the feed is base_url + 'feed.xml'.

    Required to build, unless ``build --base-url`` gives it."""
    language: Language
    """ISO 639 code of the show's language, e.g. 'en' (``<language>``)."""
    author: NonEmpty
    """Show author or network (``itunes:author``)."""
    owner: Owner
    """Feed owner (``itunes:owner``)."""
    category: Category
    """Apple Podcasts category and subcategory."""
    explicit: bool
    """Whether the show contains explicit content (``itunes:explicit`` true/false)."""
    type: Literal["episodic", "serial"] = "episodic"
    """``itunes:type``: episodic (newest first) or serial (in order; numbers required)."""
    image: NonEmpty
    """Cover art file in the project: square JPEG or PNG, 1400-3000 px, RGB."""
    image_alt: str | None = None
    """Text alternative for the cover art on pages."""
    copyright: str | None = None
    """Copyright notice (``<copyright>``), e.g. '© 2024 Spotlight'."""
    license: License | None = None
    """Content license (``podcast:license``)."""
    podcast_guid: str
    """``podcast:guid``: computed once by 'spotlight-feed guid' from the feed URL, never changed."""
    locked: Locked = Locked()
    """``podcast:locked``."""
    medium: str = "podcast"
    """``podcast:medium`` (podcast, audiobook, course, ...)."""
    people: list[Person] = []
    """The show's regular people (hosts), emitted as channel ``podcast:person``."""
    funding: list[Funding] = []
    """``podcast:funding`` links."""
    publisher: str | None = None
    """Publisher or network name (ID3 TPUB)."""
    keywords: list[str] = []
    """Search keywords (``itunes:keywords``)."""
    subscribe: list[Link] = []
    """Podcast app links shown on the index page (Apple Podcasts, Spotify, ...)."""
    keep: list[str] = []
    """Files or folders in dist/ that this tool does not write but must carry into every
    release (e.g. 'CNAME', '.well-known/'): paths relative to dist/, no '..'."""

    @field_validator("keep")
    @classmethod
    def _keep(cls, value: list[str]) -> list[str]:
        for entry in value:
            parts = entry.rstrip("/").split("/")
            if not entry.strip("/") or entry.startswith("/") or ".." in parts or "" in parts:
                raise ValueError(f"expected a relative path inside dist/, got '{entry}'")
            if any(ord(c) < 0x20 or c == "\\" for c in entry):
                raise ValueError(f"expected a relative path inside dist/, got {entry!r}")
        return value

    @field_validator("podcast_guid")
    @classmethod
    def _guid_format(cls, value: str) -> str:
        if not GUID_RE.match(value):
            raise ValueError(
                f"expected a UUID such as 917393e3-1b1e-5cef-ace4-edaa54e1f810, got '{value}'"
                " (run 'spotlight-feed guid' to compute it)"
            )
        return value

    @field_validator("medium")
    @classmethod
    def _medium(cls, value: str) -> str:
        if value not in apple.MEDIUMS:
            raise ValueError(f"expected one of {', '.join(apple.MEDIUMS)}, got '{value}'")
        return value

    @field_validator("base_url")
    @classmethod
    def _slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"


class Voice(_Model):
    """Who speaks a transcript speaker label: a credited, quoted or described voice."""

    name: str | None = None
    """The person's name; leave out for an uncredited voice and give a description."""
    role: str = "voice actor"
    """Podcasting 2.0 taxonomy role (host, guest, voice actor, narrator, ...)."""
    group: str = "cast"
    """Podcasting 2.0 taxonomy group."""
    quoted: bool = False
    """true when the words are a quotation of this person read by someone else (not present)."""
    description: str | None = None
    """Who the person is or, for an uncredited voice, what the voice is."""
    source: str | None = None
    """Where a quotation comes from (e.g. 'The Japan Times')."""
    href: Url | None = None
    """A page about the person (https)."""
    img: Url | None = None
    """A picture of the person (https)."""

    @model_validator(mode="after")
    def _named_or_described(self) -> Voice:
        if not self.name and not self.description:
            raise ValueError("give the voice a name, or a description for an uncredited voice")
        problem = apple.role_problem(self.role, self.group)
        if problem:
            raise ValueError(problem)
        return self

    @property
    def display(self) -> str:
        """The speaker name used in every transcript format and on pages."""
        if self.name:
            return f"{self.name} (quoted)" if self.quoted else self.name
        return self.description or ""

    @property
    def credited(self) -> bool:
        """Whether this voice is a person present in the episode (emitted as podcast:person)."""
        return bool(self.name) and not self.quoted


class Chapter(_Model):
    """A chapter mark; it ends where the next one starts (the last at the audio's end)."""

    start: TimestampMs
    """Start time: HH:MM:SS(.mmm), MM:SS or seconds."""
    title: Annotated[str, Field(min_length=1, max_length=128)]
    """Chapter title; keep it short, players truncate long titles."""
    url: Url | None = None
    """A web page about the chapter."""
    img: str | None = None
    """Chapter art: a file in the project or an https URL."""

    @field_validator("img")
    @classmethod
    def _img_url(cls, value: str | None) -> str | None:
        if value is not None and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value):
            return _https_url(value)
        return value


class Comment(_Model):
    """A listener comment (untrusted text, always shown escaped)."""

    text: NonEmpty
    """The comment as the listener wrote it."""
    author: str | None = None
    """Listener's name, if known."""
    replies: list[Comment] = []
    """Replies to this comment."""


class Discussion(_Model):
    """A discussion question for listeners and the comments it received."""

    question: NonEmpty
    """The question put to listeners."""
    comments: list[Comment] = []
    """Listener comments, oldest first."""


class Credits(_Model):
    """Who made the episode besides its voices."""

    writers: list[Credit] = []
    """Writers (taxonomy writing/writer; ID3 TEXT)."""
    producers: list[Credit] = []
    """Producers (taxonomy creative direction/producer; ID3 IPLS)."""
    others: list[OtherCredit] = []
    """Other credits with an explicit taxonomy role and group."""


class EpisodeConfig(_Model):
    """One episode's metadata, ``episodes/<slug>/episode.yaml``."""

    title: NonEmpty
    """Episode title without show name or number (Apple)."""
    guid: NonEmpty
    """The item ``<guid>``: written once by 'spotlight-feed new-episode', never changed."""
    number: Annotated[int, Field(ge=1)] | None = None
    """Episode number (``itunes:episode``, ``podcast:episode``); required for serial shows."""
    season: Annotated[int, Field(ge=1)] | None = None
    """Season number (``itunes:season``, ``podcast:season``)."""
    published: AwareDatetime
    """Publication date-time with time zone, e.g. 2021-06-02T09:00:00+09:00."""
    summary: NonEmpty
    """Short plain-text description (``<description>``, ID3 COMM)."""
    notes: str | None = None
    """Longer show notes; paragraphs separated by blank lines, '- ' lines become lists."""
    audio: NonEmpty
    """The episode's MP3, a path relative to the project root (normally under media/)."""
    transcript: str | None = None
    """Transcript source in this folder; default the first of transcript.vtt/.srt/.json/.txt."""
    language: Language | None = None
    """Episode language when it differs from the show's."""
    image: str | None = None
    """Episode art (a file in the project); defaults to the show's."""
    explicit: bool | None = None
    """Overrides the show's explicit flag for this episode."""
    episode_type: Literal["full", "trailer", "bonus"] = "full"
    """``itunes:episodeType``."""
    credits: Credits = Credits()
    """Writers, producers and other credits."""
    voices: dict[str, Voice] = {}
    """Map from each transcript speaker label to who speaks it."""
    chapters: list[Chapter] = []
    """Chapter marks in order of start time."""
    links: list[Link] = []
    """Related links for the show notes."""
    discussion: Discussion | None = None
    """A discussion question and listener comments."""
