"""RFC 5005 paging (write/feed/paging.py): pages chain, and a reader following ``next``
gets every episode exactly once - checked at 10,000 items at the feed-writer level.

A full 10,000-episode *build* takes about ten minutes on this machine (audio,
transcripts, pages), so it is a benchmark (benchmarks/bench_paging.py,
docs/benchmarks.md); here the writer gets the 10,000 items directly.
"""

from __future__ import annotations

import io
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree
from test_feed_stream import CHANNEL, items

from spotlight_feed.config.apps import Paging
from spotlight_feed.write.feed.feedgen import write_feed
from spotlight_feed.write.feed.paging import ARCHIVE, links, page_name, split, write_paged

BASE = "https://cdn.example/pod/"
N = 10_000
ATOM = "{http://www.w3.org/2005/Atom}"


class _Files(dict[str, bytes]):
    """Page files written into memory by name."""

    def open(self, name: str) -> io.BytesIO:
        files = self

        class _Out(io.BytesIO):
            def close(self) -> None:
                files[name] = self.getvalue()
                super().close()

        return _Out()


def _pages(paging: Paging, n: int = N) -> _Files:
    files = _Files()
    names = write_paged(CHANNEL, items(n), paging, BASE, files.open)
    assert names == list(files)
    return files


def _follow_next(files: _Files) -> tuple[list[str], list[str]]:
    """podcastparser from feed.xml along paged_feed_next: (guids in order, pages visited)."""
    guids: list[str] = []
    visited: list[str] = []
    url: str | None = BASE + "feed.xml"
    while url is not None:
        name = url.removeprefix(BASE)
        assert name not in visited, f"next loops back to {name}"
        visited.append(name)
        parsed = podcastparser.parse(url, io.BytesIO(files[name]))
        guids += [e["guid"] for e in parsed["episodes"]]
        url = parsed.get("paged_feed_next")
    return guids, visited


@pytest.fixture(scope="module")
def by_size() -> _Files:
    return _pages(Paging(page_size=250, archive=True))


def test_10000_items_by_page_size_chain_and_give_each_episode_once(by_size: _Files) -> None:
    guids, visited = _follow_next(by_size)
    assert visited == [page_name(n) for n in range(1, 41)]
    # podcastparser orders a page's episodes newest first; the pages go newest to oldest
    assert sorted(guids) == [f"guid-{i:05d}" for i in range(N)]
    assert len(set(guids)) == N
    # every page says where it is and where the others are (RFC 5005 §3)
    for n, name in enumerate(visited, 1):
        channel = etree.fromstring(by_size[name]).find("channel")
        assert channel is not None
        got = [(a.get("rel"), a.get("href")) for a in channel.findall(ATOM + "link")]
        assert got == [("self", BASE + name), *links(n, 40, BASE)]
        assert len(channel.findall("item")) == 250


def test_the_archive_holds_every_item_and_says_it_is_complete(by_size: _Files) -> None:
    parsed = feedparser.parse(by_size[ARCHIVE])
    assert not parsed.bozo
    assert len(parsed.entries) == N
    root = etree.fromstring(by_size[ARCHIVE])
    assert root.find("channel/{http://purl.org/syndication/history/1.0}complete") is not None
    unpaged = io.BytesIO()
    write_feed(CHANNEL, items(N), unpaged)
    # the same items, byte for byte, as the unpaged feed
    assert by_size[ARCHIVE].split(b"<item>", 1)[1] == unpaged.getvalue().split(b"<item>", 1)[1]


def test_10000_items_by_byte_budget_stay_under_it() -> None:
    budget = 1_000_000  # FeedBurner's and thane's limit
    files = _pages(Paging(max_bytes=budget, archive=False))
    assert ARCHIVE not in files
    assert all(len(b) <= budget for b in files.values())
    guids, visited = _follow_next(files)
    assert len(visited) == len(files) > 1
    assert sorted(guids) == [f"guid-{i:05d}" for i in range(N)]


def test_split_rules() -> None:
    assert split([], Paging(page_size=3), 0) == [range(0, 0)]
    assert split([1] * 7, Paging(page_size=3), 0) == [range(0, 3), range(3, 6), range(6, 7)]
    # a page holds at least one item, even one over the budget
    assert split([20_000, 10, 10], Paging(max_bytes=10_000), 100) == [range(0, 1), range(1, 3)]
    assert links(1, 1, BASE) == (("first", BASE + "feed.xml"), ("last", BASE + "feed.xml"))
    assert links(2, 3, BASE) == (
        ("first", BASE + "feed.xml"),
        ("last", BASE + "feed-page-3.xml"),
        ("previous", BASE + "feed.xml"),
        ("next", BASE + "feed-page-3.xml"),
    )


def test_paged_golden_feed_reads_back_in_every_parser() -> None:
    from conftest import REPO

    dist = REPO / "tests" / "golden" / "full" / "dist"
    first = podcastparser.parse(BASE, io.BytesIO((dist / "feed.xml").read_bytes()))
    assert first["paged_feed_next"] == "https://cdn.full.example/pod/feed-page-2.xml"
    page2 = feedparser.parse((dist / "feed-page-2.xml").read_bytes())
    rels = {link["rel"]: link["href"] for link in page2.feed.links}
    assert rels["previous"] == "https://cdn.full.example/pod/feed.xml"
    assert rels["first"] == "https://cdn.full.example/pod/feed.xml"
    assert rels["self"] == "https://cdn.full.example/pod/feed-page-2.xml"
    assert "next" not in rels
    assert [e.id for e in page2.entries] == ["full-0002"]
    archive = feedparser.parse(Path(dist / ARCHIVE).read_bytes())
    assert [e.id for e in archive.entries] == ["full-0001", "full-0002"]
