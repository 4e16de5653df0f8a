"""Loudness of a stream of blocks: BS.1770 integrated loudness, loudness range, true peak.

Streaming: a meter keeps one number per 100 ms (the K-weighted energy) and the peaks, so an
hour costs 36,000 floats. The rules:

* K-weighting (ITU-R BS.1770-4 §2.1, Annex 1): the pre-filter shelf and the RLB high-pass,
  computed for any sample rate with the analogue prototype constants that reproduce the
  standard's 48 kHz coefficients (the derivation libebur128 uses);
* integrated loudness (BS.1770-4 §2.6): 400 ms blocks overlapping by 75 %, an absolute gate
  at -70 LUFS and a relative gate 10 LU below the loudness of the blocks above it;
  ``-0.691 + 10 log10(mean energy)``, channel weights 1 for the front channels (a mono file
  is one channel: the same signal reads 3 dB lower than as two-channel stereo, which is why
  Apple asks about 3 LU less of mono);
* loudness range (EBU Tech 3342 §2): 3 s short-term loudness every 100 ms, gated at -70 LUFS
  and 20 LU below their mean; the spread between the 10th and 95th percentile;
* true peak (BS.1770-4 Annex 2): 4× oversampling with a 48-tap linear-phase interpolation
  filter (12 taps per phase), the largest absolute value in dBTP.

Checked against pyloudnorm and ffmpeg's ``ebur128`` filter in ``tests/test_audio_loudness.py``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .decode import Block

OVERSAMPLE = 4
_TAPS = 48


@dataclass(frozen=True)
class Loudness:
    """What a meter measured."""

    integrated: float
    """LUFS; ``-inf`` for silence."""
    lra: float
    """Loudness range, LU."""
    true_peak: float
    """dBTP (dB relative to full scale, 4× oversampled); ``-inf`` for silence."""
    sample_peak: float
    """dBFS of the largest sample."""
    seconds: float

    def as_dict(self) -> dict[str, float]:
        """JSON-friendly (``-inf`` becomes -200)."""
        return {
            k: (v if math.isfinite(v) else -200.0)
            for k, v in (
                ("integrated", self.integrated),
                ("lra", self.lra),
                ("true_peak", self.true_peak),
                ("sample_peak", self.sample_peak),
                ("seconds", self.seconds),
            )
        }

    @classmethod
    def from_dict(cls, d: dict[str, float]) -> Loudness:
        """Inverse of :meth:`as_dict`."""

        def f(v: float) -> float:
            return -math.inf if v <= -200 else float(v)

        return cls(
            f(d["integrated"]), float(d["lra"]), f(d["true_peak"]), f(d["sample_peak"]),
            float(d["seconds"]),
        )  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """A loudness target."""

    name: str
    stereo: float
    """Integrated loudness target for stereo, LUFS."""
    mono: float
    """For mono, LUFS."""
    true_peak: float
    """Ceiling, dBTP."""
    tolerance: float = 1.0
    """LU either side of the target that still passes."""

    def target(self, channels: int) -> float:
        """The integrated target for a file of *channels* channels."""
        return self.mono if channels == 1 else self.stereo


PROFILES = {
    # Apple 893 (audio requirements): about -16 LUFS, true peak at most -1 dBTP; mono 3 dB lower.
    "apple": Profile("apple", -16.0, -19.0, -1.0),
    # Spotify normalises playback to -14 LUFS (support.spotify.com, "Loudness normalization").
    "spotify": Profile("spotify", -14.0, -14.0, -1.0),
    # EBU R 128 (2023): -23 LUFS, -1 dBTP for broadcast.
    "ebu-r128": Profile("ebu-r128", -23.0, -23.0, -1.0),
}


def profile(
    name: str, integrated: float | None = None, true_peak: float | None = None, tol: float = 1.0
) -> Profile:
    """The named profile with the config's overrides applied."""
    base = PROFILES[name]
    return Profile(
        name if integrated is None and true_peak is None else f"{name} (custom)",
        base.stereo if integrated is None else integrated,
        base.mono if integrated is None else integrated,
        base.true_peak if true_peak is None else true_peak,
        tol,
    )


