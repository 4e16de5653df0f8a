"""Release-build benchmarks: cold build, no-op rebuild, one-episode change, feed alone.

    PYTHONPATH=src python benchmarks/release_bench.py --sizes 100 1000 10000 \\
        --work /tmp/spotlight-bench --table docs/benchmarks-release.md

Each build runs as its own ``python -m spotlight_feed build`` process (so times are
whole-process, imports included) and is measured with ``os.wait4``: wall time,
CPU time (user + sys, including the worker processes), CPU/wall (above 1 means
more than one core worked) and peak RSS of the largest process. The no-op
rebuild is also checked to write nothing: every file and folder of the project
has the same size, mtime and inode afterwards. Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from catalogue import EPOCH, clean, generate, measure  # noqa: E402


def snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            st = os.lstat(os.path.join(dirpath, name))
            out[os.path.join(dirpath, name)] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return out


def run(args: list[str]) -> dict[str, Any]:
    result = measure([sys.executable, *args], dict(os.environ, SOURCE_DATE_EPOCH=EPOCH))
    result["cores"] = result["cpu"] / result["wall"]
    return result


def bench(size: int, work: Path) -> dict[str, object]:
    root = work / f"cat{size}"
    if not (root / "podcast.yaml").exists():
        t0 = time.perf_counter()
        generate(root, size)
        print(f"generated {size} episodes in {time.perf_counter() - t0:.0f} s", flush=True)
    clean(root)
    build = ["-m", "spotlight_feed", "build", "-C", str(root)]
    cold = run(build)
    print(f"{size}: cold {cold['wall']:.1f} s", flush=True)
    before = snapshot(root)
    noop = run(build)
    assert "up to date" in str(noop["stdout"]), noop
    noop["wrote_nothing"] = snapshot(root) == before
    meta = root / "episodes" / "ep000001" / "episode.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace('title: "Episode 1:', 'title: "Episode One:'), encoding="utf-8")
    one = run(build)
    assert "(1 redone," in str(one["stdout"]), one
    meta.write_text(text, encoding="utf-8")
    feed = run([str(HERE / "feedbench.py"), str(root)])
    feed_result = json.loads(str(feed["stdout"]))
    return {"size": size, "cold": cold, "noop": noop, "one": one, "feed": feed_result}


def table(results: list[dict[str, Any]]) -> str:
    """Two Markdown tables: the three builds, then the feed stage alone."""
    rows = [
        "| episodes | cold build | cold CPU | CPU/wall | cold peak RSS | no-op rebuild "
        "| no-op CPU | no-op writes | one-episode change | its CPU | its peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in results:
        c, n, o = r["cold"], r["noop"], r["one"]
        rows.append(
            f"| {r['size']:,} | {c['wall']:.1f} s | {c['cpu']:.0f} s | {c['cores']:.2f} | "
            f"{c['rss_mb']:.0f} MB | {n['wall']:.2f} s | {n['cpu']:.2f} s | "
            f"{'none' if n['wrote_nothing'] else 'SOME'} | {o['wall']:.1f} s | "
            f"{o['cpu']:.1f} s | {o['rss_mb']:.0f} MB |"
        )
    rows += [
        "",
        "| episodes | feed stage (feedgen) | same feed, plain lxml | ratio | shared values "
        "| writers alone | tree-only floor | ratio to floor | feed.xml | peak RSS loading "
        "| RSS, catalogue loaded | peak RSS writing the feed | feed's own peak "
        "| lxml writer's own peak |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        f = r["feed"]
        rows.append(
            f"| {r['size']:,} | {f['feed_s']:.3f} s | {f['lxml_s']:.3f} s | "
            f"{f['ratio']:.2f}x | {f['data_s']:.3f} s | {f['render_ratio']:.2f}x | "
            f"{f['tree_s']:.3f} s | {f['tree_ratio']:.2f}x | "
            f"{f['feed_bytes'] / 2**20:.1f} MB | {f['load_peak_mb']:.0f} MB | "
            f"{f['rss_loaded_mb']:.0f} MB | "
            f"{f['feed_rss_mb']:.0f} MB | {f['feed_extra_mb']:.0f} MB | "
            f"{f['lxml_extra_mb']:.0f} MB |"
        )
    return "\n".join(rows) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--from-log", type=Path, help="only print the tables for the JSON lines of an earlier run"
    )
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/spotlight-bench"))
    ap.add_argument("--table", type=Path, default=None)
    args = ap.parse_args()
    if args.from_log:
        lines = args.from_log.read_text(encoding="utf-8").splitlines()
        print(table([json.loads(line) for line in lines if line.startswith("{")]))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        results.append(bench(size, args.work))
        print(json.dumps(results[-1]), flush=True)
        if args.table:
            args.table.write_text(table(results), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
