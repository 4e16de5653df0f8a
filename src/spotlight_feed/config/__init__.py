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
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..guid import GUID_RE
from . import vocab as apple
from .apps import (
    Alternate,
    Analytics,
    Block,
    Location,
    Paging,
    RemoteItem,
    SocialInteract,
    Soundbite,
    Txt,
    UpdateFrequency,
    Value,
)
from .fields import (
    STRICT,
    AwareDatetime,
    Email,
    Language,
    NonEmpty,
    NonEmptyText,
    Text,
    Text32,
    Text128,
    TimestampMs,
    Token,
    Url,
    https_url,
    parse_timestamp_ms,
)

__all__ = ["parse_timestamp_ms"]


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
"""A URL's scheme (RFC 3986 §3.1) at the start of a value that may be a path or a URL."""


class _Model(BaseModel):
    model_config = STRICT


class Person(_Model):
    """A person credited in the feed (``podcast:person``) and on the pages."""

    name: NonEmptyText
    """Full name as it should be shown."""
    role: Text = "host"
    """Podcasting 2.0 taxonomy role (e.g. host, guest, writer, producer, voice actor)."""
    group: Text = "cast"
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

    name: NonEmptyText
    """Full name as it should be shown."""
    href: Url | None = None
    """A page about the person (https)."""
    img: Url | None = None
    """A picture of the person (https)."""


class OtherCredit(Person):
    """Any other credit, with an explicit taxonomy role and group."""

    role: Text
    """Podcasting 2.0 taxonomy role (e.g. sound designer)."""
    group: Text
    """Podcasting 2.0 taxonomy group (e.g. audio post-production)."""


class Owner(_Model):
    """The feed owner Apple and Spotify contact (``itunes:owner``)."""

    name: NonEmptyText
    """Owner's name."""
    email: Email
    """Owner's e-mail; directories send ownership codes here."""
    public: bool = True
    """false leaves itunes:owner out of the feed: Apple no longer reads it, but Spotify
    and YouTube send their verification codes to this address (spotlight-feed check says so)."""


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

    identifier: Token
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
    label: Text128
    """Link text, at most 128 characters."""


class Link(_Model):
    """A related link shown in the show notes."""

    title: NonEmptyText
    """Link text."""
    url: Url
    """Absolute URL."""


class EncodeConfig(_Model):
    """How a source that is not an MP3 (WAV, FLAC, AIFF, M4A, Ogg) becomes the episode's MP3.

    Constant bitrate, gapless (a LAME/Info header carries the encoder delay and padding),
    the same bytes on every build; an unchanged source is encoded once and cached in
    ``.spotlight-cache/audio/``. Apple 893: RSS audio must be MP3 or AAC.
    """

    bitrate: int | None = None
    """kbit/s, constant; default 64 for mono and 128 for stereo (speech)."""
    channels: Literal[1, 2] | None = None
    """1 (mono) or 2 (stereo); default: the source's (1 or 2)."""
    sample_rate: Literal[22050, 24000, 32000, 44100, 48000] = 44100
    """Sample rate of the MP3 in Hz (resampled with libsoxr when the source differs)."""
    normalize: bool = False
    """Bring lossless sources (WAV, FLAC, AIFF) to the loudness target while encoding
    (two passes and a true-peak limiter); see ``loudness``."""
    reencode_mp3: bool = False
    """Also re-encode MP3 sources with these settings (normally they are copied as they are).
    Decoding and encoding an MP3 again costs quality: use it only to normalise an MP3."""
    alternates: list[Literal["aac", "opus"]] = []
    """Also publish these encodings of lossless sources beside the MP3 (aac: AAC-LC in .m4a;
    opus: Opus in .opus), linked with ``podcast:alternateEnclosure`` and on the page."""


class LoudnessConfig(_Model):
    """The loudness target ``check`` measures against and ``encode.normalize`` reaches.

    ITU-R BS.1770-4 integrated loudness and true peak; EBU Tech 3342 loudness range.
    """

    profile: Literal["apple", "spotify", "ebu-r128"] = "apple"
    """apple: -16 LUFS stereo / -19 LUFS mono, true peak at most -1 dBTP (Apple 893);
    spotify: -14 LUFS, -1 dBTP; ebu-r128: -23 LUFS, -1 dBTP (EBU R 128)."""
    integrated: float | None = Field(default=None, ge=-40, le=-5)
    """Override the profile's integrated loudness target, in LUFS (for every channel count)."""
    true_peak: float | None = Field(default=None, ge=-9, le=0)
    """Override the profile's true-peak ceiling, in dBTP."""
    tolerance: float = Field(default=1.0, gt=0, le=5)
    """How far from the target, in LU, an episode may measure before ``check`` warns."""


