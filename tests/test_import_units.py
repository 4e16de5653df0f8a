"""Tracking prefixes and HTML show notes, on real URLs and real feeds' show notes."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from import_support import CORPUS
from lxml import html

from spotlight_feed.importer.htmlnotes import html_to_notes, looks_like_html
from spotlight_feed.importer.parse import FeedError, parse_feed
from spotlight_feed.importer.prefixes import strip_prefixes
from spotlight_feed.write.notes import notes_html

# Published enclosure URLs from the issue threads cited in shared/docs/platforms-and-hosting.md
# §5 (castero#149, gpodder#766/#560, opawg/podcast-hosts#24) and the corpus.
CASES = [
    (
        "https://dts.podtrac.com/redirect.mp3/chtbl.com/track/9EE2G/pdst.fm/e/rss.art19.com/episodes/b58e6644-0b5d-492b-ad4a-a773bc701b81.mp3",
        "https://rss.art19.com/episodes/b58e6644-0b5d-492b-ad4a-a773bc701b81.mp3",
        ("podtrac", "chartable", "podsights"),
    ),
    (
        "http://www.podtrac.com/pts/redirect.mp3?http://www.taverncast.com/shows/taverncast-62.mp3",
        "http://www.taverncast.com/shows/taverncast-62.mp3",
        ("podtrac",),
    ),
    (
        "https://op3.dev/e,pg=9b024349-ccf0-5f69-a609-6b82873eab3c/https://media.example/ep1.mp3?x=1",
        "https://media.example/ep1.mp3?x=1",
        ("op3",),
    ),
    (
        "https://media.blubrry.com/myshow/content.blubrry.com/myshow/ep1.mp3",
        "https://content.blubrry.com/myshow/ep1.mp3",
        ("blubrry",),
    ),
    (
        "https://anchor.fm/s/12345/podcast/play/678/https%3A%2F%2Fd3ctxlq1ktw2nl.cloudfront.net%2Fstaging%2F2020-1-1%2Fa.m4a",
        "https://d3ctxlq1ktw2nl.cloudfront.net/staging/2020-1-1/a.m4a",
        ("anchor",),
    ),
    (  # real: ART19 (The Apology Line, rss-parser 4.4.1's sample), chartable's chrt.fm domain
        "https://dts.podtrac.com/redirect.mp3/chrt.fm/track/9EE2G/pdst.fm/e/rss.art19.com/episodes/7bfce2e9-7889-480a-afde-46e810e82b1a.mp3?rss_browser=BAhJIhRweXRob24tcmVxdWVzdHMGOgZFVA%3D%3D--ac965bdf6559f894a935511702ea4ac963845aca",
        "https://rss.art19.com/episodes/7bfce2e9-7889-480a-afde-46e810e82b1a.mp3?rss_browser=BAhJIhRweXRob24tcmVxdWVzdHMGOgZFVA%3D%3D--ac965bdf6559f894a935511702ea4ac963845aca",
        ("podtrac", "chartable", "podsights"),
    ),
    (  # real: Anchor's sponsor form (My Brother, My Brother And Me on Anchor, 2020)
        "https://anchor.fm/s/2b7f0c44/podcast/play/17030225/sponsor/a2neumm/https%3A%2F%2Fd3ctxlq1ktw2nl.cloudfront.net%2Fstaging%2F2020-07-24%2F9e82b1dbd0e37fc6e96af7b410fbe876.m4a",
        "https://d3ctxlq1ktw2nl.cloudfront.net/staging/2020-07-24/9e82b1dbd0e37fc6e96af7b410fbe876.m4a",
        ("anchor",),
    ),
    (
        "https://prfx.byspotify.com/e/op3.dev/e/media.example/ep9.mp3",
        "https://media.example/ep9.mp3",
        ("spotify-ad-analytics", "op3"),
    ),
    (
        "https://traffic.libsyn.com/secure/show/ep3.mp3?dest-id=1",
        "https://traffic.libsyn.com/secure/show/ep3.mp3?dest-id=1",
        (),
    ),
]


@pytest.mark.parametrize(("url", "real", "services"), CASES)
def test_tracking_prefixes_are_stripped(url: str, real: str, services: tuple[str, ...]) -> None:
    s = strip_prefixes(url)
    assert (s.url, s.services, s.original) == (real, services, url)


def _notes_sources() -> list[tuple[str, str]]:
    out = []
    for feed in CORPUS:
        try:
            with feed.file.open("rb") as f:
                parsed = parse_feed(f)
        except FeedError:
            continue
        for item in parsed.items:
            for source in (item.content_encoded, item.description):
                if source and looks_like_html(source):
                    out.append((f"{feed.key} item {item.position}", source))
    return out


def test_html_show_notes_keep_every_link_and_word() -> None:
    """On every HTML description of the corpus: each absolute link survives as a link of the
    build's own notes renderer, and every word of the text is still there."""
    sources = _notes_sources()
    assert len(sources) >= 30
    for where, source in sources:
        converted = html_to_notes(source)
        rendered = notes_html(converted.text)
        doc = html.fragment_fromstring(source, create_parent="div")
        hrefs = {
            a.get("href").strip()
            for a in doc.iter("a")
            if (a.get("href") or "").startswith(("http://", "https://"))
        }
        built = {
            a.get("href")
            for a in html.fragment_fromstring(rendered or "<p></p>", create_parent="div").iter("a")
        }
        # (' " < > and white space are percent-encoded, the same address once decoded, and
        # said so: the notes format ends a bare URL at them)
        built |= {unquote(b) for b in built}
        missing = {h for h in hrefs if h not in built and h.rstrip(".,;:!?)") not in built}
        assert not missing, (where, missing)
        if any(re.search(r"[\s<>\"']", h) for h in hrefs):
            assert any("percent-encoded" in lost for lost in converted.lost), where
        for el in doc.iter("p", "br", "li", "div", "ul", "ol", "h1", "h2", "h3", "h4"):
            el.tail = " " + (el.tail or "")  # blocks end words (text_content() joins them)
        words = re.findall(r"\w+", doc.text_content())
        kept = set(re.findall(r"\w+", converted.text))
        # (a word that runs on from a link's text, as Japanese and Chinese do with no space,
        # is split by the "(URL) " written after the link: it is there once URLs and white
        # space are taken out)
        compact = re.sub(r"\(https?://\S*\s?\)|\s+", "", converted.text)
        assert not [w for w in words if w not in kept and w not in compact], where


