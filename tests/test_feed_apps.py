"""Issue #14's tags by value, read back by lxml, feedparser, podcastparser and partytime.

Two feeds: the sample's (``sample_dist``, built by the suite) and the golden "full"
show's, which sets every field (``tests/golden/full/dist/``, which
``tests/test_golden.py`` keeps equal to a fresh build). Where a parser does not
read a tag at all (partytime 5.0.0 has no ``updateFrequency`` or channel
``socialInteract``; podcastparser reads few ``podcast:`` tags) the assertion says so.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import feedparser
import podcastparser
import pytest
from conftest import REPO
from lxml import etree
from partytime import parse as partytime

FULL = REPO / "tests" / "golden" / "full" / "dist"
NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "psc": "http://podlove.org/simple-chapters",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
CDN = "https://cdn.full.example/pod/"
PREFIXED = "https://dts.podtrac.com/redirect.mp3/op3.dev/e/cdn.full.example/pod/"


def _x(root: Any, path: str) -> list[Any]:
    found: list[Any] = root.xpath(path, namespaces=NS)
    return found


def _attrs(els: list[Any]) -> list[tuple[dict[str, str], str | None]]:
    return [(dict(e.attrib), e.text) for e in els]


@pytest.fixture(scope="module")
def full() -> etree._Element:
    return etree.fromstring((FULL / "feed.xml").read_bytes())


@pytest.fixture(scope="module")
def full_pt() -> dict[str, Any]:
    return partytime(FULL / "feed.xml")


# --- chapters where each app looks ---------------------------------------------------

SAMPLE_LIST = [
    "(00:00) Welcome to Spotlight",
    "(00:21) A day in Ito’s life",
    "(01:18) What is a hikikomori?",
    "(01:51) Families that live together",
    "(02:42) The pain of failure: Masaki Ikegami",
    "(04:07) The lost decades",
    "(06:20) Depression",
    "(07:58) Parents and shame",
    "(09:11) Finding a way back",
    "(10:34) Credits and goodbye",
]


def test_sample_psc_chapters_in_every_reader(sample_dist: Path) -> None:
    feed = sample_dist / "feed.xml"
    root = etree.fromstring(feed.read_bytes())
    (chapters,) = _x(root, "/rss/channel/item/psc:chapters")
    assert chapters.get("version") == "1.2"
    got = [(c.get("start"), c.get("title")) for c in chapters]
    assert got[:3] == [
        ("00:00:00.000", "Welcome to Spotlight"),
        ("00:00:21.500", "A day in Ito’s life"),
        ("00:01:18.200", "What is a hikikomori?"),
    ]
    assert len(got) == 10
    fp = feedparser.parse(feed.read_bytes()).entries[0].psc_chapters
    assert [(c["start"], c["title"]) for c in fp["chapters"]] == got
    pp = podcastparser.parse("x", io.BytesIO(feed.read_bytes()))["episodes"][0]["chapters"]
    assert [(c["start"], c["title"]) for c in pp][:2] == [
        (0, "Welcome to Spotlight"),
        (21, "A day in Ito’s life"),
    ]


def test_sample_timestamp_list_in_description_and_show_notes(sample_dist: Path) -> None:
    feed = (sample_dist / "feed.xml").read_bytes()
    item = feedparser.parse(feed).entries[0]
    description = _x(etree.fromstring(feed), "/rss/channel/item/description")[0].text
    assert description.split("\n\n")[-1].split("\n") == SAMPLE_LIST
    assert description.startswith("Have you ever felt")
    notes = item.content[0].value
    assert notes.endswith("".join(f"<p>{line}</p>" for line in SAMPLE_LIST))
    pt_item = partytime(sample_dist / "feed.xml")["items"][0]
    # partytime renders the show notes to text, one space between the lines
    assert pt_item["description"].endswith(" ".join(SAMPLE_LIST))
    assert pt_item["content"].endswith("".join(f"<p>{line}</p>" for line in SAMPLE_LIST))


def test_full_show_switch_and_episode_override() -> None:
    # the show turns the list off; the first episode turns it back on; the trailer has
    # no chapters (and so no list, no psc). Both items are in the archive feed.
    archive = etree.fromstring((FULL / "feed-archive.xml").read_bytes())
    first, second = _x(archive, "/rss/channel/item")
    assert first.findtext("description").endswith(
        "\n\n(00:00) Welcome\n(01:00) A chapter title that is far too long for a chapter track"
        " and…\n(05:00) The end"
    )
    assert "(00:00)" not in second.findtext("description")
    assert _x(second, "psc:chapters") == []
    chapters = [dict(c.attrib) for c in _x(first, "psc:chapters/psc:chapter")]
    assert chapters == [
        {"start": "00:00:00.000", "title": "Welcome", "href": "https://full.example/welcome"},
        {
            "start": "00:01:00.250",
            "title": "A chapter title that is far too long for a chapter track and…",
            "image": "https://full.example/chapter-2.jpg",
        },
        {"start": "00:05:00.000", "title": "The end"},
    ]


# --- channel tags ----------------------------------------------------------------------


def test_full_channel_tags_by_value(full: etree._Element, full_pt: dict[str, Any]) -> None:
    ch = "/rss/channel/"
    assert _attrs(_x(full, ch + "podcast:txt")) == [
        ({"purpose": "applepodcastsverify"}, "0b3e1d4f-full-apple-code"),
        ({"purpose": "ai-content"}, "false"),
    ]
    # partytime reads the records, but turns the text "false" into "" (its XML parser
    # converts the value to a boolean first)
    assert full_pt["podcastTxt"] == [
        {"value": "0b3e1d4f-full-apple-code", "purpose": "applepodcastsverify"},
        {"value": "", "purpose": "ai-content"},
    ]
    assert _attrs(_x(full, ch + "podcast:trailer")) == [
        (
            {
                "pubdate": "Wed, 01 May 2024 00:00:00 +0000",
                "url": PREFIXED + "episodes/trailer/trailer.mp3",
                "length": "5578625",
                "type": "audio/mpeg",
                "season": "2",
            },
            "The trailer",
        )
    ]
    assert full_pt["trailers"] == [
        {
            "title": "The trailer",
            "url": PREFIXED + "episodes/trailer/trailer.mp3",
            "pubdate": "2024-05-01T00:00:00.000Z",
            "type": "audio/mpeg",
            "length": 5578625,
            "season": 2,
        }
    ]
    assert _attrs(_x(full, ch + "podcast:updateFrequency")) == [
        (
            {
                "complete": "true",
                "dtstart": "2024-05-01T00:00:00+00:00",
                "rrule": "FREQ=WEEKLY;COUNT=10",
            },
            "Weekly",
        )
    ]
    assert "podcastUpdateFrequency" not in full_pt  # partytime 5.0.0 does not read it
    assert _attrs(_x(full, ch + "podcast:podroll/podcast:remoteItem")) == [
        (
            {
                "feedGuid": "917393e3-1b1e-5cef-ace4-edaa54e1f810",
                "feedUrl": "https://mp3s.nashownotes.com/pc20rss.xml",
                "title": "Podcasting 2.0",
            },
            None,
        ),
        ({"feedGuid": "9b024349-ccf0-5f69-a609-6b82873eab3c"}, None),
    ]
    assert full_pt["podroll"] == [
        {
            "feedGuid": "917393e3-1b1e-5cef-ace4-edaa54e1f810",
            "feedUrl": "https://mp3s.nashownotes.com/pc20rss.xml",
            "title": "Podcasting 2.0",
        },
        {"feedGuid": "9b024349-ccf0-5f69-a609-6b82873eab3c"},
    ]
    assert _attrs(_x(full, ch + "podcast:publisher/podcast:remoteItem")) == [
        (
            {
                "feedGuid": "003af0a0-6a45-55cf-b765-68e3d349551a",
                "feedUrl": "https://full.example/publisher.xml",
                "medium": "publisher",
            },
            None,
        )
    ]
    assert full_pt["podcastPublisher"] == {
        "feedGuid": "003af0a0-6a45-55cf-b765-68e3d349551a",
        "feedUrl": "https://full.example/publisher.xml",
    }
    assert _attrs(_x(full, ch + "podcast:location")) == [
        (
            {"rel": "creator", "geo": "geo:30.2672,-97.7431", "osm": "R113314", "country": "US"},
            "Austin, TX",
        )
    ]
    # partytime reads the pre-2025 attributes only (name, geo, osm)
    assert full_pt["podcastLocation"] == {
        "name": "Austin, TX",
        "osm": "R113314",
        "geo": "geo:30.2672,-97.7431",
    }
    assert _attrs(_x(full, ch + "podcast:socialInteract")) == [({"protocol": "disabled"}, None)]
    assert _attrs(_x(full, ch + "podcast:block")) == [
        ({"id": "amazon"}, "yes"),
        ({"id": "spotify"}, "no"),
    ]
    assert full_pt["podcastBlockedPlatforms"] == {"amazon": True, "spotify": False}
    assert full_pt["podcastBlocked"] == "no"  # no id-less block: not blocked everywhere
    assert _x(full, ch + "itunes:new-feed-url/text()") == [CDN + "feed.xml"]
    assert _x(full, ch + "itunes:block/text()") == ["Yes"]
    assert _x(full, ch + "itunes:complete/text()") == ["Yes"]
    assert full_pt["itunesNewFeedUrl"] == CDN + "feed.xml"
    assert full_pt["itunesBlock"] is True
    assert full_pt["itunesComplete"] is True
    # the Apple-specific title, and no owner (owner.public: false)
    assert _x(full, ch + "itunes:title/text()") == ["Spotlight Full (Apple)"]
    assert _x(full, ch + "itunes:owner") == []
    fp = feedparser.parse((FULL / "feed.xml").read_bytes()).feed
    assert fp["itunes_new-feed-url"] == CDN + "feed.xml"
    assert fp["itunes_complete"] == "Yes"
    assert fp["itunes_title"] == "Spotlight Full (Apple)"
    assert fp["podcast_updatefrequency"] == {
        "complete": "true",
        "dtstart": "2024-05-01T00:00:00+00:00",
        "rrule": "FREQ=WEEKLY;COUNT=10",
    }
    assert fp["podcast_trailer"]["url"] == PREFIXED + "episodes/trailer/trailer.mp3"
    pp = podcastparser.parse(CDN + "feed.xml", io.BytesIO((FULL / "feed.xml").read_bytes()))
    assert pp["paged_feed_next"] == CDN + "feed-page-2.xml"
    assert "itunes_owner" not in pp


# --- item tags -------------------------------------------------------------------------


def test_full_item_tags_by_value(full: etree._Element, full_pt: dict[str, Any]) -> None:
    first = _x(full, "/rss/channel/item")[0]
    pt = full_pt["items"][0]
    assert _attrs(_x(first, "podcast:season")) == [({"name": "The Second Season"}, "2")]
    assert pt["podcastSeason"] == {"number": 2, "name": "The Second Season"}
    assert _attrs(_x(first, "podcast:episode")) == [({"display": "Ep. 1 & more"}, "1")]
    assert pt["podcastEpisode"] == {"number": 1, "display": "Ep. 1 & more"}
    assert _attrs(_x(first, "podcast:soundbite")) == [
        ({"startTime": "21.5", "duration": "30.0"}, "The hook"),
        ({"startTime": "120.0", "duration": "15.5"}, None),
    ]
    # partytime gives an untitled soundbite the show's title
    assert pt["podcastSoundbites"] == [
        {"duration": 30, "startTime": 21.5, "title": "The hook"},
        {"duration": 15.5, "startTime": 120, "title": "Spotlight Full & <Everything>"},
    ]
    assert _attrs(_x(first, "podcast:location")) == [({"rel": "subject", "country": "JP"}, "Tokyo")]
    assert pt["podcastLocation"] == {"name": "Tokyo"}
    assert _attrs(_x(first, "podcast:socialInteract")) == [
        (
            {
                "protocol": "activitypub",
                "uri": "https://podcastindex.social/@full/111111111111111111",
                "accountId": "@full@podcastindex.social",
                "accountUrl": "https://podcastindex.social/@full",
                "priority": "1",
            },
            None,
        )
    ]
    assert pt["podcastSocialInteraction"] == [
        {
            "platform": "activitypub",
            "id": "@full@podcastindex.social",
            "url": "https://podcastindex.social/@full/111111111111111111",
            "priority": 1,
            "profileUrl": "https://podcastindex.social/@full",
        }
    ]
    assert _attrs(_x(first, "podcast:txt")) == [({}, "Recorded live")]
    assert pt["podcastTxt"] == [{"value": "Recorded live"}]
    assert _x(first, "itunes:block") == []  # itunes_block: false writes nothing
    fp = feedparser.parse((FULL / "feed.xml").read_bytes()).entries[0]
    assert fp["podcast_season"] == {"name": "The Second Season"}
    assert fp["podcast_episode"] == {"display": "Ep. 1 & more"}


def test_prefix_only_on_enclosures_and_trailers(full: etree._Element) -> None:
    urls = _x(full, "//enclosure/@url")
    assert urls == [PREFIXED + "episodes/art-and-chapters/art-and-chapters.mp3"]
    # everything else keeps the plain URL: item links, transcripts, chapters, images
    others = [
        u
        for u in _x(full, "//@url | //@href")
        if "op3.dev" in u and not u.endswith(("art-and-chapters.mp3", "trailer.mp3"))
    ]
    assert others == []
    manifest = (FULL / "manifest.json").read_text(encoding="utf-8")
    assert "op3.dev" not in manifest and "podtrac" not in manifest


def test_drafts_and_scheduled_episodes_are_nowhere() -> None:
    names = {p.relative_to(FULL).as_posix() for p in FULL.rglob("*")}
    assert not any("draft" in n or "scheduled" in n for n in names)
    for page in FULL.glob("*.xml"):
        text = page.read_text(encoding="utf-8")
        assert "full-0003" not in text and "full-0004" not in text
    # lastBuildDate: the newest published/updated of what is published (the draft's
    # and the 2099 episode's dates do not count)
    root = etree.fromstring((FULL / "feed.xml").read_bytes())
    assert root.findtext("channel/lastBuildDate") == "Tue, 07 May 2024 10:00:00 +0000"


def test_alternate_enclosures_with_source_and_sri(
    full: etree._Element, full_pt: dict[str, Any]
) -> None:
    import base64
    import hashlib

    data = (REPO / "media" / "always-alone.mp3").read_bytes()  # copied as it is
    sri = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    first = _x(full, "/rss/channel/item")[0]
    alts = _x(first, "podcast:alternateEnclosure")
    assert [dict(a.attrib) for a in alts] == [
        {
            "type": "audio/mpeg",
            "length": str(len(data)),
            "bitrate": "64007.9",  # its size over the episode's 689.1 s
            "title": "Same MP3, mirrored",
            "lang": "en-GB",
            "codecs": "mp3",
            "rel": "default",
            "default": "true",
        },
        {"type": "audio/mpeg", "length": str(len(data)), "bitrate": "64000"},
    ]
    for n, a in enumerate(alts, 1):
        url = PREFIXED + f"episodes/art-and-chapters/art-and-chapters.alt{n}.mp3"
        assert _attrs(_x(a, "podcast:source")) == [({"uri": url}, None)]
        assert _attrs(_x(a, "podcast:integrity")) == [({"type": "sri", "value": sri}, None)]
    got = full_pt["items"][0]["alternativeEnclosures"]
    assert [(g["type"], g["length"], g["default"], g["integrity"]["value"]) for g in got] == [
        ("audio/mpeg", len(data), True, sri),
        ("audio/mpeg", len(data), False, sri),
    ]
    assert got[0]["source"][0]["uri"].endswith("art-and-chapters.alt1.mp3")
    manifest = (FULL / "manifest.json").read_text(encoding="utf-8")
    assert "episodes/art-and-chapters/art-and-chapters.alt1.mp3" in manifest
