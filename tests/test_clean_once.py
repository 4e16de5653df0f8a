"""Text is cleaned once, when the config is validated, and every output carries that text.

``config.fields.Text``/``NonEmptyText``/``Text128`` clean human text (XML 1.0 §2.2 ``Char``,
NFC: :func:`spotlight_feed.text.clean`) as podcast.yaml and episode.yaml are read, so the
writers never clean a config value again. The show below puts a vertical tab (a word
separator XML forbids) and a decomposed "é" into the show title, an episode title and
summary, a chapter title and a ``podcast:location`` name, builds it, and reads the same
cleaned text back from the feed (lxml), the page (lxml.html), chapters.json, the ID3 tag
(mutagen) and the search index. Before, a control character in a location name stopped the
build with lxml's ``ValueError`` traceback, because only some writers cleaned.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import lxml.html
import pytest
from conftest import edit
from lxml import etree
from mutagen.id3 import ID3

import spotlight_feed

NS = {"podcast": "https://podcastindex.org/namespace/1.0"}
SRC = Path(__file__).resolve().parent.parent / "src" / "spotlight_feed"


def test_every_output_carries_the_text_cleaned_once(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    show = tiny_project / "podcast.yaml"
    edit(show, "title: Tiny Show\n", 'title: "Tiny\\vShow Cafe\\u0301"\n')
    show.write_text(
        show.read_text(encoding="utf-8") + 'locations:\n  - name: "Austin,\\vTX"\n',
        encoding="utf-8",
    )
    meta = tiny_project / "episodes" / "first" / "episode.yaml"
    edit(meta, "title: First Steps\n", 'title: "First\\vSteps"\n')
    edit(
        meta,
        "summary: The first episode.\n",
        'summary: "The first\\vepisode, re\\u0301sume\\u0301."\n',
    )
    edit(meta, "    title: Main\n", '    title: "Main\\vpart"\n')
    dist = spotlight_feed.build(tiny_project).out_dir

    feed = etree.parse(str(dist / "feed.xml"))
    assert feed.xpath("string(/rss/channel/title)") == "Tiny Show Caf\u00e9"
    assert feed.xpath("string(//item/title)") == "First Steps"
    assert feed.xpath("string(//item/description)").startswith(
        "The first episode, r\u00e9sum\u00e9."
    )
    assert feed.xpath("string(/rss/channel/podcast:location)", namespaces=NS) == "Austin, TX"

    page = lxml.html.parse(str(dist / "episodes" / "first" / "index.html")).getroot()
    assert page.findtext(".//title") == "First Steps \u00b7 Tiny Show Caf\u00e9"
    assert "Main part" in page.text_content()  # the chapter list

    chapters = json.loads((dist / "episodes" / "first" / "chapters.json").read_text("utf-8"))
    assert chapters["title"] == "First Steps"
    assert chapters["podcastName"] == "Tiny Show Caf\u00e9"
    assert [c["title"] for c in chapters["chapters"]] == ["Intro", "Main part"]

    tag = ID3(dist / "episodes" / "first" / "first.mp3")
    assert tag["TIT2"].text == ["First Steps"]
    assert tag["TALB"].text == ["Tiny Show Caf\u00e9"]
    assert [c.sub_frames["TIT2"].text for c in tag.getall("CHAP")] == [["Intro"], ["Main part"]]

    release = "\n".join(
        p.read_text("utf-8")
        for p in dist.rglob("*")
        if p.suffix in {".xml", ".html", ".json", ".js"}
    )
    assert "\x0b" not in release and "e\u0301" not in release


def _calls_clean(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "clean"
    ]


def test_no_writer_cleans_a_config_value_again() -> None:
    """The write and plan stages call ``clean`` only on transcript text (not config)."""
    found = {
        str(p.relative_to(SRC)): lines
        for stage in ("write", "plan")
        for p in sorted((SRC / stage).rglob("*.py"))
        if (lines := _calls_clean(p))
    }
    # id3: the transcript's cue text (USLT/SYLT); credits: an uncredited voice's speaker label
    assert set(found) <= {"write/id3.py", "plan/credits.py"}, found
    assert all(len(lines) == 1 for lines in found.values()), found
