"""Podcasting 2.0 JSON transcripts (``application/json``): reader and writer.

Shape (podcast-namespace ``docs/examples/transcripts/transcripts.md``, docs/sources.md
§2.3): an object with ``version`` (``"1.0.0"``) and ``segments``, a list of objects
with ``speaker`` (text), ``startTime`` and ``endTime`` (seconds, numbers) and
``body`` (text). ``endTime`` is "if available": a missing one ends where the next
segment starts. Segments without times make an untimed transcript (every segment
must then be untimed). Granularity is free (word-level or turn-level).

Problems name the line of the segment and its index (``segments[3].startTime``).
"""

from __future__ import annotations

import json
import json.encoder
import math
from collections.abc import Callable
from typing import Any

from ..errors import Problem
from .checks import check_cues
from .emphasis import strip_markers
from .model import Cue, Transcript
from .words import normalise

MIME = "application/json"
VERSION = "1.0.0"

SHAPE = (
    'expected a Podcasting 2.0 transcript: an object with "version" and a "segments" list '
    'of {"speaker", "startTime", "endTime", "body"}'
)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


MAX_SECONDS = 4_294_967
"""Times beyond 32-bit milliseconds (about 1193 hours) are refused: no player needs them, and
a number such as ``1e306`` or a 400-digit integer must not reach integer conversions."""


def _shown(value: float) -> str:
    """*value* for a message; a number too long to print is described instead."""
    if isinstance(value, int) and not -(10**24) < value < 10**24:
        return "a number of more than 24 digits"
    return repr(value)


def read_podcast_json(text: str, source: str) -> tuple[Transcript, list[Problem]]:
    """Parse a Podcasting 2.0 JSON transcript; every segment becomes one cue."""
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        return Transcript((), source), [
            Problem(source, exc.lineno, "", f"not valid JSON: {exc.msg} (column {exc.colno})")
        ]
    except RecursionError:
        return Transcript((), source), [
            Problem(source, 1, "", f"unknown JSON shape: nested far too deeply; {SHAPE}")
        ]
    except ValueError as exc:  # an integer of more than 4300 digits (CPython's limit)
        return Transcript((), source), [Problem(source, 1, "", f"not valid JSON: {exc}")]
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        got = _kind(data)
        if isinstance(data, dict):
            got = (
                'an object without a "segments" list'
                if "segments" not in data
                else f'an object whose "segments" is {_kind(data["segments"])}'
            )
        return Transcript((), source), [
            Problem(source, 1, "", f"unknown JSON shape: {SHAPE}, got {got}")
        ]
    problems: list[Problem] = []
    version = data.get("version")
    if version is not None and not isinstance(version, str):
        problems.append(
            Problem(source, 1, "version", f'expected text such as "1.0.0", got {version!r}')
        )
    lines = _segment_lines(text.removeprefix("\ufeff"))
    segments: list[Any] = data["segments"]
    raw: list[tuple[int, int, str | None, str, float | None, float | None]] = []
    for i, seg in enumerate(segments):
        line = lines[i] if i < len(lines) else 1
        name = f"segments[{i}]"
        if not isinstance(seg, dict):
            problems.append(
                Problem(
                    source,
                    line,
                    name,
                    f'unknown JSON shape: expected an object with "body", got {_kind(seg)}',
                )
            )
            continue
        body = seg.get("body")
        speaker = seg.get("speaker")
        ok = True
        if not isinstance(body, str):
            got = "nothing" if "body" not in seg else _kind(body)
            problems.append(Problem(source, line, f"{name}.body", f"expected text, got {got}"))
            ok = False
        if speaker is not None and not isinstance(speaker, str):
            problems.append(
                Problem(source, line, f"{name}.speaker", f"expected text, got {_kind(speaker)}")
            )
            ok = False
        times: list[float | None] = []
        for key in ("startTime", "endTime"):
            value = seg.get(key)
            if value is None:
                times.append(None)
            elif isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(
                    Problem(
                        source,
                        line,
                        f"{name}.{key}",
                        f"expected seconds as a number, got {_kind(value)} {value!r}",
                    )
                )
                ok = False
            elif value > MAX_SECONDS:
                problems.append(
                    Problem(
                        source,
                        line,
                        f"{name}.{key}",
                        f"expected seconds from the start, at most {MAX_SECONDS} (about 1193 "
                        f"hours), got {_shown(value)}",
                    )
                )
                ok = False
            elif value < 0 or not math.isfinite(value):
                problems.append(
                    Problem(
                        source,
                        line,
                        f"{name}.{key}",
                        f"expected seconds from the start (0 or more), got {_shown(value)}",
                    )
                )
                ok = False
            else:
                times.append(float(value))
        if ok:
            if isinstance(speaker, str):  # this tool's emphasis markers are never text
                speaker = strip_markers(speaker)
            spk = normalise(speaker) if isinstance(speaker, str) and normalise(speaker) else None
            raw.append((i, line, spk, normalise(strip_markers(str(body))), times[0], times[1]))
    cues, index = _timed(raw, source, problems)
    if not cues and not problems:
        problems.append(Problem(source, 1, "segments", "the transcript has no segments"))
    problems += check_cues(cues, source, lambda n: f"segments[{index[n - 1]}]")
    return Transcript(tuple(cues), source), problems


