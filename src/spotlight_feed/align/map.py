"""Carry reference times across a warping path onto the audio."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .dtw import Path
from .features import frame_at, frame_time


def map_starts(
    path: Path, ref_s: NDArray[np.float64], ref_rate: int, rate: int, m: int
) -> NDArray[np.float64]:
    """Audio times of reference onsets: the first audio frame matched to the onset's frame."""
    j = frame_at(ref_s, ref_rate, m)
    at = np.searchsorted(path.cols, j, side="left")
    return frame_time(path.rows[np.minimum(at, len(path.rows) - 1)], rate)


def map_ends(
    path: Path, ref_s: NDArray[np.float64], ref_rate: int, rate: int, m: int
) -> NDArray[np.float64]:
    """Audio times of reference ends: the last audio frame matched to the end's frame."""
    j = frame_at(ref_s, ref_rate, m)
    at = np.searchsorted(path.cols, j, side="right") - 1
    return frame_time(path.rows[np.maximum(at, 0)], rate)
