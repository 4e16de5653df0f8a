"""Instructions, not seconds: the no-op and one-episode builds of two checkouts, counted.

    python benchmarks/release_instructions.py --code before=/tmp/start/src --code after=src \\
        --sizes 100 1000 --work /tmp/instr

On a shared two-core machine the CPU time of one build spreads by 10-30 % from run to run
(docs/benchmarks.md), more than the differences this benchmark is for. Valgrind's
callgrind counts the instructions a process executes (``--trace-children=yes``: worker
processes too), which is the same number on every run of the same code on the same
inputs, whatever else the machine does (two runs agree within 0.02 % here). It counts
user-space instructions only: the kernel's share (``stat``, ``link``, ``unlink``, writes)
is left out, so ``--syscalls`` also counts the system calls of each build with ``strace -f
-c``. Needs valgrind (and strace for ``--syscalls``), Debian packages; not run in CI.

For each size every code gets its own copy of one generated catalogue
(:mod:`catalogue`), built cold once without valgrind (byte-compiled checkouts, as an
install has them), then: a no-op rebuild, counted; a one-episode change (the title of
``ep000001``), counted. ``PYTHONHASHSEED=0`` keeps the interpreter's hashing the same
from run to run. Under callgrind OpenSSL's SHA-256 is a fifth of both codes' count, far
more than its native share (cProfile: ~70 ms of a 4 s build); both codes hash the same
files, so the comparison stands.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from catalogue import EPOCH, generate  # noqa: E402


def _env(src: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=src, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="0")


def _build(root: Path) -> list[str]:
    return [sys.executable, "-m", "spotlight_feed", "build", "-C", str(root)]


def instructions(root: Path, src: str, expect: str) -> int:
    """Instructions of one build of *root* (and its workers) under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            "valgrind", "--tool=callgrind", "--trace-children=yes",
            f"--callgrind-out-file={tmp}/cg.%p", *_build(root),
        ]  # fmt: skip
        done = subprocess.run(cmd, env=_env(src), capture_output=True, text=True, check=True)
        assert expect in done.stdout, done.stdout[-500:]
        return sum(int(n) for n in re.findall(r"Collected : (\d+)", done.stderr))


def syscalls(root: Path, src: str, expect: str) -> int:
    """System calls of one build of *root* (and its workers), by ``strace -f -c``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "strace.txt"
        cmd = ["strace", "-f", "-c", "-o", str(out), *_build(root)]
        done = subprocess.run(cmd, env=_env(src), capture_output=True, text=True, check=True)
        assert expect in done.stdout, done.stdout[-500:]
        total = out.read_text().strip().splitlines()[-1].split()
        return int(total[3])  # % time, seconds, usecs/call, calls[, errors], total


def retitle(root: Path) -> None:
    """The one-episode change: ``ep000001``'s title, back and forth."""
    meta = root / "episodes" / "ep000001" / "episode.yaml"
    text = meta.read_text(encoding="utf-8")
    one, other = 'title: "Episode 1:', 'title: "Episode One:'
    meta.write_text(
        text.replace(one, other) if one in text else text.replace(other, one), encoding="utf-8"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--code", action="append", required=True, help="NAME=PATH/TO/src")
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/spotlight-instructions"))
    ap.add_argument("--syscalls", action="store_true", help="also count system calls (strace)")
    args = ap.parse_args()
    codes = [tuple(c.split("=", 1)) for c in args.code]
    for _, src in codes:
        assert compileall.compile_dir(src, quiet=1), f"{src}: does not compile"
    rows = []
    for size in args.sizes:
        master = args.work / f"cat{size}"
        if not (master / "podcast.yaml").exists():
            generate(master, size)
        for name, src in codes:
            root = args.work / f"cat{size}-{name}"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(master, root, symlinks=True)
            subprocess.run(_build(root), env=_env(src), capture_output=True, check=True)
            row = {"size": size, "code": name}
            row["noop"] = instructions(root, src, "up to date")
            retitle(root)
            row["one"] = instructions(root, src, "(1 redone,")
            if args.syscalls:
                row["noop_sys"] = syscalls(root, src, "up to date")
                retitle(root)
                row["one_sys"] = syscalls(root, src, "(1 redone,")
            rows.append(row)
            print(row, flush=True)
    print("| episodes | code | no-op instructions | one-episode instructions |" + (
        " no-op syscalls | one-episode syscalls |" if args.syscalls else ""))  # fmt: skip
    print("|---:|---|---:|---:|" + ("---:|---:|" if args.syscalls else ""))
    for r in rows:
        extra = f" {r['noop_sys']:,} | {r['one_sys']:,} |" if args.syscalls else ""
        print(
            f"| {r['size']:,} | {r['code']} | {r['noop'] / 1e6:,.1f} M | "
            f"{r['one'] / 1e6:,.1f} M |{extra}"
        )


if __name__ == "__main__":
    main()
