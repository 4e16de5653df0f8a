#!/usr/bin/env python3
"""Benchmark: tag N ten-minute MP3s three ways, and re-tag after a metadata-only edit.

Methods, each run in its own child process so its peak memory and I/O are its own:

* ``cp``: one ``cp`` of all source files (the floor: what copying costs);
* ``one-pass``: spotlight-feed's writer (``audio.write.write_tagged``): build the sample
  episode's full tag (title changed per file; cover art resized once, as in a build),
  render it, stream the audio frames behind it;
* ``copy-then-save``: ``shutil.copyfile`` then mutagen ``ID3.save`` of the same frames built
  as mutagen objects (mutagen inserts the tag at the start, moving the whole file).

Wall time is measured with warm page cache and nothing else dirty (``sync`` before each
method). Bytes written come from a second pass over ``--io-files`` files in which every
phase is followed by ``fsync``, so a page written twice is counted twice (``write_bytes``
counts a page when it is dirtied; rewriting a still-dirty page would hide the second
write). Peak memory is the child's ``ru_maxrss`` (``os.wait4``), shown also above the
footprint of a child that only imports the same modules.

Re-tag: after an edit of the episode title and summary, ``retag_in_place`` on every
one-pass copy (the tag fits the padding, so only the tag's bytes are written), and for
comparison mutagen's own in-place route (load, change, ``save`` keeping the padding).

Usage (from the repository root; needs ``lame`` or ``ffmpeg`` only to make the source)::

    PYTHONPATH=src python benchmarks/bench_tagging.py --files 100 --minutes 10

Prints a Markdown table (the one in docs/benchmarks.md, section "Audio tagging").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, shutil, sys, time
from dataclasses import replace
from pathlib import Path

method, srcdir, dstdir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
n, fsync = int(sys.argv[4]), sys.argv[5] == "1"
sys.path.insert(0, sys.argv[6])
sys.path.insert(0, os.path.join(os.path.dirname(sys.argv[6]), "benchmarks"))
from mutagen.id3 import ID3
from retag import retag_in_place
from spotlight_feed.audio.frames import to_mutagen
from spotlight_feed.write.art_cache import ArtStore
from spotlight_feed.write.mp3 import cover_picture
from spotlight_feed.audio.tags import render
from spotlight_feed.write.id3 import build_tag
from spotlight_feed.audio.write import write_tagged
from spotlight_feed.plan.chapters import spans
from spotlight_feed.load.project import load_project

project = load_project(Path(sys.argv[7]))
episode = project.episodes[0]
cover = cover_picture(project, episode, ArtStore(None, ""))
marks = spans(episode, episode.audio.duration_ms)


def variant(i, title_prefix):
    cfg = episode.config.model_copy(update={"title": f"{title_prefix} {i}: {episode.config.title}"})
    return replace(episode, config=cfg)


# One loaded episode per file, as the load stage hands them to the build (not timed).
prefix = "Edited episode" if method == "retag" else "Episode"
episodes = [variant(i, prefix) for i in range(n)]


def tag_for(i):
    return build_tag(project, episodes[i], duration_ms=episode.audio.duration_ms,
                     page_url="https://example.invalid/ep/", cover=cover, chapters=marks)


def sync(path):
    if fsync:
        fd = os.open(path, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)


sources = sorted(srcdir.glob("*.mp3"))[:n]
t0 = time.perf_counter()
if method == "one-pass":
    for i, src in enumerate(sources):
        dst = dstdir / src.name
        write_tagged(src, dst, tag_for(i))
        sync(dst)
elif method == "copy-then-save":
    for i, src in enumerate(sources):
        dst = dstdir / src.name
        shutil.copyfile(src, dst)
        sync(dst)
        to_mutagen(tag_for(i), 3).save(dst, v1=0, v2_version=3)
        sync(dst)
elif method == "retag":
    for i, src in enumerate(sources):
        ok = retag_in_place(dstdir / src.name, tag_for(i))
        assert ok, "the edited tag did not fit the padding"
elif method == "mutagen-inplace":
    for i, src in enumerate(sources):
        tag = ID3(dstdir / src.name, v2_version=3)
        tag["TIT2"].text = [f"Edited again {i}"]
        tag.save(dstdir / src.name, v1=0, v2_version=3, padding=lambda info: max(info.padding, 0))
elif method == "tags-only":
    for i in range(len(sources)):
        render(tag_for(i))
elif method != "imports":
    raise SystemExit(f"unknown method {method}")
elapsed = time.perf_counter() - t0
io = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
hwm_mb = int(status["VmHWM"].split()[0]) / 1024  # peak RSS of this program (reset at exec)
result = {"seconds": elapsed, "wchar": int(io["wchar"]), "hwm_mb": hwm_mb}
print(json.dumps(result))
"""


