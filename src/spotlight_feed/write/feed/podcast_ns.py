"""feedgen extensions for what feedgen 1.0 cannot write itself.

* The Podcasting 2.0 namespace (``https://podcastindex.org/namespace/1.0``):
  channel ``guid``, ``locked``, ``medium``, ``person``, ``funding``, ``license``,
  ``image``; item ``transcript``, ``chapters``, ``person``, ``season``,
  ``episode``, ``image``. Rules from ``docs/tags/<tag>.md``.
* Apple's ``itunes:explicit`` as ``true``/``false`` (Apple requirements 823; feedgen
  only writes yes/no/clean, which the W3C validator rejects), the channel
  ``itunes:title`` (only an Apple-specific title) and ``itunes:keywords`` (missing
  from feedgen's iTunes extension).

Registered under the key ``podcast2`` because feedgen's iTunes extension owns
``podcast`` (spec notes §7.2); the XML prefix is still ``podcast``. The values come
ready-made from :mod:`.feeddata`; these classes only write them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml.etree import SubElement

from .apps import tags as app_tags
from .values import CHAPTERS_MIME as CHAPTERS
from .values import ChannelData, ItemData, PersonTag

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"

_P = f"{{{PODCAST_NS}}}"
_I = f"{{{ITUNES_NS}}}"


def _text(parent: Any, tag: str, text: str, attrib: dict[str, str] | None = None) -> None:
    SubElement(parent, tag, attrib).text = text


def _persons(parent: Any, persons: Iterable[PersonTag]) -> None:
    for p in persons:
        attrs = {"role": p.role.lower(), "group": p.group.lower()}
        if p.href:
            attrs["href"] = p.href
        if p.img:
            attrs["img"] = p.img
        _text(parent, _P + "person", p.name, attrs)


def _license(parent: Any, ident: str, url: str | None) -> None:
    _text(parent, _P + "license", ident, {"url": url} if url else None)


class Podcast2Extension:
    """Channel-level ``podcast:`` tags plus Apple's ``itunes:explicit`` true/false.

    Duck-typed to feedgen's ``BaseExtension`` (``extend_ns``/``extend_rss``/``extend_atom``).
    """

    def __init__(self) -> None:
        self.data: ChannelData | None = None

    def extend_ns(self) -> dict[str, str]:
        """Declare the namespace on ``<rss>`` (entry extensions cannot, spec notes §7.1)."""
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS, **app_tags.NAMESPACES}

    def extend_rss(self, rss_feed: Any) -> Any:
        """Append the channel tags in a stable order."""
        d = self.data
        if d is None:
            return rss_feed
        channel = rss_feed[0]
        if d.apple_title:  # W3C's validator rejects a channel itunes:title (Apple: situational)
            _text(channel, _I + "title", d.apple_title)
        _text(channel, _I + "explicit", "true" if d.explicit else "false")
        if d.keywords:
            _text(channel, _I + "keywords", ",".join(d.keywords))
        _text(channel, _P + "guid", d.guid)
        _text(
            channel,
            _P + "locked",
            "yes" if d.locked else "no",
            {"owner": d.locked_owner} if d.locked_owner else None,
        )
        if d.medium:
            _text(channel, _P + "medium", d.medium)
        attrs = {"href": d.cover_url, "aspect-ratio": "1/1"}
        if d.image_alt:
            attrs["alt"] = d.image_alt
        SubElement(channel, _P + "image", attrs)
        _persons(channel, d.persons)
        for url, label in d.funding:
            _text(channel, _P + "funding", label, {"url": url})
        if d.license:
            _license(channel, *d.license)
        app_tags.write_channel(channel, d.apps)
        for hub in d.hubs:  # WebSub discovery, https://www.w3.org/TR/websub/#discovery
            SubElement(channel, "{http://www.w3.org/2005/Atom}link", {"href": hub, "rel": "hub"})
        if d.podping:  # docs/tags/podping.md of the podcast namespace
            SubElement(channel, _P + "podping", {"usesPodping": "true"})
        return rss_feed

    def extend_atom(self, atom_feed: Any) -> Any:
        """Nothing for Atom: podcasts are RSS."""
        return atom_feed


class Podcast2EntryExtension:
    """Item-level ``podcast:`` tags plus ``itunes:explicit`` true/false."""

    def __init__(self) -> None:
        self.data: ItemData | None = None

    def extend_rss(self, entry: Any) -> Any:
        """Append the item tags in a stable order."""
        d = self.data
        if d is None:
            return entry
        _text(entry, _I + "explicit", "true" if d.explicit else "false")
        if d.season is not None:
            _text(entry, _P + "season", str(d.season), app_tags.season_attrs(d.apps))
        if d.number is not None:
            _text(entry, _P + "episode", str(d.number), app_tags.episode_attrs(d.apps))
        for t in d.transcripts:
            attrs = {"url": t.url, "type": t.type}
            if t.language:
                attrs["language"] = t.language
            if t.rel:
                attrs["rel"] = t.rel
            SubElement(entry, _P + "transcript", attrs)
        if d.chapters_url:
            SubElement(entry, _P + "chapters", {"url": d.chapters_url, "type": CHAPTERS})
        if d.image_url:
            SubElement(entry, _P + "image", {"href": d.image_url, "aspect-ratio": "1/1"})
        # Item persons replace the channel's list (docs/tags/person.md): feeddata
        # restates the hosts together with the episode's own people.
        _persons(entry, d.persons)
        app_tags.write_item(entry, d.apps)
        return entry

    def extend_atom(self, entry: Any) -> Any:
        """Nothing for Atom: podcasts are RSS."""
        return entry
