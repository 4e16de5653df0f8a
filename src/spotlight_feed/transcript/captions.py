"""Cut a timed transcript into captions to a :class:`~.style.CaptionStyle`.

Both caption writers (WebVTT and SRT) call :func:`captions` and only format its
result, so the caption-quality report (:mod:`.quality`) measures exactly what is
published. Per source cue:

1. the cue's speaking rate (characters a millisecond) turns the style's longest cue
   (``max_ms``) into a column budget, so a caption timed in proportion to its
   characters never runs longer than the standard allows;
2. :func:`~.words.split_cue` cuts the text at the best linguistic break within that
   budget and the line limits (a visible ``Name:`` prefix counts toward the line);
3. :func:`~.words.distribute` shares the cue's time out by characters, and the
   style's minimum gap is taken off the end of a caption the next one follows too
   closely.

Nothing is padded past the cue (the time between source cues is the speaker's
silence, and captions stay inside the speech they show).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .emphasis import Span, within
from .model import Cue, Transcript
from .style import CaptionStyle
from .words import columns, distribute, normalise, split_cue, wrap


@dataclass(frozen=True)
class Caption:
    """One published caption: its time, speaker and lines (the prefix not included)."""

    start_ms: int
    end_ms: int
    speaker: str | None
    lines: tuple[str, ...]
    opens_turn: bool
    """First caption of a run of one speaker."""
    emphasis: tuple[tuple[Span, ...], ...] = ()
    """Per line, its emphasis spans (offsets within the line); empty without emphasis."""

    def styled(self) -> list[tuple[str, tuple[Span, ...]]]:
        """Each line with its emphasis spans."""
        if not self.emphasis:
            return [(line, ()) for line in self.lines]
        return list(zip(self.lines, self.emphasis, strict=True))


def captions(
    transcript: Transcript,
    style: CaptionStyle,
    prefix: Callable[[str | None], str] = lambda _: "",
) -> list[Caption]:
    """The captions of a timed *transcript* (see the module docstring).

    *prefix* gives the visible text put before a speaker's first line (SRT's
    ``Name: ``), counted toward that line's width: on every caption with
    ``style.speaker_every_cue``, else on the first of each turn.
    """
    out: list[Caption] = []
    previous: object = object()
    for cue in transcript.cues:
        if cue.start_ms is None or cue.end_ms is None:
            raise ValueError("a caption writer needs a timed transcript")
        opens_turn = cue.speaker != previous
        previous = cue.speaker
        out += _cue_captions(cue, cue.start_ms, cue.end_ms, style, prefix(cue.speaker), opens_turn)
    return _with_gaps(out, style.min_gap_ms)


def _with_gaps(caps: list[Caption], gap: int) -> list[Caption]:
    """End each caption at least *gap* ms before the next starts (never below 1 ms)."""
    for k in range(len(caps) - 1):
        cur, nxt = caps[k], caps[k + 1]
        if nxt.start_ms - cur.end_ms < gap:
            end = max(cur.start_ms + 1, min(cur.end_ms, nxt.start_ms - gap))
            caps[k] = Caption(
                cur.start_ms, end, cur.speaker, cur.lines, cur.opens_turn, cur.emphasis
            )
    return caps


def _cue_captions(
    cue: Cue, start: int, end: int, style: CaptionStyle, prefix: str, opens_turn: bool
) -> list[Caption]:
    text = normalise(cue.text)
    every = style.speaker_every_cue
    extra = columns(prefix) if prefix and (every or opens_turn) else 0
    span = end - start
    # Columns a caption may hold and still last at most max_ms when timed by characters
    # (distribute weighs each chunk by its length plus one).
    budget = None
    if span > style.max_ms and text:
        budget = max(1, (len(text) + 1) * style.max_ms // span - 1)
    chunks = split_cue(
        text, style.line_width, style.max_lines, extra, max_columns=budget, every_extra=every
    )
    if len(chunks) > span:  # more captions than milliseconds: one caption, lines kept
        lines = wrap(text, style.line_width, extra)
        chunks = [lines if len(lines) <= style.max_lines else [text]]
    spans = distribute(start, end, [" ".join(c) for c in chunks])
    styled = _line_emphasis(text, chunks, cue.emphasis) if cue.emphasis else None
    return [
        Caption(s, e, cue.speaker, tuple(lines), opens_turn and k == 0, styled[k] if styled else ())
        for k, (lines, (s, e)) in enumerate(zip(chunks, spans, strict=True))
    ]


def _line_emphasis(
    text: str, chunks: list[list[str]], emphasis: tuple[Span, ...]
) -> list[tuple[tuple[Span, ...], ...]] | None:
    """The emphasis of every line of every chunk, found by walking *text* once.

    Lines are consecutive pieces of *text* separated by one space or nothing (the
    splitter's invariant); ``None`` if that does not hold (emphasis then dropped).
    """
    pos = 0
    out: list[tuple[tuple[Span, ...], ...]] = []
    for chunk in chunks:
        per_line: list[tuple[Span, ...]] = []
        for line in chunk:
            if not text.startswith(line, pos):
                if text.startswith(" " + line, pos):
                    pos += 1
                else:
                    return None
            per_line.append(within(emphasis, pos, pos + len(line)))
            pos += len(line)
        out.append(tuple(per_line))
    return out


def estimated(caps: list[Caption], transcript: Transcript) -> int:
    """How many of *caps* start inside a source cue, where their start is an estimate.

    A caption that opens a source cue starts at a measured time (the cue's own); the
    others are placed by :func:`~.words.distribute`, in proportion to characters.
    """
    starts = {c.start_ms for c in transcript.cues}
    return sum(cap.start_ms not in starts for cap in caps)
