"""Helpers shared by the transcript tests: fixtures, readers by format, comparisons."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import lxml.html

from spotlight_feed.transcript import READERS
from spotlight_feed.transcript.html_transcript import write_html
from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.transcript.plain import write_plain
from spotlight_feed.transcript.podcast_json import write_podcast_json
from spotlight_feed.transcript.srt import write_srt
from spotlight_feed.transcript.style import NETFLIX
from spotlight_feed.transcript.vtt import write_vtt
from spotlight_feed.transcript.words import join_lines, normalise

DATA = Path(__file__).parent / "data" / "transcripts"
REPO = Path(__file__).resolve().parents[1]
SAMPLE_VTT = REPO / "episodes" / "always-alone" / "transcript.vtt"
SAMPLE_TXT = REPO / "episodes" / "always-alone" / "transcript.txt"

SOURCES = sorted(p for p in DATA.iterdir() if not p.name.endswith(".cues.json"))
"""Every paired fixture source (``case.ext`` next to ``case.cues.json``)."""

WRITERS = {
    "vtt": write_vtt,
    "srt": write_srt,
    "json": write_podcast_json,
    "html": write_html,
    "txt": write_plain,
}
TIMED_ONLY = {"vtt", "srt"}


def expected_cues(source: Path) -> list[Cue]:
    """The cues a fixture's ``.cues.json`` says its reader must produce."""
    pair = source.with_name(source.name.split(".")[0] + ".cues.json")
    cues = json.loads(pair.read_text(encoding="utf-8"))
    for c in cues:
        c["emphasis"] = tuple(tuple(span) for span in c.get("emphasis", ()))
        c["marks"] = tuple(tuple(mark) for mark in c.get("marks", ()))
    return [Cue(**c) for c in cues]


def read(path: Path) -> Transcript:
    """Read *path* with the project's reader; fail on any problem."""
    transcript, problems = READERS[path.suffix](path.read_text(encoding="utf-8-sig"), path.name)
    assert problems == [], [str(p) for p in problems]
    return transcript


def read_back(fmt: str, text: str) -> Transcript:
    """Read a writer's output with the project's reader for that format (HTML: lxml)."""
    if fmt == "html":
        return read_html(text)
    transcript, problems = READERS[f".{fmt}"](text, f"out.{fmt}")
    assert problems == [], [str(p) for p in problems]
    return transcript


def read_html(text: str) -> Transcript:
    """Turns from the ``<cite>``/``<time>``/``<p>`` convention, parsed by lxml."""
    body = lxml.html.document_fromstring(text.encode("utf-8")).body
    cues: list[Cue] = []
    speaker: str | None = None
    start: int | None = None
    for el in body:
        if el.tag == "cite":
            speaker = el.text_content().removesuffix(":")
        elif el.tag == "time":
            parts = [int(x) for x in el.text_content().split(":")]
            start = 0
            for part in parts:
                start = start * 60 + part
            start *= 1000
        elif el.tag == "p":
            cues.append(Cue(start, None, speaker, el.text_content()))
            speaker, start = None, None
    return Transcript(tuple(cues))


def words(text: str) -> list[str]:
    return normalise(text).split(" ")


def all_words(t: Transcript) -> list[str]:
    """The words of the whole transcript, cues joined as readers join lines."""
    return words(join_lines([c.text for c in t.cues]))


def turns(t: Transcript) -> list[tuple[str | None, str]]:
    """(speaker, text) per run of one speaker."""
    out: list[tuple[str | None, list[str]]] = []
    for cue in t.cues:
        if out and out[-1][0] == cue.speaker:
            out[-1][1].append(cue.text)
        else:
            out.append((cue.speaker, [cue.text]))
    return [(speaker, join_lines(texts)) for speaker, texts in out]


def assert_covers(source: Transcript, out: Transcript) -> None:
    """*out* is *source* cut into captions: same speakers, words and cue spans.

    Every output cue lies inside one source cue; the output cues inside a source
    cue tile it (first start, last end no earlier than the style's gap before the cue's
    end, a gap of at most that between them) and their words joined are the source
    cue's words.
    """
    gap = NETFLIX.min_gap_ms
    rest = list(out.cues)
    for cue in source.cues:
        assert cue.start_ms is not None and cue.end_ms is not None
        group: list[Cue] = []
        while rest and rest[0].end_ms is not None and rest[0].end_ms <= cue.end_ms:
            group.append(rest.pop(0))
        assert group, f"no output cue inside {cue}"
        assert group[0].start_ms == cue.start_ms
        assert cue.end_ms - gap <= group[-1].end_ms <= cue.end_ms
        for a, b in itertools.pairwise(group):
            assert a.end_ms is not None and b.start_ms is not None
            assert 0 <= b.start_ms - a.end_ms <= gap
        for g in group:
            assert g.start_ms is not None and g.end_ms is not None
            assert g.start_ms < g.end_ms
            assert g.speaker == cue.speaker
        assert join_lines([g.text for g in group]) == normalise(cue.text)
    assert rest == []


def assert_same_cues(a: Transcript, b: Transcript) -> None:
    """Same times, speakers and words cue by cue (line numbers ignored)."""
    assert [(c.start_ms, c.end_ms, c.speaker, words(c.text)) for c in a.cues] == [
        (c.start_ms, c.end_ms, c.speaker, words(c.text)) for c in b.cues
    ]
