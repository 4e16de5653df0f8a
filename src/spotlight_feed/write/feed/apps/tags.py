"""Write the #14 values (:mod:`.values`) into the feed's ``<channel>`` and ``<item>``.

Called by the feedgen extensions (:mod:`..feedext`) after their own tags; the
values are ready-made, so this module only builds elements, in a stable order.
Attribute names and node values as the tag pages give them
(``docs/tags/<tag>.md``; docs/sources.md §1.1); ``psc:chapters`` as Podlove Simple
Chapters 1.2; ``itunes:block``/``itunes:complete`` take ``Yes`` (Apple's RSS guide).
"""

from __future__ import annotations

from email.utils import format_datetime
from typing import Any

from lxml.etree import SubElement

from ....config.apps import Location, RemoteItem, SocialInteract, Txt, Value
from .chapters import PSC_NS, PSC_VERSION
from .values import ChannelApps, ItemApps

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM_NS = "http://www.w3.org/2005/Atom"
FH_NS = "http://purl.org/syndication/history/1.0"
"""RFC 5005 §2: ``fh:complete`` marks a complete feed."""

NAMESPACES = {"psc": PSC_NS, "fh": FH_NS}
"""Declared on ``<rss>`` (with ``podcast``, ``itunes``) by :mod:`..feedext`."""

_P = f"{{{PODCAST_NS}}}"
_I = f"{{{ITUNES_NS}}}"


def _el(parent: Any, tag: str, text: str | None = None, **attrs: str | None) -> Any:
    el = SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _txt(parent: Any, records: tuple[Txt, ...]) -> None:
    for t in records:
        _el(parent, _P + "txt", t.value, purpose=t.purpose)


def _values(parent: Any, blocks: tuple[Value, ...]) -> None:
    """``podcast:value`` and its ``podcast:valueRecipient`` children.

    Attribute names as ``docs/tags/value.md`` and ``value-recipient.md`` spell them.
    """
    for v in blocks:
        el = _el(parent, _P + "value", type=v.type, method=v.method, suggested=v.suggested)
        for r in v.recipients:
            _el(
                el,
                _P + "valueRecipient",
                name=r.name,
                customKey=r.custom_key,
                customValue=r.custom_value,
                type=r.type,
                address=r.address,
                split=str(r.split),
                fee="true" if r.fee else None,
            )


def _locations(parent: Any, places: tuple[Location, ...]) -> None:
    for loc in places:
        _el(
            parent,
            _P + "location",
            loc.name,
            rel=loc.rel,
            geo=loc.geo,
            osm=loc.osm,
            country=loc.country,
        )


def _social(parent: Any, posts: tuple[SocialInteract, ...]) -> None:
    for s in posts:
        _el(
            parent,
            _P + "socialInteract",
            protocol=s.protocol,
            uri=s.uri,
            accountId=s.account_id,
            accountUrl=s.account_url,
            priority=str(s.priority) if s.priority is not None else None,
        )


def _remote(parent: Any, r: RemoteItem, medium: str | None = None) -> None:
    _el(
        parent,
        _P + "remoteItem",
        feedGuid=r.feed_guid,
        feedUrl=r.feed_url,
        title=r.title,
        medium=medium or r.medium,
    )


def write_channel(channel: Any, d: ChannelApps) -> None:
    """Append the channel's #14 tags (nothing for the defaults)."""
    if d.new_feed_url:
        _el(channel, _I + "new-feed-url", d.new_feed_url)
    if d.itunes_block:
        _el(channel, _I + "block", "Yes")
    if d.complete:
        _el(channel, _I + "complete", "Yes")
    for rel, href in d.links:
        _el(channel, f"{{{ATOM_NS}}}link", rel=rel, href=href, type="application/rss+xml")
    if d.archive_complete:
        _el(channel, f"{{{FH_NS}}}complete")
    _txt(channel, d.txt)
    _values(channel, d.values)
    for t in d.trailers:
        _el(
            channel,
            _P + "trailer",
            t.title,
            pubdate=format_datetime(t.pubdate),
            url=t.url,
            length=str(t.length),
            type=t.type,
            season=str(t.season) if t.season is not None else None,
        )
    if d.update_frequency is not None:
        label, attrs = d.update_frequency
        _el(channel, _P + "updateFrequency", label, **attrs)
    if d.podroll:
        roll = _el(channel, _P + "podroll")
        for r in d.podroll:
            _remote(roll, r)
    if d.publisher is not None:
        pub = _el(channel, _P + "publisher")
        _remote(pub, d.publisher, "publisher")
    _locations(channel, d.locations)
    _social(channel, d.social)
    for service, blocked in d.blocks:
        _el(channel, _P + "block", "yes" if blocked else "no", id=service)


def write_item(entry: Any, d: ItemApps) -> None:
    """Append the item's #14 tags (nothing for the defaults)."""
    if d.itunes_block:
        _el(entry, _I + "block", "Yes")
    for s in d.soundbites:
        _el(entry, _P + "soundbite", s.title, startTime=s.start, duration=s.duration)
    _locations(entry, d.locations)
    _social(entry, d.social)
    _txt(entry, d.txt)
    _values(entry, d.values)
    for a in d.alternates:
        alt = _el(
            entry,
            _P + "alternateEnclosure",
            type=a.type,
            length=str(a.length),
            bitrate=a.bitrate,
            title=a.title,
            lang=a.lang,
            codecs=a.codecs,
            rel=a.rel,
            default="true" if a.default else None,
        )
        _el(alt, _P + "source", uri=a.url)
        _el(alt, _P + "integrity", type="sri", value=a.integrity)
    if d.psc:
        chapters = _el(entry, f"{{{PSC_NS}}}chapters", version=PSC_VERSION)
        for c in d.psc:
            _el(
                chapters,
                f"{{{PSC_NS}}}chapter",
                start=c.start,
                title=c.title,
                href=c.href,
                image=c.image,
            )


def season_attrs(d: ItemApps) -> dict[str, str]:
    """Attributes of the item's ``podcast:season`` (``name``)."""
    return {"name": d.season_name} if d.season_name else {}


def episode_attrs(d: ItemApps) -> dict[str, str]:
    """Attributes of the item's ``podcast:episode`` (``display``)."""
    return {"display": d.episode_display} if d.episode_display else {}
