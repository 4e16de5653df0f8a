"""Per-stage CPU of one cold build, unprofiled (one worker, in this process).

    PYTHONPATH=src python benchmarks/stage_cpu.py /tmp/sp/cat100

The catalogue is one of ``benchmarks/catalogue.py``; its dist/, cache and lock file are
removed first. Each stage function is wrapped with a ``time.process_time`` counter (no
profiler: :mod:`stage_profile` gives the call-level detail, inflated by cProfile), then
:func:`spotlight_feed.build` runs with ``jobs=1``. The episode stage's parts are
counted inside ``write_episode``; "other" is the rest of the build (fast-path check,
plan, reuse bookkeeping, staging). Not run in CI.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from catalogue import EPOCH, clean


def wrap(owner: Any, name: str, label: str, acc: dict[str, float]) -> None:
    """Replace ``owner.name`` by a copy that adds its CPU time to ``acc[label]``."""
    fn: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[label] = acc.get(label, 0.0) + time.process_time() - t0

    setattr(owner, name, timed)


STAGES = [  # (module, attribute, label); the module is where the caller looks the name up
    ("spotlight_feed.build", "_load", "load (read, validate, probe)"),
    ("spotlight_feed.write.episode", "with_transcript", "  episode: transcript read"),
    ("spotlight_feed.write.episode", "write_episode_audio", "  episode: MP3, ID3, chapters"),
    ("spotlight_feed.write.episode", "write_transcripts", "  episode: transcript writers"),
    ("spotlight_feed.write.pages.writer", "PageWriter.write_episode", "  episode: page"),
    ("spotlight_feed.write.show", "write_index_and_feed", "index, search index, feed"),
    ("spotlight_feed.release.commit", "commit", "commit (manifest, state, swap)"),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    args = ap.parse_args()
    root = args.root
    clean(root)
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    t0 = time.process_time()
    from spotlight_feed import BuildOptions, build
    from spotlight_feed.release import commit  # noqa: F401  (the stage modules, imported)
    from spotlight_feed.write import episode, show  # noqa: F401
    from spotlight_feed.write.pages import writer  # noqa: F401

    imports = time.process_time() - t0
    acc: dict[str, float] = {}
    for module, attr, label in STAGES:
        owner: Any = sys.modules[module]
        if "." in attr:
            cls, attr = attr.split(".")
            owner = getattr(owner, cls)
        wrap(owner, attr, label, acc)
    t0 = time.process_time()
    build(root, BuildOptions(jobs=1))
    whole = time.process_time() - t0
    size = sum(1 for p in (root / "episodes").iterdir() if p.is_dir())
    print(f"load average {os.getloadavg()}; imports before the build {imports:.2f} s CPU")
    print("| stage | CPU | per episode | share |\n|---|---:|---:|---:|")
    print(f"| whole build | {whole:.2f} s | {1000 * whole / size:.1f} ms | 100 % |")
    staged = sum(v for k, v in acc.items() if not k.startswith(" "))
    episode_parts = sum(v for k, v in acc.items() if k.startswith(" "))
    for _module, _attr, label in STAGES:
        v = acc.get(label, 0.0)
        name = label.strip() if not label.startswith(" ") else "&nbsp;&nbsp;" + label.strip()
        print(f"| {name} | {v:.2f} s | {1000 * v / size:.1f} ms | {100 * v / whole:.0f} % |")
    other = whole - staged - episode_parts
    print(
        f"| other (plan, art, reuse, staging) | {other:.2f} s | {1000 * other / size:.1f} ms "
        f"| {100 * other / whole:.0f} % |"
    )


if __name__ == "__main__":
    main()