class CaptionLimits(_Model):
    """Caption limits; any left out keep the standard's value."""

    line_chars: int | None = Field(default=None, ge=10, le=200)
    """Characters a caption line (wide CJK characters count two, a visible name counts)."""
    lines: int | None = Field(default=None, ge=1, le=4)
    """Lines a caption."""
    min_duration: float | None = Field(default=None, ge=0, le=10)
    """Shortest caption, in seconds (reported by 'check')."""
    max_duration: float | None = Field(default=None, ge=1, le=60)
    """Longest caption, in seconds (longer ones are cut)."""
    chars_per_second: float | None = Field(default=None, gt=0, le=100)
    """Reading speed, characters a second (reported by 'check')."""
    min_gap: float | None = Field(default=None, ge=0, le=2)
    """Gap between consecutive captions, in seconds."""
    speaker_every_cue: bool | None = None
    """SRT: 'Name:' on every caption (the default), or false: only where the speaker changes."""


class Captions(CaptionLimits):
    """How captions (WebVTT, SRT) are cut and timed.

    The Netflix Timed Text Style Guide (English, USA) unless changed here. These limits
    apply to both formats; 'srt:' ones to SRT only (its default lines are 32 characters,
    the podcast namespace's).
    """

    srt: CaptionLimits = CaptionLimits()
    """Limits for the SRT file only."""


class PublishNotify(_Model):
    """Who to tell after a publish (each off unless configured; issue #19, "After publishing")."""

    websub: list[Url] = []
    """WebSub hubs (https://www.w3.org/TR/websub/): each is linked from the feed with
    ``atom:link rel="hub"`` and pinged with ``hub.mode=publish``."""
    podcast_index: bool = False
    """Ping Podcast Index's ``hub/pubnotify`` with the feed URL."""
    podcast_index_url: Url = "https://api.podcastindex.org/api/1.0/hub/pubnotify"
    """The pubnotify endpoint (change it only for testing)."""
    podping: bool = False
    """Send a Podping; the token comes only from the ``PODPING_TOKEN`` environment variable.
    Also adds ``<podcast:podping usesPodping="true"/>`` to the feed."""
    podping_url: Url = "https://podping.cloud/"
    """The podping.cloud endpoint (change it only for testing)."""


class PublishSettings(_Model):
    """Where ``spotlight-feed publish`` sends the release (never credentials).

    Credentials come from the environment or ``~/.aws/credentials`` only.
    """

    target: str | None = None
    """Default TARGET: ``s3://bucket/prefix``, ``git+URL#branch``, ``rsync:DEST`` or a folder."""
    endpoint_url: Url | None = None
    """S3 endpoint of stores other than AWS (R2, B2, SeaweedFS); else ``AWS_ENDPOINT_URL``."""
    region: str | None = None
    """S3 region; else ``AWS_REGION``."""
    addressing_style: Literal["auto", "path", "virtual"] | None = None
    """S3 addressing: ``path`` (endpoint/bucket/key) or ``virtual`` (bucket.endpoint/key)."""
    public_url: Url | None = None
    """Where the target is served; publish refuses a release built for another base_url."""
    cors: bool = True
    """Set CORS (GET, HEAD from any origin) on the S3 bucket when publishing."""
    max_deletes: Annotated[int, Field(ge=0)] = 20
    """Skip deleting when more objects than this would go (``--max-deletes`` overrides)."""
    keep_removed: Annotated[str, Field(pattern=r"^\d+[smhd]?$")] = "0"
    """How long a file dropped from the release stays before a publish deletes it: ``7d``,
    ``12h``, ``0`` (``--keep-removed`` overrides)."""
    notify: PublishNotify = PublishNotify()
    """Notifications after publishing."""


