"""Checks every timed reader applies to the cues it read.

WebVTT (W3C WebVTT §4.1 "cue timings": the end time must be greater than the
start time; cues are listed in start-time order) and the caption conventions of
the podcast namespace (docs/sources.md §2) ask for cues in time order, each with a
duration and with text. Speech transcripts also must not overlap: one speaker at
a time is what every format's speaker convention can express.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import Problem
from ..timefmt import hms as clock
from .model import Cue


def cue_field(n: int) -> str:
    """Field name of the *n*-th cue (1-based) in messages."""
    return f"cue {n}"


def check_cues(
    cues: Sequence[Cue], source: str, field: Callable[[int], str] = cue_field
) -> list[Problem]:
    """Problems with empty, backwards, zero-length or overlapping cues.

    *field* names the n-th cue (1-based) the way the format's users count them.
    """
    problems: list[Problem] = []
    previous: Cue | None = None
    previous_n = 0
    for n, cue in enumerate(cues, start=1):
        name = field(n)
        if not cue.text:  # a reader's cue: its text normalised (.model)
            problems.append(Problem(source, cue.line, name, "has no text (empty cue)"))
        if cue.start_ms is None or cue.end_ms is None:
            continue
        if cue.end_ms < cue.start_ms:
            problems.append(
                Problem(
                    source,
                    cue.line,
                    name,
                    f"ends at {clock(cue.end_ms)}, before it starts ({clock(cue.start_ms)})",
                )
            )
        elif cue.end_ms == cue.start_ms:
            problems.append(
                Problem(
                    source,
                    cue.line,
                    name,
                    f"ends when it starts ({clock(cue.start_ms)}); a cue needs a duration",
                )
            )
        if (
            previous is not None
            and previous.end_ms is not None
            and (cue.start_ms < previous.end_ms)
        ):
            problems.append(
                Problem(
                    source,
                    cue.line,
                    name,
                    f"starts at {clock(cue.start_ms)}, before {field(previous_n)} ends "
                    f"({clock(previous.end_ms)}); cues must be in time order without overlap",
                )
            )
        previous, previous_n = cue, n
    return problems