def run_child(args: list[str]) -> dict[str, float]:
    """Run *args*; return its JSON output (if any) plus wall time, ru_maxrss and ru_oublock."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{args[:3]} failed with {proc.returncode}")
    result: dict[str, float] = json.loads(out) if out.strip() else {}
    result["wall"] = wall
    result.setdefault("hwm_mb", usage.ru_maxrss / 1024)
    result["oublock_bytes"] = usage.ru_oublock * 512
    return result


def cp_child(files: list[Path], out: Path) -> dict[str, float]:
    """One ``cp`` of *files*; its peak RSS from GNU time (a forked child would report ours)."""
    cmd = ["cp", *map(str, files), str(out)]
    if not Path("/usr/bin/time").exists():  # Debian package "time"
        r = run_child(cmd)
        r["hwm_mb"] = float("nan")
    else:
        with tempfile.NamedTemporaryFile("r") as rss:
            r = run_child(["/usr/bin/time", "-f", "%M", "-o", rss.name, *cmd])
            r["hwm_mb"] = int(rss.read().split()[-1]) / 1024
    r["seconds"] = r["wall"]
    return r


def python_child(
    method: str, src: Path, dst: Path, n: int, fsync: bool, project: Path
) -> dict[str, float]:
    return run_child(
        [
            sys.executable,
            "-c",
            CHILD,
            method,
            str(src),
            str(dst),
            str(n),
            "1" if fsync else "0",
            str(REPO / "src"),
            str(project),
        ]
    )


def make_source(path: Path, minutes: float) -> None:
    """A ten-minute 128 kbit/s stereo MP3 by ffmpeg's libmp3lame, with a Xing/Info header."""
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=220:sample_rate=44100:duration={minutes * 60}",
            "-f",
            "lavfi",
            "-i",
            f"anoisesrc=color=pink:amplitude=0.05:sample_rate=44100:duration={minutes * 60}:seed=1",
            "-filter_complex",
            "amix=inputs=2",
            "-ac",
            "2",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "128k",
            str(path),
        ],
        check=True,
    )


def total_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.mp3"))


