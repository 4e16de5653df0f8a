"""feedgen extensions for what feedgen 1.0 cannot write itself.

* The Podcasting 2.0 namespace (``https://podcastindex.org/namespace/1.0``):
  channel ``guid``, ``locked``, ``medium``, ``person``, ``funding``, ``license``,
  ``image``; item ``transcript``, ``chapters``, ``person``, ``season``,
  ``episode``, ``license``. Rules from ``docs/tags/<tag>.md``.
* Apple's ``itunes:explicit`` as ``true``/``false`` (Apple requirements 823; feedgen
  only writes yes/no/clean, which the W3C validator rejects), the channel
  ``itunes:title`` and ``itunes:keywords`` (missing from feedgen's iTunes extension).

Registered under the key ``podcast2`` because feedgen's iTunes extension owns
``podcast`` (spec notes §7.2); the XML prefix is still ``podcast``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


@dataclass(frozen=True)
class PersonTag:
    """``podcast:person``: name, taxonomy role and group (lower case), optional href/img."""

    name: str
    role: str
    group: str
    href: str | None = None
    img: str | None = None


@dataclass(frozen=True)
class TranscriptTag:
    """``podcast:transcript``: url, MIME type, language and optional rel."""

    url: str
    type: str
    language: str | None = None
    rel: str | None = None


def _persons(parent: Any, persons: list[PersonTag]) -> None:
    for p in persons:
        attrs = {"role": p.role.lower(), "group": p.group.lower()}
        if p.href:
            attrs["href"] = p.href
        if p.img:
            attrs["img"] = p.img
        el = xml_elem(f"{{{PODCAST_NS}}}person", parent, **attrs)
        el.text = p.name


def _license(parent: Any, ident: str, url: str | None) -> None:
    el = xml_elem(f"{{{PODCAST_NS}}}license", parent)
    el.text = ident
    if url:
        el.set("url", url)


@dataclass
class _ChannelData:
    guid: str | None = None
    locked: bool | None = None
    locked_owner: str | None = None
    medium: str | None = None
    persons: list[PersonTag] = field(default_factory=list)
    funding: list[tuple[str, str]] = field(default_factory=list)
    license: tuple[str, str | None] | None = None
    image: tuple[str, str | None] | None = None
    explicit: bool | None = None
    itunes_title: str | None = None
    keywords: list[str] = field(default_factory=list)


class Podcast2Extension(BaseExtension):  # type: ignore[misc]
    """Channel-level ``podcast:`` tags plus Apple's ``itunes:explicit`` true/false."""

    def __init__(self) -> None:
        self.data = _ChannelData()

    def extend_ns(self) -> dict[str, str]:
        """Declare the namespace on ``<rss>`` (entry extensions cannot, spec notes §7.1)."""
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS}

    def extend_rss(self, rss_feed: Any) -> Any:
        """Append the channel tags in a stable order."""
        channel = rss_feed[0]
        d = self.data
        if d.itunes_title:
            xml_elem(f"{{{ITUNES_NS}}}title", channel).text = d.itunes_title
        if d.explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = "true" if d.explicit else "false"
        if d.keywords:
            xml_elem(f"{{{ITUNES_NS}}}keywords", channel).text = ",".join(d.keywords)
        if d.guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = d.guid
        if d.locked is not None:
            attrs: dict[str, str] = {"owner": d.locked_owner} if d.locked_owner else {}
            xml_elem(f"{{{PODCAST_NS}}}locked", channel, **attrs).text = "yes" if d.locked else "no"
        if d.medium:
            xml_elem(f"{{{PODCAST_NS}}}medium", channel).text = d.medium
        if d.image:
            href, alt = d.image
            attrs = {"href": href, "aspect-ratio": "1/1"}
            if alt:
                attrs["alt"] = alt
            xml_elem(f"{{{PODCAST_NS}}}image", channel, **attrs)
        _persons(channel, d.persons)
        for url, label in d.funding:
            xml_elem(f"{{{PODCAST_NS}}}funding", channel, url=url).text = label
        if d.license:
            _license(channel, *d.license)
        return rss_feed

    def extend_atom(self, atom_feed: Any) -> Any:
        """Nothing for Atom: podcasts are RSS."""
        return atom_feed


@dataclass
class _ItemData:
    explicit: bool | None = None
    transcripts: list[TranscriptTag] = field(default_factory=list)
    chapters: tuple[str, str] | None = None
    persons: list[PersonTag] = field(default_factory=list)
    season: int | None = None
    episode: int | None = None
    license: tuple[str, str | None] | None = None
    image: str | None = None


class Podcast2EntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Item-level ``podcast:`` tags plus ``itunes:explicit`` true/false."""

    def __init__(self) -> None:
        self.data = _ItemData()

    def extend_rss(self, entry: Any) -> Any:
        """Append the item tags in a stable order."""
        d = self.data
        if d.explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", entry).text = "true" if d.explicit else "false"
        if d.season is not None:
            xml_elem(f"{{{PODCAST_NS}}}season", entry).text = str(d.season)
        if d.episode is not None:
            xml_elem(f"{{{PODCAST_NS}}}episode", entry).text = str(d.episode)
        for t in d.transcripts:
            attrs = {"url": t.url, "type": t.type}
            if t.language:
                attrs["language"] = t.language
            if t.rel:
                attrs["rel"] = t.rel
            xml_elem(f"{{{PODCAST_NS}}}transcript", entry, **attrs)
        if d.chapters:
            url, mime = d.chapters
            xml_elem(f"{{{PODCAST_NS}}}chapters", entry, url=url, type=mime)
        if d.image:
            xml_elem(f"{{{PODCAST_NS}}}image", entry, href=d.image, **{"aspect-ratio": "1/1"})
        # Item persons replace the channel's list (docs/tags/person.md): the caller
        # passes the hosts again together with the episode's own people.
        _persons(entry, d.persons)
        if d.license:
            _license(entry, *d.license)
        return entry
