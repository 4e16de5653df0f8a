"""Feed generation alone: spotlight-feed's build_feed against a plain lxml tree build.

Run in its own process by release_bench.py (so peak RSS is this measurement's):

    python benchmarks/feedbench.py /tmp/bench/cat10000

Prints one JSON line: seconds for build_feed and for the lxml baseline (building
the same element tree with etree.SubElement and serialising it), the peak memory
tracemalloc saw during build_feed, and the process's peak RSS.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from lxml import etree

from spotlight_feed.build import _write_release  # noqa: F401  (import cost outside timing)
from spotlight_feed.feed import build_feed
from spotlight_feed.layout import Layout
from spotlight_feed.load import load_project
from spotlight_feed.outputs import EpisodeOutputs


def outputs_for(project, layout):  # type: ignore[no-untyped-def]
    out = {}
    for ep in project.episodes:
        rel = layout.audio(ep.slug)
        out[ep.slug] = EpisodeOutputs(
            audio_url=layout.url(rel),
            audio_size=ep.audio.size,
            duration_ms=ep.audio.duration_ms,
            page_url=layout.page_url(ep.slug),
        )
    return out


def snapshot(xml: bytes) -> list[tuple[str, dict[str, str], str | None, list]]:  # type: ignore[type-arg]
    """The element tree as plain data, so the baseline rebuilds exactly this feed."""

    def walk(el):  # type: ignore[no-untyped-def]
        return (el.tag, dict(el.attrib), el.text, [walk(c) for c in el])

    return walk(etree.fromstring(xml))  # type: ignore[no-any-return]


def plain_lxml(data) -> bytes:  # type: ignore[no-untyped-def]
    nsmap = {
        "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
        "podcast": "https://podcastindex.org/namespace/1.0",
        "atom": "http://www.w3.org/2005/Atom",
        "content": "http://purl.org/rss/1.0/modules/content/",
    }
    tag, attrib, _text, children = data
    root = etree.Element(tag, attrib, nsmap=nsmap)

    def add(parent, node):  # type: ignore[no-untyped-def]
        t, a, x, kids = node
        el = etree.SubElement(parent, t, a)
        el.text = x
        for k in kids:
            add(el, k)

    for c in children:
        add(root, c)
    out: bytes = etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return out


def main() -> None:
    root = Path(sys.argv[1])
    t0 = time.perf_counter()
    project = load_project(root, keep_transcripts=False)  # as the build loads it
    load_s = time.perf_counter() - t0
    layout = Layout(project.show.base_url)
    outputs = outputs_for(project, layout)
    cover = layout.url("cover.png")
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    t0 = time.perf_counter()
    xml = build_feed(project, outputs, cover_url=cover)
    feed_s = time.perf_counter() - t0
    rss_after_feed = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    data = snapshot(xml)
    t0 = time.perf_counter()
    baseline = plain_lxml(data)
    base_s = time.perf_counter() - t0
    assert len(baseline) > 0.9 * len(xml)

    tracemalloc.start()
    build_feed(project, outputs, cover_url=cover)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "episodes": len(project.episodes),
                "load_s": round(load_s, 2),
                "feed_s": round(feed_s, 3),
                "lxml_s": round(base_s, 3),
                "ratio": round(feed_s / base_s, 2),
                "feed_bytes": len(xml),
                "feed_peak_mb": round(peak / 2**20, 1),
                "rss_after_load_mb": round(rss_loaded, 1),
                "rss_peak_mb": round(rss_after_feed, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
