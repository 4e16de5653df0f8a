"""Pause snapping: move a boundary to the nearest pause edge in the audio, when that helps.

DTW on 40 ms frames puts a turn's start within a frame or two of the truth; on
clean audio the nearest silence-to-speech edge is nearer still. On noisy audio
the "pauses" found by an energy threshold are in the wrong places, and snapping
makes things worse (measured: docs/benchmarks.md). So the ``auto`` policy
estimates the audio's signal-to-noise ratio from its 10 ms energy envelope
(loud frames against quiet frames) and snaps only above :data:`AUTO_MIN_SNR_DB`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

SnapPolicy = Literal["auto", "on", "off"]

FRAME_S = 0.010
AUTO_MIN_SNR_DB = 30.0
"""``auto`` snaps only when the loud frames are this much above the quiet ones."""
WINDOW_S = 0.4
"""A boundary moves at most this far."""
MIN_PAUSE_S = 0.15
"""A pause edge needs this much quiet on its silent side."""
BELOW_LEVEL_DB = 30.0
"""A frame is quiet when it is this much below the loud frames' level."""


@dataclass(frozen=True)
class Envelope:
    """10 ms energy envelope of the audio in dB, with its level statistics."""

    db: NDArray[np.float64]
    floor_db: float
    """5th percentile: the quiet frames (noise floor)."""
    level_db: float
    """95th percentile: the loud frames (speech)."""

    @property
    def snr_db(self) -> float:
        """Estimated signal-to-noise ratio."""
        return self.level_db - self.floor_db


def envelope(pcm: NDArray[np.int16], rate: int) -> Envelope:
    """The energy envelope of 16-bit samples."""
    size = round(FRAME_S * rate)
    n = len(pcm) // size
    if n == 0:
        return Envelope(np.zeros(0), -100.0, -100.0)
    db = np.empty(n, np.float64)
    step = 6_000  # one minute at a time: 8 MB of float64
    for first in range(0, n, step):
        last = min(n, first + step)
        frames = pcm[first * size : last * size].astype(np.float64).reshape(-1, size) / 32768.0
        db[first:last] = 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-10)
    return Envelope(db, float(np.percentile(db, 5)), float(np.percentile(db, 95)))


def should_snap(policy: SnapPolicy, env: Envelope) -> bool:
    """Whether to snap under *policy* for this audio."""
    if policy == "auto":
        return env.snr_db >= AUTO_MIN_SNR_DB
    return policy == "on"


def snap(times_s: NDArray[np.float64], env: Envelope, *, onsets: bool) -> NDArray[np.float64]:
    """Move each time to the nearest speech onset (or end) within :data:`WINDOW_S`."""
    if len(env.db) == 0:
        return times_s
    loud = env.db > env.level_db - BELOW_LEVEL_DB
    quiet_run = round(MIN_PAUSE_S / FRAME_S)
    quiet = (~loud).astype(np.int64)
    # number of quiet frames in the run of `quiet_run` frames before / after each frame
    csum = np.concatenate([[0], np.cumsum(quiet)])
    k = np.arange(len(loud))
    before = csum[k] - csum[np.maximum(k - quiet_run, 0)]
    after = csum[np.minimum(k + 1 + quiet_run, len(loud))] - csum[k + 1]
    if onsets:
        edges = np.flatnonzero(loud & (before == np.minimum(k, quiet_run)))
        edge_s = edges * FRAME_S
    else:
        edges = np.flatnonzero(loud & (after == np.minimum(len(loud) - 1 - k, quiet_run)))
        edge_s = (edges + 1) * FRAME_S
    if len(edge_s) == 0:
        return times_s
    at = np.clip(np.searchsorted(edge_s, times_s), 1, len(edge_s))
    left = edge_s[at - 1]
    right = edge_s[np.minimum(at, len(edge_s) - 1)]
    nearest = np.where(np.abs(times_s - left) <= np.abs(right - times_s), left, right)
    out: NDArray[np.float64] = np.where(np.abs(nearest - times_s) <= WINDOW_S, nearest, times_s)
    return out


PAUSE_ABOVE_FLOOR_DB = 3.0
"""A frame within this much of the noise floor is a pause, whatever the noise (see below)."""
LEAVE_WINDOW_S = 1.0
"""An onset inside a pause moves at most this far forward to the pause's end."""


def leave_pauses(times_s: NDArray[np.float64], env: Envelope) -> NDArray[np.float64]:
    """Move each onset that falls inside a pause forward to the pause's end (at most 1 s).

    Used where full snapping is off (noisy audio). DTW on noisy audio can start a sentence
    in the pause before it: the noise there matches the reference's quiet gap as well as
    anything. A pause is a run of at least :data:`MIN_PAUSE_S` of frames within
    :data:`PAUSE_ABOVE_FLOOR_DB` of the noise floor (the 5th percentile), so in steady
    noise it is still found; nothing moves unless the onset is inside such a run and
    speech starts within :data:`LEAVE_WINDOW_S` after it. Measured on the white-noise (10 dB)
    copy of the sample: the two sentence starts 0.42 and 0.48 s early moved to the onset;
    no other condition got worse (docs/benchmarks.md, Caption timing).
    """
    if len(env.db) == 0:
        return times_s
    quiet = env.db <= env.floor_db + PAUSE_ABOVE_FLOOR_DB
    n = len(quiet)
    # end[k]: first frame at or after k that is not quiet; start[k]: first quiet frame of k's run
    idx = np.arange(n)
    loud_at = np.where(~quiet, idx, n)
    end = np.minimum.accumulate(loud_at[::-1])[::-1]
    run_start = np.maximum.accumulate(np.where(quiet & ~np.r_[False, quiet[:-1]], idx, 0))
    frames = np.clip(np.floor(times_s / FRAME_S).astype(np.int64), 0, n - 1)
    inside = quiet[frames]
    run = end[frames] - run_start[frames]
    target = end[frames] * FRAME_S
    move = inside & (run >= round(MIN_PAUSE_S / FRAME_S)) & (target - times_s <= LEAVE_WINDOW_S)
    move &= end[frames] < n
    out: NDArray[np.float64] = np.where(move, target, times_s)
    return out
