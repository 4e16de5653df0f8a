"""Hostile text in every text field ends up as text on every page and in the feed (issue #5).

The payload carries a script element, an attribute break-out with an event
handler, and Jinja delimiters (which must not be evaluated: ``{{ 7*7 }}`` must
not become ``49``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from lxml import etree
from pagekit import P, hostile, write_hostile_show


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_show(tmp_path_factory.mktemp("hostile") / "show")


def _pages(dist: Path) -> list[Path]:
    pages = sorted(dist.rglob("*.html"))
    assert {p.relative_to(dist).as_posix() for p in pages} >= OWN_PAGES
    return pages


OWN_PAGES = {"index.html", "episodes/one/index.html", "search/index.html"}
"""Pages this issue renders; the other HTML files (transcript.html) carry no scripts at all."""


def _check_page(dist: Path, path: Path) -> Any:
    doc = lxml.html.fromstring(path.read_bytes())
    own = path.relative_to(dist).as_posix() in OWN_PAGES
    # only our own scripts: the JSON-LD and the small inline enhancement
    scripts = doc.xpath("//script")
    assert [s.get("type") for s in scripts] == (["application/ld+json", None] if own else [])
    assert not any("alert(" in (s.text or "") for s in scripts if s.get("type") is None)
    # no injected element or event-handler attribute anywhere
    search = path.relative_to(dist).as_posix() == "search/index.html"  # no cover art shown
    assert len(doc.xpath("//img")) == (1 if own and not search else 0), path
    for el in doc.iter():
        if isinstance(el.tag, str):
            assert not [a for a in el.attrib if a.lower().startswith("on")], (path, el.tag)
    body = doc.xpath("//body")[0].text_content()
    assert P in body, path
    assert "{{ 7*7 }}" in body and "49" not in body, path
    if own:
        meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.iter("meta")}
        assert P in meta["og:title"] and P in meta["description"]
    return doc


def test_every_page_shows_the_payload_as_text(dist: Path) -> None:
    for path in _pages(dist):
        _check_page(dist, path)


def test_episode_page_fields_escaped(dist: Path) -> None:
    doc = _check_page(dist, dist / "episodes" / "one" / "index.html")
    body = doc.xpath("//body")[0].text_content()
    for tag in (
        "title",
        "summary",
        "notes",
        "list item",
        "writer",
        "producer",
        "other",
        "voice host",
        "quoted",
        "quoted description",
        "source",
        "uncredited",
        "guest",
        "link",
        "question",
        "comment",
        "commenter",
        "reply",
        "replier",
        "show",
        "copyright",
        "fund",
        "said by L1",
        "said by Q",
    ):
        assert hostile(tag) in body, tag
    # chapter titles are shown as in chapters.vtt: within 64 characters (cut with an ellipsis)
    chapter = hostile("chapter")
    assert chapter[:40] in body and chapter not in body
    assert hostile("alt") == doc.xpath("//img")[0].get("alt")
    # the JSON-LD holds the text exactly, and no '<' can close its script element
    raw = doc.xpath("//script[@type='application/ld+json']")[0].text
    assert "<" not in raw
    data = json.loads(raw)
    assert data["name"] == hostile("title")
    assert hostile("writer") in [p["name"] for p in data["creator"]]


def test_index_fields_escaped(dist: Path) -> None:
    doc = _check_page(dist, dist / "index.html")
    body = doc.xpath("//body")[0].text_content()
    for tag in ("show", "show description", "author", "app", "title", "summary", "fund"):
        assert hostile(tag) in body, tag
    data = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["name"] == hostile("show")


def test_feed_carries_the_payload_as_text(dist: Path) -> None:
    raw = (dist / "feed.xml").read_bytes()
    assert b"<script" not in raw and b"<img" not in raw
    feed = etree.fromstring(raw)
    assert feed.findtext("channel/title") == hostile("show")
    assert feed.findtext("channel/item/title") == hostile("title")
    assert feed.findtext("channel/item/description") == hostile("summary")
    ns = {"content": "http://purl.org/rss/1.0/modules/content/"}
    html = feed.xpath("//item/content:encoded/text()", namespaces=ns)[0]
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not fragment.xpath("//script|//img")
    assert hostile("notes") in fragment.text_content()
