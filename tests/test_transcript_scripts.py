"""Every script (issue #15): full-width colons, word-separating controls, untimed JSON.

Outputs are read back by independent readers (srt, webvtt-py, feedparser).
"""

from __future__ import annotations

import io
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
import srt as srt_lib
import webvtt
from conftest import edit

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.text import clean
from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.transcript.plain import read_plain
from spotlight_feed.transcript.srt import read_srt, write_srt
from spotlight_feed.transcript.vtt import write_vtt


@pytest.mark.parametrize("colon", ["：", "﹕", "︓", "꞉", ": "])
def test_srt_reads_every_colon_form_as_a_speaker(colon: str) -> None:
    text = (
        f"1\n00:00:01,000 --> 00:00:03,000\n伊藤{colon}こんにちは。\n\n"
        f"2\n00:00:03,500 --> 00:00:05,000\n田中{colon}はい、元気です。\n\n"
        "3\n00:00:05,500 --> 00:00:06,000\nそうですか。\n"
    )
    t, problems = read_srt(text, "ja.srt")
    assert problems == []
    assert [(c.speaker, c.text) for c in t.cues] == [
        ("伊藤", "こんにちは。"),
        ("田中", "はい、元気です。"),
        ("田中", "そうですか。"),
    ]
    # Written back (ASCII "Name: "), read by the srt package: a name on every cue.
    contents = [s.content for s in srt_lib.parse(write_srt(t))]
    assert contents == ["伊藤: こんにちは。", "田中: はい、元気です。", "田中: そうですか。"]
    vtt = webvtt.from_buffer(io.StringIO(write_vtt(t)), format="vtt")
    assert [c.voice for c in vtt] == ["伊藤", "田中", "田中"]


def test_ascii_colon_still_needs_a_space() -> None:
    t, _ = read_srt("1\n00:00:01,000 --> 00:00:02,000\nAt 10:30 we met.\n", "x.srt")
    assert [(c.speaker, c.text) for c in t.cues] == [(None, "At 10:30 we met.")]


def test_plain_labels_with_any_colon_and_one_line_turns() -> None:
    script = "伊藤：\nこんにちは。\n\n田中：はい、元気です。\n\nAna:\nHello.\n"
    t, problems = read_plain(script, "script.txt")
    assert problems == []
    assert [(c.speaker, c.text) for c in t.cues] == [
        ("伊藤", "こんにちは。"),
        ("田中", "はい、元気です。"),
        ("Ana", "Hello."),
    ]


@pytest.mark.parametrize("sep", ["\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x1f"])
def test_word_separating_controls_become_spaces(sep: str) -> None:
    assert clean(f"two{sep}words") == "two words"
    assert clean(f"two {sep} words{sep}") == "two words"
    t, problems = read_srt(f"1\n00:00:01,000 --> 00:00:02,000\nAna: two{sep}words\n", "x.srt")
    assert problems == [] and t.cues[0].text == "two words"


def test_a_summary_with_nel_is_published_with_the_words_apart(tiny_project: Path) -> None:
    edit(
        tiny_project / "episodes/first/episode.yaml",
        "summary: The first episode.",
        'summary: "The first\\u0085episode."',
    )
    report = build(tiny_project, BuildOptions())
    feed = feedparser.parse((report.out_dir / "feed.xml").read_bytes())
    assert feed.entries[0].summary == "The first episode."
    page = (report.out_dir / "episodes/first/index.html").read_text(encoding="utf-8")
    assert "firstepisode" not in page and "The first episode." in page


def test_untimed_source_publishes_no_json(tiny_project: Path) -> None:
    report = build(tiny_project, BuildOptions())
    ep = report.out_dir / "episodes/first"
    assert not (ep / "transcript.json").exists()
    feed = lxml.etree.parse(str(report.out_dir / "feed.xml"))
    types = [t.get("type") for t in feed.iter("{https://podcastindex.org/namespace/1.0}transcript")]
    assert "application/json" not in types and "text/html" in types
    assert any("no JSON transcript, which requires startTime" in n for n in report.notes)


# --- inline emphasis ---------------------------------------------------------------------

