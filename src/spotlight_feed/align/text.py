"""Text side of alignment: sentences of a turn, what the synthesizer is given, word counts.

Sentence boundaries are where a sentence-final mark (``.``, ``!``, ``?``, ``…``),
optionally followed by closing quotes or brackets, is followed by white space and
then something that can start a sentence (an upper-case letter, a digit or an
opening quote). Common abbreviations (``Mr.``, ``e.g.``) and single initials do
not end a sentence. Splitting only has to be good enough to give the aligner
more anchors: a missed boundary merely makes one "sentence" longer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(r"(?<=[.!?…])([\"'”’»)\]]*)\s+(?=[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc e.g i.e no nr fig approx ca cf dept inc ltd co".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Sentence:
    """One sentence of one turn: its text and where it sits in the turn's text."""

    turn: int
    """0-based index of the turn (cue) it belongs to."""
    index: int
    """0-based index of the sentence within its turn."""
    text: str
    start_char: int
    end_char: int


def split_sentences(text: str, turn: int = 0) -> list[Sentence]:
    """Split one turn's text into sentences (see the module docstring for the rule)."""
    out: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.end(1)].rstrip()
        last = candidate.rsplit(None, 1)[-1] if candidate.split() else ""
        bare = last.rstrip(".!?…\"'”’»)]").lower()
        if last.endswith(".") and (bare in _ABBREVIATIONS or re.fullmatch(r"[a-z]", bare)):
            continue
        piece = text[start : match.end(1)].strip()
        if piece:
            out.append(Sentence(turn, len(out), piece, start, match.end(1)))
        start = match.end()
    piece = text[start:].strip()
    if piece:
        out.append(Sentence(turn, len(out), piece, start, len(text.rstrip())))
    return out


def speakable(text: str) -> bool:
    """True when *text* has at least one word a synthesizer can say."""
    return _WORD.search(text) is not None


def count_words(text: str) -> int:
    """Words in *text* (runs of letters or digits, with inner apostrophes)."""
    return len(_WORD.findall(text))


def for_synthesis(text: str) -> str:
    """Text as given to the synthesizer: one line, no markup characters it would read out."""
    spoken = text.replace("\u00a0", " ").replace("<", " ").replace(">", " ")
    return " ".join(spoken.split())
