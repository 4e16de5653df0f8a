"""The sample's feed.xml read back by three independent readers, every tag by value."""

from __future__ import annotations

from pathlib import Path

import feedparser
import podcastparser
from lxml import etree
from mutagen.mp3 import MP3

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
BASE = "https://spotlight-feed.example/spotlight/"
EPISODE_GUID = "b9c2f7a4-6a0e-4c57-9d8e-1f3a2c5d7e90"


def _tree(dist: Path) -> etree._Element:
    return etree.fromstring((dist / "feed.xml").read_bytes())


def _one(root: etree._Element, xpath: str) -> str:
    found = root.xpath(xpath, namespaces=NS)
    assert len(found) == 1, f"{xpath}: {found!r}"
    value = found[0]
    return value if isinstance(value, str) else (value.text or "")


def test_channel_tags_by_value(sample_dist: Path) -> None:
    root = _tree(sample_dist)
    assert root.get("version") == "2.0"
    ch = "/rss/channel/"
    assert _one(root, ch + "title") == "Spotlight"
    assert _one(root, ch + "link") == "https://www.spotlightenglish.com/"
    assert _one(root, ch + "language") == "en"
    assert _one(root, ch + "atom:link[@rel='self']/@href") == BASE + "feed.xml"
    assert _one(root, ch + "atom:link[@rel='self']/@type") == "application/rss+xml"
    assert _one(root, ch + "lastBuildDate") == "Wed, 02 Jun 2021 09:00:00 +0000"
    assert _one(root, ch + "copyright") == "© 2021 Spotlight English"
    assert _one(root, ch + "itunes:author") == "Spotlight English"
    assert _one(root, ch + "itunes:owner/itunes:name") == "Spotlight English"
    assert _one(root, ch + "itunes:owner/itunes:email") == "podcast@spotlight-feed.example"
    assert _one(root, ch + "itunes:category/@text") == "Education"
    assert _one(root, ch + "itunes:category/itunes:category/@text") == "Language Learning"
    assert _one(root, ch + "itunes:explicit") == "false"
    assert _one(root, ch + "itunes:type") == "episodic"
    # No Apple-specific title: no channel itunes:title (W3C's validator rejects one), and
    # no itunes:summary anywhere (Apple dropped it; it only repeated the description).
    assert root.xpath(ch + "itunes:title", namespaces=NS) == []
    assert root.xpath("//itunes:summary", namespaces=NS) == []
    image = _one(root, ch + "itunes:image/@href")
    assert image.startswith(BASE + "cover-") and image.endswith(".jpg")
    assert (sample_dist / image.removeprefix(BASE)).is_file()
    assert _one(root, ch + "podcast:guid") == "35ef9e16-e122-5b5c-9b5a-5f62efa1c3e8"
    assert _one(root, ch + "podcast:locked") == "yes"
    assert _one(root, ch + "podcast:locked/@owner") == "podcast@spotlight-feed.example"
    assert _one(root, ch + "podcast:medium") == "podcast"
    assert _one(root, ch + "podcast:license") == "ARR"
    assert _one(root, ch + "podcast:funding/@url") == "https://spotlight-feed.example/support"
    assert _one(root, ch + "podcast:funding") == "Support Spotlight"
    persons = root.xpath(ch + "podcast:person", namespaces=NS)
    assert [(p.text, p.get("role"), p.get("group")) for p in persons] == [
        ("Roger Basick", "host", "cast"),
        ("Alice Irizarry", "host", "cast"),
    ]


def test_item_tags_by_value(sample_dist: Path) -> None:
    root = _tree(sample_dist)
    items = root.xpath("/rss/channel/item", namespaces=NS)
    assert len(items) == 1
    it = items[0]
    assert _one(it, "title") == "Always Alone: The Story of Japan’s Hikikomori"
    assert _one(it, "guid") == EPISODE_GUID
    assert _one(it, "guid/@isPermaLink") == "false"
    assert _one(it, "pubDate") == "Wed, 02 Jun 2021 09:00:00 +0000"
    assert _one(it, "link") == BASE + "episodes/always-alone/"
    assert _one(it, "description").startswith("Have you ever felt like you have become invisible")
    html = _one(it, "content:encoded")
    assert html.startswith("<p>Ito wakes up at 6 in the evening")
    assert "<ul><li>how Japanese family life" in html
    # Only the tags Apple renders.
    import re

    assert set(re.findall(r"</?([a-z]+)", html)) <= {"p", "ul", "ol", "li", "a"}
    url = _one(it, "enclosure/@url")
    assert url == BASE + "episodes/always-alone/always-alone.mp3"
    assert _one(it, "enclosure/@type") == "audio/mpeg"
    audio = sample_dist / url.removeprefix(BASE)
    assert int(_one(it, "enclosure/@length")) == audio.stat().st_size
    measured = MP3(audio).info.length
    assert int(_one(it, "itunes:duration")) == round(measured)
    assert _one(it, "itunes:episode") == "1"
    assert _one(it, "itunes:season") == "1"
    assert _one(it, "itunes:episodeType") == "full"
    assert _one(it, "itunes:explicit") == "false"
    assert _one(it, "podcast:season") == "1"
    assert _one(it, "podcast:episode") == "1"
    persons = it.xpath("podcast:person", namespaces=NS)
    got = [(p.text, p.get("role"), p.get("group")) for p in persons]
    # Hosts restated (item persons replace the channel's), then writer and producer;
    # quoted people are not credited as present.
    assert got[:2] == [("Roger Basick", "host", "cast"), ("Alice Irizarry", "host", "cast")]
    assert ("Dan Christmann", "writer", "writing") in got
    assert ("Michio Ozaki", "producer", "creative direction") in got
    assert not any("Ikegami" in (p or "") for p, _, _ in got)


def test_feedparser_reads_the_feed(sample_dist: Path) -> None:
    parsed = feedparser.parse((sample_dist / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Spotlight"
    # feedparser maps only yes/clean to booleans; 'false' (Apple's value) reads as not explicit.
    assert not parsed.feed.itunes_explicit
    assert parsed.feed.author_detail.name == "Spotlight English"
    entry = parsed.entries[0]
    assert entry.id == EPISODE_GUID
    assert entry.itunes_duration == _one(_tree(sample_dist), "/rss/channel/item/itunes:duration")
    assert entry.enclosures[0].type == "audio/mpeg"
    assert entry.published_parsed[:6] == (2021, 6, 2, 9, 0, 0)


def test_podcastparser_reads_the_feed(sample_dist: Path) -> None:
    with (sample_dist / "feed.xml").open("rb") as fh:
        parsed = podcastparser.parse(BASE + "feed.xml", fh)
    assert parsed["title"] == "Spotlight"
    assert parsed["type"] == "episodic"
    ep = parsed["episodes"][0]
    assert ep["guid"] == EPISODE_GUID
    assert ep["number"] == 1
    assert ep["published"] == 1622624400
    assert ep["enclosures"][0]["mime_type"] == "audio/mpeg"
    audio = sample_dist / "episodes/always-alone/always-alone.mp3"
    assert ep["enclosures"][0]["file_size"] == audio.stat().st_size
    assert ep["total_time"] == round(MP3(audio).info.length)
    assert ep["link"] == BASE + "episodes/always-alone/"


def test_every_url_is_absolute(sample_dist: Path) -> None:
    root = _tree(sample_dist)
    urls = root.xpath("//@url|//@href|//link/text()|//enclosure/@url", namespaces=NS)
    assert urls
    for url in urls:
        assert url.startswith("https://"), url
