"""SubRip (``application/x-subrip``): a strict reader and the caption writer.

Format (spec-notes §2.4): numbered cues separated by blank lines; a timing line
``HH:MM:SS,mmm --> HH:MM:SS,mmm`` (comma before the milliseconds); the text. The
podcast convention names the speaker only in text: a new cue starts at every
speaker change and its first line begins with ``Name: ``; cues without a prefix
continue the previous speaker. Lines are short: at most 2 of 32 characters.

SRT has no escaping. ``<i> <b> <u> <font>`` are formatting tags to players and are
dropped on reading; any other text is literal. A continuation cue whose text
itself starts like a ``Name:`` prefix gets the speaker's name repeated so it reads
back unchanged.

The reader is stricter than the ``srt`` package (which accepts ``.`` or ``:``
before milliseconds, one-digit fields and cues in any order): each deviation is a
:class:`~spotlight_feed.errors.Problem` with the line and the cue number.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..timefmt import hms
from .checks import check_cues, cue_field
from .cuefile import TIMING, lines_of, split_blocks, to_ms
from .model import Cue, Transcript
from .words import columns, distribute, normalise, split_cue, wrap

MIME = "application/x-subrip"
"""The type Podcasting 2.0 ``docs/tags/transcript.md`` names for SubRip."""
LINE_WIDTH = 32
MAX_LINES = 2

SPEAKER_PREFIX = re.compile(r"^([^\s:][^:\n]{0,119}?):[ \t]+(?=\S)")
"""``Name: `` opening a cue's first line (up to 120 characters without a colon), then text."""

_TIMESTAMP = re.compile(r"^(\d{2,}):([0-5]\d):([0-5]\d),(\d{3})$")
_FORMAT_TAG = re.compile(r"</?(?:i|b|u)>|<font(?:\s[^>]*)?>|</font>", re.I)


def parse_timestamp(text: str) -> int | None:
    """Milliseconds of an SRT timestamp, or ``None`` when it is malformed."""
    m = _TIMESTAMP.match(text)
    if not m:
        return None
    return to_ms(*m.groups())


def timestamp(ms: int) -> str:
    """An SRT timestamp: ``HH:MM:SS,mmm``."""
    return hms(ms, ",")


def read_srt(text: str, source: str) -> tuple[Transcript, list[Problem]]:
    """Parse an SRT file into cues; ``Name:`` prefixes set the speaker."""
    problems: list[Problem] = []
    cues: list[Cue] = []
    numbers: list[int] = []
    speaker: str | None = None
    for n, block in enumerate(split_blocks(lines_of(text), whitespace_is_blank=True), start=1):
        field = cue_field(n)
        first_no, first = block[0]
        if not first.strip().isdigit():
            problems.append(
                Problem(source, first_no, field, f"expected the cue number {n}, got '{first[:60]}'")
            )
            continue
        if len(block) < 2:
            problems.append(
                Problem(source, first_no, field, "expected a timing line after the cue number")
            )
            continue
        number, timing = block[1]
        m = TIMING.match(timing.strip())
        if not m:
            problems.append(
                Problem(
                    source,
                    number,
                    field,
                    f"malformed timing line '{timing[:60]}' "
                    "(expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm')",
                )
            )
            continue
        times: list[int] = []
        for raw in m.groups():
            ms = parse_timestamp(raw)
            if ms is None:
                problems.append(
                    Problem(
                        source,
                        number,
                        field,
                        f"malformed timestamp '{raw}' (expected HH:MM:SS,mmm)",
                    )
                )
            else:
                times.append(ms)
        body = block[2:]
        bad = [(no, line) for no, line in body if _is_timing(line)]
        if bad:
            problems.append(
                Problem(
                    source,
                    bad[0][0],
                    field,
                    "a timing line inside the cue text; separate cues with a blank line",
                )
            )
            continue
        content = _FORMAT_TAG.sub("", "\n".join(line for _, line in body)).strip()
        prefix = SPEAKER_PREFIX.match(content)
        if prefix:
            speaker = normalise(prefix.group(1))
            content = content[prefix.end() :]
        if len(times) == 2:
            cues.append(Cue(times[0], times[1], speaker, normalise(content), number))
            numbers.append(n)
    if not cues and not problems:
        problems.append(Problem(source, None, "", "the transcript has no cues"))
    problems += check_cues(cues, source, lambda i: cue_field(numbers[i - 1]))
    return Transcript(tuple(cues), source), problems


def _is_timing(line: str) -> bool:
    """A complete, valid timing line (a cue that lost its blank line), not text with ``-->``."""
    m = TIMING.match(line.strip())
    return m is not None and all(parse_timestamp(t) is not None for t in m.groups())


def write_srt(transcript: Transcript, split: bool = True) -> str:
    """Write a timed transcript as SRT: ``Name:`` opens each speaker turn, short lines.

    With *split*, cues are cut to at most two lines of 32 characters and timed in
    proportion to their characters; without it, one cue per source cue.
    """
    out: list[str] = []
    previous: object = object()
    for cue in transcript.cues:
        if cue.start_ms is None or cue.end_ms is None:
            raise ValueError("write_srt needs a timed transcript")
        name = normalise(cue.speaker) if cue.speaker else ""
        prefix = f"{name}: " if name else ""
        opens_turn = cue.speaker != previous
        previous = cue.speaker
        text = normalise(cue.text)
        extra = columns(prefix) if opens_turn else 0
        chunks = split_cue(text, LINE_WIDTH, MAX_LINES, extra) if split else [[text]]
        if len(chunks) > cue.end_ms - cue.start_ms:
            chunks = [wrap(text, LINE_WIDTH, extra)]
        spans = distribute(cue.start_ms, cue.end_ms, [" ".join(c) for c in chunks])
        for k, (lines, (start, end)) in enumerate(zip(chunks, spans, strict=True)):
            body = "\n".join(lines)
            if prefix and ((opens_turn and k == 0) or SPEAKER_PREFIX.match(body)):
                body = prefix + body
            out += [str(len(out) // 4 + 1), f"{timestamp(start)} --> {timestamp(end)}", body, ""]
    return "\n".join(out)
