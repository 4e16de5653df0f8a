"""Per-episode CPU of a cold one-worker build over a window of episodes, and the collector's share.

    PYTHONPATH=src python benchmarks/gc_window.py /tmp/hb/cat1000 --start 200 --stop 800
    PYTHONPATH=src python benchmarks/gc_window.py /tmp/hb/cat10000 --start 200 --stop 800

Runs :func:`spotlight_feed.build` in this process with ``jobs=1`` on a catalogue of
``benchmarks/catalogue.py`` (its dist/, cache and lock file removed first). A progress sink
timestamps (``time.process_time``) every finished episode; ``gc.callbacks`` add up the
number and CPU time of the cyclic collector's runs per generation inside the window (from
the ``--start``-th finished episode to the ``--stop``-th), and the build is stopped at
``--stop`` (the sink raises; the build removes its staging folder). Comparing a 1,000- and a
10,000-episode catalogue over the same window says whether an episode costs more in a
bigger catalogue and how much of that is the collector (whose full collections walk every
live object: the loaded catalogue). ``--no-settle`` builds without
:func:`spotlight_feed.release.heap.settled` (the collector as Python sets it), to compare.
Not run in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import time
from pathlib import Path
from typing import Any

from catalogue import EPOCH, clean


class Stop(Exception):
    """Raised by the sink at the window's end."""


class Window:
    """A progress sink that timestamps episodes and counts collections inside the window."""

    def __init__(self, start: int, stop: int, every: int = 0) -> None:
        self.start_at, self.stop_at, self.every = start, stop, every
        self.all_gc = [0.0, 0.0, 0.0]
        self.full = 0
        self._last = (time.process_time(), 0.0, 0)
        self.done = 0
        self.t_start = self.t_stop = 0.0
        self.inside = False
        self.runs = [0, 0, 0]
        self.gc_cpu = [0.0, 0.0, 0.0]
        self.collected = 0
        self._t0 = 0.0

    def gc_event(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._t0 = time.process_time()
            return
        g = info["generation"]
        self.all_gc[g] += time.process_time() - self._t0
        self.full += g == 2
        if self.inside:
            self.runs[g] += 1
            self.gc_cpu[g] += time.process_time() - self._t0
            self.collected += info["collected"]

    def start(self, total: int, todo: int) -> None:
        self.total = total
        self._last = (time.process_time(), sum(self.all_gc), self.full)
        print(
            f"  load stage and plan: {self._last[0]:.2f} s CPU (process), collector "
            f"{sum(self.all_gc):.2f} s, full collections {self.full}",
            flush=True,
        )

    def episode(self, slug: str, action: str, reason: str) -> None:
        self.done += 1
        if self.every and self.done % self.every == 0:
            now, gcs = time.process_time(), sum(self.all_gc)
            cpu, g = now - self._last[0], gcs - self._last[1]
            rss = _rss_mb()
            print(
                f"    episodes {self.done - self.every}-{self.done}: "
                f"{1000 * cpu / self.every:.2f} ms an episode, collector "
                f"{1000 * g / self.every:.2f} ms, full collections {self.full - self._last[2]}, "
                f"RSS {rss} MB",
                flush=True,
            )
            self._last = (now, gcs, self.full)
        if self.done == self.start_at:
            self.t_start = time.process_time()
            self.inside = True
            self.objects_at_start = len(gc.get_objects())
        elif self.done == self.stop_at:
            self.t_stop = time.process_time()
            self.inside = False
            raise Stop

    def finish(self) -> None:
        pass


def _rss_mb() -> int:
    """This process's resident set now, in MB (Linux ``/proc``)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20
    except OSError:
        return 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("--start", type=int, default=200)
    ap.add_argument("--stop", type=int, default=800)
    ap.add_argument("--every", type=int, default=0, help="also print every N episodes")
    ap.add_argument(
        "--no-settle",
        action="store_true",
        help="build with the collector as Python sets it (release.heap.settled switched off)",
    )
    args = ap.parse_args()
    root = args.root
    clean(root)
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    from spotlight_feed import BuildOptions, build
    from spotlight_feed.release import heap

    if args.no_settle:
        heap.settled = contextlib.nullcontext  # type: ignore[assignment]

    window = Window(args.start, args.stop, args.every)
    gc.callbacks.append(window.gc_event)
    t0 = time.process_time()
    with contextlib.suppress(Stop):
        build(root, BuildOptions(jobs=1), progress=window)
    n = args.stop - args.start
    cpu = window.t_stop - window.t_start
    gc_cpu = sum(window.gc_cpu)
    print(
        f"{root.name}: {window.total} episodes, window {args.start}-{args.stop}, "
        f"settled {not args.no_settle}, load {os.getloadavg()}"
    )
    print(f"  until the window's end: {time.process_time() - t0:.2f} s CPU")
    print(f"  window: {cpu:.2f} s CPU, {1000 * cpu / n:.2f} ms an episode")
    print(
        f"  collector in the window: {gc_cpu:.2f} s ({1000 * gc_cpu / n:.2f} ms an episode, "
        f"{100 * gc_cpu / cpu:.1f} %); runs per generation {window.runs}, "
        f"CPU per generation {[round(x, 3) for x in window.gc_cpu]}, "
        f"collected {window.collected}"
    )
    print(
        f"  without the collector: {1000 * (cpu - gc_cpu) / n:.2f} ms an episode; "
        f"tracked objects at the window's start {window.objects_at_start}, "
        f"frozen {gc.get_freeze_count()}"
    )


if __name__ == "__main__":
    main()
