"""MFCC features: c0–c12 of a 40-band mel spectrum, 100 ms window, 40 ms hop.

A long window smooths over pitch and voice differences between the reference
synthesizer and the real speaker. Each coefficient is normalized over the whole
recording (mean 0, variance 1: cepstral mean and variance normalization), which
removes the channel and a steady noise floor; c0 (loudness relative to the
recording's own average) is then weighted ``C0_WEIGHT``× so that pauses line up
with pauses even in noise. Each frame vector is scaled to unit length, so the
cost of matching two frames is the cosine distance ``1 - a·b``.

Measured on the sample (docs/benchmarks.md, "Feature choice"): c1–c12 without
normalization lose sync by tens of seconds in 10 dB white noise; c0–c12 with
mean and variance normalization and c0 weighted 3× keep every turn start
within 0.07 s in every benchmark condition before any pause snapping.

Frame ``k`` covers samples ``[k·hop, k·hop + window)``; its time is its centre.
Silence below -60 dB relative to the loud frames is floored, so digital silence
(as in the synthesized reference) has a finite level.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.fft import dct, rfft

WINDOW_S = 0.100
HOP_S = 0.040
N_MELS = 40
N_CEPS = 12
F_MIN = 60.0
F_MAX = 7600.0
FLOOR_DB = -60.0
C0_WEIGHT = 3.0
_BLOCK = 512


def frame_time(
    k: NDArray[np.float64] | NDArray[np.int64] | float, rate: int
) -> NDArray[np.float64]:
    """Centre time in seconds of frame(s) *k*."""
    hop = round(HOP_S * rate)
    win = round(WINDOW_S * rate)
    return np.asarray((np.asarray(k, np.float64) * hop + win / 2) / rate, np.float64)


def frame_at(t: NDArray[np.float64], rate: int, n_frames: int) -> NDArray[np.int64]:
    """Index of the frame centred nearest to time(s) *t*, clipped to the sequence."""
    hop = round(HOP_S * rate)
    win = round(WINDOW_S * rate)
    k = np.rint((np.asarray(t, np.float64) * rate - win / 2) / hop).astype(np.int64)
    return np.asarray(np.clip(k, 0, max(n_frames - 1, 0)), np.int64)


def mfcc(samples: NDArray[np.int16] | NDArray[np.float32], rate: int) -> NDArray[np.float32]:
    """Unit-length normalized c0–c12 vectors, one row per frame (see the module docstring)."""
    hop = round(HOP_S * rate)
    win = round(WINDOW_S * rate)
    n_fft = 1 << (win - 1).bit_length()
    n = 0 if len(samples) < win else 1 + (len(samples) - win) // hop
    window = np.hamming(win).astype(np.float32)
    fbank = _mel_filters(rate, n_fft)
    log_mel = np.empty((n, N_MELS), np.float32)
    scale = 1 / 32768.0 if samples.dtype == np.int16 else 1.0
    for first in range(0, n, _BLOCK):
        last = min(n, first + _BLOCK)
        chunk = np.asarray(samples[first * hop : (last - 1) * hop + win], np.float32) * np.float32(
            scale
        )
        chunk = np.append(chunk[:1], chunk[1:] - np.float32(0.97) * chunk[:-1])
        frames = np.lib.stride_tricks.sliding_window_view(chunk, win)[::hop][: last - first]
        power = np.abs(rfft(frames * window, n_fft, axis=1)) ** 2
        log_mel[first:last] = np.log10(power @ fbank.T + 1e-12) * 10
    if n:
        peak = float(np.percentile(log_mel.max(axis=1), 99))
        np.maximum(log_mel, peak + FLOOR_DB, out=log_mel)
    ceps = dct(log_mel, type=2, norm="ortho", axis=1)[:, : N_CEPS + 1]
    if n:
        ceps -= ceps.mean(axis=0)
        ceps /= np.maximum(ceps.std(axis=0), 1e-6)
        ceps[:, 0] *= C0_WEIGHT
    norm = np.linalg.norm(ceps, axis=1, keepdims=True)
    out: NDArray[np.float32] = (ceps / np.maximum(norm, 1e-6)).astype(np.float32)
    return out


def _mel_filters(rate: int, n_fft: int) -> NDArray[np.float32]:
    def mel(f: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(2595 * np.log10(1 + f / 700), np.float64)

    def hz(m: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(700 * (10 ** (m / 2595) - 1), np.float64)

    f_max = min(F_MAX, rate / 2)
    edges = hz(np.linspace(mel(np.array(F_MIN)), mel(np.array(f_max)), N_MELS + 2))
    bins = np.fft.rfftfreq(n_fft, 1 / rate)
    fb = np.zeros((N_MELS, len(bins)), np.float32)
    for m in range(N_MELS):
        lo, centre, hi = edges[m], edges[m + 1], edges[m + 2]
        up = (bins - lo) / (centre - lo)
        down = (hi - bins) / (hi - centre)
        fb[m] = np.maximum(0, np.minimum(up, down))
    return fb
