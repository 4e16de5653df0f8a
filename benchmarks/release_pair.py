"""Paired release benchmarks: two checkouts build the same catalogue, alternately.

    python benchmarks/release_pair.py --code before=/tmp/start/src --code after=src \\
        --sizes 100 1000 --repeat 3 --work /tmp/pair --log /tmp/pair/log.jsonl

For each size and repeat, every code (in alternating order: A B, then B A, ...) runs the
three builds of ``release_bench.py`` on the same generated catalogue (cold, no-op
rebuild, one-episode change) as separate ``python -m spotlight_feed build`` processes with
``PYTHONPATH`` pointing at that checkout's ``src``. Measured with ``os.wait4``: CPU time
(user + sys, worker processes included) and the peak RSS of the largest process. The
1-minute load average is recorded before each build: on a shared machine, CPU time is
the comparable number; wall time is printed but not compared. Not run in CI.

Each checkout is byte-compiled first (``compileall``, into its own ``__pycache__``), as
``pip install`` does: otherwise, where ``PYTHONDONTWRITEBYTECODE`` is set or the tree is
read-only, every build process compiles the whole package from source, a fixed cost
(about 30 ms here) that grows with the package's size and is no part of a real install's
build. ``--source`` measures that way on purpose.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from catalogue import EPOCH, clean, generate, measure  # noqa: E402


def run(args: list[str], pythonpath: str) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=pythonpath)
    env.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    load = os.getloadavg()[0]
    return {**measure([sys.executable, *args], env), "load": load}


def three_builds(root: Path, src: str) -> dict[str, Any]:
    clean(root)
    build = ["-m", "spotlight_feed", "build", "-C", str(root)]
    cold = run(build, src)
    noop = run(build, src)
    assert "up to date" in noop["stdout"], noop
    meta = root / "episodes" / "ep000001" / "episode.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace('title: "Episode 1:', 'title: "Episode One:'), encoding="utf-8")
    try:
        one = run(build, src)
    finally:
        meta.write_text(text, encoding="utf-8")
    assert "(1 redone," in one["stdout"], one
    clean(root)
    return {"cold": cold, "noop": noop, "one": one}


def table(rows: list[dict[str, Any]], names: list[str]) -> str:
    """Median CPU and peak RSS per size, code and build, with the runs' load range."""
    out = [
        "| episodes | code | runs | cold CPU | cold RSS | no-op CPU | no-op RSS "
        "| one-episode CPU | its RSS | load (1 min) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size in sorted({r["size"] for r in rows}):
        for name in names:
            mine = [r for r in rows if r["size"] == size and r["code"] == name]
            if not mine:
                continue

            def med(kind: str, key: str, runs: list[dict[str, Any]] = mine) -> float:
                return statistics.median(r[kind][key] for r in runs)

            loads = [r[k]["load"] for r in mine for k in ("cold", "noop", "one")]
            out.append(
                f"| {size:,} | {name} | {len(mine)} | {med('cold', 'cpu'):.2f} s | "
                f"{med('cold', 'rss_mb'):.0f} MB | {med('noop', 'cpu'):.3f} s | "
                f"{med('noop', 'rss_mb'):.0f} MB | {med('one', 'cpu'):.2f} s | "
                f"{med('one', 'rss_mb'):.0f} MB | {min(loads):.1f}-{max(loads):.1f} |"
            )
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--code", action="append", required=True, help="NAME=PATH/TO/src")
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=Path("/tmp/spotlight-pair"))
    ap.add_argument("--log", type=Path, default=None, help="append one JSON line per run")
    ap.add_argument("--from-log", type=Path, default=None, help="only print the table")
    ap.add_argument("--source", action="store_true", help="do not byte-compile the checkouts first")
    args = ap.parse_args()
    codes = [tuple(c.split("=", 1)) for c in args.code]
    if not args.source and not args.from_log:
        for _, src in codes:
            assert compileall.compile_dir(src, quiet=1), f"{src}: does not compile"
    names = [n for n, _ in codes]
    if args.from_log:
        lines = args.from_log.read_text(encoding="utf-8").splitlines()
        print(table([json.loads(line) for line in lines if line.strip()], names))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        root = args.work / f"cat{size}"
        if not (root / "podcast.yaml").exists():
            generate(root, size)
        for rep in range(args.repeat):
            order = codes if rep % 2 == 0 else codes[::-1]
            for name, src in order:
                result = {"size": size, "rep": rep, "code": name, **three_builds(root, src)}
                for kind in ("cold", "noop", "one"):
                    result[kind].pop("stdout")
                rows.append(result)
                line = json.dumps(result)
                print(line, flush=True)
                if args.log:
                    with args.log.open("a", encoding="utf-8") as f:
                        f.write(line + "\n")
    print(table(rows, names))


if __name__ == "__main__":
    main()
