"""RFC 5005 paged feeds for big catalogues, and the complete archive feed.

Feeds grow about 4.7 KB per episode and readers fail between 1 and 10 MB
(docs/sources.md §10.1, §10.2). With ``paging:`` in podcast.yaml the
episodes (newest first) are cut into pages of ``page_size`` items, or of as many
items as fit in ``max_bytes``: ``feed.xml`` is page 1, then ``feed-page-2.xml``, ...
Every page carries RFC 5005 §3 links (https://www.rfc-editor.org/rfc/rfc5005#section-3,
the namespace's ``docs/other-recommendations.md`` advice): ``first`` and ``last``
always, ``next`` (older) and ``previous`` (newer; RFC 5005's name, the one the W3C
validator registers, not ``prev``) where they exist, and ``self`` is the
page's own URL. ``archive: true`` adds ``feed-archive.xml`` with every episode and
``fh:complete`` (RFC 5005 §2). A reader that follows ``next`` from ``feed.xml`` gets
every episode exactly once.

The default is no paging: Apple Podcasts lists only what is in the feed it reads and
drops episodes that leave it, so paging is a deliberate choice (README "Paging").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from itertools import islice
from typing import BinaryIO

from ...config.apps import Paging
from ...model import Project
from ...plan.outputs import EpisodeOutputs
from ...plan.plan import ReleasePlan
from .feedgen import BATCH, cached_items, each_item, feed_head, render_feed
from .item_cache import ItemCache
from .values import ChannelData, ItemData, ItemSource, channel_data, feed_items, feed_sources

FIRST = "feed.xml"
ARCHIVE = "feed-archive.xml"
_TAIL = b"  </channel>\n</rss>\n"


def page_name(n: int) -> str:
    """File name of page *n* (1-based): ``feed.xml``, ``feed-page-2.xml``, ..."""
    return FIRST if n == 1 else f"feed-page-{n}.xml"


def item_bytes(
    channel: ChannelData, items: Iterable[ItemData | ItemSource], cache: ItemCache | None = None
) -> Iterator[bytes]:
    """Each item's ``<item>`` element as the feed writer lays it out, one at a time.

    Rendered :data:`~.feedgen.BATCH` at a time like :func:`.feedgen.write_feed` and cut
    at the item starts (:func:`.feedgen.each_item`); with a *cache*, unchanged items
    come from the last build (:func:`.feedgen.cached_items`).
    """
    head = feed_head(channel)
    if cache is not None:
        yield from cached_items(channel, head, items, cache)
        return
    it = (i.data() if isinstance(i, ItemSource) else i for i in items)
    while chunk := list(islice(it, BATCH)):
        yield from each_item(channel, head, chunk)


def split(sizes: list[int], paging: Paging, overhead: int) -> list[range]:
    """Item index ranges of the pages: ``page_size`` items, or what fits ``max_bytes``.

    *overhead* is a page's size without items. A page holds at least one item even
    when that item alone is over the budget.
    """
    if not sizes:
        return [range(0, 0)]
    if paging.page_size is not None:
        n = paging.page_size
        return [range(i, min(i + n, len(sizes))) for i in range(0, len(sizes), n)]
    budget = paging.max_bytes or 0
    pages: list[range] = []
    start, used = 0, overhead
    for i, size in enumerate(sizes):
        if i > start and used + size > budget:
            pages.append(range(start, i))
            start, used = i, overhead
        used += size
    pages.append(range(start, len(sizes)))
    return pages


def links(n: int, count: int, base_url: str) -> tuple[tuple[str, str], ...]:
    """RFC 5005 §3 links of page *n* of *count*: first, last, then previous/next if any."""
    out = [("first", base_url + page_name(1)), ("last", base_url + page_name(count))]
    if n > 1:
        out.append(("previous", base_url + page_name(n - 1)))
    if n < count:
        out.append(("next", base_url + page_name(n + 1)))
    return tuple(out)


def write_paged(
    channel: ChannelData,
    items: Iterable[ItemData | ItemSource],
    paging: Paging,
    base_url: str,
    open_out: Callable[[str], BinaryIO],
    cache: ItemCache | None = None,
) -> list[str]:
    """Write the pages (and the archive) through *open_out(name)*; return the names.

    Each item is rendered once (or taken from *cache*, :func:`item_bytes`); its bytes
    are kept until the pages are written (about 4.7 KB an item: 47 MB for 10,000
    episodes).
    """
    rendered = list(item_bytes(channel, items, cache))
    probe = _page_channel(channel, 2, 3, base_url)  # the most links a page has
    overhead = len(render_feed(probe, ())) + 64  # + longer page numbers
    pages = split([len(b) for b in rendered], paging, overhead)
    names = []
    for n, span in enumerate(pages, 1):
        name = page_name(n)
        page = _page_channel(channel, n, len(pages), base_url)
        _write(page, rendered[span.start : span.stop], open_out(name))
        names.append(name)
    if paging.archive:
        archive = replace(
            channel,
            feed_url=base_url + ARCHIVE,
            apps=replace(channel.apps, archive_complete=True),
        )
        _write(archive, rendered, open_out(ARCHIVE))
        names.append(ARCHIVE)
    return names


def _page_channel(channel: ChannelData, n: int, count: int, base_url: str) -> ChannelData:
    return replace(
        channel,
        feed_url=base_url + page_name(n),
        apps=replace(channel.apps, links=links(n, count, base_url)),
    )


def _write(channel: ChannelData, items: list[bytes], out: BinaryIO) -> None:
    with out:
        out.write(render_feed(channel, ())[: -len(_TAIL)])
        for b in items:
            out.write(b)
        out.write(_TAIL)


def write_project_paged(
    project: Project,
    outputs: Mapping[str, EpisodeOutputs],
    open_out: Callable[[str], BinaryIO],
    *,
    plan: ReleasePlan,
    cover_url: str,
    source_date_epoch: int | None = None,
    as_of: datetime | None = None,
    cache: ItemCache | None = None,
) -> list[str]:
    """:func:`write_paged` for *project*, paged as its ``paging:`` says (which it must set).

    *cache* gives unchanged items' bytes from the last build (:mod:`.item_cache`).
    """
    paging = project.show.paging
    assert paging is not None, "write_project_paged needs a show with paging"
    channel = channel_data(
        project,
        cover_url=cover_url,
        site_url=None,
        source_date_epoch=source_date_epoch,
        outputs=outputs,
        as_of=as_of,
        plan=plan,
    )
    items = (
        feed_items(project, outputs, plan)
        if cache is None
        else feed_sources(project, outputs, plan)
    )
    return write_paged(channel, items, paging, plan.layout.base_url, open_out, cache)
