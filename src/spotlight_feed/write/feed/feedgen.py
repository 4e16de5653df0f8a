"""Feed stage: the project and its release outputs -> ``feed.xml``.

RSS 2.0 with Apple's ``itunes:`` tags (feedgen's podcast extension) and the
Podcasting 2.0 namespace (:mod:`.feedext`). :mod:`.feeddata` decides every value;
this module writes them with feedgen. Deterministic: dates come from the inputs
(``lastBuildDate``: :func:`...plan.schedule.last_build_date`), items are
added in our order with ``order='append'`` (feedgen prepends by default), and
feedgen's clock-based defaults are overridden.

Memory stays flat however long the catalogue: feedgen keeps an object per entry
and then a whole element tree, so :func:`write_feed` hands it :data:`BATCH`
items at a time and streams each batch's ``<item>`` elements to the output. Every
batch is rendered as a complete feed (the same channel, then its items) and the
items are cut out between the channel's head and its closing tags, which a render
without items yields; the result is byte for byte what one feedgen render of all
items gives (``tests/test_feed_stream.py`` checks batches of 1, 2, 3, 7 and 200).

With an :class:`.item_cache.ItemCache` (the build passes one), each item's bytes are
taken from the last build's when its key is unchanged, and only the other items go
through feedgen (:func:`cached_items`): a batch of them is rendered and cut at the item
starts (``    <item>`` lines), or, should that not give one piece per item, each is
rendered alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from itertools import islice
from typing import BinaryIO

from feedgen.feed import FeedGenerator

from ...errors import BuildError
from ...model import Project
from ...plan.outputs import EpisodeOutputs
from ...plan.plan import ReleasePlan
from .item_cache import ItemCache, rss_start
from .podcast_ns import Podcast2EntryExtension, Podcast2Extension
from .values import (
    GENERATOR,
    RSS_DOCS,
    ChannelData,
    ItemData,
    ItemSource,
    channel_data,
    feed_items,
    feed_sources,
)

__all__ = [
    "BATCH",
    "GENERATOR",
    "cached_items",
    "render_feed",
    "write_feed",
    "write_project_feed",
]

BATCH = 200
"""Items per feedgen render: large enough that the channel's re-render costs
nothing, small enough that a batch's objects and tree take a few MB."""

_TAIL = b"  </channel>\n</rss>\n"
_ITEM = re.compile(rb"(?m)^    <item>$")


def write_project_feed(
    project: Project,
    outputs: Mapping[str, EpisodeOutputs],
    out: BinaryIO,
    *,
    plan: ReleasePlan,
    cover_url: str,
    site_url: str | None = None,
    source_date_epoch: int | None = None,
    as_of: datetime | None = None,
    cache: ItemCache | None = None,
) -> None:
    """Write ``feed.xml`` for *project* to *out*, item by item, from the build's *plan*.

    *cache* gives unchanged items' bytes from the last build (:mod:`.item_cache`).
    """
    channel = channel_data(
        project,
        cover_url=cover_url,
        site_url=site_url,
        source_date_epoch=source_date_epoch,
        outputs=outputs,
        as_of=as_of,
        plan=plan,
    )
    if cache is None:
        write_feed(channel, feed_items(project, outputs, plan), out)
    else:
        write_feed(channel, feed_sources(project, outputs, plan), out, cache=cache)


