"""Transcript readers: paired fixtures, exact messages for bad input, strictness."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import srt as srt_lib
import webvtt
from transcript_support import SAMPLE_TXT, SAMPLE_VTT, SOURCES, expected_cues, read

from spotlight_feed.transcript import READERS, read_transcript
from spotlight_feed.transcript.podcast_json import read_podcast_json
from spotlight_feed.transcript.srt import read_srt
from spotlight_feed.transcript.vtt import read_vtt


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_fixture_reads_to_its_paired_cues(source: Path) -> None:
    assert list(read(source).cues) == expected_cues(source)


def test_every_source_format_has_a_fixture() -> None:
    assert {p.suffix for p in SOURCES} == set(READERS)


def test_sample_vtt_matches_the_plain_script_and_the_turn_timings() -> None:
    import json

    timed = read(SAMPLE_VTT)
    plain = read(SAMPLE_TXT)
    turns = json.loads((SAMPLE_VTT.parents[2] / "media" / "always-alone.turns.json").read_text())
    assert timed.timed and not plain.timed
    assert [(c.speaker, c.text.split()) for c in timed.cues] == [
        (c.speaker, c.text.split()) for c in plain.cues
    ]
    assert [(c.speaker, c.start_ms, c.end_ms) for c in timed.cues] == [
        (t["speaker"], t["start_ms"], t["end_ms"]) for t in turns
    ]
    assert timed.speakers == [f"Voice {n}" for n in range(1, 7)]


def test_sample_vtt_agrees_with_webvtt_py() -> None:
    ours = read(SAMPLE_VTT)
    theirs = webvtt.read(str(SAMPLE_VTT)).captions
    assert [
        (c.voice, c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) for c in theirs
    ] == [(c.speaker, c.start_ms, c.end_ms) for c in ours.cues]
    assert [c.text.split() for c in theirs] == [c.text.split() for c in ours.cues]


# --- bad transcripts: every message exactly --------------------------------------------

VTT_HEAD = "WEBVTT\n\n"


def problems(reader, text: str, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in reader(text, name)[1]]


BAD_VTT = {
    "malformed timestamp": (
        VTT_HEAD + "00:00:01,000 --> 00:00:02.000\n<v A>Hi.\n",
        ["x.vtt:3: cue 1: malformed timestamp '00:00:01,000' (expected HH:MM:SS.mmm or MM:SS.mmm)"],
    ),
    "short timestamp field": (
        VTT_HEAD + "0:0:1.5 --> 00:02.000\n<v A>Hi.\n",
        ["x.vtt:3: cue 1: malformed timestamp '0:0:1.5' (expected HH:MM:SS.mmm or MM:SS.mmm)"],
    ),
    "minutes over 59": (
        VTT_HEAD + "00:61.000 --> 01:02.000\n<v A>Hi.\n",
        ["x.vtt:3: cue 1: malformed timestamp '00:61.000' (expected HH:MM:SS.mmm or MM:SS.mmm)"],
    ),
    "malformed timing line": (
        VTT_HEAD + "00:01.000 -> 00:02.000 -->\n<v A>Hi.\n",
        [
            "x.vtt:3: cue 1: malformed timing line '00:01.000 -> 00:02.000 -->' "
            "(expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm')"
        ],
    ),
    "overlapping cues": (
        VTT_HEAD + "00:01.000 --> 00:02.000\n<v A>Hi.\n\n00:01.500 --> 00:03.000\n<v B>Yo.\n",
        [
            "x.vtt:6: cue 2: starts at 00:00:01.500, before cue 1 ends (00:00:02.000); "
            "cues must be in time order without overlap"
        ],
    ),
    "backwards cue": (
        VTT_HEAD + "00:02.000 --> 00:01.000\n<v A>Hi.\n",
        ["x.vtt:3: cue 1: ends at 00:00:01.000, before it starts (00:00:02.000)"],
    ),
    "zero-length cue": (
        VTT_HEAD + "00:02.000 --> 00:02.000\n<v A>Hi.\n",
        ["x.vtt:3: cue 1: ends when it starts (00:00:02.000); a cue needs a duration"],
    ),
    "empty cue": (
        VTT_HEAD + "00:01.000 --> 00:02.000\n<v A></v>\n\n00:03.000 --> 00:04.000\n",
        ["x.vtt:3: cue 1: has no text (empty cue)", "x.vtt:6: cue 2: has no text (empty cue)"],
    ),
    "no header": (
        "00:01.000 --> 00:02.000\n<v A>Hi.\n",
        ["x.vtt:1: expected 'WEBVTT' on the first line, got '00:01.000 --> 00:02.000'"],
    ),
    "no blank line after header": (
        "WEBVTT\n00:01.000 --> 00:02.000\n<v A>Hi.\n",
        ["x.vtt:2: a cue timing line in the header; put an empty line after the 'WEBVTT' line"],
    ),
    "missing blank line between cues": (
        VTT_HEAD + "00:01.000 --> 00:02.000\n<v A>Hi.\n00:02.000 --> 00:03.000\n<v B>Yo.\n",
        [
            "x.vtt:5: cue 1: a timing line inside the cue text; separate cues with an empty "
            "line (or write '--&gt;' for a literal arrow)"
        ],
    ),
    "text without timing": (
        VTT_HEAD + "00:01.000 --> 00:02.000\n<v A>Hi.\n\nstray words\nmore words\n",
        [
            "x.vtt:6: cue 2: expected a cue timing line ('00:00:01.000 --> 00:00:04.000'), "
            "got 'stray words'"
        ],
    ),
    "unknown tag": (
        VTT_HEAD + "00:01.000 --> 00:02.000\n<v A>I <3 you> too.\n",
        ["x.vtt:3: cue 1: unknown tag '<3 you>' in the cue text (write &lt; for a literal '<')"],
    ),
    "unescaped less-than": (
        VTT_HEAD + "00:01.000 --> 00:02.000\n<v A>3 < 4\n",
        ["x.vtt:3: cue 1: unescaped '<' in the cue text (write &lt; for a literal '<')"],
    ),
    "two voices in one cue": (
        VTT_HEAD + "00:01.000 --> 00:02.000\n<v A>Hi.</v> <v B>Yo.</v>\n",
        ["x.vtt:3: cue 1: has voices 'A' and 'B'; give each speaker their own cue"],
    ),
    "voice without name": (
        VTT_HEAD + "00:01.000 --> 00:02.000\n<v>Hi.\n",
        ["x.vtt:3: cue 1: voice span '<v>' has no speaker name"],
    ),
    "no cues": (VTT_HEAD + "NOTE nothing here\n", ["x.vtt: the transcript has no cues"]),
    "cues keep their numbers after a bad one": (
        VTT_HEAD + "00:01.000 -> 00:02.000 -->\n<v A>Hi.\n\n"
        "00:03.000 --> 00:04.000\n<v A>Yo.\n\n00:03.500 --> 00:05.000\n<v A>Hey.\n",
        [
            "x.vtt:3: cue 1: malformed timing line '00:01.000 -> 00:02.000 -->' "
            "(expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm')",
            "x.vtt:9: cue 3: starts at 00:00:03.500, before cue 2 ends (00:00:04.000); "
            "cues must be in time order without overlap",
        ],
    ),
    "cue swallowed by a note": (
        VTT_HEAD + "NOTE a comment\n00:01.000 --> 00:02.000\n<v A>Hi.\n",
        ["x.vtt:4: cue 1: a cue timing line inside a NOTE block; put an empty line before the cue"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_VTT), ids=str)
def test_bad_vtt_message(case: str) -> None:
    text, expected = BAD_VTT[case]
    assert problems(read_vtt, text, "x.vtt") == expected


SRT_CUE = "1\n00:00:01,000 --> 00:00:02,000\nA: Hi.\n\n"

BAD_SRT = {
    "malformed timestamp": (
        "1\n00:00:01.000 --> 00:00:02,000\nA: Hi.\n",
        ["x.srt:2: cue 1: malformed timestamp '00:00:01.000' (expected HH:MM:SS,mmm)"],
    ),
    "malformed timing line": (
        "1\n00:00:01,000 => 00:00:02,000\nA: Hi.\n",
        [
            "x.srt:2: cue 1: malformed timing line '00:00:01,000 => 00:00:02,000' "
            "(expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm')"
        ],
    ),
    "overlapping cues": (
        SRT_CUE + "2\n00:00:01,999 --> 00:00:03,000\nB: Yo.\n",
        [
            "x.srt:6: cue 2: starts at 00:00:01.999, before cue 1 ends (00:00:02.000); "
            "cues must be in time order without overlap"
        ],
    ),
    "backwards cue": (
        "1\n00:00:05,000 --> 00:00:04,000\nA: Hi.\n",
        ["x.srt:2: cue 1: ends at 00:00:04.000, before it starts (00:00:05.000)"],
    ),
    "empty cue": (
        SRT_CUE + "2\n00:00:03,000 --> 00:00:04,000\n<i></i>\n",
        ["x.srt:6: cue 2: has no text (empty cue)"],
    ),
    "no cue number": (
        "00:00:01,000 --> 00:00:02,000\nA: Hi.\n",
        ["x.srt:1: cue 1: expected the cue number 1, got '00:00:01,000 --> 00:00:02,000'"],
    ),
    "missing blank line between cues": (
        "1\n00:00:01,000 --> 00:00:02,000\nA: Hi.\n2\n00:00:02,000 --> 00:00:03,000\nYo.\n",
        ["x.srt:5: cue 1: a timing line inside the cue text; separate cues with a blank line"],
    ),
    "no cues": ("\n\n", ["x.srt: the transcript has no cues"]),
    "cues keep their numbers after a bad one": (
        "1\n00:00:01.000 --> 00:00:02,000\nA: Hi.\n\n2\n00:00:03,000 --> 00:00:02,000\nYo.\n",
        [
            "x.srt:2: cue 1: malformed timestamp '00:00:01.000' (expected HH:MM:SS,mmm)",
            "x.srt:6: cue 2: ends at 00:00:02.000, before it starts (00:00:03.000)",
        ],
    ),
}


@pytest.mark.parametrize("case", list(BAD_SRT), ids=str)
def test_bad_srt_message(case: str) -> None:
    text, expected = BAD_SRT[case]
    assert problems(read_srt, text, "x.srt") == expected


SHAPE = (
    'unknown JSON shape: expected a Podcasting 2.0 transcript: an object with "version" and a '
    '"segments" list of {"speaker", "startTime", "endTime", "body"}, got '
)

BAD_JSON = {
    "not json": (
        '{"segments": [\n  {"body": "a",}\n]}',
        ["x.json:2: not valid JSON: Expecting property name enclosed in double quotes (column 16)"],
    ),
    "a list": ('[{"body": "a"}]', [f"x.json:1: {SHAPE}a list"]),
    "no segments": (
        '{"version": "1.0.0", "cues": []}',
        [f'x.json:1: {SHAPE}an object without a "segments" list'],
    ),
    "segments not a list": (
        '{"segments": {"body": "a"}}',
        [f'x.json:1: {SHAPE}an object whose "segments" is an object'],
    ),
    "segment not an object": (
        '{"segments": [\n"hello"\n]}',
        ['x.json:2: segments[0]: unknown JSON shape: expected an object with "body", got text'],
    ),
    "body missing and wrong types": (
        '{"segments": [\n{"speaker": "A", "startTime": 1, "endTime": 2},\n'
        '{"speaker": 3, "startTime": "0:03", "endTime": 4, "body": 5}\n]}',
        [
            "x.json:2: segments[0].body: expected text, got nothing",
            "x.json:3: segments[1].body: expected text, got a number",
            "x.json:3: segments[1].speaker: expected text, got a number",
            "x.json:3: segments[1].startTime: expected seconds as a number, got text '0:03'",
        ],
    ),
    "negative time": (
        '{"segments": [{"startTime": -1, "endTime": 2, "body": "a"}]}',
        ["x.json:1: segments[0].startTime: expected seconds from the start (0 or more), got -1"],
    ),
    "overlap and backwards": (
        '{"segments": [\n{"startTime": 1, "endTime": 3, "body": "a"},\n'
        '{"startTime": 2.5, "endTime": 2, "body": "b"}\n]}',
        [
            "x.json:3: segments[1]: ends at 00:00:02.000, before it starts (00:00:02.500)",
            "x.json:3: segments[1]: starts at 00:00:02.500, before segments[0] ends "
            "(00:00:03.000); cues must be in time order without overlap",
        ],
    ),
    "mixed timed and untimed": (
        '{"segments": [\n{"startTime": 1, "endTime": 3, "body": "a"},\n{"body": "b"}\n]}',
        ["x.json:3: segments[1].startTime: missing, but other segments are timed"],
    ),
    "last endTime missing": (
        '{"segments": [\n{"startTime": 1, "body": "a"}\n]}',
        [
            "x.json:2: segments[0].endTime: missing on the last segment (give the time the "
            "speech ends)"
        ],
    ),
    "empty body": (
        '{"segments": [\n{"speaker": "A", "body": "  \\n"}\n]}',
        ["x.json:2: segments[0]: has no text (empty cue)"],
    ),
    "segments keep their index after a bad one": (
        '{"segments": [\n7,\n{"startTime": 2, "endTime": 1, "body": "b"}\n]}',
        [
            'x.json:2: segments[0]: unknown JSON shape: expected an object with "body", got '
            "a number",
            "x.json:3: segments[1]: ends at 00:00:01.000, before it starts (00:00:02.000)",
        ],
    ),
    "no segments at all": (
        '{"version": "1.0.0", "segments": []}',
        ["x.json:1: segments: the transcript has no segments"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_JSON), ids=str)
def test_bad_json_message(case: str) -> None:
    text, expected = BAD_JSON[case]
    assert sorted(problems(read_podcast_json, text, "x.json")) == sorted(expected)


def test_unsupported_suffix_and_bad_encoding(tmp_path: Path) -> None:
    doc = tmp_path / "t.docx"
    doc.write_text("x")
    assert [str(p) for p in read_transcript(doc, "t.docx")[1]] == [
        "t.docx: unsupported transcript format (known: .json, .srt, .txt, .vtt)"
    ]
    latin = tmp_path / "t.vtt"
    latin.write_bytes("WEBVTT\n\n00:01.000 --> 00:02.000\ncafé\n".encode("latin-1"))
    assert [str(p) for p in read_transcript(latin, "t.vtt")[1]] == [
        "t.vtt: not UTF-8 text (invalid continuation byte)"
    ]


# --- stricter than the well-kept parsers (why we do not delegate to them) ---------------


def test_webvtt_py_silently_drops_what_we_report() -> None:
    text = (
        VTT_HEAD
        + "00:00:01,000 --> 00:00:02.000\n<v A>Lost.\n\n00:03.000 --> 00:04.000\n<v B>Kept.\n"
    )
    assert [c.text for c in webvtt.from_buffer(io.StringIO(text)).captions] == ["Kept."]
    assert problems(read_vtt, text, "x.vtt") != []


def test_webvtt_py_accepts_short_fields_and_overlaps_we_reject() -> None:
    for case in ("short timestamp field", "overlapping cues", "backwards cue"):
        text = BAD_VTT[case][0]
        webvtt.from_buffer(io.StringIO(text))  # no error
        assert problems(read_vtt, text, "x.vtt") == BAD_VTT[case][1]


def test_srt_lib_accepts_what_we_report() -> None:
    for case in ("malformed timestamp", "overlapping cues", "backwards cue"):
        text = BAD_SRT[case][0]
        assert list(srt_lib.parse(text))  # parsed without complaint
        assert problems(read_srt, text, "x.srt") == BAD_SRT[case][1]