class ShowConfig(_Model):
    """The show config, ``podcast.yaml`` at the project root."""

    title: NonEmptyText
    """Show title (``<title>``)."""
    apple_title: Text | None = None
    """A title for Apple Podcasts only (channel ``itunes:title``); written only when it
    differs from title (Apple lists the tag as situational)."""
    description: NonEmptyText
    """Show description, plain text, at most 4000 bytes for Apple."""
    link: Url
    """The show's web site (``<link>``)."""
    base_url: Url = ""
    """Public URL where the contents of dist/ will be served; the feed is base_url + 'feed.xml'.

    Required to build, unless ``build --base-url`` gives it."""
    language: Language
    """ISO 639 code of the show's language, e.g. 'en' (``<language>``)."""
    author: NonEmptyText
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
    image_alt: Text | None = None
    """Text alternative for the cover art on pages."""
    copyright: Text | None = None
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
    publisher: Text | None = None
    """Publisher or network name (ID3 TPUB)."""
    keywords: list[Text] = []
    """Search keywords (``itunes:keywords``)."""
    subscribe: list[Link] = []
    """Podcast app links shown on the index page (Apple Podcasts, Spotify, ...)."""
    # Feed features of #14 (models in config/apps.py; README "Reaching every app").
    chapter_timestamps: bool = True
    """Append a '(00:00) Title' list of the chapters to each description and show notes
    (episodes with 3+ chapters starting at 0): what Spotify, Apple and YouTube read."""
    season_names: dict[int, Text128] = {}
    """Season number -> name (``podcast:season name``), e.g. {1: 'The Early Years'}."""
    txt: list[Txt] = []
    """``podcast:txt`` records, e.g. {purpose: applepodcastsverify, value: <code>}."""
    update_frequency: UpdateFrequency | None = None
    """``podcast:updateFrequency``: label, RFC 5545 rrule, dtstart, complete."""
    podroll: list[RemoteItem] = []
    """Shows you recommend (``podcast:podroll`` of ``podcast:remoteItem``)."""
    publisher_feed: RemoteItem | None = None
    """The publisher's own feed (``podcast:publisher``; its medium is publisher)."""
    locations: list[Location] = []
    """``podcast:location``: what the show is about (rel subject) or where it is made."""
    social_interact: list[SocialInteract] = []
    """``podcast:socialInteract`` for the whole show (protocol disabled: no comments)."""
    block: list[Block] = []
    """``podcast:block``: platforms that must not list the show (id none: all)."""
    itunes_block: bool = False
    """``itunes:block`` Yes: keep the show out of Apple Podcasts."""
    complete: bool = False
    """``itunes:complete`` Yes: no more episodes will come."""
    new_feed_url: Url | None = None
    """``itunes:new-feed-url``: where the show moved (serve a 301 there too)."""
    value: list[Value] = []
    """``podcast:value`` blocks: value-for-value payment recipients of the show."""
    moved_from: Url | None = None
    """The feed URL the show had before it moved here (``import`` writes it). While it is
    set, the feed carries ``itunes:new-feed-url`` (its own URL unless ``new_feed_url``
    names another) and the release lists the old host's 301s in ``moved.tsv``; keep it
    for four weeks or more after the move (Apple's RSS guide, "Moving your show")."""
    analytics: list[Analytics] = []
    """Prefix analytics (OP3, Podtrac, ...) put in front of enclosure URLs, in order."""
    paging: Paging | None = None
    """RFC 5005 paging of feed.xml (default: every episode in one feed)."""
    encode: EncodeConfig = EncodeConfig()
    """How non-MP3 sources are encoded to MP3 (bitrate, channels, sample rate, normalize)."""
    loudness: LoudnessConfig = LoudnessConfig()
    """The loudness target (profile apple, spotify or ebu-r128, or your own numbers)."""

    captions: Captions = Captions()
    """Caption limits (default: the Netflix Timed Text Style Guide, English)."""
    publish: PublishSettings | None = None
    """Publishing: the default target and its settings (``spotlight-feed publish``)."""
    keep: list[str] = []
    """Files or folders in dist/ that this tool does not write but must carry into every
    release (e.g. 'CNAME', '.well-known/'): paths relative to dist/, no '..'. Each is taken
    from the project's keep/ folder when it is there (keep/CNAME; plain files, no links),
    else from the previous release."""

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

    name: Text | None = None
    """The person's name; leave out for an uncredited voice and give a description."""
    role: Text = "voice actor"
    """Podcasting 2.0 taxonomy role (host, guest, voice actor, narrator, ...)."""
    group: Text = "cast"
    """Podcasting 2.0 taxonomy group."""
    quoted: bool = False
    """true when the words are a quotation of this person read by someone else (not present)."""
    description: Text | None = None
    """Who the person is or, for an uncredited voice, what the voice is."""
    source: Text | None = None
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
    title: Text128
    """Chapter title; keep it short, players truncate long titles."""
    url: Url | None = None
    """A web page about the chapter."""
    img: str | None = None
    """Chapter art: a file in the project or an https URL."""

    @field_validator("img")
    @classmethod
    def _img_url(cls, value: str | None) -> str | None:
        if value is not None and _SCHEME.match(value):
            return https_url(value)
        return value

    @property
    def img_url(self) -> str | None:
        """``img`` when it is a URL (an https one: the validator refuses others), else ``None``.

        The one "is this a URL" rule for chapter art: the load stage hashes, the plan names
        and the ID3 tag embeds only :attr:`img_file`; chapters.json and ``psc:chapter`` link
        :attr:`img_url` as it is.
        """
        return self.img if self.img and _SCHEME.match(self.img) else None

    @property
    def img_file(self) -> str | None:
        """``img`` when it names a file in the project (see :attr:`img_url`), else ``None``."""
        return self.img if self.img and not _SCHEME.match(self.img) else None


class Comment(_Model):
    """A listener comment (untrusted text, always shown escaped)."""

    text: NonEmptyText
    """The comment as the listener wrote it."""
    author: Text | None = None
    """Listener's name, if known."""
    replies: list[Comment] = []
    """Replies to this comment."""