def k_weighting(rate: int) -> npt.NDArray[np.float64]:
    """The two K-weighting biquads at *rate*, as second-order sections (b0 b1 b2 1 a1 a2)."""
    f0, gain, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10 ** (gain / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = [
        (vh + vb * k / q + k * k) / a0,
        2 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
        1.0,
        2 * (k * k - 1) / a0,
        (1 - k / q + k * k) / a0,
    ]
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1 + k / q + k * k
    highpass = [1.0, -2.0, 1.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
    return np.array([shelf, highpass], dtype=np.float64)


def _interpolator() -> npt.NDArray[np.float64]:
    from scipy.signal import firwin

    h: npt.NDArray[np.float64] = firwin(_TAPS, 1.0 / OVERSAMPLE, window=("kaiser", 6.0))
    return h * OVERSAMPLE


class Meter:
    """Feed blocks, then read :meth:`result`."""

    def __init__(self, rate: int, channels: int) -> None:
        self.rate, self.channels = rate, channels
        self.sos = k_weighting(rate)
        self.zi = np.zeros((len(self.sos), 2, channels))  # silence before the start
        self.step = rate // 10  # 100 ms
        self.partial = np.zeros(0)
        self.energies: list[float] = []
        h = _interpolator()
        self.phases = [h[p::OVERSAMPLE] for p in range(OVERSAMPLE)]
        self.gain_bound = max(float(np.abs(ph).sum()) for ph in self.phases)
        self.history = np.zeros((len(self.phases[0]) - 1, channels))
        self.peak = 0.0
        self.tpeak = 0.0
        self.samples = 0

    def feed(self, block: Block) -> None:
        """Add *block* (``(n, channels)``)."""
        from scipy.signal import sosfilt

        if not len(block):
            return
        x = block.astype(np.float64)
        self.samples += len(x)
        self.peak = max(self.peak, float(np.abs(x).max()))
        self._true_peak(x)
        y, self.zi = sosfilt(self.sos, x, axis=0, zi=self.zi)
        power = (y * y).sum(axis=1)
        data = np.concatenate([self.partial, power])
        whole = len(data) // self.step * self.step
        if whole:
            self.energies += (data[:whole].reshape(-1, self.step).sum(axis=1)).tolist()
        self.partial = data[whole:]

    def _true_peak(self, x: npt.NDArray[np.float64]) -> None:
        joined = np.concatenate([self.history, x])
        self.history = joined[len(joined) - len(self.history) :]
        # No interpolated value exceeds the samples' peak times the largest sum of |taps| of
        # a phase: a block under that bound cannot raise the true peak, so it is skipped.
        if float(np.abs(joined).max()) * self.gain_bound <= self.tpeak:
            return
        for ch in range(self.channels):
            col = joined[:, ch]
            for p in range(OVERSAMPLE):
                out = np.convolve(col, self.phases[p], mode="valid")
                if out.size:
                    self.tpeak = max(self.tpeak, float(np.abs(out).max()))

    def result(self) -> Loudness:
        """The measurements of everything fed so far."""
        e = np.array(self.energies, dtype=np.float64) / self.step  # mean power per 100 ms
        integrated = _gated(_windows(e, 4), -10.0)
        lra = _lra(_windows(e, 30))
        return Loudness(
            integrated=integrated,
            lra=lra,
            true_peak=_db(max(self.tpeak, self.peak)),
            sample_peak=_db(self.peak),
            seconds=self.samples / self.rate,
        )


def _db(amplitude: float) -> float:
    return 20 * math.log10(amplitude) if amplitude > 0 else -math.inf


def _windows(e: npt.NDArray[np.float64], n: int) -> npt.NDArray[np.float64]:
    """Mean power of every window of *n* consecutive 100 ms steps."""
    if len(e) < n:
        return np.zeros(0)
    c = np.concatenate([[0.0], np.cumsum(e)])
    out: npt.NDArray[np.float64] = (c[n:] - c[:-n]) / n
    return out


def _lufs(power: npt.NDArray[np.float64] | float) -> npt.NDArray[np.float64]:
    with np.errstate(divide="ignore"):
        out: npt.NDArray[np.float64] = -0.691 + 10 * np.log10(power)
    return out


def _gated(blocks: npt.NDArray[np.float64], relative: float) -> float:
    if not len(blocks):
        return -math.inf
    loud = _lufs(blocks)
    above = blocks[loud > -70.0]
    if not len(above):
        return -math.inf
    gate = float(_lufs(above.mean())) + relative
    kept = above[_lufs(above) > gate]
    return float(_lufs(kept.mean())) if len(kept) else -math.inf


def _lra(short: npt.NDArray[np.float64]) -> float:
    loud = _lufs(short)
    above = short[loud > -70.0]
    if len(above) < 2:
        return 0.0
    gate = float(_lufs(above.mean())) - 20.0
    kept = _lufs(above[_lufs(above) > gate])
    if len(kept) < 2:
        return 0.0
    lo, hi = np.percentile(kept, [10, 95])
    return float(hi - lo)


def measure(blocks: Iterable[Block], rate: int, channels: int) -> Loudness:
    """Measure a whole stream."""
    m = Meter(rate, channels)
    for b in blocks:
        m.feed(b)
    return m.result()
