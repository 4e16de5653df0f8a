"""The caption splitter against the plain implementation it replaced (issue #18).

:func:`spotlight_feed.transcript.words.split_cue` precomputes a text's atoms, widths and
break costs once and lays chunks out by index arithmetic. The straightforward version
below (the splitter as it stood at commit ``6bfd29e``: atoms joined and measured again
for every chunk, :func:`~spotlight_feed.transcript.words.balance` rescoring every
line, the break costs worked out word by word) is the specification: on any text,
width, line count, prefix and column cap the two give the same chunks and lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from spotlight_feed.transcript.vtt import read_vtt
from spotlight_feed.transcript.words import (
    _CLAUSE_END,
    _LINKS,
    _NEGATION,
    _SENTENCE_END,
    _WEAK_END,
    BEFORE_LINK,
    CLAUSE_BREAK,
    MIN_FILL,
    NEVER,
    SENTENCE_BREAK,
    Atom,
    _bare,
    _lines,
    atoms,
    balance,
    break_costs,
    columns,
    joined,
    normalise,
    split_cue,
    wrap,
)

GOLDEN = Path(__file__).parent / "golden"


def _name_pair(items: Sequence[Atom], k: int) -> bool:
    """Two capitalised words not at a sentence start: a first and a last name."""
    piece, nxt = items[k][1], items[k + 1][1]
    if not (piece[:1].isupper() and nxt[:1].isupper()) or k == 0:
        return False
    return not _SENTENCE_END.search(items[k - 1][1])


def reference_costs(items: Sequence[Atom]) -> list[int]:
    costs = [0] * len(items)
    bare = [_bare(a) if a.isascii() or a[0].isalpha() else "" for _, a in items]
    for k in range(len(items) - 1):
        piece = items[k][1]
        if _SENTENCE_END.search(piece):
            costs[k] = SENTENCE_BREAK
        elif _CLAUSE_END.search(piece):
            costs[k] = CLAUSE_BREAK
        elif bare[k] in _WEAK_END or bare[k + 1] in _NEGATION or _name_pair(items, k):
            costs[k] = NEVER
        elif bare[k + 1] in _LINKS:
            costs[k] = BEFORE_LINK
    return costs


def reference_split(
    text: str,
    width: int,
    max_lines: int,
    first_extra: int,
    max_columns: int | None,
    every_extra: bool,
) -> list[list[str]]:
    items = atoms(normalise(text))
    widths = [columns(piece) for _, piece in items]
    costs = reference_costs(items)
    offsets = list(
        itertools.accumulate(
            (len(sep) + w for (sep, _), w in zip(items, widths, strict=True)), initial=0
        )
    )
    chunks: list[list[str]] = []
    i = 0
    while i < len(items):
        extra = first_extra if every_extra or not chunks else 0
        capacity = width * max_lines - extra
        if max_columns is not None:
            capacity = max(1, min(capacity, max_columns))
        lines, used = 1, extra + widths[i]
        taken = widths[i]
        j = i + 1
        while j < len(items):
            step = len(items[j][0]) + widths[j]
            if taken + step > capacity:
                break
            if used + step <= width:
                used += step
            elif lines < max_lines:
                lines, used = lines + 1, widths[j]
            else:
                break
            taken += step
            j += 1
        if j < len(items):
            j = reference_boundary(offsets, costs, i, j, capacity)
            if every_extra and first_extra:  # #15: the next chunk's first word must fit
                k = j  # after the prefix: move back to the latest break where it does
                while k > i + 1 and widths[k] > width - first_extra:
                    k -= 1
                j = k if widths[k] <= width - first_extra else j
        chunks.append(balance(items[i:j], width, extra, costs[i:j]))
        i = j
    return chunks


def reference_boundary(
    offsets: Sequence[int], costs: Sequence[int], i: int, j: int, capacity: int
) -> int:
    """The best end (exclusive) for a chunk starting at *i* that fits up to *j*.

    The cheapest break at least MIN_FILL into the chunk, the latest among equals; the
    end also leaves at least MIN_FILL of text for the last chunk (no orphan words).
    """
    least = MIN_FILL * capacity
    total = offsets[-1]
    best, best_cost = j, costs[j - 1] if total - offsets[j] >= least else NEVER
    for k in range(j - 1, i, -1):
        if offsets[k] - offsets[i] < least:
            break
        cost = costs[k - 1] if total - offsets[k] >= least else NEVER
        if cost < best_cost:
            best, best_cost = k, cost
    return best


WORDS = [
    "a", "the", "and", "of", "not", "never", "to", "Ana", "Okafor", "Paris.", "well,", "yes;",
    "really?", "—", "“quoted”", "(aside)", "extraordinarily-long-hyphenated-compound-word",
    "don't", "I'm", "x" * 40, "日本語の文章です。", "中文，标点", "한국어", "שָׁלוֹם", "café",
    "e\u0301", "１２３", "「はい」", "ok!", "and,", "Because", "When", "Dr.", "Smith",
]  # fmt: skip
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=60).map(" ".join) | st.text(
    alphabet=st.sampled_from(list("ab ,.!?日本語中 　Xé")), max_size=120
)


@settings(max_examples=400, deadline=None)
@given(
    text=texts,
    width=st.integers(1, 50),
    max_lines=st.integers(1, 3),
    first_extra=st.integers(0, 12),
    max_columns=st.none() | st.integers(1, 120),
    every_extra=st.booleans(),
)
def test_split_cue_matches_the_reference(
    text: str,
    width: int,
    max_lines: int,
    first_extra: int,
    max_columns: int | None,
    every_extra: bool,
) -> None:
    args = (width, max_lines, first_extra, max_columns, every_extra)
    expected = reference_split(text, *args)
    got = split_cue(
        text,
        width,
        max_lines,
        first_extra,
        max_columns=max_columns,
        every_extra=every_extra,
    )
    assert got == expected
    items = atoms(normalise(text))
    assert break_costs(items) == reference_costs(items)
    reference_wrap = [joined(line) for line in _lines(items, width, first_extra)]
    assert wrap(normalise(text), width, first_extra) == reference_wrap
    raw = text.replace("a", "a  ")  # not normalised: empty words between double spaces
    assert wrap(raw, width, first_extra) == [
        joined(line) for line in _lines(atoms(raw), width, first_extra)
    ]


def test_golden_transcripts_split_as_the_reference() -> None:
    """Every cue of the golden releases' WebVTT files, at the widths the writers use."""
    sources = sorted(GOLDEN.glob("*/dist/episodes/*/transcript*.vtt"))
    assert sources
    cues = [c for f in sources for c in read_vtt(f.read_text(encoding="utf-8"), f.name)[0].cues]
    assert len(cues) > 20
    for cue, (width, lines, extra, cap, every) in itertools.product(
        cues, [(42, 2, 0, None, False), (32, 2, 6, 40, False), (32, 2, 9, None, True)]
    ):
        assert split_cue(
            cue.text, width, lines, extra, max_columns=cap, every_extra=every
        ) == reference_split(cue.text, width, lines, extra, cap, every)