def test_lists_and_paragraphs() -> None:
    c = html_to_notes(
        "<p>One <b>two</b></p><ol><li>first <a href='https://a.example/x'>link</a></li><li>second</li></ol><p>end<br><br>next</p>"
    )
    assert c.text == "One two\n\n- 1. first link (https://a.example/x)\n- 2. second\n\nend\n\nnext"
    assert notes_html(c.text).count("<li>") == 2
    assert c.lost == ["<b> emphasis (its text is kept)"]


def test_text_right_after_a_link_stays_out_of_its_url() -> None:
    # real shapes: SoftSea's "...木马检测</a>]" (chardet's GB2312 feed) and a Japanese
    # weblog's "<A HREF=...>大地真央</A>がディズニー映画" (its Shift_JIS feed): the notes
    # format's bare URL runs to the next white space, so one is put after "(URL)"
    for source, url, after in (
        ('[<a href="http://www.softsea.net/cat/31190.htm">木马检测</a>]', "31190.htm", "]"),
        ('<a href="http://example.jp/daichi.htm">大地真央</a>がディズニー映画', "daichi.htm", "が"),
        ('<a href="http://example.jp/a.htm">東京</a>。の夜', "a.htm", "。"),
        ('see <a href="http://a.example/x">this</a>.Next', "x", ".Next"),  # (no space needed)
    ):
        converted = html_to_notes(source)
        rendered = notes_html(converted.text)
        hrefs = [
            a.get("href") for a in html.fragment_fromstring(rendered, create_parent="div").iter("a")
        ]
        assert len(hrefs) == 1 and hrefs[0].endswith(url), (source, hrefs)
        assert f"{url}) {after}" in converted.text or f"{url}){after[0]} " in converted.text
