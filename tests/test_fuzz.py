"""Fuzzing: every reader of untrusted bytes gives a reported problem or a result, never an exception.

Issue #12. Each transcript reader, the YAML loader, the MP3 probe and the build-state
decoder run under hypothesis on inputs built from the fragments that broke them before
(timing lines with absurd numbers, aliases and merge keys, Xing headers with wild frame
counts, truncated frames) mixed with arbitrary text and bytes. The rule checked: the
function returns, and what it returns is either problems (each a ``Problem`` naming the
file) or a result. The example counts keep the whole file near 30 s on one core in CI;
``HYPOTHESIS_PROFILE=long`` runs 20 times more of each.
"""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spotlight_feed.errors import Problem
from spotlight_feed.transcript.model import Transcript
from spotlight_feed.transcript.plain import read_plain
from spotlight_feed.transcript.podcast_json import read_podcast_json
from spotlight_feed.transcript.srt import read_srt
from spotlight_feed.transcript.vtt import read_vtt
from spotlight_feed.yamlsrc import YamlDoc, load_yaml

SCALE = 20 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 1
FUZZ = settings(
    max_examples=150 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples in CI every time: a failure is reproducible
)

# --- transcripts -----------------------------------------------------------------------

NUMBER = st.one_of(
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(0, 10**50).map(str),
    st.sampled_from(["", "-1", "1e306", "NaN", "inf", "٣", "1" * 4400, "00", "99"]),
)
STAMP = st.builds(
    lambda h, m, s, ms, sep: f"{h}:{m}:{s}{sep}{ms}",
    NUMBER,
    NUMBER,
    NUMBER,
    NUMBER,
    st.sampled_from([".", ",", ":", ""]),
)
TIMING = st.builds(
    lambda a, b, rest: f"{a} --> {b}{rest}",
    STAMP,
    STAMP,
    st.sampled_from(["", " align:start", " -->"]),
)
LINE = st.one_of(
    TIMING,
    st.sampled_from(
        ["WEBVTT", "NOTE x", "STYLE", "1", "", "<v Host>Hi", "</v>", "Host: hi", "<i>x", "-->"]
    ),
    st.text(max_size=40),
)
CUE_TEXT = st.lists(LINE, max_size=30).map("\n".join)


def _ok(result: tuple[Transcript, list[Problem]], source: str) -> None:
    transcript, problems = result
    assert isinstance(transcript, Transcript)
    assert all(isinstance(p, Problem) and p.path == source for p in problems)
    for p in problems:
        str(p)  # every problem can be worded


@FUZZ
@given(CUE_TEXT)
def test_fuzz_read_vtt(text: str) -> None:
    _ok(read_vtt("WEBVTT\n\n" + text, "t.vtt"), "t.vtt")
    _ok(read_vtt(text, "t.vtt"), "t.vtt")


@FUZZ
@given(CUE_TEXT)
def test_fuzz_read_srt(text: str) -> None:
    _ok(read_srt(text, "t.srt"), "t.srt")


@FUZZ
@given(CUE_TEXT)
def test_fuzz_read_plain(text: str) -> None:
    _ok(read_plain(text, "t.txt"), "t.txt")


