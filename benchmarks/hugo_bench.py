"""Cold build beside Hugo on the same catalogue: paired ratios, measured in one run.

    apt-get install -y hugo   # Debian's (0.111 on bookworm)
    PYTHONPATH=src python benchmarks/hugo_bench.py --sizes 100 1000 --work /tmp/hb

For each size: the catalogue of ``benchmarks/catalogue.py`` (generated if missing) is
also written as a Hugo site (``benchmarks/hugo/``: config and templates; content: one
page per episode whose front matter carries the title, date, summary, chapters, credits
and the 150 transcript turns, the notes as its Markdown body). Then, alternating, a cold
``spotlight_feed build --jobs 1`` (no dist/, cache or lock file) and a cold Hugo build
(empty destination, ``GOMAXPROCS=1``) run as separate processes measured by
``os.wait4`` (wall, user + sys CPU), best of ``--repeat``; then both on both cores
(default jobs, Hugo's default). After our default-jobs cold build come a no-op rebuild
and a one-episode change (the title of one episode edited), each compared with Hugo's
whole rebuild on both cores (Hugo has no incremental build: ``hugo`` always renders the
site again). Ratios are ours / Hugo's, from the same run, so the machine's load (printed
from ``os.getloadavg``) hits both. Peak RSS is the largest process's. Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from catalogue import EPOCH, clean, generate, measure  # noqa: E402

CUE = re.compile(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> [^\n]*\n<v ([^>]+)>([^\n]*)")


def hugo_site(root: Path, site: Path) -> None:
    """Write the Hugo twin of the show at *root* into *site* (content + templates)."""
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(HERE / "hugo", site)
    content = site / "content" / "episodes"
    content.mkdir(parents=True)
    (content / "_index.md").write_text('{"title": "Episodes"}\n', encoding="utf-8")
    for folder in sorted((root / "episodes").iterdir()):
        meta = yaml.safe_load((folder / "episode.yaml").read_text(encoding="utf-8"))
        vtt = (folder / meta["transcript"]).read_text(encoding="utf-8")
        turns = []
        for h, m, s, ms, voice, text in CUE.findall(vtt):
            start = ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)
            speaker = meta["voices"].get(voice, {}).get("name", voice)
            turns.append({"start": start, "time": f"{h}:{m}:{s}", "speaker": speaker, "text": text})
        audio = root / meta["audio"]
        front = {
            "title": meta["title"],
            "date": str(meta["published"]),
            "summary": meta["summary"],
            "guid": meta["guid"],
            "number": meta["number"],
            "season": meta["season"],
            "audio": f"https://cdn.bench.example/show/{audio.name}",
            "audio_size": audio.stat().st_size,
            "chapters": [{"start": str(c["start"]), "title": c["title"]} for c in meta["chapters"]],
            "credits": meta["credits"],
            "turns": turns,
        }
        page = json.dumps(front, ensure_ascii=False) + "\n\n" + meta["notes"] + "\n"
        (content / f"{folder.name}.md").write_text(page, encoding="utf-8")


def ours(root: Path, jobs: int | None) -> dict[str, float]:
    clean(root)
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    cmd = [sys.executable, "-m", "spotlight_feed", "build", "-C", str(root)]
    return measure(cmd + (["--jobs", str(jobs)] if jobs else []), env)


def rebuild(root: Path, change: bool) -> dict[str, float]:
    """Build *root* again (default jobs): as it is (a no-op) or with one episode's title edited."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    cmd = [sys.executable, "-m", "spotlight_feed", "build", "-C", str(root)]
    if not change:
        return measure(cmd, env)
    meta = root / "episodes" / "ep000001" / "episode.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace('title: "Episode 1:', 'title: "Episode One:'), encoding="utf-8")
    try:
        return measure(cmd, env)
    finally:
        meta.write_text(text, encoding="utf-8")


def hugo(site: Path, one_core: bool) -> dict[str, float]:
    out = site / "public"
    for p in (out, site / "resources"):
        if p.exists():
            shutil.rmtree(p)
    env = dict(os.environ)
    if one_core:
        env["GOMAXPROCS"] = "1"
    return measure(["hugo", "--quiet", "-s", str(site), "-d", str(out)], env)


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: min(r[k] for r in runs) for k in ("wall", "cpu", "rss_mb")}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/spotlight-hugo"))
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}\nload before: {os.getloadavg()}")
    rows = [
        "| episodes | ours, 1 worker | CPU/episode | Hugo, 1 core | CPU/episode | ratio (CPU) "
        "| ours, default jobs | Hugo, default | ratio (wall) | load average |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    again = [
        "| episodes | cold peak RSS | one-episode change | its CPU | its peak RSS "
        "| / Hugo rebuild (wall, CPU) | no-op | its CPU | / Hugo rebuild (wall, CPU) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in args.sizes:
        root = args.work / f"cat{size}"
        if not (root / "podcast.yaml").exists():
            generate(root, size)
        site = args.work / f"hugo{size}"
        hugo_site(root, site)
        o1, h1, o2, h2, noop, one = [], [], [], [], [], []
        for _ in range(args.repeat):
            o1.append(ours(root, 1))
            h1.append(hugo(site, True))
            o2.append(ours(root, None))
            noop.append(rebuild(root, change=False))
            one.append(rebuild(root, change=True))
            h2.append(hugo(site, False))
        a, b, c, d = best(o1), best(h1), best(o2), best(h2)
        n, e = best(noop), best(one)
        load = "/".join(f"{x:.1f}" for x in os.getloadavg())
        rows.append(
            f"| {size:,} | {a['cpu']:.2f} s CPU | {1000 * a['cpu'] / size:.1f} ms "
            f"| {b['cpu']:.2f} s CPU | {1000 * b['cpu'] / size:.1f} ms "
            f"| {a['cpu'] / b['cpu']:.1f}x "
            f"| {c['wall']:.2f} s wall | {d['wall']:.2f} s wall | {c['wall'] / d['wall']:.1f}x "
            f"| {load} |"
        )
        print(rows[-1], flush=True)
        again.append(
            f"| {size:,} | {c['rss_mb']:.0f} MB | {e['wall']:.2f} s | {e['cpu']:.2f} s "
            f"| {e['rss_mb']:.0f} MB | {e['wall'] / d['wall']:.2f}x, {e['cpu'] / d['cpu']:.2f}x "
            f"| {n['wall']:.2f} s | {n['cpu']:.2f} s "
            f"| {n['wall'] / d['wall']:.3f}x, {n['cpu'] / d['cpu']:.3f}x |"
        )
        print(again[-1], flush=True)
    print("\n".join(rows) + "\n\n" + "\n".join(again))


if __name__ == "__main__":
    main()
