"""Cold-build CPU per episode at a large catalogue against a small one, measured side by side.

    PYTHONPATH=src python benchmarks/scale_pair.py /tmp/hb/cat1000 /tmp/hb/cat10000

Runs one cold ``spotlight_feed build --jobs 1`` of the large catalogue (second argument) and,
for as long as it runs, cold ``--jobs 1`` builds of the small one (first argument) one after
the other, each a separate process measured by ``os.wait4`` (user + sys CPU). Both see the
same machine load over the same minutes, so their CPU per episode can be compared (the
issue's "cold build CPU per episode at 10,000 within 1.1x of that at 1,000"). Catalogues
come from ``benchmarks/catalogue.py``; each one's dist/, cache and lock file are removed
before each build. Not run in CI.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hugo_bench import ours


def _episodes(root: Path) -> int:
    return sum(1 for p in (root / "episodes").iterdir() if p.is_dir())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("small", type=Path)
    ap.add_argument("large", type=Path)
    args = ap.parse_args()
    n_small, n_large = _episodes(args.small), _episodes(args.large)
    print(f"load before {os.getloadavg()}", flush=True)
    big: dict[str, float] = {}
    worker = threading.Thread(target=lambda: big.update(ours(args.large, 1)))
    worker.start()
    small: list[float] = []
    while worker.is_alive():
        r = ours(args.small, 1)
        small.append(1000 * r["cpu"] / n_small)
        print(f"  {n_small:,}: {small[-1]:.2f} ms an episode, load {os.getloadavg()}", flush=True)
    worker.join()
    large = 1000 * big["cpu"] / n_large
    mean = statistics.mean(small)
    print(
        f"{n_large:,} episodes: {big['cpu']:.1f} s CPU, {large:.2f} ms an episode, peak RSS "
        f"{big['rss_mb']:.0f} MB; {n_small:,} episodes ({len(small)} builds meanwhile): "
        f"{min(small):.2f}-{max(small):.2f} ms, mean {mean:.2f} ms; ratio to the mean "
        f"{large / mean:.3f} (to the range {large / max(small):.3f}-{large / min(small):.3f}); "
        f"load after {os.getloadavg()}"
    )


if __name__ == "__main__":
    main()