JSON_NUMBER = st.one_of(
    st.integers(-(10**400), 10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e306, -0.0, 2**63, True, None, "1.5"]),
)
JSON_VALUE = st.recursive(
    st.one_of(JSON_NUMBER, st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
SEGMENT = st.fixed_dictionaries(
    {},
    optional={
        "speaker": st.one_of(st.text(max_size=10), JSON_VALUE),
        "startTime": JSON_NUMBER,
        "endTime": JSON_NUMBER,
        "body": st.one_of(st.text(max_size=20), JSON_VALUE),
    },
)
JSON_DOC = st.one_of(
    st.builds(
        lambda segs, v: {"version": v, "segments": segs}, st.lists(SEGMENT, max_size=8), JSON_VALUE
    ),
    JSON_VALUE,
)


@FUZZ
@given(JSON_DOC, st.sampled_from(["", "[" * 5000, "\ufeff"]))
def test_fuzz_read_podcast_json(doc: object, prefix: str) -> None:
    text = json.dumps(doc, allow_nan=True)
    _ok(read_podcast_json(text, "t.json"), "t.json")
    _ok(read_podcast_json(prefix + text, "t.json"), "t.json")


# --- YAML -------------------------------------------------------------------------------

YAML_LINE = st.one_of(
    st.sampled_from(
        [
            "a: &a [1, 2, 3]",
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
            "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
            "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
            "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
            "r: &r [*r]",
            "m: &m {x: 1}",
            "<<: *m",
            "<<: [*m, *a]",
            "<<: 5",
            "n: {<<: *m, x: 2}",
            "? [1, 2]\n: x",
            "t: !!python/object/apply:os.system [echo]",
            "s: !!binary aGk=",
            "d: 2024-13-45T10:00:00Z",
            "x: .inf",
            "y: 0x_1",
            "- a",
            "  - b",
            "\t- c",
            "z: *undefined",
            "q: '\\x01'",
            'q: "\\x01\\u200b"',
            "---",
            "...",
        ]
    ),
    st.builds(lambda n: "k: " + "[" * n + "]" * n, st.integers(0, 1200)),
    st.builds(lambda n: "".join("  " * i + "-\n" for i in range(n)), st.integers(0, 80)),
    st.text(max_size=30),
)


@FUZZ
@given(st.lists(YAML_LINE, max_size=12).map("\n".join))
def test_fuzz_load_yaml(text: str) -> None:
    doc, problems = load_yaml(text, "x.yaml")
    assert doc is not None or problems
    assert doc is None or isinstance(doc, YamlDoc)
    assert all(isinstance(p, Problem) and p.path == "x.yaml" for p in problems)


# --- MP3 ---------------------------------------------------------------------------------


def _xing(frames: int, size: int, flags: int = 3, tag: bytes = b"Xing") -> bytes:
    """One MPEG-1 Layer III 128 kb/s 44.1 kHz frame (417 bytes) carrying a Xing/Info header."""
    header = b"\xff\xfb\x90\x64"
    body = bytearray(417 - 4)
    body[32 : 32 + 16] = (
        tag + struct.pack(">II", flags, frames & 0xFFFFFFFF) + struct.pack(">I", size & 0xFFFFFFFF)
    )
    return header + bytes(body)


@pytest.fixture(scope="module")
def tone_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from conftest import make_mp3

    path = tmp_path_factory.mktemp("fuzz") / "tone.mp3"
    make_mp3(path, 1.0)
    return path.read_bytes()


MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 20_000), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.integers(0, 20_000), st.just(0)),
    st.tuples(
        st.just("xing"), st.sampled_from([0, 1, 2**31, 2**32 - 1, 7]), st.integers(0, 2**32 - 1)
    ),
    st.tuples(st.just("id3"), st.integers(0, 2**28), st.just(0)),
    st.tuples(st.just("twice"), st.just(0), st.just(0)),
)


@settings(FUZZ, max_examples=100 * SCALE)
@given(st.lists(MUTATION, min_size=1, max_size=4), st.binary(max_size=64))
def test_fuzz_probe(
    tone_bytes: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    mutations: list[tuple[str, int, int]],
    junk: bytes,
) -> None:
    from spotlight_feed.audio.probe import AudioInfo, probe

    data = bytearray(tone_bytes)
    for kind, a, b in mutations:
        if kind == "flip" and data:
            data[a % len(data)] = b
        elif kind == "cut":
            del data[a % (len(data) + 1) :]
        elif kind == "xing":
            data[0:0] = _xing(a, b)
        elif kind == "id3":
            size = bytes((a >> s) & 0x7F for s in (21, 14, 7, 0))
            data[0:0] = b"ID3\x03\x00\x00" + size
        elif kind == "twice":
            data += tone_bytes
    path = Path(tmp_path_factory.mktemp("p")) / "x.mp3"
    path.write_bytes(bytes(data) + junk)
    info, problems = probe(path, "media/x.mp3")
    assert (info is None) == bool(problems)
    assert info is None or (isinstance(info, AudioInfo) and info.duration_ms >= 0)
    assert all(p.path == "media/x.mp3" for p in problems)


# --- the build state -------------------------------------------------------------------


@FUZZ
@given(
    st.one_of(
        JSON_VALUE.map(lambda v: json.dumps(v, allow_nan=True).encode()),
        st.builds(
            lambda inputs, eps: json.dumps(
                {
                    "format": "spotlight-feed-state/1",
                    "version": 1,
                    "env": "e",
                    "inputs": inputs,
                    "dist": {},
                    "episodes": eps,
                    "episode_count": 1,
                },
                allow_nan=True,
            ).encode(),
            st.dictionaries(st.text(max_size=5), JSON_VALUE, max_size=3),
            st.dictionaries(st.text(max_size=5), JSON_VALUE, max_size=3),
        ),
        st.binary(max_size=60),
    )
)
def test_fuzz_decode_state(data: bytes) -> None:
    from spotlight_feed.release.records import BuildState
    from spotlight_feed.release.statejson import StateError, decode_state

    try:
        state = decode_state(data)
    except StateError:
        return
    assert isinstance(state, BuildState)
