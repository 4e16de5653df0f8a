"""Import of a big feed's metadata: time and peak memory.

    scripts/import_corpus.sh && PYTHONPATH=src python benchmarks/bench_import.py

Builds two feeds from the real Libsyn feed of the import corpus (tests/import_support.py:
podcast-feed-parser 1.0.4 on npm, test/testfiles/bc-sample.xml) by repeating its items
with unique guids, episode numbers and dates:

* ``items500``: 500 items (about 2.4 MB), the issue's "500-item feed";
* ``mb10``: items until the file is over 10 MB (about 2100 items).

Each is imported with ``--metadata-only`` in a fresh process (``spotlight-feed import``,
the same code path as the CLI), best of ``--repeat`` runs; ``peak_rss_mb`` is that
process's peak resident size (``ru_maxrss`` of the child). Prints one JSON line per feed.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = (
    REPO / ".cache/import-corpus/podcast-feed-parser-1.0.4/package/test/testfiles/bc-sample.xml"
)


def make_feed(path: Path, *, items: int | None = None, min_bytes: int | None = None) -> int:
    """Write a feed of repeated real items; return the number of items."""
    src = SOURCE.read_text(encoding="utf-8")
    head, _, rest = src.partition("<item>")
    body, _, tail = ("<item>" + rest).rpartition("</item>")
    originals = [("<item>" + part).rstrip() for part in body.split("<item>")[1:]]
    originals = [o if o.endswith("</item>") else o + "</item>" for o in originals]
    out: list[str] = []
    size = len(head) + len(tail)
    n = 0
    while (items is not None and n < items) or (min_bytes is not None and size < min_bytes):
        item = originals[n % len(originals)]
        item = re.sub(
            r"(<guid[^>]*>)(<!\[CDATA\[)?([^<\]]*)",
            lambda m, n=n: f"{m.group(1)}{m.group(2) or ''}{m.group(3)}-{n}",
            item,
            count=1,
        )
        item = re.sub(r"<itunes:episode>\d+", f"<itunes:episode>{n + 1}", item)
        day = 1 + n % 28
        item = re.sub(
            r"<pubDate>[^<]*", f"<pubDate>Thu, {day:02d} Nov {2018 - n // 336} 10:30:00 +0000", item
        )
        out.append(item)
        size += len(item.encode())
        n += 1
    path.write_text(head + "\n".join(out) + tail, encoding="utf-8")
    return n


def run(feed: Path, repeat: int) -> tuple[float, float]:
    best = float("inf")
    peak = 0.0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "spotlight_feed",
                    "import",
                    str(feed),
                    str(Path(tmp) / "show"),
                    "--metadata-only",
                    "--redirect-from",
                    "https://allthingschemical.libsyn.com/rss",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            best = min(best, time.perf_counter() - t)
            peak = max(
                peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, before / 1024
            )
    return best, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, kw in (("items500", {"items": 500}), ("mb10", {"min_bytes": 10_000_000})):
            feed = Path(tmp) / f"{name}.xml"
            n = make_feed(feed, **kw)
            seconds, peak = run(feed, args.repeat)
            print(
                json.dumps(
                    {
                        "feed": name,
                        "items": n,
                        "mb": round(feed.stat().st_size / 1e6, 2),
                        "import_s": round(seconds, 2),
                        "peak_rss_mb": round(peak, 1),
                    }
                )
            )


if __name__ == "__main__":
    main()
