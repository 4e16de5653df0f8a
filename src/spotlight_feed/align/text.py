"""Text side of alignment: sentences of a turn, what the synthesizer is given, word counts.

Sentence boundaries are where a sentence-final mark (``.``, ``!``, ``?``, ``…``),
optionally followed by closing quotes or brackets, is followed by white space and
then something that can start a sentence (an upper-case letter, a digit or an
opening quote). Common abbreviations (``Mr.``, ``e.g.``) and single initials do
not end a sentence. Chinese and Japanese sentences end at ``。！？`` (and their closing
brackets ``」』）``) with no space after them. Splitting only has to be good enough to
give the aligner more anchors: a missed boundary merely makes one "sentence" longer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(r"(?<=[.!?…])([\"'”’»)\]]*)\s+(?=[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")
_CJK_BOUNDARY = re.compile(r"(?<=[。！？])([」』）”’]*)(?=\S)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Kana and Han characters: in Chinese and Japanese one is about a syllable (or mora)."""
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
    if _CJK.search(text):
        return _split_cjk(out, turn)
    return out


def _split_cjk(sentences: list[Sentence], turn: int) -> list[Sentence]:
    """Split each sentence again after ``。！？`` (Chinese and Japanese need no space)."""
    out: list[Sentence] = []
    for s in sentences:
        start = 0
        for match in _CJK_BOUNDARY.finditer(s.text):
            piece = s.text[start : match.end(1)].strip()
            if piece:
                at = s.start_char + start
                out.append(Sentence(turn, len(out), piece, at, at + len(piece)))
            start = match.end(1)
        piece = s.text[start:].strip()
        if piece:
            at = s.start_char + start
            out.append(Sentence(turn, len(out), piece, at, s.end_char))
    return out


_PHRASE_BREAK = re.compile(r"(?:[,;:][\"'”’»)\]]*\s+|[，；：、])(?=\S)")
"""Where a phrase ends inside a sentence: a comma, semicolon or colon (and any closing
quotes) before a space, or a full-width ``，；：、``. espeak-ng ends a clause there, so the
synthesis of a sentence's first phrases is, sample for sample, the head of the sentence's."""


def phrase_starts(sentence: str) -> list[int]:
    """Offsets in *sentence* where a phrase after the first starts (see :data:`_PHRASE_BREAK`).

    A phrase needs a word of its own on both sides: a break before or after nothing
    speakable is skipped.
    """
    out: list[int] = []
    last = 0
    for m in _PHRASE_BREAK.finditer(sentence):
        at = m.end()
        if speakable(sentence[last:at]) and speakable(sentence[at:]):
            out.append(at)
            last = at
    return out


def speakable(text: str) -> bool:
    """True when *text* has at least one word a synthesizer can say."""
    return _WORD.search(text) is not None


def count_words(text: str) -> int:
    """Words in *text* (runs of letters or digits, with inner apostrophes)."""
    return len(_WORD.findall(text))


def speech_units(text: str) -> tuple[int, str]:
    """How much there is to say in *text*, and in what unit.

    Chinese and Japanese are written without spaces, so "words" would count whole
    clauses: where kana and Han characters are most of the letters, each counts as one
    unit ("characters", about a syllable or a mora each); otherwise words are counted.
    """
    cjk = len(_CJK.findall(text))
    if cjk and cjk * 2 >= sum(c.isalpha() for c in text):
        return cjk + count_words(_CJK.sub(" ", text)), "characters"
    return count_words(text), "words"


def for_synthesis(text: str) -> str:
    """Text as given to the synthesizer: one line, no markup characters it would read out."""
    spoken = text.replace("\u00a0", " ").replace("<", " ").replace(">", " ")
    return " ".join(spoken.split())
