"""Cut a timed transcript into captions to a :class:`~.style.CaptionStyle`.

Both caption writers (WebVTT and SRT) call :func:`captions` and only format its
result, so the caption-quality report (:mod:`.quality`) measures exactly what is
published. Per source cue:

0. a cue with measured sentence starts inside it (``Cue.marks``, :mod:`.marks`, written
   by ``spotlight-feed align``) is first cut at them, so every sentence's first caption
   starts where the sentence is spoken; each piece then goes through 1–3;
1. the cue's speaking rate (characters a millisecond) turns the style's longest cue
   (``max_ms``) into a column budget, so a caption timed in proportion to its
   characters never runs longer than the standard allows;
2. :func:`~.words.split_normalised` cuts the text at the best linguistic break within that
   budget and the line limits (a visible ``Name:`` prefix counts toward the line);
3. :func:`~.words.distribute` shares the cue's time out by characters (between the
   nearest measured times, where a piece has marks: :func:`.marks.time_at`), and the
   style's minimum gap is taken off the end of a caption the next one follows too
   closely.

Nothing is padded past the cue (the time between source cues is the speaker's
silence, and captions stay inside the speech they show).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import NamedTuple

from .emphasis import Span, within
from .marks import Mark, opens_sentence, shifted, time_at, valid
from .model import Cue, Transcript
from .style import CaptionStyle
from .words import columns, distribute_weights, split_normalised, wrap


class Caption(NamedTuple):
    """One published caption: its time, speaker and lines (the prefix not included).

    A named tuple, not a frozen dataclass: an episode's two caption files make about
    1,500 of them, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` a
    field) cost three times a tuple's (issue #18). Immutable all the same.
    """

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
    text = cue.text  # normalised by its reader (:func:`~.words.normalise`), cut as it is
    marks = cue.marks if cue.marks and valid(cue.marks, len(text), start, end) else ()
    if not style.cut_at_marks:
        marks = ()
    if not marks and not cue.emphasis:  # one piece, the whole text (it ends in no space)
        return _segment_captions(text, (start, end), (), (), style, cue.speaker, prefix, opens_turn)
    out: list[Caption] = []
    for first, last, s, e in _segments(text, start, end, marks, style.min_ms):
        piece = text[first:last].rstrip()
        emphasis = within(cue.emphasis, first, first + len(piece)) if cue.emphasis else ()
        out += _segment_captions(
            piece,
            (s, e),
            shifted(marks, first, last),
            emphasis,
            style,
            cue.speaker,
            prefix,
            opens_turn and not out,
        )
    return out


def _segments(
    text: str, start: int, end: int, marks: tuple[Mark, ...], min_ms: int
) -> list[tuple[int, int, int, int]]:
    """``(first, last, start, end)`` pieces of a cue cut at its measured sentence starts.

    A mark that opens a sentence starts a new piece (so the sentence's first caption
    starts at its measured time) when the piece before it and the rest of the cue
    would both last at least *min_ms*; other marks only time the captions inside.
    """
    cuts = [(0, start)]
    for at, ms in marks:
        if opens_sentence(text, at) and ms - cuts[-1][1] >= min_ms and end - ms >= min_ms:
            cuts.append((at, ms))
    bounds = [*cuts, (len(text), end)]
    return [(a, b, ta, tb) for (a, ta), (b, tb) in itertools.pairwise(bounds)]


def _segment_captions(
    text: str,
    times: tuple[int, int],
    marks: tuple[Mark, ...],
    emphasis: tuple[Span, ...],
    style: CaptionStyle,
    speaker: str | None,
    prefix: str,
    opens_turn: bool,
) -> list[Caption]:
    start, end = times
    every = style.speaker_every_cue
    extra = columns(prefix) if prefix and (every or opens_turn) else 0
    span = end - start
    # Columns a caption may hold and still last at most max_ms when timed by characters
    # (distribute weighs each chunk by its length plus one).
    budget = None
    if span > style.max_ms and text:
        budget = max(1, (len(text) + 1) * style.max_ms // span - 1)
    chunks = split_normalised(
        text,
        style.line_width,
        style.max_lines,
        extra,
        max_columns=budget,
        every_extra=every,
        language=style.language,
    )
    if len(chunks) > span:  # more captions than milliseconds: one caption, lines kept
        lines = wrap(text, style.line_width, extra)
        chunks = [lines if len(lines) <= style.max_lines else [text]]
    offsets = _chunk_offsets(text, chunks) if marks else None
    if offsets is None:
        # distribute() of the chunks joined with spaces, by their lengths
        spans = distribute_weights(start, end, [sum(map(len, c)) + max(len(c), 1) for c in chunks])
    else:
        spans = _timed(offsets, len(text), start, end, marks)
    styled = _line_emphasis(text, chunks, emphasis) if emphasis else None
    return [
        Caption(s, e, speaker, tuple(lines), opens_turn and k == 0, styled[k] if styled else ())
        for k, (lines, (s, e)) in enumerate(zip(chunks, spans, strict=True))
    ]


def _chunk_offsets(text: str, chunks: list[list[str]]) -> list[int] | None:
    """Where each chunk starts in *text* (lines are consecutive pieces, see below)."""
    pos = 0
    out: list[int] = []
    for chunk in chunks:
        for n, line in enumerate(chunk):
            if not text.startswith(line, pos):
                if not text.startswith(" " + line, pos):
                    return None
                pos += 1
            if n == 0:
                out.append(pos)
            pos += len(line)
    return out


def _timed(
    offsets: list[int], length: int, start: int, end: int, marks: tuple[Mark, ...]
) -> list[tuple[int, int]]:
    """Chunks timed from the measured *marks* (:func:`.marks.time_at`), each at least 1 ms."""
    n = len(offsets)
    bounds = [start]
    for k, at in enumerate(offsets[1:], start=1):
        t = max(time_at(at, length, start, end, marks), bounds[-1] + 1)
        bounds.append(min(t, end - (n - k)))
    bounds.append(end)
    return list(itertools.pairwise(bounds))


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

    A caption that opens a source cue starts at a measured time (the cue's own), and so
    does one that starts at a measured sentence or phrase start (:mod:`.marks`); the
    others are placed in proportion to characters.
    """
    starts = {c.start_ms for c in transcript.cues}
    starts.update(ms for c in transcript.cues for _, ms in c.marks)
    return sum(cap.start_ms not in starts for cap in caps)
