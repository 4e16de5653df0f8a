"""Paging benchmark (#14): a 10,000-episode catalogue's feed, unpaged and paged.

    PYTHONPATH=src python benchmarks/bench_paging.py /tmp/cat10000 --episodes 10000
    PYTHONPATH=src python benchmarks/bench_paging.py /tmp/cat10000 --build

Generates the catalogue (``catalogue.py``) unless it exists, loads it as the build
does, and writes its feed stage three ways into a temporary folder: one unpaged
``feed.xml`` (the default), RFC 5005 pages of 100 items plus ``feed-archive.xml``,
and pages cut to a 1 MB byte budget. For each paged variant a reader follows
``next`` from ``feed.xml`` with podcastparser and must get every episode exactly
once. Prints one JSON line: sizes, page counts, seconds and peak RSS.

``--build`` instead runs whole builds (``python -m spotlight_feed build``, one process
each, timed with ``os.wait4``): the catalogue cold and unpaged, then with
``paging: {page_size: 100}`` added to podcast.yaml (a feed-only field, so only the
feed is rewritten), then follows ``next`` through ``dist/``. Not run in CI.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import podcastparser  # noqa: E402
from catalogue import generate  # noqa: E402
from feedbench import outputs_for  # noqa: E402

from spotlight_feed.config.apps import Paging  # noqa: E402
from spotlight_feed.load.project import load_project  # noqa: E402
from spotlight_feed.plan.layout import Layout  # noqa: E402
from spotlight_feed.plan.plan import plan_release  # noqa: E402
from spotlight_feed.write.feed.feedgen import write_project_feed  # noqa: E402
from spotlight_feed.write.feed.paging import write_project_paged  # noqa: E402

SOURCE_DATE_EPOCH = 1_893_456_000
"""2030-01-01T00:00:00Z: after the last date of a 10,000-episode catalogue."""


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _follow(folder: Path, base: str) -> tuple[int, int, int]:
    """podcastparser along ``next`` from feed.xml: (pages, episodes, distinct guids)."""
    url: str | None = base + "feed.xml"
    pages, guids = 0, []
    while url:
        parsed = podcastparser.parse(
            url, io.BytesIO((folder / url.removeprefix(base)).read_bytes())
        )
        pages += 1
        guids += [e["guid"] for e in parsed["episodes"]]
        url = parsed.get("paged_feed_next")
    return pages, len(guids), len(set(guids))


def _timed_build(root: Path) -> dict[str, float]:
    import os
    import subprocess

    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "spotlight_feed", "build", "-C", str(root)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            # the catalogue's dates run to 2029: publish all of them (a build's moment
            # is SOURCE_DATE_EPOCH, else the clock, which would hold the later ones back)
            env={**os.environ, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)},
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        if status != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"build failed with status {status}:\n{tail}")
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
    }


def build_mode(root: Path) -> None:
    """Whole builds: cold unpaged, then paged (see the module docstring)."""
    show = root / "podcast.yaml"
    text = show.read_text(encoding="utf-8")
    if "paging:" in text:
        raise SystemExit("start from an unpaged catalogue")
    result: dict[str, object] = {"cold_unpaged": _timed_build(root)}
    dist = root / "dist"
    base = text.split("base_url:", 1)[1].split()[0]
    result["unpaged_feed_bytes"] = (dist / "feed.xml").stat().st_size
    result["unpaged_next_chain"] = _follow(dist, base)
    show.write_text(text + "paging:\n  page_size: 100\n  archive: true\n", encoding="utf-8")
    try:
        result["then_paged"] = _timed_build(root)
        pages = sorted(dist.glob("feed*.xml"))
        result["paged_files"] = len(pages)
        result["paged_next_chain"] = _follow(dist, base)
    finally:
        show.write_text(text, encoding="utf-8")
    print(json.dumps(result))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--episodes", type=int, default=10_000)
    ap.add_argument("--build", action="store_true", help="whole builds, unpaged then paged")
    args = ap.parse_args()
    if args.build:
        build_mode(args.root)
        return
    if not (args.root / "podcast.yaml").is_file():
        t0 = time.perf_counter()
        generate(args.root, args.episodes)
        print(
            f"generated {args.episodes} episodes in {time.perf_counter() - t0:.0f} s",
            file=sys.stderr,
        )
    t0 = time.perf_counter()
    project = load_project(args.root, keep_transcripts=False)
    load_s = time.perf_counter() - t0
    layout = Layout(project.show.base_url)
    outputs = outputs_for(project, layout)
    cover = layout.url("cover.png")
    plan = plan_release(project, layout)
    base = project.show.base_url
    result: dict[str, object] = {"episodes": len(project.episodes), "load_s": round(load_s, 1)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "unpaged"
        folder.mkdir()
        t0 = time.perf_counter()
        with (folder / "feed.xml").open("wb") as out:
            write_project_feed(project, outputs, out, plan=plan, cover_url=cover)
        result["unpaged"] = {
            "s": round(time.perf_counter() - t0, 2),
            "feed_bytes": (folder / "feed.xml").stat().st_size,
            "pages": _follow(folder, base),
        }
        for name, paging in (
            ("page_size_100", Paging(page_size=100, archive=True)),
            ("max_bytes_1MB", Paging(max_bytes=1_000_000, archive=False)),
        ):
            folder = Path(tmp) / name
            folder.mkdir()
            paged = replace(project, show=project.show.model_copy(update={"paging": paging}))
            t0 = time.perf_counter()
            names = write_project_paged(
                paged, outputs, lambda n, f=folder: (f / n).open("wb"), plan=plan, cover_url=cover
            )
            seconds = time.perf_counter() - t0
            sizes = [(folder / n).stat().st_size for n in names if n != "feed-archive.xml"]
            pages, episodes, distinct = _follow(folder, base)
            assert episodes == distinct == len(project.episodes), (name, episodes, distinct)
            result[name] = {
                "s": round(seconds, 2),
                "files": len(names),
                "largest_page_bytes": max(sizes),
                "feed_xml_bytes": sizes[0],
                "next_chain": [pages, episodes, distinct],
            }
    result["peak_rss_mb"] = round(_peak_mb())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
