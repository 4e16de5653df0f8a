"""Property tests: any cue list survives every writer and its reader."""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from transcript_support import (
    WRITERS,
    all_words,
    assert_covers,
    assert_same_cues,
    read_back,
    turns,
)

from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.transcript.srt import write_srt
from spotlight_feed.transcript.vtt import write_vtt
from spotlight_feed.transcript.words import normalise

SPECIAL = [
    "-->",
    "--&gt;",
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;",
    "&nbsp;",
    "<v X>",
    "</v>",
    "<c.x>",
    "<00:00:01.000>",
    "Q&A",
    "a<b>c",
    "日本語の文章です。",
    "中文，标点",
    "שָׁלוֹם",
    "مرحبا بالعالم",
    "\u200f",
    "Name:",
    "Note:",
    "12:30",
    "00:00:01,000",
    "00:00:01.000",
    "…",
    "“quoted”",
    "—",
    "1",
    "NOTE",
    "WEBVTT",
]
SEPARATORS = [" ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u3000", " \n "]
SPEAKERS = ["Ana", "Ben Okafor", "Émile Zola (quoted)", "李小龍", "מרים כהן", "A & B <x>"]
SRT_TAG = re.compile(r"</?(?:i|b|u)>|<font(?:\s[^>]*)?>|</font>", re.I)

token = st.one_of(
    st.sampled_from(SPECIAL),
    # long runs of Chinese/Japanese without spaces (captions break between characters)
    st.text(
        alphabet=st.sampled_from("日本語の文章です。、「」（）漢字かなカナっー中文，！？😀"),
        max_size=120,
    ),
    st.text(
        alphabet=st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
        min_size=1,
        max_size=14,
    ),
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    toks = draw(st.lists(token, min_size=1, max_size=40))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(toks), max_size=len(toks)))
    text = "".join(t + s for t, s in zip(toks, seps, strict=True))
    assume(normalise(text))
    # A cue's text as a reader makes it: normalised once, at read time, and taken as it
    # is by the writers (transcript/model.py, issue #18); that the readers normalise such
    # raw text is tests/test_normalise_once.py.
    return normalise(text)


@st.composite
def transcripts(
    draw: st.DrawFn, timed: bool = True, speakers: list[str | None] | None = None
) -> Transcript:
    n = draw(st.integers(1, 6))
    t = draw(st.integers(0, 3_600_000))
    cues = []
    for _ in range(n):
        start = t + draw(st.integers(0, 3000))
        end = start + draw(st.integers(1, 40_000))
        speaker = draw(st.sampled_from(speakers or SPEAKERS))
        text = draw(texts())
        cues.append(Cue(start, end, speaker, text) if timed else Cue(None, None, speaker, text))
        t = end
    return Transcript(tuple(cues))


def published(t: Transcript) -> Transcript:
    """What every format must carry: the normalised words and names."""
    return Transcript(
        tuple(
            Cue(
                c.start_ms, c.end_ms, normalise(c.speaker) if c.speaker else None, normalise(c.text)
            )
            for c in t.cues
        )
    )


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(transcripts())
def test_timed_write_then_read(t: Transcript) -> None:
    expected = published(t)
    for fmt, writer in WRITERS.items():
        if fmt == "srt":
            assume(not any(SRT_TAG.search(c.text) for c in expected.cues))
        back = read_back(fmt, writer(t))  # asserts the reader reports no problem
        assert all_words(back) == all_words(expected), fmt
        if fmt in ("vtt", "srt"):
            assert_covers(expected, back)
        elif fmt == "json":
            assert_same_cues(back, expected)
        else:
            assert turns(back) == turns(expected), fmt


@FAST
@given(transcripts())
def test_unsplit_captions_round_trip_exactly(t: Transcript) -> None:
    expected = published(t)
    assert_same_cues(read_back("vtt", write_vtt(t, split=False)), expected)
    assume(not any(SRT_TAG.search(c.text) for c in expected.cues))
    assert_same_cues(read_back("srt", write_srt(t, split=False)), expected)


@FAST
@given(transcripts(timed=False))
def test_untimed_write_then_read(t: Transcript) -> None:
    expected = published(t)
    for fmt in ("json", "html", "txt"):
        back = read_back(fmt, WRITERS[fmt](t))
        if fmt == "json":
            assert_same_cues(back, expected)
        assert turns(back) == turns(expected), fmt


@FAST
@given(transcripts())
def test_captions_are_short_and_ordered(t: Transcript) -> None:
    vtt = read_back("vtt", write_vtt(t))
    srt = read_back("srt", write_srt(t))
    for back in (vtt, srt):
        ends = [(c.start_ms, c.end_ms) for c in back.cues]
        assert all(a is not None and b is not None and a < b for a, b in ends)
        assert all((p[1] or 0) <= (q[0] or 0) for p, q in itertools.pairwise(ends))
    for block in write_vtt(t).split("\n\n")[1:]:
        lines = block.strip("\n").split("\n")[1:]
        assert len(lines) <= 2


@FAST
@given(transcripts(speakers=[None, "Ana"]))
def test_cues_without_a_speaker_survive_vtt_and_json(t: Transcript) -> None:
    # SRT and plain text can only name speakers; WebVTT and JSON can also leave them out.
    expected = published(t)
    assert_covers(expected, read_back("vtt", write_vtt(t)))
    assert_same_cues(read_back("json", WRITERS["json"](t)), expected)