class Discussion(_Model):
    """A discussion question for listeners and the comments it received."""

    question: NonEmptyText
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


class TranscriptEntry(_Model):
    """A transcript in a further language (issue #15)."""

    file: NonEmpty
    """The source in this folder (.vtt, .srt, .json or .txt)."""
    language: Language
    """Its language (BCP 47, e.g. 'es', 'pt-BR')."""
    translation: bool = True
    """A translation of the episode's speech (false: the speech is in this language too)."""


MAX_CHAPTERS = 255
"""https://id3.org/id3v2-chapters-1.0 §4.1: the CTOC frame's "Entry count" is $xx (one byte)."""


class EpisodeConfig(_Model):
    """One episode's metadata, ``episodes/<slug>/episode.yaml``."""

    title: NonEmptyText
    """Episode title without show name or number (Apple)."""
    guid: Token
    """The item ``<guid>``: written once by 'spotlight-feed new-episode', never changed."""
    guid_is_permalink: bool = False
    """true writes the guid with isPermaLink="true" (RSS 2.0: the guid is the item's URL);
    kept from an imported feed whose guids were permalinks. Default false."""
    number: Annotated[int, Field(ge=1, le=2_147_483_647)] | None = None
    """Episode number (``itunes:episode``, ``podcast:episode``); required for serial shows."""
    season: Annotated[int, Field(ge=1, le=2_147_483_647)] | None = None
    """Season number (``itunes:season``, ``podcast:season``)."""
    published: AwareDatetime
    """Publication date-time with time zone, e.g. 2021-06-02T09:00:00+09:00."""
    summary: NonEmptyText
    """Short plain-text description (``<description>``, ID3 COMM)."""
    notes: Text | None = None
    """Longer show notes; paragraphs separated by blank lines, '- ' lines become lists."""
    audio: NonEmpty
    """The episode's MP3, a path relative to the project root (normally under media/)."""
    transcript: str | Literal[False] | None = None
    """Transcript source in this folder; default the first of transcript.vtt/.srt/.json/.txt.
    false: the episode has no transcript (e.g. imported from a feed that had none)."""
    transcripts: list[TranscriptEntry] = []
    """Transcripts in further languages; transcript.<language>.<ext> files are found anyway."""
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
    absent: list[NonEmptyText] = []
    """Names of the show's people (podcast.yaml ``people``) who are not in this episode:
    left out of its credits, its podcast:person list and its JSON-LD."""
    voices: dict[str, Voice] = {}
    """Map from each transcript speaker label to who speaks it."""
    chapters: list[Chapter] = []
    """Chapter marks in order of start time (at most 255: one ID3 table of contents)."""
    links: list[Link] = []
    """Related links for the show notes."""
    discussion: Discussion | None = None
    """A discussion question and listener comments."""
    # Feed features of #14 (models in config/apps.py; README "Reaching every app").
    draft: bool = False
    """true: never published (left out of the feed, pages and audio) until set false."""
    updated: AwareDatetime | None = None
    """When the episode was last corrected; lastBuildDate counts it."""
    chapter_timestamps: bool | None = None
    """Overrides the show's chapter_timestamps for this episode."""
    episode_display: Text32 | None = None
    """How apps show the number (``podcast:episode display``), e.g. 'Ch. 3'."""
    soundbites: list[Soundbite] = []
    """``podcast:soundbite`` moments: start, duration (15-120 s), title."""
    locations: list[Location] = []
    """``podcast:location`` of this episode."""
    social_interact: list[SocialInteract] = []
    """``podcast:socialInteract``: where this episode is discussed."""
    txt: list[Txt] = []
    """``podcast:txt`` records of this episode (e.g. ai-content: 'false')."""
    itunes_block: bool = False
    """``itunes:block`` Yes: keep this episode out of Apple Podcasts."""
    alternates: list[Alternate] = []
    """Other files of this episode (``podcast:alternateEnclosure`` with source and a
    sha384 ``podcast:integrity``), published beside the MP3."""
    value: list[Value] = []
    """``podcast:value`` blocks of this episode (they replace the show's in its item)."""
    moved_from: Url | None = None
    """The enclosure URL the old host published for this episode (``import`` writes it):
    ``moved.tsv`` in the release maps it to the new MP3 for the old host's 301."""

    @field_validator("chapters")
    @classmethod
    def _chapter_count(cls, value: list[Chapter]) -> list[Chapter]:
        if len(value) > MAX_CHAPTERS:
            raise ValueError(
                f"at most {MAX_CHAPTERS} chapters, got {len(value)}: the ID3 table of contents "
                "counts its chapters in one byte (ID3v2 Chapter Frame Addendum §4.1, CTOC "
                "entry count); merge some"
            )
        return value