def render_feed(channel: ChannelData, items: Iterable[ItemData]) -> bytes:
    """One feedgen render of *channel* with all *items* (UTF-8, pretty-printed)."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcast2", Podcast2Extension, Podcast2EntryExtension)
    _channel(fg, channel)
    for item in items:
        _item(fg, item)
    xml: bytes = fg.rss_str(pretty=True, xml_declaration=True, encoding="UTF-8")
    return xml


def write_feed(
    channel: ChannelData,
    items: Iterable[ItemData | ItemSource],
    out: BinaryIO,
    *,
    batch: int = BATCH,
    cache: ItemCache | None = None,
) -> None:
    """Write the feed to *out*, rendering *batch* items at a time (see the module docstring).

    With a *cache*, unchanged items come from it (:func:`cached_items`).
    """
    head = feed_head(channel)
    out.write(head)
    if cache is not None:
        for piece in cached_items(channel, head, items, cache, batch=batch):
            out.write(piece)
    else:
        it = (i.data() if isinstance(i, ItemSource) else i for i in items)
        while chunk := list(islice(it, batch)):
            out.write(_body(channel, head, chunk))
    out.write(_TAIL)


def feed_head(channel: ChannelData) -> bytes:
    """The feed up to its first item: the channel rendered without items, less its tail."""
    empty = render_feed(channel, ())
    if not empty.endswith(_TAIL):
        raise _unexpected("does not end a feed with '</channel></rss>'")
    return empty[: -len(_TAIL)]


def _body(channel: ChannelData, head: bytes, items: list[ItemData]) -> memoryview:
    """The ``<item>`` elements of *items*, cut out of one render between *head* and the tail."""
    doc = render_feed(channel, items)
    if not (doc.startswith(head) and doc.endswith(_TAIL)):
        raise _unexpected("writes the channel differently when it has items")
    return memoryview(doc)[len(head) : len(doc) - len(_TAIL)]


def each_item(channel: ChannelData, head: bytes, items: list[ItemData]) -> list[bytes]:
    """Each item's ``<item>`` element, from one render of all *items*.

    The render is cut at the item starts (``    <item>`` lines: text and attribute values
    never hold one, since ``<`` is escaped in both, and the CDATA of the notes is our
    own HTML). Only a cut into exactly one piece per item is used (every item starts
    such a line, so no more pieces means no stray ones); otherwise each item is
    rendered alone.
    """
    if not items:
        return []
    body = bytes(_body(channel, head, items))
    starts = [m.start() for m in _ITEM.finditer(body)]
    if len(starts) == len(items) and (not starts or starts[0] == 0):
        ends = [*starts[1:], len(body)]
        return [body[a:b] for a, b in zip(starts, ends, strict=True)]
    return [bytes(_body(channel, head, [item])) for item in items]


def cached_items(
    channel: ChannelData,
    head: bytes,
    items: Iterable[ItemData | ItemSource],
    cache: ItemCache,
    *,
    batch: int = BATCH,
) -> Iterator[bytes]:
    """Each item's bytes: from *cache* when its key is unchanged, else rendered.

    An :class:`.values.ItemSource` whose inputs key the cache has is not even decided
    (:meth:`.values.ItemSource.data`); any other is, and is looked up by its values.
    Items are taken *batch* at a time (memory stays flat); the items of a batch the
    cache does not have are rendered together (:func:`each_item`). Every item goes into
    this build's cache file, which is sealed once the last item was yielded and dropped
    if the writer stops before (:mod:`.item_cache`).
    """
    cache.start(rss_start(head))
    try:
        it = iter(items)
        while chunk := list(islice(it, batch)):
            looked = [_look_up(item, cache) for item in chunk]
            misses = [d for _, _, d, f in looked if f is None and d is not None]
            fresh = iter(each_item(channel, head, misses))
            for ikey, key, _, kept in looked:
                piece = kept if kept is not None else next(fresh)
                cache.keep(ikey, key, piece)
                yield piece
    except BaseException:
        cache.abandon()
        raise
    cache.commit()


def _look_up(
    item: ItemData | ItemSource, cache: ItemCache
) -> tuple[bytes | None, bytes | None, ItemData | None, bytes | None]:
    """*item*'s inputs key, key, values and kept bytes (no bytes: render the values).

    The values of a hit by inputs are not decided (``None``).
    """
    ikey = None
    if isinstance(item, ItemSource):
        ikey = cache.inputs_key(item)
        hit = cache.by_inputs(ikey)
        if hit is not None:
            return ikey, hit[0], None, hit[1]
        item = item.data()
    key = cache.key(item)
    return ikey, key, item, cache.get(key)


def _unexpected(what: str) -> BuildError:
    """The batching rests on how feedgen lays out a feed; say so if a release changes it."""
    from importlib.metadata import version

    return BuildError(
        f"feedgen {version('feedgen')} {what}; spotlight-feed cannot write the feed in "
        "batches with it (please report this, with the feedgen version)"
    )


def _channel(fg: FeedGenerator, c: ChannelData) -> None:
    # The self link must come before the alternate one: feedgen's <link> is the
    # last link() call whatever its rel (spec notes §7.4).
    fg.link(href=c.feed_url, rel="self", type="application/rss+xml")
    fg.link(href=c.link, rel="alternate")
    fg.title(c.title)
    fg.description(c.description)
    fg.language(c.language)
    if c.copyright:
        fg.copyright(c.copyright)
    fg.generator(GENERATOR)
    fg.docs(RSS_DOCS)
    fg.lastBuildDate(c.last_build)
    if c.pub_date is not None:
        fg.pubDate(c.pub_date)
    fg.image(url=c.cover_url, title=c.title, link=c.link)

    it = fg.podcast
    it.itunes_author(c.author)
    if c.owner_public:  # owner.public: false hides the e-mail (check explains the cost)
        it.itunes_owner(name=c.owner_name, email=c.owner_email)
    cat = {"cat": c.category}
    if c.subcategory:
        cat["sub"] = c.subcategory
    it.itunes_category([cat])
    it.itunes_image(c.cover_url)
    it.itunes_type(c.type)
    fg.podcast2.data = c


def _item(fg: FeedGenerator, d: ItemData) -> None:
    fe = fg.add_entry(order="append")
    fe.title(d.title)
    fe.link(href=d.link)
    fe.description(d.summary)
    fe.content(d.content_html, type="CDATA")
    fe.guid(d.guid, permalink=d.guid_is_permalink)
    fe.enclosure(d.enclosure_url, str(d.enclosure_length), d.enclosure_type)
    fe.pubDate(d.published)

    pe = fe.podcast
    pe.itunes_title(d.title)
    pe.itunes_duration(d.duration_s)
    pe.itunes_episode_type(d.episode_type)
    if d.number is not None:
        pe.itunes_episode(d.number)
    if d.season is not None:
        pe.itunes_season(d.season)
    if d.image_url:
        pe.itunes_image(d.image_url)
    fe.podcast2.data = d
