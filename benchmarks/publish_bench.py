"""Publish benchmark: a 1,000-episode release to a real SeaweedFS S3 gateway.

    PYTHONPATH=src:tests python benchmarks/publish_bench.py --episodes 1000 \\
        --work /tmp/pb --aws /tmp/awsvenv/bin/aws

The release is the synthetic catalogue of ``catalogue.py`` built once for the
gateway's URL. Measured, each as its own process with ``os.wait4`` (wall time,
CPU), on two prefixes of one bucket:

1. ``spotlight-feed publish``: first upload, no-change re-publish, and a
   re-publish after every file of ``dist/`` was rewritten with the same bytes
   (what a fresh CI checkout and build give: new mtimes, same content);
2. ``aws s3 sync`` (awscli from PyPI, a listing-based sync comparing size and
   mtime): the same three steps.

Objects and bytes uploaded are counted from each tool's own report (ours) or
its ``upload:`` lines (aws). Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from catalogue import generate  # noqa: E402
from publish_support import BUCKET, KEY, SECRET, publish_env, start_seaweed  # noqa: E402


def run(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """One process, measured with wait4 (wall time, CPU of it and its children)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out_chunks = proc.stdout.read() if proc.stdout else b""
    err_chunks = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed: {err_chunks.decode()[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "stdout": out_chunks.decode(),
    }


def ours(root: Path, spec: str, env: dict[str, str]) -> dict[str, Any]:
    r = run([sys.executable, "-m", "spotlight_feed", "publish", spec, "-C", str(root)], env)
    line = next(x for x in r["stdout"].splitlines() if x.startswith("published to"))
    # "published to LABEL: N object(s) uploaded (B bytes), ..."
    m = re.search(r": (\d+) object\(s\) uploaded \((\d+) bytes\)", line)
    assert m, line
    objects, nbytes = int(m.group(1)), int(m.group(2))
    return {**r, "objects": objects, "bytes": nbytes}


def aws_sync(
    aws: str, dist: Path, endpoint: str, prefix: str, env: dict[str, str]
) -> dict[str, Any]:
    r = run(
        [
            aws,
            "s3",
            "sync",
            str(dist),
            f"s3://{BUCKET}/{prefix}/",
            "--endpoint-url",
            endpoint,
            "--no-progress",
        ],
        env,
    )
    uploads = [x for x in r["stdout"].splitlines() if x.startswith("upload:")]
    nbytes = 0
    for line in uploads:
        local = line.split("upload: ", 1)[1].split(" to s3://", 1)[0]
        nbytes += Path(local).stat().st_size
    return {**r, "objects": len(uploads), "bytes": nbytes}


def touch_all(dist: Path) -> None:
    """Rewrite every file with its own bytes: new mtimes, same content (a fresh build)."""
    for path in dist.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            path.unlink()
            path.write_bytes(data)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--episodes", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/spotlight-publish-bench"))
    ap.add_argument("--aws", default="aws", help="the aws CLI (pip install awscli)")
    args = ap.parse_args()
    if args.work.exists():
        shutil.rmtree(args.work)
    args.work.mkdir(parents=True)
    weed = start_seaweed(args.work / "seaweed")
    try:
        root = generate(args.work / "show", args.episodes)
        from spotlight_feed.build import BuildOptions, build

        t = time.perf_counter()
        build(root, BuildOptions(base_url=weed.public("ours")))
        print(f"built {args.episodes} episodes in {time.perf_counter() - t:.1f} s", flush=True)
        dist = root / "dist"
        files = [p for p in dist.rglob("*") if p.is_file()]
        total = sum(p.stat().st_size for p in files)
        print(f"release: {len(files)} files, {total} bytes", flush=True)
        env = {**os.environ, **publish_env(), "PYTHONPATH": str(HERE.parent / "src")}
        aws_env = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": "/nonexistent",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        }
        spec = weed.target("ours")
        results: dict[str, dict[str, Any]] = {}
        results["ours first"] = ours(root, spec, env)
        results["ours again"] = ours(root, spec, env)
        results["aws first"] = aws_sync(args.aws, dist, weed.endpoint, "aws", aws_env)
        results["aws again"] = aws_sync(args.aws, dist, weed.endpoint, "aws", aws_env)
        touch_all(dist)
        results["ours rebuilt"] = ours(root, spec, env)
        results["aws rebuilt"] = aws_sync(args.aws, dist, weed.endpoint, "aws", aws_env)
        for name, r in results.items():
            print(
                f"{name:14} {r['wall']:7.1f} s wall {r['cpu']:6.1f} s CPU "
                f"{r['objects']:6d} objects {r['bytes']:11d} bytes",
                flush=True,
            )
        summary = {
            k: {x: v[x] for x in ("wall", "cpu", "objects", "bytes")} for k, v in results.items()
        }
        (args.work / "results.json").write_text(json.dumps(summary, indent=2))
    finally:
        weed.stop()


if __name__ == "__main__":
    main()
