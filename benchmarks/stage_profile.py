"""Per-stage CPU of one cold build (one worker, in this process, under cProfile).

    PYTHONPATH=src python benchmarks/stage_profile.py --size 100 --work /tmp/sp

Generates the catalogue of ``benchmarks/catalogue.py`` (if missing), removes its dist/,
cache and lock file, then runs :func:`spotlight_feed.build` with ``jobs=1`` under
:mod:`cProfile` with a CPU clock (``time.process_time``). Each stage is the cumulative
CPU of the function that runs it; shares are of the whole build. cProfile itself slows
pure-Python code, so shares are what to read, not the absolute times (the release bench
gives those). Not run in CI.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from catalogue import EPOCH, clean, generate  # noqa: E402

# (label, module path suffix, function name): the function whose cumulative time is the stage.
STAGES = [
    ("whole build", "spotlight_feed/build.py", "build"),
    ("load (read, validate, probe)", "spotlight_feed/build.py", "_load"),
    ("episode stage, all", "write/episode.py", "write_episode"),
    ("  transcript read again", "load/project.py", "with_transcript"),
    ("  MP3 copy, ID3 tags, chapters", "write/mp3.py", "write_episode_audio"),
    ("  transcript writers", "write/transcripts.py", "write_transcripts"),
    ("    caption splitting", "transcript/captions.py", "captions"),
    ("    normalise", "transcript/words.py", "normalise"),
    ("  episode page", "pages/writer.py", "write_episode"),
    ("    page: transcript turns", "pages/views.py", "transcript_turns"),
    ("    page: neighbour links", "pages/views.py", "_neighbour"),
    ("index and feed", "write/show.py", "write_index_and_feed"),
    ("commit (manifest, swap)", "release/commit.py", "commit"),
]


def profile(root: Path) -> tuple[pstats.Stats, float]:
    from spotlight_feed import BuildOptions, build

    clean(root)
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    prof = cProfile.Profile(time.process_time)
    t0 = time.process_time()
    prof.enable()
    build(root, BuildOptions(jobs=1))
    prof.disable()
    return pstats.Stats(prof), time.process_time() - t0


def stage_table(stats: pstats.Stats, size: int) -> str:
    cum: dict[tuple[str, str], tuple[int, float]] = {}
    for (file, _line, name), (_cc, nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        for _label, suffix, fn in STAGES:
            if name == fn and file.endswith(suffix):
                calls, total = cum.get((suffix, fn), (0, 0.0))
                cum[(suffix, fn)] = (calls + nc, total + ct)
    whole = cum.get(("spotlight_feed/build.py", "build"), (1, 1.0))[1]
    rows = [
        "| stage | calls | CPU (profiled) | per episode | share |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, suffix, fn in STAGES:
        calls, total = cum.get((suffix, fn), (0, 0.0))
        rows.append(
            f"| {label.strip()} {'&nbsp;' * (len(label) - len(label.lstrip()))}| {calls:,} "
            f"| {total:.2f} s | {1000 * total / size:.1f} ms | {100 * total / whole:.0f} % |"
        )
    return "\n".join(rows) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--work", type=Path, default=Path("/tmp/spotlight-stages"))
    ap.add_argument("--top", type=int, default=0, help="also print the top N functions by own time")
    args = ap.parse_args()
    root = args.work / f"cat{args.size}"
    if not (root / "podcast.yaml").exists():
        generate(root, args.size)
    stats, cpu = profile(root)
    print(f"uptime: {os.getloadavg()}")
    print(f"{args.size} episodes, one worker, profiled CPU {cpu:.2f} s\n")
    print(stage_table(stats, args.size))
    if args.top:
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
