"""SRT caption lines no reader can take for a cue number or a timing line (issue #12).

SubRip has no escaping (docs/sources.md §2.4): a cue is its number, its timing line
``HH:MM:SS,mmm --> HH:MM:SS,mmm`` and its text, up to a blank line. A line of text that
*is* a timing line (``00:02:35,857 --> 00:02:40,924`` said aloud, or a caption about
subtitles) makes our strict reader refuse the file, and lenient readers (the ``srt``
package, players) start a new cue there; a bare number line before it is read as that
cue's number. So a caption's lines are re-cut until none looks like either, judged
leniently (any ``H:M:S`` form, any separator before the fraction, spaces around the
arrow optional):

1. an unsafe line is joined to the line before it (``at 12`` instead of ``12`` alone);
2. an unsafe first line is joined to the line after it, when that makes it safe;
3. else it is cut after its first word (``00:00:01,000`` / ``--> 00:00:02,000``).

Lines are joined and cut exactly where a reader joins them (:func:`~.words.join_lines`;
the lines are normalised text, so :func:`~.words.join_normalised` joins them alike without
normalising them again), so the text reads back unchanged; only the line lengths differ
from the style's. A line after a visible ``Name:`` prefix is safe as it stands. Left as
is, because nothing can be joined or cut without changing the text: a caption that is a
single word, e.g. one number (its cue number and timing line come first, so no reader
misplaces it).
"""

from __future__ import annotations

import re

from .captions import Caption
from .emphasis import Span, shifted, within
from .words import join_normalised

_STAMP = r"\d+(?::\d+){1,2}(?:[,.:]\d+)?"
_TIMING_LIKE = re.compile(rf"^\s*{_STAMP}\s*-->\s*{_STAMP}(?:\s.*)?$", re.S)
_NUMBER = re.compile(r"^\s*\d+\s*$")

Line = tuple[str, tuple[Span, ...]]


def looks_like_structure(line: str) -> bool:
    """*line* could be read as an SRT cue number or timing line.

    Both start with optional white space and a digit, so a line starting with a letter
    (most lines) is neither, without matching the patterns.
    """
    if line[:1].isalpha():
        return False
    return bool(_NUMBER.match(line) or _TIMING_LIKE.match(line))


def safe_caption(cap: Caption, prefixed: bool, named: bool) -> Caption:
    """*cap* with its lines re-cut so none looks like SRT structure (module docstring).

    *prefixed*: the writer shows ``Name: `` before the first line, which makes it safe.
    *named*: the caption's speaker has a name, so the prefix can be shown to make the
    first line safe (a repeated name reads back as the same speaker).
    """
    texts = cap.lines
    if not any(looks_like_structure(t) for t in (texts[1:] if prefixed else texts)):
        return cap  # what _safe(cap.styled(), prefixed) says, without the styled lines
    lines = cap.styled()
    opens_turn = cap.opens_turn
    if named and not prefixed and looks_like_structure(lines[0][0]):
        prefixed = opens_turn = True
    out = _merged(lines, prefixed)
    if not _safe(out, prefixed):
        if named:  # contrived text: the whole caption on one line after the name
            one = out[0]
            for line in out[1:]:
                one = _join(one, line)
            out, prefixed, opens_turn = [one], True, True
        else:
            out = _first_fixed(out)
    emphasis = tuple(spans for _, spans in out) if cap.emphasis else ()
    return Caption(
        cap.start_ms, cap.end_ms, cap.speaker, tuple(t for t, _ in out), opens_turn, emphasis
    )


def _safe(lines: list[Line], prefixed: bool) -> bool:
    return not any(looks_like_structure(t) for k, (t, _) in enumerate(lines) if k or not prefixed)


def _first_fixed(out: list[Line]) -> list[Line]:
    """No name to show: join an unsafe first line to the next, else cut it."""
    if not looks_like_structure(out[0][0]):
        return out
    if len(out) > 1:
        merged = _join(out[0], out[1])
        if not looks_like_structure(merged[0]):
            return _merged([merged, *out[2:]], False)
    cut = _cut(out[0])
    return out if len(cut) == 1 else _merged([*cut, *out[1:]], False)


def _merged(lines: list[Line], prefixed: bool) -> list[Line]:
    """Each unsafe line after the first joined to the one before it, where that is safe.

    Joining to a first line shown after ``Name: `` always is.
    """
    out: list[Line] = []
    for line in lines:
        if out and looks_like_structure(line[0]):
            merged = _join(out[-1], line)
            if (prefixed and len(out) == 1) or not looks_like_structure(merged[0]):
                out[-1] = merged
                continue
        out.append(line)
    return out


def _join(a: Line, b: Line) -> Line:
    text = join_normalised([a[0], b[0]])
    by = len(text) - len(b[0])
    return text, a[1] + shifted(b[1], by)


def _cut(line: Line) -> list[Line]:
    """*line* cut at its first space (the space dropped, as a reader puts it back)."""
    text, spans = line
    at = text.find(" ")
    if at <= 0 or join_normalised([text[:at], text[at + 1 :]]) != text:
        return [line]
    head = (text[:at], within(spans, 0, at))
    tail = (text[at + 1 :], within(spans, at + 1, len(text)))
    return [head, tail] if not looks_like_structure(tail[0]) else [head, *_cut(tail)]
