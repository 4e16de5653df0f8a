"""Carry reference times across a warping path onto the audio.

A reference onset maps to the first audio frame the path matches with the
onset's frame. When the path runs down that one reference frame for a long
stretch (more than :data:`MAX_RUN_FRAMES`), the audio there is something the
reference's onset frame merely resembles (a jingle, noise, a long pause: the
frame straddling an onset is half silence), so the onset maps to the end of that
run instead, where the path moves on into the speech. Measured: with this rule a
20 s jingle before the first words no longer pulls turn 1 to 0:00, and no
benchmark condition changed (docs/benchmarks.md). Ends map symmetrically.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .dtw import Path
from .features import frame_at, frame_time

MAX_RUN_FRAMES = 12
"""A path that stays longer than this (0.48 s) on an onset's frame is taken to be stuck."""


def map_starts(
    path: Path, ref_s: NDArray[np.float64], ref_rate: int, rate: int, m: int
) -> NDArray[np.float64]:
    """Audio times of reference onsets (see the module docstring)."""
    first, last = _run(path, frame_at(ref_s, ref_rate, m))
    return frame_time(np.where(last - first > MAX_RUN_FRAMES, last, first), rate)


def map_ends(
    path: Path, ref_s: NDArray[np.float64], ref_rate: int, rate: int, m: int
) -> NDArray[np.float64]:
    """Audio times of reference ends: the last audio frame matched to the end's frame."""
    first, last = _run(path, frame_at(ref_s, ref_rate, m))
    return frame_time(np.where(last - first > MAX_RUN_FRAMES, first, last), rate)


def _run(path: Path, cols: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """First and last audio frame the path matches with each reference frame in *cols*."""
    a = np.searchsorted(path.cols, cols, side="left")
    b = np.searchsorted(path.cols, cols, side="right") - 1
    n = len(path.rows)
    return path.rows[np.clip(a, 0, n - 1)], path.rows[np.clip(b, 0, n - 1)]
