"""Caption quality: how far captions are from their :class:`~.style.CaptionStyle`.

Measures the figures the Netflix Timed Text Style Guide sets (General Requirements
§1 Duration, §3 Frame Gap, §5 Line Treatment; English (USA) §2 Character Limitation
and reading speed; see :mod:`.style`): cues longer or shorter than allowed, faster
than the reading speed, lines too long, too many lines, gaps under the minimum.
Pure: the captions come from :func:`~.captions.captions`, exactly what the writers
publish. Used by ``spotlight-feed check`` and ``benchmarks/bench_captions.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .captions import Caption, captions
from .model import Transcript
from .style import CaptionStyle
from .words import columns


@dataclass(frozen=True)
class Quality:
    """The figures of one caption file."""

    cues: int
    lines: int
    mean_s: float
    longest_s: float
    shortest_s: float
    widest: int
    """Columns of the widest line (a visible name prefix included)."""
    max_cps: float
    too_long: list[int]
    """Indexes (0-based) of cues longer than ``max_ms``; likewise below."""
    too_short: list[int]
    too_fast: list[int]
    wide_lines: list[int]
    many_lines: list[int]
    tight_gaps: list[int]
    long_lines: int
    """Lines wider than the style allows."""

    def problems(self, style: CaptionStyle) -> list[str]:
        """One sentence per rule broken (empty when the captions meet *style*)."""
        out: list[str] = []
        n = self.cues
        if self.too_long:
            out.append(
                f"{len(self.too_long)} of {n} cues longer than {style.max_ms / 1000:g} s "
                f"(longest {self.longest_s:.1f} s)"
            )
        if self.too_short:
            out.append(
                f"{len(self.too_short)} of {n} cues shorter than {style.min_ms / 1000:g} s "
                f"(shortest {self.shortest_s:.2f} s)"
            )
        if self.too_fast:
            out.append(
                f"{len(self.too_fast)} of {n} cues faster than {style.max_cps:g} characters "
                f"a second (fastest {self.max_cps:.1f})"
            )
        if self.long_lines:
            out.append(
                f"{self.long_lines} of {self.lines} lines longer than {style.line_width} "
                f"columns (widest {self.widest})"
            )
        if self.many_lines:
            out.append(f"{len(self.many_lines)} of {n} cues with more than {style.max_lines} lines")
        if self.tight_gaps:
            out.append(
                f"{len(self.tight_gaps)} gaps between cues under {style.min_gap_ms} ms "
                "(the minimum gap)"
            )
        return out


def measure(
    caps: Sequence[Caption],
    style: CaptionStyle,
    prefix: Callable[[Caption], str] = lambda _: "",
) -> Quality:
    """Measure *caps* against *style*.

    *prefix* is the visible text before a cue's first line (SRT's ``Name: ``), counted
    in that line's width; the reading speed counts the spoken text only (a reader does
    not reread the name of the speaker they are already reading).
    """
    durations = [(c.end_ms - c.start_ms) / 1000 for c in caps]
    too_long, too_short, too_fast, wide, many = [], [], [], [], []
    widest = lines = long_lines = 0
    fastest = 0.0
    for k, (cap, seconds) in enumerate(zip(caps, durations, strict=True)):
        shown = [prefix(cap) + cap.lines[0], *cap.lines[1:]] if cap.lines else []
        widths = [columns(line) for line in shown]
        lines += len(shown)
        over = sum(w > style.line_width for w in widths)
        long_lines += over
        widest = max([widest, *widths])
        chars = sum(len(line) for line in cap.lines)
        cps = chars / seconds if seconds > 0 else float("inf")
        fastest = max(fastest, cps)
        if seconds * 1000 > style.max_ms:
            too_long.append(k)
        if seconds * 1000 < style.min_ms:
            too_short.append(k)
        if cps > style.max_cps:
            too_fast.append(k)
        if over:
            wide.append(k)
        if len(shown) > style.max_lines:
            many.append(k)
    tight = [
        k
        for k, (a, b) in enumerate(itertools.pairwise(caps))
        if b.start_ms - a.end_ms < style.min_gap_ms
    ]
    return Quality(
        cues=len(caps),
        lines=lines,
        mean_s=sum(durations) / len(durations) if durations else 0.0,
        longest_s=max(durations, default=0.0),
        shortest_s=min(durations, default=0.0),
        widest=widest,
        max_cps=fastest,
        too_long=too_long,
        too_short=too_short,
        too_fast=too_fast,
        wide_lines=wide,
        many_lines=many,
        tight_gaps=tight,
        long_lines=long_lines,
    )


def measure_vtt(transcript: Transcript, style: CaptionStyle) -> Quality:
    """The figures of the WebVTT captions of *transcript* (the voice span is not shown)."""
    return measure(captions(transcript, style), style)


def measure_srt(transcript: Transcript, style: CaptionStyle) -> Quality:
    """The figures of the SRT captions of *transcript*, visible ``Name:`` prefixes included."""
    from .srt import shown_prefix, srt_captions

    caps = srt_captions(transcript, style)
    return measure(caps, style, lambda cap: shown_prefix(cap, style))