def clear(folder: Path) -> None:
    """Empty *folder*, flush everything to disk and let the file system settle."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.sync()
    time.sleep(1.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--io-files", type=int, default=20, help="files in the fsync'd I/O pass")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per method (best kept)")
    ns = parser.parse_args()

    work = ns.workdir or Path(tempfile.mkdtemp(prefix="bench-tagging-"))
    src, out = work / "src", work / "out"
    src.mkdir(parents=True, exist_ok=True)
    project = work / "show"
    if not project.exists():
        sys.path.insert(0, str(REPO / "tests"))
        from conftest import copy_sample

        copy_sample(project)
    one = src / "ep000.mp3"
    if not one.exists():
        make_source(one, ns.minutes)
    for i in range(1, ns.files):
        dst = src / f"ep{i:03d}.mp3"
        if not dst.exists():
            shutil.copyfile(one, dst)
    for p in sorted(src.glob("*.mp3")):  # warm the page cache
        p.read_bytes()
    source_bytes = total_size(src)

    # Timing: rounds of (cp, one-pass, copy-then-save) interleaved, in rotating order, so that
    # background writeback of earlier runs hits every method alike; best and median kept.
    methods = ("cp", "one-pass", "copy-then-save")
    runs: dict[str, list[dict[str, float]]] = {m: [] for m in methods}
    outputs: dict[str, int] = {}
    for round_no in range(ns.repeat):
        order = methods[round_no % 3 :] + methods[: round_no % 3]  # rotate: no method always first
        for method in order:
            clear(out)
            if method == "cp":
                r = cp_child(sorted(src.glob("*.mp3"))[: ns.files], out)
            else:
                r = python_child(method, src, out, ns.files, False, project)
            runs[method].append(r)
            outputs[method] = total_size(out)
    timing = {m: min(runs[m], key=lambda r: r["seconds"]) for m in methods}
    median = {m: statistics.median(r["seconds"] for r in runs[m]) for m in methods}
    ratios = {
        m: statistics.median(
            r["seconds"] / c["seconds"] for r, c in zip(runs[m], runs["cp"], strict=True)
        )
        for m in methods
    }
    imports = python_child("imports", src, out, 0, False, project)
    tags_only = python_child("tags-only", src, out, ns.files, False, project)

    # Re-tag after a metadata-only edit, on one-pass copies.
    clear(out)
    python_child("one-pass", src, out, ns.files, False, project)
    retag = python_child("retag", src, out, ns.files, False, project)
    inplace = python_child("mutagen-inplace", src, out, ns.files, False, project)

    # Bytes written: fsync after each phase so that every write reaches the counters.
    io: dict[str, dict[str, float]] = {}
    for method in ("cp", "one-pass", "copy-then-save"):
        clear(out)
        if method == "cp":
            r = cp_child(sorted(src.glob("*.mp3"))[: ns.io_files], out)
            os.sync()  # cp writes each file once; its counter is complete at dirtying time
        else:
            r = python_child(method, src, out, ns.io_files, True, project)
        r["output"] = total_size(out)
        io[method] = r
    shutil.rmtree(out, ignore_errors=True)

    cp_s = timing["cp"]["seconds"]
    print(
        f"{ns.files} files × {ns.minutes:g} min, 128 kbit/s stereo, "
        f"{source_bytes / ns.files / 1e6:.2f} MB each ({source_bytes / 1e9:.2f} GB in all); "
        f"{ns.repeat} interleaved rounds, warm page cache\n"
    )
    print(
        "| method | best wall time | × cp (best) | median wall time | × cp (median of rounds) "
        "| bytes written / output (fsync'd pass) "
        "| peak RSS | peak RSS above imports |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for method in ("cp", "one-pass", "copy-then-save"):
        t, w = timing[method], io[method]
        ratio = w["oublock_bytes"] / w["output"]
        above = "–" if method == "cp" else f"{t['hwm_mb'] - imports['hwm_mb']:.1f} MB"
        print(
            f"| {method} | {t['seconds']:.2f} s | {t['seconds'] / cp_s:.2f} "
            f"| {median[method]:.2f} s | {ratios[method]:.2f} | {ratio:.3f} "
            f"| {t['hwm_mb']:.1f} MB | {above} |"
        )
    print()
    print(
        f"Output {outputs['one-pass'] / 1e6:.1f} MB (one-pass) vs "
        f"{outputs['copy-then-save'] / 1e6:.1f} MB (copy-then-save) vs "
        f"{outputs['cp'] / 1e6:.1f} MB (cp)."
    )
    per_file = {m: timing[m]["seconds"] / ns.files * 1000 for m in methods}
    print(
        f"Per file (best rounds): cp {per_file['cp']:.2f} ms, "
        f"one-pass {per_file['one-pass']:.2f} ms "
        f"of which building and encoding the tag {tags_only['seconds'] / ns.files * 1000:.2f} ms "
        f"(no I/O), copy-then-save {per_file['copy-then-save']:.2f} ms."
    )
    print(
        "Python child that only imports and loads the project: "
        f"{imports['hwm_mb']:.1f} MB peak RSS."
    )
    print()
    print("| re-tag after a metadata-only edit | per file | bytes written per file |")
    print("|---|---|---|")
    for name, r in (
        ("retag_in_place (spotlight-feed)", retag),
        ("mutagen load + save in place", inplace),
    ):
        print(
            f"| {name} | {r['seconds'] / ns.files * 1000:.2f} ms "
            f"| {r['wchar'] / ns.files / 1024:.0f} KiB (wchar) |"
        )


if __name__ == "__main__":
    main()
