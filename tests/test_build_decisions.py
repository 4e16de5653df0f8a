"""Values decided once reach every output the same way (build-level, read back independently).

Each test builds a real show through ``spotlight_feed.build`` and reads the release with
independent readers (lxml, webvtt-py, json, mutagen, feedparser):

- an episode's own ``image:`` is in its feed item (``itunes:image`` and ``podcast:image``,
  Apple 823 and Podcasting 2.0 ``docs/tags/image.md``), in ``dist/`` and on its page;
- a chapter title is the same (shortened) text in the page's chapter list,
  ``chapters.vtt``, ``chapters.json`` and the ID3 ``CHAP`` frames;
- ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/) sets
  ``lastBuildDate`` through the library call, not only through the CLI.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import feedparser
import lxml.html
import pytest
import webvtt
from conftest import edit, write_cover
from lxml import etree
from mutagen.id3 import ID3

import spotlight_feed

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
}
BASE = "https://cdn.tiny.example/pod/"


def test_episode_art_reaches_the_item_the_release_and_the_page(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_cover(tiny_project / "media" / "ep.png", 1500)
    meta = tiny_project / "episodes" / "first" / "episode.yaml"
    edit(meta, "audio: media/first.mp3\n", "audio: media/first.mp3\nimage: media/ep.png\n")
    dist = spotlight_feed.build(tiny_project).out_dir

    item = etree.parse(str(dist / "feed.xml")).xpath("//item")[0]
    itunes = item.xpath("itunes:image/@href", namespaces=NS)
    podcast = item.xpath("podcast:image/@href", namespaces=NS)
    assert len(itunes) == 1 and itunes == podcast
    assert itunes[0].startswith(BASE + "episodes/first/art-") and itunes[0].endswith(".png")
    art = dist / itunes[0][len(BASE) :]
    assert art.read_bytes() == (tiny_project / "media" / "ep.png").read_bytes()
    channel_art = etree.parse(str(dist / "feed.xml")).xpath(
        "/rss/channel/itunes:image/@href", namespaces=NS
    )
    assert channel_art != itunes  # the show keeps its own cover

    page = lxml.html.parse(str(dist / "episodes" / "first" / "index.html")).getroot()
    hero = page.xpath("//img[contains(@class, 'hero__art')]")[0]
    assert posixpath.normpath(posixpath.join("episodes/first", hero.get("src"))) == (
        art.relative_to(dist).as_posix()
    )
    assert hero.get("width") == "1500"
    og = {m.get("property"): m.get("content") for m in page.iter("meta")}
    assert og["og:image"] == itunes[0]
    apic = ID3(dist / "episodes" / "first" / "first.mp3").getall("APIC")
    assert [p.desc for p in apic] == ["First Steps: episode art"]


LONG = (
    "A chapter title that is much longer than any chapter track should show, "
    "so the build shortens it"
)


def test_chapter_titles_are_identical_in_page_vtt_json_and_id3(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    meta = tiny_project / "episodes" / "first" / "episode.yaml"
    edit(meta, "    title: Main\n", f"    title: {LONG}\n")
    report = spotlight_feed.build(tiny_project)
    ep = report.out_dir / "episodes" / "first"

    page = lxml.html.parse(str(ep / "index.html")).getroot()
    on_page = [s.text_content() for s in page.xpath("//span[@class='chapter-title']")]
    in_vtt = [c.text for c in webvtt.read(str(ep / "chapters.vtt"))]
    in_json = [c["title"] for c in json.loads((ep / "chapters.json").read_text())["chapters"]]
    tag = ID3(ep / "first.mp3")
    in_id3 = [
        chap.sub_frames["TIT2"].text[0]
        for chap in sorted(tag.getall("CHAP"), key=lambda c: c.start_time)
    ]
    assert on_page == in_vtt == in_json == in_id3
    assert on_page[0] == "Intro"
    assert on_page[1] != LONG and on_page[1].endswith("…") and LONG.startswith(on_page[1][:-1])
    assert any("shortened to" in note for note in report.notes)


def test_source_date_epoch_is_read_by_the_library(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dist = spotlight_feed.build(tiny_project).out_dir
    feed = feedparser.parse((dist / "feed.xml").read_bytes())
    assert feed.feed.updated == "Tue, 14 Nov 2023 22:13:20 +0000"

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    spotlight_feed.build(tiny_project)
    feed = feedparser.parse((dist / "feed.xml").read_bytes())
    assert feed.feed.updated == "Tue, 05 Mar 2024 10:30:00 +0100"  # the episode's date


def test_a_bad_source_date_epoch_is_a_clear_error(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(spotlight_feed.SpotlightError, match="SOURCE_DATE_EPOCH must be an integer"):
        spotlight_feed.build(tiny_project)
    assert not (tiny_project / "dist").exists()


def test_json_ld_people_follow_the_credit_kinds_not_the_headings(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hosts and voices act, writers create, producers produce, the quoted are mentioned."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    meta = tiny_project / "episodes" / "first" / "episode.yaml"
    edit(
        meta,
        "  Guest:\n    name: Gus Guest\n    role: guest\n",
        "  Guest:\n    name: Gus Guest\n    role: guest\n  Quote:\n    name: Quinn Q\n    quoted: true\n",
    )
    transcript = tiny_project / "episodes" / "first" / "transcript.txt"
    transcript.write_text(transcript.read_text() + "\nQuote\nSomeone else's words.\n")
    dist = spotlight_feed.build(tiny_project).out_dir
    page = lxml.html.parse(str(dist / "episodes" / "first" / "index.html")).getroot()
    data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    names = {
        k: [p["name"] for p in data.get(k, [])]
        for k in ("actor", "creator", "producer", "mentions")
    }
    assert names == {
        "actor": ["Hana Host", "Gus Guest"],
        "creator": ["Wanda Writer"],
        "producer": ["Pete Producer"],
        "mentions": ["Quinn Q"],
    }
