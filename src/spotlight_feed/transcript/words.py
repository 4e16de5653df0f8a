"""Words, turns and caption splitting shared by the transcript writers.

Every writer publishes the same words: :func:`normalise` is the one definition of
"the text" (XML-legal, NFC, every run of white space, no-break spaces included,
collapsed to one space: the sample's source, copied from a web page, separates
sentences with no-break spaces, and captions must be able to break there).
Captions are cut from a cue with :func:`split_cue` and timed with
:func:`distribute`, so the words joined in order are always exactly the cue's
words (nothing lost, nothing repeated).

Line lengths follow the podcast namespace's transcript guide (spec-notes §2.1:
WebVTT lines of at most about 65 characters; §2.4: SRT at most 2 lines of 32).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import clean
from .model import Cue, Transcript

_SENTENCE_END = re.compile(r"[.!?…。！？]['\"’”»)\]]*$")
_CLAUSE_END = re.compile(r"[,;:—–、，；：]['\"’”»)\]]*$")

MIN_FILL = 0.25
"""A chunk ends at a sentence or clause boundary only if it is at least this full."""


def normalise(text: str) -> str:
    """The published form of cue text: XML-legal, NFC, breaking white space collapsed."""
    return " ".join(words(clean(text)))


def words(text: str) -> list[str]:
    """The words of *text*, split at any white space (Python's ``str.split``)."""
    return text.split()


def same_text(a: str, b: str) -> bool:
    """True when *a* and *b* have the same words in the same order."""
    return words(a) == words(b)


@dataclass(frozen=True)
class Turn:
    """A maximal run of consecutive cues by one speaker."""

    speaker: str | None
    cues: tuple[Cue, ...]

    @property
    def start_ms(self) -> int | None:
        """When the turn starts (``None`` when untimed)."""
        return self.cues[0].start_ms

    @property
    def text(self) -> str:
        """The turn's words, normalised, as one paragraph."""
        return " ".join(t for t in (normalise(c.text) for c in self.cues) if t)


def turns(transcript: Transcript) -> list[Turn]:
    """Group consecutive cues of the same speaker into turns."""
    out: list[Turn] = []
    run: list[Cue] = []
    for cue in transcript.cues:
        if run and cue.speaker != run[0].speaker:
            out.append(Turn(run[0].speaker, tuple(run)))
            run = []
        run.append(cue)
    if run:
        out.append(Turn(run[0].speaker, tuple(run)))
    return out


def wrap(tokens: Sequence[str], width: int, first_extra: int = 0) -> list[str]:
    """Greedy line wrap of *tokens* at *width* characters.

    *first_extra* characters (a speaker prefix) are counted on the first line. A
    token longer than the width gets a line of its own (words are never cut).
    """
    lines: list[str] = []
    current = ""
    used = first_extra
    for tok in tokens:
        if not current:
            current, used = tok, used + len(tok)
        elif used + 1 + len(tok) <= width:
            current, used = f"{current} {tok}", used + 1 + len(tok)
        else:
            lines.append(current)
            current, used = tok, len(tok)
    if current:
        lines.append(current)
    return lines


def balance(tokens: Sequence[str], width: int, first_extra: int = 0) -> list[str]:
    """Lay *tokens* out on as few lines as :func:`wrap`, two lines as even as possible."""
    lines = wrap(tokens, width, first_extra)
    if len(lines) != 2:
        return lines
    best: tuple[int, int] | None = None
    split_at = 0
    for k in range(1, len(tokens)):
        a = first_extra + len(" ".join(tokens[:k]))
        b = len(" ".join(tokens[k:]))
        if a > width or b > width:
            continue
        # Prefer the most even pair; among equals, a break after punctuation.
        score = (max(a, b), 0 if _CLAUSE_END.search(tokens[k - 1]) else 1)
        if best is None or score < best:
            best = score
            split_at = k
    if best is None:
        return lines
    return [" ".join(tokens[:split_at]), " ".join(tokens[split_at:])]


def split_cue(text: str, width: int, max_lines: int = 2, first_extra: int = 0) -> list[list[str]]:
    """Cut *text* into caption chunks of at most *max_lines* lines of *width* characters.

    Chunks end at a sentence end where one falls late enough in the chunk, else at
    a clause boundary (comma, semicolon, colon, dash), else after the last word that
    fits. *first_extra* is the length of a prefix shown before the first chunk
    (SRT's ``Name:``). Returns the chunks, each as its lines.
    """
    toks = words(text)
    chunks: list[list[str]] = []
    i = 0
    while i < len(toks):
        extra = first_extra if not chunks else 0
        capacity = width * max_lines - extra
        j = i + 1
        while j < len(toks) and len(wrap(toks[i : j + 1], width, extra)) <= max_lines:
            j += 1
        if j < len(toks):
            j = _boundary(toks, i, j, capacity)
        chunks.append(balance(toks[i:j], width, extra))
        i = j
    return chunks


def _boundary(toks: Sequence[str], i: int, j: int, capacity: int) -> int:
    """The best end (exclusive) for a chunk starting at *i* that fits up to *j*."""
    least = MIN_FILL * capacity
    for pattern in (_SENTENCE_END, _CLAUSE_END):
        for k in range(j, i, -1):
            if len(" ".join(toks[i:k])) < least:
                break
            if pattern.search(toks[k - 1]):
                return k
    return j


def distribute(start_ms: int, end_ms: int, chunks: Sequence[str]) -> list[tuple[int, int]]:
    """Time *chunks* within ``[start_ms, end_ms]`` in proportion to their characters.

    Consecutive chunks share their boundary (no gap, no overlap), every chunk is
    at least 1 ms long, the first starts at *start_ms* and the last ends at
    *end_ms*. The caller must not ask for more chunks than milliseconds.
    """
    n = len(chunks)
    span = end_ms - start_ms
    if n == 0:
        return []
    if span < n:
        raise ValueError(f"cannot time {n} chunks in {span} ms")
    weights = [len(c) + 1 for c in chunks]
    total = sum(weights)
    bounds = [start_ms]
    acc = 0
    for k, w in enumerate(weights[:-1], start=1):
        acc += w
        t = start_ms + (span * acc + total // 2) // total
        # Keep every chunk at least 1 ms long and leave room for the rest.
        t = max(t, bounds[-1] + 1)
        t = min(t, end_ms - (n - k))
        bounds.append(t)
    bounds.append(end_ms)
    return list(itertools.pairwise(bounds))
