"""How much to trust an alignment: the real text against a decoy with the same rhythm.

DTW always finds *some* path, and a path through the wrong text (another
language, another episode's script) still lines pauses up with pauses, so its
raw cost says little. The decoy is the reference with every sentence's frames
played backwards: the same sounds, the same sentence lengths and pauses, but no
real speech. Aligning both (coarse pass only, so it costs little) gives the
match score ``1 - cost(real) / cost(decoy)``: about 0.4 for the sample, 0.19 to
0.29 for the sample in noise or spoken by another synthesizer, and 0.02 to 0.05
for German text against English audio, English text against German audio, or
the wrong part of the script (measured; docs/benchmarks.md).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .dtw import COARSE, FloatArray, Path

MIN_SCORE = 0.10
"""Least whole-episode match score accepted (the measured gap is 0.05 to 0.19)."""
TURN_MIN_SCORE = 0.0
"""Turns scoring below this are listed for the podcaster to check by ear."""


def decoy(r: FloatArray, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> FloatArray:
    """Reference frames with each sentence's frames ``starts[k]..ends[k]`` reversed."""
    order = np.arange(len(r))
    for first, last in zip(starts.tolist(), ends.tolist(), strict=True):
        order[first : last + 1] = order[first : last + 1][::-1]
    out: FloatArray = r[order]
    return out


def score(
    real: Path, fake: Path, first_col: int | None = None, last_col: int | None = None
) -> float:
    """Match score over the reference frames ``first_col..last_col`` (full-rate indices)."""
    return 1.0 - _cost(real, first_col, last_col) / max(_cost(fake, first_col, last_col), 1e-9)


def _cost(path: Path, first_col: int | None, last_col: int | None) -> float:
    lo = 0 if first_col is None else int(np.searchsorted(path.cols, first_col // COARSE, "left"))
    hi = (
        len(path.cols)
        if last_col is None
        else int(np.searchsorted(path.cols, last_col // COARSE, "right"))
    )
    if hi <= lo:
        return 1.0
    return float(path.costs[lo:hi].mean())
