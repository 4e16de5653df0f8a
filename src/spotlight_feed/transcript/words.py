"""Text, turns and caption splitting shared by every transcript reader and writer.

:func:`normalise` is the one definition of "the text" of a cue: XML-legal and NFC
(:func:`~spotlight_feed.text.clean`), every run of white space (no-break spaces
included: the sample's source, copied from a web page, separates sentences with
them, and captions must be able to break there) collapsed to one space, except
that a line break between two East Asian wide characters disappears, as CSS Text
Level 3 §4.1.2 ("segment break transformation rules") has browsers do. Chinese and
Japanese are written without spaces, so a caption line may break between two such
characters and reading the lines back joins them without a space.

Captions are cut from a cue with :func:`split_cue` and timed with
:func:`distribute`; joined back with line breaks and normalised, the captions of a
cue are exactly the cue's text: nothing lost, nothing repeated.

Line lengths and break rules come from the caption style (:mod:`.style`: the Netflix
Timed Text Style Guide; SRT lines of 32, docs/sources.md §2.4); :func:`break_costs` ranks
the breaks. Widths are counted in columns: wide (CJK) characters count two.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..text import clean
from .model import Cue, Transcript

_SENTENCE_END = re.compile(r"[.!?…。！？]['\"’”»)\]」』）]*$")
_CLAUSE_END = re.compile(r"[,;:—–、，；：]['\"’”»)\]」』）]*$")
_SPACE = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

# Japanese line-breaking rules (kinsoku, JIS X 4051): never start a line with closing
# punctuation or small kana, never end one with opening punctuation.
_NO_START = set(
    "、。，．・：；？！ー）」』】〕〉》〙〗〟’”｝〜ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
_NO_END = set("（「『【〔〈《〘〖〝‘“｛")

MIN_FILL = 0.25
"""A chunk ends at a sentence or clause boundary only if it is at least this full."""

Atom = tuple[str, str]
"""An unbreakable piece of text and the separator before it (``" "`` or ``""``)."""


@lru_cache(maxsize=8192)
def is_wide(ch: str) -> bool:
    """East Asian Fullwidth, Wide or Halfwidth and not Hangul (CSS Text §4.1.2)."""
    o = ord(ch)
    if 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F or 0xAC00 <= o <= 0xD7AF:
        return False
    return unicodedata.east_asian_width(ch) in ("F", "W", "H")


@lru_cache(maxsize=8192)
def _char_columns(c: str) -> int:
    return 0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "FW" else 1


def columns(text: str) -> int:
    """Display width: wide characters count two, combining marks none."""
    if text.isascii():  # the common case: one column a character
        return len(text)
    return sum(map(_char_columns, text))


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """The published form of cue text (see the module docstring).

    Called by the readers, once a cue: every :class:`~.model.Cue` a reader makes holds
    normalised text, and the writers and the caption splitter take it as it is (issue
    #18: they called this about 23 times a cue). Idempotent (``normalise(normalise(t))
    == normalise(t)``, tests/test_normalise_once.py), so text normalised here is final:
    where a line break between two wide characters is dropped, the joined text is
    NFC-normalised again (a combining voiced sound mark, itself wide, composes with the
    kana before it). Memoised: the readers see one text again in translations and
    re-reads.
    """
    text = clean(text).strip()
    if text.isascii() or not _LINE_BREAK.search(text):
        # No wide characters, or no line break to drop between them: every run is one space.
        return _SPACE.sub(" ", text)

    def space(m: re.Match[str]) -> str:
        before, after = text[m.start() - 1], text[m.end()]
        if _LINE_BREAK.search(m.group()) and is_wide(before) and is_wide(after):
            return ""
        return " "

    return unicodedata.normalize("NFC", _SPACE.sub(space, text))


def join_lines(parts: Sequence[str]) -> str:
    """Texts read from separate lines or cues, joined as one normalised text."""
    return normalise("\n".join(parts))


def join_normalised(parts: Sequence[str]) -> str:
    """Normalised texts (a turn's cues, caption lines) joined as :func:`join_lines` does.

    The same text, without normalising it again: the parts already are (a reader's cue
    texts, :func:`normalise`), so the line breaks between them are all that is left to
    transform, each to one space, or to nothing between two wide characters (CSS Text
    Level 3 §4.1.2, the module docstring); empty parts are dropped, as white space is.
    tests/test_normalise_once.py checks it equals :func:`join_lines` on normalised parts.
    """
    out: list[str] = []
    last = ""
    glued = False
    for part in parts:
        if not part:
            continue
        if last:
            wide = is_wide(last[-1]) and is_wide(part[0])
            glued = glued or wide
            out.append("" if wide else " ")
        out.append(part)
        last = part
    text = "".join(out)
    return unicodedata.normalize("NFC", text) if glued else text  # as normalise() does


def atoms(text: str) -> list[Atom]:
    """Split normalised *text* into pieces a line may break between.

    Breaks fall at spaces (the space is dropped), and between two wide characters at
    a Chinese or Japanese phrase boundary (nothing is dropped; :func:`_pieces`) unless
    line-breaking rules forbid it. A space between two
    wide characters is never a break: read back, a line break there would vanish.
    """
    out: list[Atom] = []
    for n, word in enumerate(text.split(" ")):
        if not word:
            continue
        if word.isascii():  # no wide character: one piece, and no joining with the last
            out.append((" " if n and out else "", word))
            continue
        pieces = _pieces(word)
        sep = " " if n and out else ""
        if out and sep and is_wide(out[-1][1][-1]) and is_wide(pieces[0][0]):
            out[-1] = (out[-1][0], f"{out[-1][1]} {pieces[0]}")
            pieces = pieces[1:]
            sep = ""
        for k, piece in enumerate(pieces):
            out.append((sep if k == 0 else "", piece))
    return out


def _pieces(word: str) -> list[str]:
    """A space-free *word* cut where a line may break.

    Between two wide characters at a phrase boundary (:func:`.cjk.phrases`, BudouX)
    unless kinsoku forbids it; inside a phrase longer than :data:`.cjk.LONGEST`
    characters, between any two.
    """
    boundaries: set[int] | None = None
    if any(is_wide(c) and unicodedata.category(c) == "Lo" for c in word):
        from .cjk import LONGEST, phrases

        boundaries, at = set(), 0
        for phrase in phrases(word):
            if len(phrase) > LONGEST:
                boundaries.update(range(at + 1, at + len(phrase)))
            at += len(phrase)
            boundaries.add(at)
    pieces = [word[0]]
    for k, (a, b) in enumerate(itertools.pairwise(word), start=1):
        if (
            is_wide(a)
            and is_wide(b)
            and b not in _NO_START
            and a not in _NO_END
            and (boundaries is None or k in boundaries)
        ):
            pieces.append(b)
        else:
            pieces[-1] += b
    return pieces


def joined(items: Sequence[Atom]) -> str:
    """The text of consecutive atoms (the first one's separator dropped)."""
    return "".join(sep + a for sep, a in items)[len(items[0][0]) :] if items else ""


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
        """The turn's text as one paragraph (its cues' texts, :func:`join_normalised`)."""
        return join_normalised([c.text for c in self.cues])


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


def _lines(items: Sequence[Atom], width: int, first_extra: int) -> list[list[Atom]]:
    lines: list[list[Atom]] = []
    current: list[Atom] = []
    used = first_extra
    for sep, piece in items:
        w = columns(piece)
        if not current:
            current, used = [(sep, piece)], used + w
        elif used + len(sep) + w <= width:
            current.append((sep, piece))
            used += len(sep) + w
        else:
            lines.append(current)
            current, used = [(sep, piece)], w
    if current:
        lines.append(current)
    return lines


def wrap(text: str | Sequence[Atom], width: int, first_extra: int = 0) -> list[str]:
    """Greedy line wrap at *width* columns.

    *first_extra* columns (a speaker prefix) are counted on the first line. A piece
    longer than the width gets a line of its own (words are never cut).
    """
    if isinstance(text, str) and text.isascii():  # atoms are the words: one column each
        if "  " not in text and text[:1] != " " and text[-1:] != " ":
            return _wrap_spaced(text, width, first_extra)
        return _wrap_words([w for w in text.split(" ") if w], width, first_extra)
    items = atoms(text) if isinstance(text, str) else text
    return [joined(line) for line in _lines(items, width, first_extra)]


def _wrap_spaced(text: str, width: int, first_extra: int) -> list[str]:
    """:func:`_wrap_words` of ASCII *text* whose words are one space apart (normalised).

    Each line is found by one search for its last space (``str.rfind``), not word by
    word: the greedy rule is the same (a line takes every word that fits, and at least
    one), so the lines are too (tests/test_split_reference.py, issue #18).
    """
    lines: list[str] = []
    n = len(text)
    at, room = 0, width - first_extra
    while at < n:
        if n - at <= room:
            lines.append(text[at:])
            break
        end = text.rfind(" ", at + 1, at + room + 1) if room > 0 else -1
        if end < 0:  # the first word is wider than the line: a line of its own
            end = text.find(" ", at)
            if end < 0:
                lines.append(text[at:])
                break
        lines.append(text[at:end])
        at, room = end + 1, width
    return lines


def _wrap_words(words: Sequence[str], width: int, used: int) -> list[str]:
    """:func:`_lines` of ASCII words (every separator one space, every character a column)."""
    lines: list[str] = []
    current: list[str] = []
    for word in words:
        n = len(word)
        if not current:
            current, used = [word], used + n
        elif used + 1 + n <= width:
            current.append(word)
            used += 1 + n
        else:
            lines.append(" ".join(current))
            current, used = [word], n
    if current:
        lines.append(" ".join(current))
    return lines


def balance(
    items: Sequence[Atom], width: int, first_extra: int = 0, costs: Sequence[int] | None = None
) -> list[str]:
    """Lay *items* out on as few lines as :func:`wrap`; two lines broken where it reads best.

    Among the breaks that fit, the one with the lowest ``max(line widths) + cost`` wins,
    *costs[k]* being the cost of a break after ``items[k]`` (:func:`break_costs`): after
    punctuation or before a conjunction is cheap, after an article or between two names
    is dear (Netflix Timed Text Style Guide, General Requirements §5 Line Treatment).
    """
    lines = wrap(items, width, first_extra)
    if len(lines) != 2:
        return lines
    if costs is None:
        costs = break_costs(items)
    best: int | None = None
    split_at = 0
    # ends[k]: columns of items[:k] with their separators (the first one's dropped).
    ends = list(
        itertools.accumulate((len(sep) + columns(a) for sep, a in items), initial=-len(items[0][0]))
    )
    for k in range(1, len(items)):
        a = first_extra + ends[k]
        b = ends[-1] - ends[k] - len(items[k][0])
        if a > width or b > width:
            continue
        score = max(a, b) + costs[k - 1]
        if best is None or score < best:
            best = score
            split_at = k
    if best is None:
        return lines
    return [joined(items[:split_at]), joined(items[split_at:])]


# Break costs, in columns of evenness a break is worth giving up (see balance()).
SENTENCE_BREAK = -20
CLAUSE_BREAK = -12
BEFORE_LINK = -6
NEVER = 60


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WEAK_END = _wordset(
    "a an the my your his her its our their this these those some any no every each "
    "i we you he she they it's i'm i've i'd i'll we're they're "
    "to of in on at for with from by into onto about as than "
    "and or but nor so if because when where while although though whether that which who"
)
"""English words a caption line must not end on: an article or determiner before its
noun, a subject pronoun before its verb, a preposition or conjunction (Netflix:
break *before* these)."""
_LINKS = _wordset(
    "and or but nor because when where while although though if whether which who "
    "to of in on at for with from by into about after before since until"
)
"""Conjunctions and prepositions a line may well start with (Netflix §5)."""
_NEGATION = frozenset(["not", "n't", "never"])

_WEAK_END_ES = _wordset(
    "el la los las un una unos unas lo al del "
    "mi mis tu tus su sus nuestro nuestra nuestros nuestras vuestro vuestra "
    "este esta estos estas ese esa esos esas aquel aquella aquellos aquellas "
    "cada todo toda todos todas algún alguna algunos algunas ningún ninguna otro otra otros "
    "otras muy más tan "
    "yo tú él ella nosotros nosotras vosotros ellos ellas usted ustedes me te se nos os le les "
    "no "
    "a ante bajo con contra de desde en entre hacia hasta para por según sin sobre tras "
    "y e o u ni pero sino que porque aunque si cuando donde mientras como"
)
"""Spanish words a caption line must not end on (the same Netflix rules, General
Requirements §5: an article, determiner or possessive before its noun, a pronoun or
clitic before its verb, ``no`` before the verb it negates, a preposition or conjunction)."""
_LINKS_ES = _wordset(
    "y e o u ni pero sino porque aunque cuando donde mientras que si como "
    "a ante bajo con contra de desde en entre hacia hasta para por según sin sobre tras"
)
"""Spanish conjunctions and prepositions a line may well start with."""

_WORDS: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {
    "es": (_WEAK_END_ES, _LINKS_ES, frozenset()),
}
"""Line-break word lists by primary language subtag: (weak ends, links, negations).
Every other language, English included, gets the English lists."""


def _word_lists(language: str | None) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    primary = (language or "en").split("-", 1)[0].lower()
    return _WORDS.get(primary, (_WEAK_END, _LINKS, _NEGATION))


def _bare(word: str) -> str:
    return word.strip("\"'“”‘’()[]«»").replace("’", "'").lower()


def break_costs(items: Sequence[Atom], language: str | None = None) -> list[int]:
    """The cost of a line or caption break after each of *items* (one pass, O(n)).

    Sentence and clause ends are the best breaks, then a break before a conjunction or
    preposition; a break after an article, determiner, subject pronoun, preposition or
    conjunction, before a negation, or between two capitalised words (a first and last
    name) is avoided (Netflix Timed Text Style Guide, General Requirements §5). The word
    lists are by *language* (BCP 47; :data:`_WORDS`: Spanish has its own, every other
    language English's); punctuation and name rules are the same in every language.
    """
    return list(_costs([a for _, a in items], language))


def _costs(pieces: Sequence[str], language: str | None = None) -> tuple[int, ...]:
    """:func:`break_costs` of the atoms' texts."""
    weak_end, links, negation = _word_lists(language)
    costs = [0] * len(pieces)
    facts = [_facts(a) for a in pieces]
    for k in range(len(pieces) - 1):
        end, bare, upper = facts[k]
        after = facts[k + 1]
        if end:
            costs[k] = end
        elif (
            bare in weak_end
            or after[1] in negation
            # _name_pair, from the facts: two capitalised words, not at a sentence start
            or (upper and after[2] and k > 0 and facts[k - 1][0] != SENTENCE_BREAK)
        ):
            costs[k] = NEVER
        elif after[1] in links:
            costs[k] = BEFORE_LINK
    return tuple(costs)


@lru_cache(maxsize=8192)
def _facts(piece: str) -> tuple[int, str, bool]:
    """Of one atom: its sentence- or clause-end cost (0: neither), bare word, capital start.

    Pure in *piece* and words recur: memoised, so :func:`break_costs` runs each regular
    expression once per distinct word, not once per occurrence (issue #18).
    """
    bare = _bare(piece) if piece.isascii() or piece[0].isalpha() else ""
    upper = piece[:1].isupper()
    if _SENTENCE_END.search(piece):
        return SENTENCE_BREAK, bare, upper
    if _CLAUSE_END.search(piece):
        return CLAUSE_BREAK, bare, upper
    return 0, bare, upper


def split_cue(
    text: str,
    width: int,
    max_lines: int = 2,
    first_extra: int = 0,
    *,
    max_columns: int | None = None,
    every_extra: bool = False,
    language: str | None = None,
) -> list[list[str]]:
    """:func:`split_normalised` of any text, normalised first (:func:`normalise`)."""
    return split_normalised(
        normalise(text),
        width,
        max_lines,
        first_extra,
        max_columns=max_columns,
        every_extra=every_extra,
        language=language,
    )


def split_normalised(
    text: str,
    width: int,
    max_lines: int = 2,
    first_extra: int = 0,
    *,
    max_columns: int | None = None,
    every_extra: bool = False,
    language: str | None = None,
) -> list[list[str]]:
    """Cut *text* into caption chunks of at most *max_lines* lines of *width* columns.

    A chunk ends at the cheapest break (:func:`break_costs`: a sentence end, then a
    clause end, then before a conjunction, never after an article) that leaves the
    chunk at least :data:`MIN_FILL` full, and never leaves a last chunk shorter than
    that. *first_extra* is the width of a prefix shown on the first line of the first
    chunk (SRT's ``Name:``), or of every chunk with *every_extra*; *max_columns* caps a
    chunk's columns (the writers derive it from the longest cue the style allows).
    Each chunk is laid out as :func:`balance` lays it out. Returns the chunks, each as
    its lines. Linear in the length of *text*.

    The atoms, their widths, break costs and offsets depend on the text alone and are
    computed once per text (:func:`_prepared`, memoised: the WebVTT and SRT writers cut
    the same cues to two styles), then every chunk and line is found by index
    arithmetic on them, with no atom measured or joined twice (issue #18).

    *text* is normalised (:func:`normalise`: a reader's cue text, or a piece of one cut
    at a space) and is cut as it is: the caption writers call this, not :func:`split_cue`.
    """
    p = _prepared(text, language)
    n = len(p.seps)
    widths, offsets = p.widths, p.offsets
    bisect_right = bisect.bisect_right
    chunks: list[list[str]] = []
    i = 0
    while i < n:
        extra = first_extra if every_extra or not chunks else 0
        capacity = width * max_lines - extra
        if max_columns is not None:
            capacity = max(1, min(capacity, max_columns))
        # Greedy fill (the same rule as _lines), a line at a time: atoms a+1..m join a
        # line from atom a holding u0 columns while
        # ``u0 + offsets[m + 1] - offsets[a + 1] <= width``, and the chunk holds atoms
        # up to m while ``widths[i] + offsets[m + 1] - offsets[i + 1] <= capacity``:
        # both ends found by bisection on the offsets. The first atom is always taken.
        # *starts*: where each greedy line starts, which are also the greedy lines of
        # any shorter chunk from *i* (the rule looks only at the atoms before).
        limit = max(i + 1, bisect_right(offsets, capacity - widths[i] + offsets[i + 1], i + 1) - 1)
        starts = [i]
        a, u0 = i, extra + widths[i]
        while True:
            end = max(a + 1, bisect_right(offsets, width - u0 + offsets[a + 1], a + 1) - 1)
            if end >= limit:
                j = limit
                break
            if len(starts) >= max_lines:
                j = end
                break
            a, u0 = end, widths[end]
            starts.append(a)
        if j < n:
            j = _boundary(offsets, p.costs, i, j, capacity)
            if every_extra and first_extra:  # the next chunk's first word follows the prefix
                j = _fits_after_prefix(widths, i, j, width - first_extra)
            while starts[-1] >= j:
                starts.pop()
        chunks.append(_balanced(p, i, j, width, extra, starts))
        i = j
    return chunks


def _fits_after_prefix(widths: tuple[int, ...], i: int, j: int, room: int) -> int:
    """The latest break at or before *j* (after *i*) whose next word fits in *room* columns.

    With a prefix on every chunk (SRT's ``Name:``), a chunk whose first word is wider
    than what the prefix leaves of the line would make that line too long (issue #15:
    the prefix counts). *j* itself when no earlier break does better.
    """
    k = j
    while k > i + 1 and widths[k] > room:
        k -= 1
    return k if widths[k] <= room else j


class _Prepared(NamedTuple):
    """What :func:`split_cue` needs of a text, computed once (:func:`_prepared`).

    A named tuple, not a frozen dataclass: one is made for every cue text of an
    episode, and a frozen dataclass's ``__init__`` sets each field with
    ``object.__setattr__`` (issue #18). Immutable all the same.
    """

    flat: str
    """The atoms joined with their separators (the first one's included)."""
    seps: tuple[int, ...]
    """Length of each atom's separator (columns and characters alike: a space or none)."""
    widths: tuple[int, ...]
    """Columns of each atom."""
    costs: tuple[int, ...]
    """:func:`break_costs` of the atoms."""
    offsets: tuple[int, ...]
    """``offsets[k]``: columns of every atom before *k* with its separator."""
    chars: tuple[int, ...]
    """``chars[k]``: where atom *k*'s separator starts in :attr:`flat`."""

    def text(self, i: int, j: int) -> str:
        """``joined(items[i:j])``: the text of atoms *i* to *j* (exclusive)."""
        return self.flat[self.chars[i] + self.seps[i] : self.chars[j]] if j > i else ""


@lru_cache(maxsize=1024)
def _prepared(text: str, language: str | None = None) -> _Prepared:
    """Atoms of normalised *text* and their measures; memoised (pure in its arguments)."""
    if text.isascii():  # the common case: atoms are the words, one column a character
        words = text.split(" ")
        if "" in words:  # a space at either end or two in a row (normalised text has none)
            words = [w for w in words if w]
            text = " ".join(words)
        widths = tuple(map(len, words))
        seps = (0, *(1,) * (len(words) - 1)) if words else ()
        # One column a character: the column offsets are the character offsets too.
        offsets = tuple(itertools.accumulate(map(operator.add, seps, widths), initial=0))
        costs = _costs(words, language)
        return _Prepared(text, seps, widths, costs, offsets, offsets)
    items = atoms(text)
    seps = tuple(len(sep) for sep, _ in items)
    widths = tuple(columns(piece) for _, piece in items)
    offsets = tuple(itertools.accumulate(map(operator.add, seps, widths), initial=0))
    chars = tuple(
        itertools.accumulate((s + len(a) for s, (_, a) in zip(seps, items, strict=True)), initial=0)
    )
    flat = "".join(sep + a for sep, a in items)
    return _Prepared(flat, seps, widths, _costs([a for _, a in items], language), offsets, chars)


def _balanced(p: _Prepared, i: int, j: int, width: int, extra: int, starts: list[int]) -> list[str]:
    """``balance(items[i:j], width, extra, costs[i:j])``, by index on *p*.

    *starts*: where the greedy lines of atoms *i* to *j* start (those of :func:`_lines`,
    found by :func:`split_normalised`'s fill). Two greedy lines are rebalanced: the break
    with the least ``max(line widths) + cost`` among those leaving both lines within
    *width*, the first among equals. Only breaks whose first line fits and whose second
    can (found by bisection on the column offsets; a separator is one column or none)
    are scored.
    """
    if len(starts) != 2:
        return [p.text(a, b) for a, b in itertools.pairwise([*starts, j])]
    offsets, seps, costs = p.offsets, p.seps, p.costs
    best: int | None = None
    split_at = 0
    # Columns of atoms i..k-1 with the first line's prefix, and of atoms k..j-1.
    head = extra - offsets[i] - seps[i]
    end = offsets[j]
    hi = bisect.bisect_right(offsets, width - head, i + 1, j)  # a <= width below hi
    lo = bisect.bisect_left(offsets, end - width - 1, i + 1, hi)  # b <= width needs lo
    for k in range(lo, hi):
        a = head + offsets[k]
        b = end - offsets[k] - seps[k]
        if a > width or b > width:
            continue
        score = (a if a > b else b) + costs[k - 1]
        if best is None or score < best:
            best = score
            split_at = k
    if best is None:
        return [p.text(i, starts[1]), p.text(starts[1], j)]
    return [p.text(i, split_at), p.text(split_at, j)]


def _boundary(offsets: Sequence[int], costs: Sequence[int], i: int, j: int, capacity: int) -> int:
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


def distribute(start_ms: int, end_ms: int, chunks: Sequence[str]) -> list[tuple[int, int]]:
    """Time *chunks* within ``[start_ms, end_ms]`` in proportion to their characters.

    Consecutive chunks share their boundary (no gap, no overlap), every chunk is
    at least 1 ms long, the first starts at *start_ms* and the last ends at
    *end_ms*. The caller must not ask for more chunks than milliseconds.
    """
    return distribute_weights(start_ms, end_ms, [len(c) + 1 for c in chunks])


def distribute_weights(start_ms: int, end_ms: int, weights: Sequence[int]) -> list[tuple[int, int]]:
    """:func:`distribute` of chunks weighing *weights* (a chunk's characters plus one).

    The caption cutter knows each chunk's characters from its lines, so it does not
    join them to measure them (issue #18); one chunk takes the whole span.
    """
    n = len(weights)
    span = end_ms - start_ms
    if n == 0:
        return []
    if span < n:
        raise ValueError(f"cannot time {n} chunks in {span} ms")
    if n == 1:
        return [(start_ms, end_ms)]
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
