"""Encoding and loudness cost (issue #16); results in docs/benchmarks.md#audio-encoding.

    python benchmarks/bench_encode.py [--minutes 30] [--long 120]

1. A MINUTES-long mono 44.1 kHz 16-bit WAV (speech-like noise bursts) is encoded at
   64 kbit/s mono by our chain (``transcode.prepare``: decode, lameenc, Info frame) and by the
   ``lame`` CLI (``-b 64 -m m -q 2``, with and without its ReplayGain analysis) and ffmpeg
   (libmp3lame, ``-b:a 64k -q:a 2``): wall time of each, best of one run per tool, in turn.
2. Peak memory (max RSS of a fresh process) of our encode of MINUTES and of LONG minutes:
   flat in the length means the difference is small.
3. Loudness measurement cost per hour of audio: ``transcode.measure_file`` (decode + meter)
   on the encoded MP3 and on the WAV.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from spotlight_feed.audio import decode, encode, transcode
what, path, cache = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
t = time.perf_counter()
if what == "encode":
    info = decode.inspect(path)
    transcode.prepare(path, encode.EncodeSettings(64, 1, 44100), cache, info=info)
else:
    transcode.measure_file(path, cache)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024}))
"""


def make_wav(path: Path, minutes: float, rate: int = 44100) -> None:
    import numpy as np
    import soundfile as sf

    rng = np.random.default_rng(7)
    t = np.arange(rate) / rate
    env = (0.5 + 0.5 * np.sin(2 * np.pi * 3 * t)).astype(np.float32)
    with sf.SoundFile(str(path), "w", rate, 1, "PCM_16") as f:
        for _ in range(int(minutes * 60)):
            f.write((0.15 * env * rng.standard_normal(rate)).astype(np.float32))


def child(what: str, path: Path, cache: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, what, str(path), str(cache)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    result: dict[str, float] = json.loads(out)
    return result


def timed(cmd: list[str]) -> dict[str, float]:
    """Wall and CPU seconds of a program."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"wall": wall, "cpu": cpu}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--long", type=float, default=120)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        wav = tmp / "short.wav"
        make_wav(wav, args.minutes)
        w = str(wav)
        lame = ["lame", "--quiet", "-b", "64", "-m", "m", "-q", "2"]
        ff = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", w, "-c:a", "libmp3lame"]
        runs = {
            "ours (lameenc + Info frame)": child("encode", wav, tmp / "cache-a"),
            "lame CLI": timed([*lame, w, str(tmp / "l.mp3")]),
            "lame CLI --noreplaygain": timed([*lame, "--noreplaygain", w, str(tmp / "l2.mp3")]),
            "ffmpeg -compression_level 2": timed(
                [*ff, "-b:a", "64k", "-compression_level", "2", str(tmp / "f.mp3")]
            ),
        }
        ours = runs["ours (lameenc + Info frame)"]
        print(f"{args.minutes:g} min WAV -> 64 kbit/s mono MP3 (wall s, CPU s, ours/them)")
        for name, r in runs.items():
            print(
                f"  {name:<30} {r['wall']:6.1f} {r['cpu']:6.1f}  "
                f"wall {ours['wall'] / r['wall']:.2f}  CPU {ours['cpu'] / r['cpu']:.2f}"
            )
        mp3 = next((tmp / "cache-a").glob("*.mp3"))
        hours = args.minutes / 60
        for name, src in (("MP3", mp3), ("WAV", wav)):
            m = child("measure", src, tmp / f"cache-{name}")
            print(
                f"  loudness from the {name}: {m['wall'] / hours:.1f} s wall, "
                f"{m['cpu'] / hours:.1f} s CPU per hour of audio"
            )
        wav.unlink()
        long = tmp / "long.wav"
        make_wav(long, args.long)
        big = child("encode", long, tmp / "cache-b")
        print(
            f"peak RSS: {ours['rss_mb']:.0f} MB for {args.minutes:g} min, {big['rss_mb']:.0f} MB "
            f"for {args.long:g} min (+{big['rss_mb'] - ours['rss_mb']:.0f} MB); "
            f"long encode {big['wall']:.1f} s wall, {big['cpu']:.1f} s CPU"
        )


if __name__ == "__main__":
    main()
