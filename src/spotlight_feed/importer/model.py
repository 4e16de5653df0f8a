"""What the parser reads from a feed: plain values, exactly as published (no mapping yet)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Person:
    """``podcast:person``: the name and its attributes as published."""

    name: str
    role: str | None = None
    group: str | None = None
    href: str | None = None
    img: str | None = None


@dataclass
class Transcript:
    """``podcast:transcript``."""

    url: str
    type: str
    language: str | None = None
    rel: str | None = None


@dataclass
class InlineChapter:
    """``psc:chapter`` (Podlove Simple Chapters, https://podlove.org/simple-chapters/)."""

    start: str
    title: str
    href: str | None = None
    image: str | None = None


@dataclass
class Enclosure:
    """``<enclosure url length type>`` as published."""

    url: str
    length: str | None
    type: str | None


@dataclass
class ValueBlock:
    """``podcast:value`` (docs/tags/value.md): its attributes and recipients as published."""

    attrs: dict[str, str]
    recipients: list[dict[str, str]] = field(default_factory=list)
    """The attributes of each ``podcast:valueRecipient``."""
    other: list[str] = field(default_factory=list)
    """Other children (``podcast:valueTimeSplit``), by local name."""


@dataclass
class AltEnclosure:
    """``podcast:alternateEnclosure`` (Podcasting 2.0 docs/tags/alternateEnclosure.md)."""

    attrs: dict[str, str]
    """Its attributes as published (type, length, bitrate, title, lang, codecs, rel, default)."""
    sources: list[str] = field(default_factory=list)
    """Every ``podcast:source uri``, in order."""
    integrity: tuple[str, str] | None = None
    """``podcast:integrity`` (type, value)."""


@dataclass
class Item:
    """One ``<item>``: its position in the feed (1-based) and line in the file."""

    position: int
    line: int | None
    title: str = ""
    guid: str | None = None
    guid_is_permalink: str | None = None
    """The ``isPermaLink`` attribute exactly as written (``None`` when absent)."""
    link: str | None = None
    enclosures: list[Enclosure] = field(default_factory=list)
    pub_date: str | None = None
    description: str | None = None
    content_encoded: str | None = None
    itunes_summary: str | None = None
    subtitle: str | None = None
    duration: str | None = None
    explicit: str | None = None
    episode: str | None = None
    season: str | None = None
    season_name: str | None = None
    episode_type: str | None = None
    image: str | None = None
    transcripts: list[Transcript] = field(default_factory=list)
    chapters_url: str | None = None
    chapters_type: str | None = None
    inline_chapters: list[InlineChapter] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    soundbites: list[tuple[str, str, str]] = field(default_factory=list)
    """(startTime, duration, title)."""
    language: str | None = None
    locations: list[dict[str, str]] = field(default_factory=list)
    """``podcast:location``: its text as ``name`` and its attributes."""
    block: str | None = None
    """``itunes:block`` as published."""
    values: list[ValueBlock] = field(default_factory=list)
    alternates: list[AltEnclosure] = field(default_factory=list)
    images_srcset: str | None = None
    """``podcast:images srcset`` as published."""
    other: list[str] = field(default_factory=list)
    """Names of elements read but not carried (for the report)."""

    @property
    def label(self) -> str:
        """How messages name the item: its title and position."""
        title = self.title or "(untitled)"
        return f"item {self.position} '{title}'"


@dataclass
class Channel:
    """The ``<channel>`` values apart from its items."""

    title: str = ""
    link: str | None = None
    description: str | None = None
    itunes_summary: str | None = None
    subtitle: str | None = None
    language: str | None = None
    copyright: str | None = None
    author: str | None = None
    managing_editor: str | None = None
    owner_name: str | None = None
    owner_email: str | None = None
    categories: list[tuple[str, str | None]] = field(default_factory=list)
    rss_categories: list[str] = field(default_factory=list)
    """RSS 2.0 <category> texts of the channel (used only when there is no itunes:category)."""
    explicit: str | None = None
    type: str | None = None
    image: str | None = None
    rss_image: str | None = None
    podcast_guid: str | None = None
    locked: str | None = None
    locked_owner: str | None = None
    new_feed_url: str | None = None
    self_url: str | None = None
    next_url: str | None = None
    persons: list[Person] = field(default_factory=list)
    funding: list[tuple[str, str]] = field(default_factory=list)
    license: tuple[str, str | None] | None = None
    medium: str | None = None
    keywords: str | None = None
    generator: str | None = None
    locations: list[dict[str, str]] = field(default_factory=list)
    block: str | None = None
    """``itunes:block`` as published."""
    complete: str | None = None
    """``itunes:complete`` as published."""
    values: list[ValueBlock] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


@dataclass
class Feed:
    """A parsed feed (all pages): the channel, the items in feed order, and what broke."""

    channel: Channel
    items: list[Item]
    problems: list[str] = field(default_factory=list)
    """Where the feed was not well-formed and what was recovered (for the report)."""
    pages: list[str] = field(default_factory=list)
