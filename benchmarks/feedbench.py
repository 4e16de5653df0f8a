"""Feed generation alone: spotlight-feed's feed stage against plain lxml, same values.

Run in its own process by release_bench.py (so memory figures are this measurement's):

    PYTHONPATH=src python benchmarks/feedbench.py /tmp/bench/cat10000

Loads the catalogue the way the build does, gives every episode the outputs the
build gives it (audio, page, six transcript links, chapters), then times, best of
``--repeat`` rounds each:

* ``feed_s``: ``build_feed`` below, the build's feed stage into memory
  (``feed.write_project_feed``: every value decided by ``feeddata``, text cleaned,
  notes to HTML, persons, then written through feedgen);
* ``lxml_s``: ``feed_data`` then ``lxml_feed.render_lxml`` - the same feed written
  with ``etree.SubElement`` alone (the issue's "plain lxml tree build of the same
  feed"); its bytes must equal ours;
* ``data_s``: ``feed_data`` alone, the part both share; ``render_ratio`` compares the
  two writers without it;
* ``tree_s``: a floor - rebuilding the finished feed's element tree from a snapshot
  (tag, attributes, text) and serialising it, with no feed logic at all.

Memory: ``load_peak_mb`` is the process's peak resident size while loading;
``rss_loaded_mb`` is the process's resident size with the catalogue loaded;
``feed_rss_mb`` the peak resident size while the feed is written to a file the way the
build writes it (``feed.write_project_feed``; the kernel's high-water mark, reset just
before through ``/proc/self/clear_refs``), so it includes the loaded catalogue;
``feed_extra_mb`` is that peak minus the size before, ``lxml_extra_mb`` the same for
the lxml writer.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from io import BytesIO
from pathlib import Path
from typing import Any

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lxml_feed import render_lxml

from spotlight_feed.load.project import load_project
from spotlight_feed.model import Project
from spotlight_feed.plan.layout import Layout
from spotlight_feed.plan.outputs import EpisodeOutputs, PublishedTranscript
from spotlight_feed.plan.plan import plan_release
from spotlight_feed.write import show  # noqa: F401  (imports outside timing)
from spotlight_feed.write.feed.feedgen import write_project_feed
from spotlight_feed.write.feed.values import FeedData, channel_data, feed_items


def build_feed(project: Project, outputs: Mapping[str, EpisodeOutputs], *, cover_url: str) -> bytes:
    """The build's feed stage (``write_project_feed``) into memory."""
    out = BytesIO()
    plan = plan_release(project, Layout(project.show.base_url))
    write_project_feed(project, outputs, out, plan=plan, cover_url=cover_url)
    return out.getvalue()


def feed_data(
    project: Project, outputs: Mapping[str, EpisodeOutputs], *, cover_url: str
) -> FeedData:
    """Every value of the feed at once (what both writers share)."""
    plan = plan_release(project, Layout(project.show.base_url))
    channel = channel_data(
        project, cover_url=cover_url, site_url=None, source_date_epoch=None, plan=plan
    )
    return FeedData(channel, tuple(feed_items(project, outputs, plan)))


def outputs_for(project: Project, layout: Layout) -> dict[str, EpisodeOutputs]:
    """What the episode stage reports for each episode (see write.episode.write_episode)."""
    out = {}
    for ep in project.episodes:
        assert ep.audio is not None
        out[ep.slug] = EpisodeOutputs(
            audio_size=ep.audio.size,
            duration_ms=ep.audio.duration_ms,
            transcripts=(PublishedTranscript(None, timed=True),),  # catalogues are timed
        )
    return out


Node = tuple[str, dict[str, str], Any, list[Any]]


def snapshot(xml: bytes) -> Node:
    """The element tree as plain data, so the floor rebuilds exactly this feed."""

    def walk(el: Any) -> Node:
        return (el.tag, dict(el.attrib), el.text, [walk(c) for c in el])

    parser = etree.XMLParser(remove_blank_text=True)  # pretty-printing whitespace is not data
    return walk(etree.fromstring(xml, parser))


def rebuild_tree(data: Node, nsmap: dict[str | None, str]) -> bytes:
    """The floor: make every element of *data* again and serialise (the feed's namespaces)."""
    tag, attrib, _text, children = data
    root = etree.Element(tag, attrib, nsmap=nsmap)

    def add(parent: Any, node: Node) -> None:
        t, a, x, kids = node
        el = etree.SubElement(parent, t, a)
        el.text = x
        for k in kids:
            add(el, k)

    for c in children:
        add(root, c)
    out: bytes = etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return out


def _status(field: str) -> float:
    """A ``/proc/self/status`` memory field, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def best(fn: Callable[[], bytes], repeat: int) -> tuple[float, bytes]:
    """Fastest of *repeat* runs (garbage collected before each)."""
    times, result = [], b""
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    t0 = time.perf_counter()
    project = load_project(args.root, keep_transcripts=False)  # as the build loads it
    load_s = time.perf_counter() - t0
    layout = Layout(project.show.base_url)
    outputs = outputs_for(project, layout)
    cover = layout.url("cover.png")
    plan = plan_release(project, layout)
    gc.collect()
    load_peak = _status("VmHWM")

    # Memory first, on a fresh heap: the peak while the feed is written to a file as the
    # build writes it, then the peak of the lxml writer, each from the size before it.
    with tempfile.TemporaryDirectory() as tmp:
        rss_loaded = _status("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current size
        with open(Path(tmp) / "feed.xml", "wb") as f:
            write_project_feed(project, outputs, f, plan=plan, cover_url=cover)
        feed_rss = _status("VmHWM")
        xml = (Path(tmp) / "feed.xml").read_bytes()
    gc.collect()
    before = _status("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")
    render_lxml(feed_data(project, outputs, cover_url=cover))
    lxml_extra = _status("VmHWM") - before
    gc.collect()

    feed_s, ours = best(lambda: build_feed(project, outputs, cover_url=cover), args.repeat)
    lxml_s, plain = best(
        lambda: render_lxml(feed_data(project, outputs, cover_url=cover)), args.repeat
    )
    if plain != ours or ours != xml:
        raise SystemExit("the lxml writer and build_feed disagree: the comparison is void")
    data_s, _ = best(lambda: feed_data(project, outputs, cover_url=cover) and b"", args.repeat)
    tree = snapshot(ours)
    nsmap = etree.fromstring(ours).nsmap  # every namespace the feed declares (psc:, ...)
    tree_s, floor = best(lambda: rebuild_tree(tree, nsmap), args.repeat)
    # Same tree (content:encoded loses its CDATA wrapper, hence canonical forms).
    c14n = etree.tostring(etree.fromstring(floor), method="c14n")
    assert c14n == etree.tostring(etree.fromstring(ours), method="c14n"), "floor differs"
    print(
        json.dumps(
            {
                "episodes": len(project.episodes),
                "load_s": round(load_s, 2),
                "feed_s": round(feed_s, 3),
                "lxml_s": round(lxml_s, 3),
                "ratio": round(feed_s / lxml_s, 2),
                "data_s": round(data_s, 3),
                "render_ratio": round((feed_s - data_s) / (lxml_s - data_s), 2),
                "tree_s": round(tree_s, 3),
                "tree_ratio": round(feed_s / tree_s, 2),
                "feed_bytes": len(ours),
                "load_peak_mb": round(load_peak, 1),
                "rss_loaded_mb": round(rss_loaded, 1),
                "feed_rss_mb": round(feed_rss, 1),
                "feed_extra_mb": round(feed_rss - rss_loaded, 1),
                "lxml_extra_mb": round(lxml_extra, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
