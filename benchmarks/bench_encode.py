"""Encoding a long WAV: our build's chain vs the lame CLI with the same settings (issue #16).

Usage: python benchmarks/bench_encode.py [MINUTES]  (default 30)

Makes a mono 44.1 kHz 16-bit WAV of MINUTES of speech-like noise bursts, then times
``transcode.prepare`` (decode, encode with lameenc, Info frame) against
``lame -b 64 -m m -q 2`` on the same file, and reports peak RSS of our encode.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from spotlight_feed.audio import decode, encode, transcode


def make_wav(path: Path, minutes: float, rate: int = 44100) -> None:
    rng = np.random.default_rng(7)
    with sf.SoundFile(str(path), "w", rate, 1, "PCM_16") as f:
        for _ in range(int(minutes * 60)):
            t = np.arange(rate) / rate
            env = (np.sin(2 * np.pi * 3 * t) > 0).astype(np.float32)
            f.write((0.2 * env * rng.standard_normal(rate)).astype(np.float32))


def main() -> None:
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    with tempfile.TemporaryDirectory() as d:
        wav = Path(d) / "long.wav"
        make_wav(wav, minutes)
        settings = encode.EncodeSettings(64, 1, 44100)
        t = time.perf_counter()
        subprocess.run(["lame", "--quiet", "-b", "64", "-m", "m", "-q", "2", str(wav),
                        str(Path(d) / "lame.mp3")], check=True)  # fmt: skip
        lame_s = time.perf_counter() - t
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        info = decode.inspect(wav)
        transcode.prepare(wav, settings, Path(d) / "cache", info=info)
        ours_s = time.perf_counter() - t
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"{minutes:g} min WAV: ours {ours_s:.1f} s, lame CLI {lame_s:.1f} s, "
              f"ratio {ours_s / lame_s:.2f}; peak RSS {rss1 / 1024:.0f} MB "
              f"(+{(rss1 - rss0) / 1024:.0f} MB during the encode)")  # fmt: skip


if __name__ == "__main__":
    main()