def _timed(
    raw: list[tuple[int, int, str | None, str, float | None, float | None]],
    source: str,
    problems: list[Problem],
) -> tuple[list[Cue], list[int]]:
    """Cues with times in ms, and the segment index of each cue.

    A missing ``endTime`` is the next segment's ``startTime``.
    """
    timed = any(start is not None for _, _, _, _, start, _ in raw)
    cues: list[Cue] = []
    index: list[int] = []
    for k, (i, line, speaker, body, start, end) in enumerate(raw):
        if not timed:
            if end is not None:
                problems.append(
                    Problem(
                        source,
                        line,
                        f"segments[{i}].startTime",
                        "missing (the segment has an endTime)",
                    )
                )
            cues.append(Cue(None, None, speaker, body, line))
            index.append(i)
            continue
        if start is None:
            problems.append(
                Problem(
                    source,
                    line,
                    f"segments[{i}].startTime",
                    "missing, but other segments are timed",
                )
            )
            continue
        if end is None:
            following = raw[k + 1][4] if k + 1 < len(raw) else None
            if following is None:
                problems.append(
                    Problem(
                        source,
                        line,
                        f"segments[{i}].endTime",
                        "missing on the last segment (give the time the speech ends)",
                    )
                )
                continue
            end = following
        cues.append(Cue(_ms(start), _ms(end), speaker, body, line))
        index.append(i)
    return cues, index


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _segment_lines(text: str) -> list[int]:
    """1-based line of each element of the top-level ``segments`` list."""
    decoder = json.JSONDecoder()
    pos = _skip(text, 0)
    if text[pos : pos + 1] != "{":
        return []
    pos = _skip(text, pos + 1)
    while pos < len(text) and text[pos] != "}":
        key, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, _skip(text, pos) + 1)  # past ':'
        if key == "segments" and text[pos : pos + 1] == "[":
            starts: list[int] = []
            pos = _skip(text, pos + 1)
            while pos < len(text) and text[pos] != "]":
                starts.append(text.count("\n", 0, pos) + 1)
                _, pos = decoder.raw_decode(text, pos)
                pos = _skip(text, pos)
                if text[pos : pos + 1] == ",":
                    pos = _skip(text, pos + 1)
            return starts
        _, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text[pos : pos + 1] == ",":
            pos = _skip(text, pos + 1)
    return []


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _seconds(ms: int) -> float | int:
    return ms // 1000 if ms % 1000 == 0 else ms / 1000


def write_podcast_json(transcript: Transcript) -> str:
    """Write the Podcasting 2.0 JSON transcript: one segment per cue.

    Timed cues carry ``startTime``/``endTime`` in seconds (millisecond precision);
    an untimed transcript writes segments without times.
    """
    segments: list[dict[str, Any]] = []
    for cue in transcript.cues:
        seg: dict[str, Any] = {}
        name = normalise(cue.speaker) if cue.speaker else ""
        if name:
            seg["speaker"] = name
        if cue.start_ms is not None and cue.end_ms is not None:
            seg["startTime"] = _seconds(cue.start_ms)
            seg["endTime"] = _seconds(cue.end_ms)
        seg["body"] = cue.text  # normalised by its reader
        segments.append(seg)
    return _indented(segments)


def _indented(segments: list[dict[str, Any]]) -> str:
    """``json.dumps({"version": VERSION, "segments": segments}, ensure_ascii=False, indent=2)``.

    With ``indent`` the standard library encodes in pure Python, a tenth of the episode
    stage's transcript writing (issue #18); segments are flat (strings and numbers), so
    each value is encoded alone by the C encoder and the indentation written here: the
    same text.
    """
    if not segments:
        return json.dumps({"version": VERSION, "segments": []}, indent=2) + "\n"
    value = _value
    items = ",\n".join(
        "    {\n" + ",\n".join(f"      {value(k)}: {value(v)}" for k, v in seg.items()) + "\n    }"
        if seg
        else "    {}"
        for seg in segments
    )
    return f'{{\n  "version": {value(VERSION)},\n  "segments": [\n{items}\n  ]\n}}\n'


def _value(v: object) -> str:
    """One JSON value as ``json.dumps(v, ensure_ascii=False)`` writes it."""
    if type(v) is str:
        return _encode_str(v)
    if type(v) is int:  # not bool: json writes true/false
        return int.__repr__(v)
    if type(v) is float and math.isfinite(v):
        return float.__repr__(v)
    return json.dumps(v, ensure_ascii=False)


_encode_str: Callable[[str], str] = json.encoder.encode_basestring
