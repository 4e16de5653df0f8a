"""Banded dynamic time warping with cosine cost, never a full cost matrix.

Rows are audio frames, columns reference frames. Row ``i`` may only use columns
``lo[i] <= j < hi[i]`` (the band); only the band's step directions are stored
(one byte per cell) plus two rows of accumulated cost, so memory is the band's
area in bytes. Steps are the classic symmetric set (diagonal, vertical,
horizontal), each adding the cost of the cell entered.

The horizontal step makes a row depend on itself; it is computed without a Python
loop over columns: with ``E`` the best cost of entering a cell from the row
above and ``S`` the running sum of the row's costs, the accumulated cost is
``D[j] = S[j] + min_{k<=j}(E[k] - S[k])`` (``numpy.minimum.accumulate``).

Both ends are open (:data:`SKIP_COST`): the path may begin after, and end
before, audio the transcript does not contain. :func:`align_path` runs it twice:
on 5× coarser frames inside a wide band around the diagonal (``BAND_S`` either
side), then on full-resolution frames inside a narrow band around the coarse
path. For an hour of audio that is a few tens of megabytes instead of gigabytes
for a full matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .features import HOP_S

BAND_S = 60.0
"""Half-width of the coarse band around the diagonal, in seconds of reference."""
COARSE = 5
"""Frames averaged into one coarse frame."""
REFINE_S = 2.0
"""Half-width of the fine band around the coarse path, in seconds."""
_ROWS_PER_BLOCK = 256
SKIP_COST = 0.5
"""Cost of leaving one audio frame out at the start or end (music, silence, an ad).

Between a matched frame's cost (0.3 clean, 0.46 in 0 dB noise, coarse frames) and a
mismatched one's (about 1): audio before the first words and after the last is
skipped rather than stretched over the reference. Measured: with 0.7 a 30 s music
intro still pulled the first turn 30 s early; with 0.5 and 0.4 intros of 30 and 90 s
align like the rest, and no other benchmark condition changed."""
_DIAG, _UP, _LEFT, _START = 0, 1, 2, 3

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float32]


@dataclass(frozen=True)
class Path:
    """A warping path: audio frame ``rows[n]`` matches reference frame ``cols[n]``."""

    rows: IntArray
    cols: IntArray
    costs: NDArray[np.float32]
    """Cost of each cell on the path."""
    band_mean: float
    """Mean cost over the band's cells: what a random match costs."""
    cells: int
    """Cells in the band (memory used for directions, in bytes)."""


def diagonal_band(n: int, m: int, half: int) -> tuple[IntArray, IntArray]:
    """Row windows of width ``2·half+1`` around the straight line from (0, 0) to (n-1, m-1)."""
    centre = np.arange(n, dtype=np.float64) * ((m - 1) / max(n - 1, 1))
    lo = np.clip(np.floor(centre).astype(np.int64) - half, 0, m - 1)
    hi = np.clip(np.ceil(centre).astype(np.int64) + half + 1, 1, m)
    return lo, hi


def dtw(
    a: FloatArray, r: FloatArray, lo: IntArray, hi: IntArray, skip: float | None = None
) -> Path:
    """The least-cost path through the band ``lo[i] <= j < hi[i]`` (unit-length rows).

    With *skip*, the path may start at any row in column 0 and end at any row in the
    last column, each audio row left out before or after it costing *skip*.
    """
    n, m = len(a), len(r)
    if n == 0 or m == 0:
        raise ValueError("dtw of an empty sequence")
    lo, hi = _monotone(lo, hi, m)
    widths = hi - lo
    offsets = np.concatenate([[0], np.cumsum(widths)])
    steps = np.empty(int(offsets[-1]), np.int8)
    prev = np.empty(0, np.float64)
    plo = phi = 0
    total = 0.0
    block_cost = np.empty((0, 0), np.float32)
    block_first = block_col = 0
    end_row, end_cost = n - 1, np.inf
    for i in range(n):
        if i % _ROWS_PER_BLOCK == 0:
            last = min(n, i + _ROWS_PER_BLOCK)
            block_first, block_col = i, int(lo[i])
            block_cost = 1.0 - a[i:last] @ r[block_col : int(hi[last - 1])].T
        jlo, jhi = int(lo[i]), int(hi[i])
        cost = block_cost[i - block_first, jlo - block_col : jhi - block_col].astype(np.float64)
        total += float(cost.sum())
        enter = np.full(jhi - jlo, np.inf)
        step = np.full(jhi - jlo, _UP, np.int8)
        if i == 0:
            enter[0] = 0.0
            step[0] = _START
        else:
            # up: (i-1, j) for j in [max(jlo, plo), min(jhi, phi))
            s, e = max(jlo, plo), min(jhi, phi)
            if s < e:
                enter[s - jlo : e - jlo] = prev[s - plo : e - plo]
            # diagonal: (i-1, j-1) for j-1 in [plo, phi)
            s, e = max(jlo, plo + 1), min(jhi, phi + 1)
            if s < e:
                diag = prev[s - 1 - plo : e - 1 - plo]
                better = diag <= enter[s - jlo : e - jlo]
                enter[s - jlo : e - jlo] = np.where(better, diag, enter[s - jlo : e - jlo])
                step[s - jlo : e - jlo][better] = _DIAG
            if skip is not None and jlo == 0 and i * skip < enter[0]:
                enter[0] = i * skip
                step[0] = _START
        enter += cost
        run = np.cumsum(cost)
        t = enter - run
        best = np.minimum.accumulate(t)
        step[t > best] = _LEFT
        prev = run + best
        plo, phi = jlo, jhi
        steps[offsets[i] : offsets[i + 1]] = step
        if jhi == m and skip is not None and prev[-1] + (n - 1 - i) * skip < end_cost:
            end_row, end_cost = i, prev[-1] + (n - 1 - i) * skip
    rows, cols = _backtrack(steps, offsets, lo, end_row, m)
    costs = _path_costs(a, r, rows, cols)
    return Path(rows, cols, costs, total / float(offsets[-1]), int(offsets[-1]))