EMPHASIS_VTT = (
    "WEBVTT\n\n00:00:00.000 --> 00:00:12.000\n<v Ana>We read <i>The Tale of Genji</i> and "
    "<b>every word of it</b> was worth it, said the <u>teacher</u>, who had read "
    "<i>all of it twice, slowly, over many long winter evenings in Kyoto</i>.\n"
)


def test_emphasis_is_kept_in_vtt_srt_html_and_dropped_in_json_and_text() -> None:
    import json

    from spotlight_feed.transcript.html_transcript import write_html
    from spotlight_feed.transcript.plain import write_plain
    from spotlight_feed.transcript.podcast_json import write_podcast_json
    from spotlight_feed.transcript.vtt import read_vtt

    t, problems = read_vtt(EMPHASIS_VTT, "e.vtt")
    assert problems == []
    cue = t.cues[0]
    assert "<" not in cue.text
    assert [cue.text[s:e] for s, e, _ in cue.emphasis] == [
        "The Tale of Genji",
        "every word of it",
        "teacher",
        "all of it twice, slowly, over many long winter evenings in Kyoto",
    ]
    vtt = write_vtt(t)
    captions = list(webvtt.from_buffer(io.StringIO(vtt), format="vtt"))
    assert len(captions) >= 2  # runs are cut across lines and captions
    for c in captions:  # every caption's tags are balanced on its own
        raw = c.raw_text
        for tag in "ibu":
            assert raw.count(f"<{tag}>") == raw.count(f"</{tag}>"), raw
    assert "<i>The Tale of Genji</i>" in vtt and "<u>teacher</u>" in vtt
    back, problems = read_vtt(vtt, "out.vtt")
    assert problems == []
    joined = " ".join(c.text for c in back.cues)
    assert joined == cue.text
    srt_text = write_srt(t)
    subs = list(srt_lib.parse(srt_text))
    assert "<i>The Tale</i>\n<i>of Genji</i>" in subs[0].content  # closed and reopened per line
    srt_back, _ = read_srt(srt_text, "out.srt")
    assert " ".join(c.text for c in srt_back.cues) == cue.text
    assert sum(len(c.emphasis) for c in srt_back.cues) >= 4
    html = lxml.html.document_fromstring(write_html(t).encode())
    assert [el.text_content() for el in html.iter("i", "b", "u")] == [
        "The Tale of Genji",
        "every word of it",
        "teacher",
        "all of it twice, slowly, over many long winter evenings in Kyoto",
    ]
    body = json.loads(write_podcast_json(t))["segments"][0]["body"]
    assert body == cue.text and "<" not in write_plain(t)


# --- Chinese and Japanese: lines break at phrase boundaries (BudouX) ----------------------

JA_TEXT = (
    "引きこもりとは、仕事や学校に行かず、家族以外の人とほとんど交流せずに、"
    "六か月以上続けて自宅にひきこもっている状態のことです。日本には百万人以上いると言われています。"
)
ZH_TEXT = "今天是晴天。我们去公园散步吧。他说：这个问题很难回答，但是我们应该努力。"


@pytest.mark.parametrize(("text", "lang"), [(JA_TEXT, "ja"), (ZH_TEXT, "zh")])
def test_cjk_lines_break_only_at_budoux_phrase_boundaries(text: str, lang: str) -> None:
    import budoux

    parser = (
        budoux.load_default_japanese_parser()
        if lang == "ja"
        else budoux.load_default_simplified_chinese_parser()
    )
    boundaries, at = {0}, 0
    for phrase in parser.parse(text):
        at += len(phrase)
        boundaries.add(at)
    t = Transcript((Cue(0, 20_000, "Ana", text),))
    for out, fmt in ((write_vtt(t), "vtt"), (write_srt(t), "srt")):
        if fmt == "vtt":
            lines = [
                line.split(">", 1)[-1]
                for c in webvtt.from_buffer(io.StringIO(out), format="vtt")
                for line in c.raw_text.split("\n")
            ]
        else:
            lines = [
                line.removeprefix("Ana: ")
                for s in srt_lib.parse(out)
                for line in s.content.split("\n")
            ]
        assert "".join(lines) == text
        pos = 0
        for line in lines:
            pos += len(line)
            assert pos in boundaries, (line, fmt)  # every line ends at a phrase end
        assert len(lines) >= 3
