"""Loudness normalisation: one gain to reach the target, and a true-peak limiter.

Two passes (:func:`.transcode.prepare`): the first measures the integrated loudness of the
signal as the encoder will get it; the second applies ``target - measured`` dB and, only when
that would push the true peak over the ceiling, limits the peaks. When limiting lowered the
loudness by more than 0.2 LU, the second pass runs again with the gain corrected by the
difference (at most twice).

The limiter (streaming, sample-exact, adds no delay to the output):

1. the per-sample peak envelope is the largest of ``|x|`` and the 4× oversampled values
   around it (the interpolator of :mod:`.loudness`), i.e. true peak (BS.1770-4 Annex 2);
2. the gain each sample needs is ``min(1, ceiling / envelope)``;
3. a sliding minimum looks ``A`` samples ahead and holds ``R`` samples after a peak, and a
   moving average over ``A`` samples smooths it: every averaged value comes from minima whose
   windows all include the sample, so the smoothed gain never exceeds the gain the sample
   needs (the peak is under the ceiling), and it ramps over 5 ms instead of jumping;
4. the ceiling is the profile's true-peak limit less :data:`MARGIN_DB`, since MP3 encoding
   adds overshoot (measured: 0.1–0.6 dB on speech at 64 kbit/s).

The output has exactly as many samples as the input: the look-ahead is taken from the
future of the stream, which is held back until it is known (the tail at :meth:`flush`).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from .decode import Block
from .loudness import OVERSAMPLE, Loudness, _interpolator

MARGIN_DB = 1.0
"""The limiter's ceiling sits this far under the true-peak limit (room for MP3 overshoot)."""
LOOKAHEAD_S = 0.005
HOLD_S = 0.050


class Gain:
    """A constant gain (no peak would pass the ceiling)."""

    def __init__(self, gain_db: float, channels: int) -> None:
        self.factor = np.float32(10 ** (gain_db / 20))
        self.channels = channels

    def process(self, block: Block) -> Block:
        """*block* times the gain."""
        out: Block = block * self.factor
        return out

    def flush(self) -> Block:
        """Nothing is held back."""
        return np.zeros((0, self.channels), dtype=np.float32)


class Limiter:
    """Gain, then a look-ahead true-peak limiter at *ceiling_db* dBTP."""

    def __init__(self, gain_db: float, ceiling_db: float, rate: int, channels: int) -> None:
        self.factor = 10 ** (gain_db / 20)
        self.ceiling = 10 ** (ceiling_db / 20)
        self.channels = channels
        self.ahead = max(8, round(LOOKAHEAD_S * rate))
        self.hold = round(HOLD_S * rate)
        h = _interpolator()
        self.phases = [h[p::OVERSAMPLE] for p in range(OVERSAMPLE)]
        self.context = self.hold + 2 * self.ahead + len(self.phases[0])
        self.buf = np.zeros((0, channels))
        self.done = 0
        """Samples of ``buf`` already sent out (kept only as past context)."""

    def process(self, block: Block) -> Block:
        """The samples whose look-ahead is now known."""
        self.buf = np.concatenate([self.buf, block.astype(np.float64) * self.factor])
        return self._emit(final=False)

    def flush(self) -> Block:
        """The held-back tail (the stream ended: no peaks after it)."""
        return self._emit(final=True)

    def _emit(self, final: bool) -> Block:
        x = self.buf
        n = len(x)
        end = n if final else max(self.done, n - 2 * self.ahead - len(self.phases[0]))
        if end <= self.done:
            return np.zeros((0, self.channels), dtype=np.float32)
        need = np.minimum(1.0, self.ceiling / np.maximum(self._envelope(x), 1e-12))
        gain = _smoothed(need, self.ahead, self.hold)
        out = (x[self.done : end] * gain[self.done : end, None]).astype(np.float32)
        keep = max(0, end - self.context)
        self.buf = x[keep:]
        self.done = end - keep
        return out

    def _envelope(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        env: npt.NDArray[np.float64] = np.abs(x).max(axis=1)
        delay = len(self.phases[0]) // 2
        for ch in range(self.channels):
            for h in self.phases:
                y = np.abs(np.convolve(x[:, ch], h, mode="full"))[delay : delay + len(x)]
                np.maximum(env, y, out=env)
        return env


def _smoothed(need: npt.NDArray[np.float64], ahead: int, hold: int) -> npt.NDArray[np.float64]:
    """Sliding minimum over ``[i - hold, i + ahead)``, then a mean over ``(i - ahead, i]``."""
    from scipy.ndimage import minimum_filter1d

    size = hold + ahead
    # minimum_filter1d's window for size s and origin o is [i - s//2 - o, i + (s-1)//2 - o].
    origin = (size - 1) // 2 - (ahead - 1)
    mins = minimum_filter1d(need, size, mode="nearest", origin=origin)
    # The mean of mins[i - ahead + 1 .. i]; before the start the gain is 1.
    padded = np.concatenate([np.ones(ahead - 1), mins])
    c = np.concatenate([[0.0], np.cumsum(padded)])
    out: npt.NDArray[np.float64] = (c[ahead:] - c[:-ahead]) / ahead
    return np.minimum(out, need)


def plan(
    measured: Loudness,
    integrated: float,
    true_peak: float,
    rate: int,
    channels: int,
    margin_db: float = MARGIN_DB,
) -> tuple[Gain | Limiter, float]:
    """The processor that brings *measured* to *integrated* LUFS under *true_peak* dBTP.

    The limiter's ceiling is *margin_db* under the limit; :func:`wider_margin` gives the
    margin to encode again with when an encoded file still passed the limit.
    """
    if not math.isfinite(measured.integrated):
        raise ValueError("the source is silent: there is no loudness to normalise")
    gain_db = integrated - measured.integrated
    ceiling = true_peak - margin_db
    if measured.true_peak + gain_db <= ceiling:
        return Gain(gain_db, channels), gain_db
    return Limiter(gain_db, ceiling, rate, channels), gain_db


def wider_margin(encoded_peak: float, true_peak: float, margin_db: float) -> float | None:
    """The margin to encode again with, or ``None`` when *encoded_peak* is within the limit.

    A lossy encoder adds overshoot the limiter cannot see (MP3 0.1-0.6 dB on speech at
    64 kbit/s; Opus at 32 kbit/s over 2 dB on clicks), so the encoded file's own true peak
    (BS.1770-4 Annex 2, as :mod:`.loudness` measures it) is what must stay at or under the
    limit (Apple Podcasts' audio requirements: -1 dBTP): the ceiling is lowered by the
    overshoot seen and 0.2 dB more.
    """
    over = encoded_peak - true_peak
    return None if over <= 0 else margin_db + over + 0.2