def coarse_path(a: FloatArray, r: FloatArray) -> Path:
    """DTW of coarsened features inside a band of ``BAND_S`` around the diagonal."""
    ca, cr = coarsen(a), coarsen(r)
    lo, hi = diagonal_band(len(ca), len(cr), max(1, round(BAND_S / (HOP_S * COARSE))))
    return dtw(ca, cr, lo, hi, SKIP_COST)


def refine(coarse: Path, a: FloatArray, r: FloatArray) -> Path:
    """Full-resolution DTW inside ``REFINE_S`` of the coarse path."""
    lo, hi = _around(coarse, len(a), len(r), round(REFINE_S / HOP_S))
    return dtw(a, r, lo, hi, SKIP_COST)


def align_path(a: FloatArray, r: FloatArray) -> Path:
    """Coarse-to-fine banded DTW of audio features *a* against reference features *r*."""
    return refine(coarse_path(a, r), a, r)


def coarsen(x: FloatArray) -> FloatArray:
    """Average every ``COARSE`` frames (re-scaled to unit length)."""
    n = len(x) // COARSE * COARSE
    if n == 0:
        return x
    blocks = x[:n].reshape(-1, COARSE, x.shape[1]).mean(axis=1)
    if len(x) > n:
        blocks = np.vstack([blocks, x[n:].mean(axis=0, keepdims=True)])
    norm = np.linalg.norm(blocks, axis=1, keepdims=True)
    out: FloatArray = (blocks / np.maximum(norm, 1e-6)).astype(np.float32)
    return out


def _around(coarse: Path, n: int, m: int, radius: int) -> tuple[IntArray, IntArray]:
    """Fine row windows covering the coarse path's cells, widened by *radius* frames."""
    n_coarse = max(int(coarse.rows.max()) + 1, -(-n // COARSE))
    # rows the coarse path skipped stay near column 0 (before it) or the last (after it)
    cmin = np.full(n_coarse, (m - 1) // COARSE)
    cmax = np.zeros(n_coarse, np.int64)
    first, last = int(coarse.rows[0]), int(coarse.rows[-1])
    cmin[:first] = 0
    cmax[last + 1 :] = (m - 1) // COARSE
    cmin[first : last + 1] = np.iinfo(np.int64).max
    cmax[first : last + 1] = -1
    np.minimum.at(cmin, coarse.rows, coarse.cols)
    np.maximum.at(cmax, coarse.rows, coarse.cols)
    ci = np.minimum(np.arange(n) // COARSE, n_coarse - 1)
    lo = cmin[ci] * COARSE - radius
    hi = (cmax[ci] + 1) * COARSE + radius
    return np.clip(lo, 0, m - 1), np.clip(hi, 1, m)


def _monotone(lo: IntArray, hi: IntArray, m: int) -> tuple[IntArray, IntArray]:
    """Make windows non-decreasing and connected, starting at column 0 and ending at m-1."""
    lo = np.minimum.accumulate(np.asarray(lo, np.int64)[::-1])[::-1].copy()
    hi = np.maximum.accumulate(np.asarray(hi, np.int64)).copy()
    lo[0] = 0
    hi[-1] = m
    # a row's window must start no later than one past the previous row's last column
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    return lo, hi


def _backtrack(
    steps: NDArray[np.int8], offsets: IntArray, lo: IntArray, end_row: int, m: int
) -> tuple[IntArray, IntArray]:
    rows: list[int] = []
    cols: list[int] = []
    i, j = end_row, m - 1
    while True:
        rows.append(i)
        cols.append(j)
        step = steps[offsets[i] + j - lo[i]]
        if j == 0 and (i == 0 or step == _START):
            break
        if i == 0 or step == _LEFT:
            j -= 1
        elif step == _UP:
            i -= 1
        else:
            i -= 1
            j -= 1
    return np.asarray(rows[::-1], np.int64), np.asarray(cols[::-1], np.int64)


def _path_costs(
    a: FloatArray, r: FloatArray, rows: IntArray, cols: IntArray
) -> NDArray[np.float32]:
    out: NDArray[np.float32] = (1.0 - np.einsum("ij,ij->i", a[rows], r[cols])).astype(np.float32)
    return out
