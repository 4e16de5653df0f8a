"""The feed is written in batches: same bytes as one render, memory flat in the item count."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import BytesIO

import feedparser
import pytest
from lxml import etree

from spotlight_feed.write.feed.feedgen import render_feed, write_feed
from spotlight_feed.write.feed.values import ChannelData, ItemData, PersonTag, TranscriptTag

CHANNEL = ChannelData(
    feed_url="https://cdn.example/pod/feed.xml",
    link="https://example.org/",
    title="Batch Show",
    description="A show & its <many> episodes.",
    language="en",
    copyright="© 2024 Example",
    last_build=datetime(2024, 5, 1, tzinfo=UTC),
    pub_date=datetime(2024, 5, 1, tzinfo=UTC),
    cover_url="https://cdn.example/pod/cover.png",
    author="Example Network",
    owner_name="Owner",
    owner_email="owner@example.org",
    category="Education",
    subcategory="Language Learning",
    type="episodic",
    explicit=False,
    keywords=("english", "learning"),
    guid="6d5b7a0e-0c1f-5c4b-9a51-3c2b1d0e9f87",
    locked=True,
    locked_owner="owner@example.org",
    medium="podcast",
    image_alt="Cover",
    persons=(PersonTag("Hana Host", "host", "cast"),),
    funding=(("https://example.org/support", "Support us"),),
    license=("CC-BY-4.0", None),
)


def items(n: int) -> Iterator[ItemData]:
    """*n* items that differ in every optional field, made one at a time."""
    for i in range(n):
        url = f"https://cdn.example/pod/episodes/ep{i}/"
        yield ItemData(
            title=f"Episode {i}: “quotes” & <angles>",
            link=url,
            summary=f"Summary {i} " + "words " * 40,
            content_html=f"<p>Notes {i}</p><ul><li>one</li></ul>" + "<p>more</p>" * 10,
            guid=f"guid-{i:05d}",
            enclosure_url=url + "audio.mp3",
            enclosure_length=1000 + i,
            enclosure_type="audio/mpeg",
            published=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=i),
            duration_s=60 + i,
            episode_type="full" if i % 5 else "bonus",
            number=i + 1 if i % 3 else None,
            season=2 if i % 2 else None,
            image_url=url + "art.jpg" if i % 4 == 0 else None,
            explicit=i % 7 == 0,
            transcripts=(
                TranscriptTag(url + "t.vtt", "text/vtt", "en", "captions"),
                TranscriptTag(url + "t.txt", "text/plain", "en"),
            ),
            chapters_url=url + "chapters.json" if i % 2 == 0 else None,
            persons=(
                PersonTag("Hana Host", "host", "cast"),
                PersonTag(f"Guest {i}", "guest", "cast"),
            ),
        )


def _write(n: int, batch: int) -> bytes:
    out = BytesIO()
    write_feed(CHANNEL, items(n), out, batch=batch)
    return out.getvalue()


@pytest.mark.parametrize("batch", [1, 2, 3, 7, 200])
def test_batched_write_is_byte_identical_to_one_render(batch: int) -> None:
    whole = render_feed(CHANNEL, list(items(7)))
    assert _write(7, batch) == whole


def test_feed_without_items_is_the_channel_alone() -> None:
    xml = _write(0, 200)
    assert xml == render_feed(CHANNEL, [])
    assert etree.fromstring(xml).find("channel/item") is None


def test_batched_feed_reads_back_in_order() -> None:
    parsed = feedparser.parse(_write(23, 5))
    assert not parsed.bozo, parsed.bozo_exception
    assert [e.id for e in parsed.entries] == [f"guid-{i:05d}" for i in range(23)]


def _python_peak(n: int) -> int:
    """Peak Python allocations while writing *n* items to a sink that keeps nothing."""

    class Sink:
        def write(self, data: bytes | memoryview) -> int:
            return len(data)

    tracemalloc.start()
    try:
        write_feed(CHANNEL, items(n), Sink(), batch=50)  # type: ignore[arg-type]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_items() -> None:
    """Eight times the items, about the same peak: only one batch is ever held.

    One feedgen render of every item keeps an entry object per item (several KB
    each); the batched writer's peak is one batch's worth whatever the total.
    """
    small, large = _python_peak(100), _python_peak(800)
    assert large < small * 1.5, (small, large)


def test_a_feedgen_that_lays_out_feeds_differently_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Batching relies on feedgen's layout; another layout must not give a broken feed."""
    from spotlight_feed.errors import BuildError
    from spotlight_feed.write.feed import feedgen as feed_module

    real = feed_module.render_feed

    def indented_differently(channel: ChannelData, items: object) -> bytes:
        xml = real(channel, items)  # type: ignore[arg-type]
        return xml.replace(b"  </channel>", b"</channel>") if items else xml

    monkeypatch.setattr(feed_module, "render_feed", indented_differently)
    with pytest.raises(BuildError, match=r"feedgen \S+ writes the channel differently"):
        _write(3, 2)
