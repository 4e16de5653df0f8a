#!/usr/bin/env python3
"""Caption benchmark: the sample's captions against the default caption standard.

Figures (:mod:`spotlight_feed.transcript.quality`) of the published WebVTT and SRT
captions of the sample episode, cut exactly as the build cuts them (the voices'
display names from ``episode.yaml``), against the Netflix Timed Text Style Guide
limits (:mod:`spotlight_feed.transcript.style`); and the splitter's run time on the
sample repeated 1, 10 and 100 times, to show it stays linear.

Usage::

    PYTHONPATH=src python benchmarks/bench_captions.py            # print the table
    PYTHONPATH=src python benchmarks/bench_captions.py --write    # also update docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from spotlight_feed.load.project import load_project, with_transcript
from spotlight_feed.plan.captionstyle import DEFAULT
from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.transcript.quality import Quality, measure_srt, measure_vtt
from spotlight_feed.transcript.srt import write_srt
from spotlight_feed.transcript.style import CaptionStyle
from spotlight_feed.transcript.vtt import write_vtt

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "benchmarks.md"
SECTION = "## Captions"


def _row(name: str, q: Quality, style: CaptionStyle) -> str:
    return (
        f"| {name} | {q.cues} | {q.mean_s:.1f} s | {q.shortest_s:.2f} s | {q.longest_s:.1f} s "
        f"({len(q.too_long)} over {style.max_ms / 1000:g} s) | {q.max_cps:.1f} "
        f"({len(q.too_fast)} over {style.max_cps:g}) | {q.widest} ({q.long_lines} of {q.lines} "
        f"over {style.line_width}) | {len(q.many_lines)} | {len(q.tight_gaps)} |"
    )


def _repeated(t: Transcript, times: int) -> Transcript:
    span = (t.cues[-1].end_ms or 0) + 1000
    return Transcript(
        tuple(
            Cue((c.start_ms or 0) + k * span, (c.end_ms or 0) + k * span, c.speaker, c.text)
            for k in range(times)
            for c in t.cues
        )
    )


def run() -> str:
    project = load_project(REPO)
    episode = with_transcript(project.episodes[0])
    assert episode.transcript is not None
    t = episode.transcript.relabel(episode.speaker_names)
    vtt, srt = DEFAULT.vtt, DEFAULT.srt
    lines = [
        f"Sample episode `{episode.slug}`, default style: {vtt.standard} "
        f"({vtt.line_width} characters a line, {vtt.max_lines} lines, "
        f"{vtt.min_ms / 1000:.3f}–{vtt.max_ms / 1000:g} s a cue, at most {vtt.max_cps:g} "
        f"characters a second, {vtt.min_gap_ms} ms between cues; SRT lines of "
        f"{srt.line_width} with `Name: ` counted).",
        "",
        "| file | cues | mean | shortest | longest | fastest (chars/s) | widest line | "
        "cues > 2 lines | gaps < min |",
        "|---|---|---|---|---|---|---|---|---|",
        "| transcript.vtt before #15 (65-column lines, no time limit) | 76 | 8.7 s | – | "
        "13 s (50 over 7 s) | – | 65 (89 of 138 over 42) | 0 | – |",
        _row("transcript.vtt", measure_vtt(t, vtt), vtt),
        _row("transcript.srt", measure_srt(t, srt), srt),
        "",
        "Splitter run time (WebVTT + SRT writers, best of 3, one process):",
        "",
        "| transcript | characters | time | µs a character |",
        "|---|---|---|---|",
    ]
    for times in (1, 10, 100):
        big = _repeated(t, times)
        chars = sum(len(c.text) for c in big.cues)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            write_vtt(big)
            write_srt(big)
            best = min(best, time.perf_counter() - start)
        lines.append(
            f"| sample × {times} | {chars} | {best * 1000:.0f} ms | {best * 1e6 / chars:.2f} |"
        )
    lines += [
        "",
        "The 'before' row is the measurement quoted in issue #15 (the 65-column splitter "
        "that timed captions only by characters within each turn).",
        "",
        "```sh",
        "PYTHONPATH=src python benchmarks/bench_captions.py --write",
        "```",
    ]
    return "\n".join(lines)


def write_docs(text: str) -> None:
    section = f"{SECTION}\n\n{text.strip()}\n"
    old = DOCS.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{SECTION}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(old):
        new = pattern.sub(lambda _: section + "\n", old)
    else:
        new = old.rstrip("\n") + "\n\n" + section
    DOCS.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    text = run()
    print(text)
    if args.write:
        write_docs(text)


if __name__ == "__main__":
    main()
