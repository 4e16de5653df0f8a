"""Measured times inside a cue: where its sentences (and phrases) start.

A turn-timed transcript knows when each speaker starts and stops; ``spotlight-feed
align`` also measures when every sentence (and, where reliable, every phrase) inside
the turn is spoken. Those times travel with the cue as ``Cue.marks``: ``(offset, ms)``
pairs, the text from ``text[offset:]`` being spoken from *ms*. In a WebVTT source they
are inline cue timestamps (W3C WebVTT, §4.2.2 "WebVTT cue timestamp",
https://www.w3.org/TR/webvtt1/#webvtt-cue-timestamp: greater than the cue's start time
and any earlier timestamp, less than its end time), which players that do not use them
simply ignore.

The caption cutter (:mod:`.captions`) times a caption that starts at a mark from the
mark, and a caption starting between marks by characters between the two nearest
measured times (:func:`time_at`), so an estimate is never wider than one phrase.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

Mark = tuple[int, int]
"""``(offset, ms)``: ``text[offset:]`` is spoken from *ms*."""

SENTENCE_END = frozenset(".!?…。！？")
_CLOSERS = frozenset("\"'”’»)]」』")


def opens_sentence(text: str, offset: int) -> bool:
    """Whether ``text[offset:]`` starts a new sentence (the text before it ends one)."""
    before = text[:offset].rstrip()
    while before and before[-1] in _CLOSERS:
        before = before[:-1]
    return bool(before) and before[-1] in SENTENCE_END


def valid(marks: Sequence[Mark], length: int, start_ms: int, end_ms: int) -> bool:
    """Offsets strictly inside the text and times strictly inside the cue, both increasing."""
    prev_at, prev_ms = 0, start_ms
    for at, ms in marks:
        if not (prev_at < at < length and prev_ms < ms < end_ms):
            return False
        prev_at, prev_ms = at, ms
    return True


def time_at(offset: int, length: int, start_ms: int, end_ms: int, marks: Sequence[Mark]) -> int:
    """When ``text[offset:]`` starts: a mark's time, else by characters between neighbours.

    The anchors are the cue's start (offset 0), every mark and the cue's end (offset
    *length*, plus one for the weighting :func:`~.words.distribute` uses); between two
    anchors time runs in proportion to characters.
    """
    offsets = [0, *(at for at, _ in marks), length + 1]
    times = [start_ms, *(ms for _, ms in marks), end_ms]
    k = bisect.bisect_right(offsets, offset) - 1
    if k >= len(offsets) - 1:
        return end_ms
    a, b = offsets[k], offsets[k + 1]
    ta, tb = times[k], times[k + 1]
    return ta + ((tb - ta) * (offset - a) + (b - a) // 2) // (b - a)


def shifted(marks: Sequence[Mark], first: int, last: int) -> tuple[Mark, ...]:
    """The marks with offsets in ``(first, last)``, offsets made relative to *first*."""
    return tuple((at - first, ms) for at, ms in marks if first < at < last)
