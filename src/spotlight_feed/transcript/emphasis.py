"""Inline emphasis (``<i>``, ``<b>``, ``<u>``) carried beside a cue's plain text.

WebVTT (W3C WebVTT §4.2.2, "cue text": the italics, bold and underline spans) and
SRT (docs/sources.md §2.4: ``<i> <b> <u>`` are formatting to every player) can mark
emphasis. A cue's ``text`` stays plain, so every format, check and search sees the
same words; its ``emphasis`` lists ``(start, end, tag)`` spans over that text. The
formats that can carry emphasis (WebVTT, SRT, HTML) render the spans with
:func:`render`; JSON and plain text simply never look at them.

Readers turn each tag into a private-use marker character before the text is
normalised (white space collapsed), then :func:`extract` removes the markers and
records where they stood, so the offsets are those of the normalised text.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence

Span = tuple[int, int, str]
"""``(start, end, tag)``: ``text[start:end]`` is emphasised with *tag* (``i``, ``b``, ``u``)."""

TAGS = ("i", "b", "u")
_OPEN = {tag: chr(0xE000 + 2 * k) for k, tag in enumerate(TAGS)}
_CLOSE = {tag: chr(0xE001 + 2 * k) for k, tag in enumerate(TAGS)}
_MARKERS = {
    **{v: (k, True) for k, v in _OPEN.items()},
    **{v: (k, False) for k, v in _CLOSE.items()},
}


def marker(tag: str, opening: bool) -> str:
    """The private-use character a reader puts where an ``<i>``/``</i>`` … tag stood."""
    return (_OPEN if opening else _CLOSE)[tag]


def strip_markers(text: str) -> str:
    """*text* without markers."""
    if not _has_markers(text):
        return text
    return "".join(c for c in text if c not in _MARKERS and c != TIME_MARK)


_MARKER = re.compile("[\ue000-\ue005\ue010]")


def _has_markers(text: str) -> bool:
    # ASCII text has none; otherwise one regex scan in C, not a generator per character (#18).
    return not text.isascii() and _MARKER.search(text) is not None


TIME_MARK = "\ue010"
"""The private-use character a reader puts where an inline timestamp stood (:mod:`.marks`)."""


def extract(marked: str) -> tuple[str, tuple[Span, ...]]:
    """Normalised text with markers -> the text without them and the emphasis spans.

    A marker between two spaces leaves one space; spans never start or end on a
    space; empty spans are dropped; an unclosed tag runs to the end. One pass.
    """
    text, spans, _ = extract_timed(marked)
    return text, spans


def extract_timed(marked: str) -> tuple[str, tuple[Span, ...], tuple[int, ...]]:
    """:func:`extract`, also giving the offset in the text of every :data:`TIME_MARK`.

    An offset is where the next word starts (a mark before a space moves past it); marks
    at the very end of the text are dropped (there is nothing after them to time).
    """
    if not _has_markers(marked):
        return marked, (), ()
    out: list[str] = []
    opened: dict[str, int] = {}
    spans: list[Span] = []
    times: list[int] = []
    for c in marked:
        if c == TIME_MARK:
            times.append(len(out))
            continue
        mark = _MARKERS.get(c)
        if mark is None:
            if c == " " and (not out or out[-1] == " "):
                continue
            out.append(c)
            continue
        tag, opening = mark
        if opening:
            opened.setdefault(tag, len(out))
        elif tag in opened:
            spans.append((opened.pop(tag), len(out), tag))
    while out and out[-1] == " ":
        out.pop()
    text = "".join(out)
    spans += [(start, len(text), tag) for tag, start in opened.items()]
    offsets = tuple(at + 1 if at < len(text) and text[at] == " " else at for at in times)
    return text, _tidy(text, spans), offsets


def extract_normalised(marked: str) -> tuple[str, tuple[Span, ...], tuple[int, ...]]:
    """:func:`extract_timed` of normalised *marked* text, its text normalised too.

    A reader's cue text is final (:mod:`.model`: normalised once, at read time). The
    markers are not white space, so the text without them keeps one space between words
    (:func:`extract_timed`), but a marker between a letter and a combining mark (``e<i>``
    then U+0301) leaves text that NFC composes: that text is composed here, and its
    emphasis and marks dropped, their offsets no longer fitting it.
    """
    text, spans, offsets = extract_timed(marked)
    if (spans or offsets) and not unicodedata.is_normalized("NFC", text):
        return unicodedata.normalize("NFC", text), (), ()
    return text, spans, offsets


def _tidy(text: str, spans: Sequence[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for start, end, tag in spans:
        end = min(end, len(text))
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start < end:
            out.append((start, end, tag))
    return tuple(sorted(out))


def within(spans: Sequence[Span], start: int, end: int) -> tuple[Span, ...]:
    """The parts of *spans* inside ``[start, end)``, shifted to start at 0."""
    return tuple(
        (max(s, start) - start, min(e, end) - start, tag)
        for s, e, tag in spans
        if s < end and e > start
    )


def shifted(spans: Sequence[Span], by: int) -> tuple[Span, ...]:
    """*spans* moved *by* characters."""
    return tuple((s + by, e + by, tag) for s, e, tag in spans)


def render(
    text: str,
    spans: Sequence[Span],
    escape: Callable[[str], str],
    tags: Callable[[str, bool], str],
) -> str:
    """*text* escaped, with *tags(tag, opening)* around each emphasised run.

    Tags are kept properly nested: where the set of active tags changes, tags are
    closed back to the common part and the new ones opened (in ``i b u`` order).
    """
    if not spans:
        return escape(text)
    bounds = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    stack: list[str] = []
    for a, b in itertools.pairwise(bounds):
        if a >= b:
            continue
        active = [t for t in TAGS if any(s <= a and b <= e and tag == t for s, e, tag in spans)]
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(tags(stack.pop(), False))
        for t in active[keep:]:
            out.append(tags(t, True))
            stack.append(t)
        out.append(escape(text[a:b]))
    while stack:
        out.append(tags(stack.pop(), False))
    return "".join(out)


def html_tag(tag: str, opening: bool) -> str:
    """``<i>``/``</i>`` … (the same in HTML, WebVTT and SRT)."""
    return f"<{tag}>" if opening else f"</{tag}>"
