"""SubRip (``application/x-subrip``): a strict reader and the caption writer.

Format (docs/sources.md §2.4): numbered cues separated by blank lines; a timing line
``HH:MM:SS,mmm --> HH:MM:SS,mmm`` (comma before the milliseconds); the text. The
podcast convention names the speaker only in text: a new cue starts at every
speaker change and its first line begins with ``Name: `` (the full-width ``Name：``
and the other colon forms of :data:`COLONS` are read too); cues without a prefix
continue the previous speaker. Lines are short: at most 2 of 32 characters.
The writer can repeat the name on every cue (``speaker_every_cue``).

SRT has no escaping. ``<i> <b> <u>`` are formatting tags to players, read as the
cue's emphasis (:mod:`.emphasis`) and written back; ``<font>`` is dropped on reading;
any other text is literal. A continuation cue whose text
itself starts like a ``Name:`` prefix gets the speaker's name repeated so it reads
back unchanged. A colon form or backslash inside a name is written after a backslash
(:func:`escape_name`), so names of any length and content read back. No caption line is
written that a reader could take for a cue number or a timing line (:mod:`.srtlines`).

The reader is stricter than the ``srt`` package (which accepts ``.`` or ``:``
before milliseconds, one-digit fields and cues in any order): each deviation is a
:class:`~spotlight_feed.errors.Problem` with the line and the cue number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import Problem
from ..timefmt import hms
from .captions import Caption, captions
from .checks import check_cues, cue_field
from .cuefile import TIMING, lines_of, shorten, split_blocks, to_ms
from .emphasis import extract_normalised, html_tag, marker, render, strip_markers
from .model import Cue, Transcript
from .srtlines import safe_caption
from .style import NETFLIX_SRT, UNSPLIT, CaptionStyle
from .words import normalise

MIME = "application/x-subrip"
"""The type Podcasting 2.0 ``docs/tags/transcript.md`` names for SubRip."""

COLONS = ":\uff1a\ufe55\ufe13\ua789"
"""The colon and its Unicode forms typed after a speaker name: ``:``, FULLWIDTH COLON
``：`` (a Japanese or Chinese keyboard's default), SMALL COLON ``﹕``, PRESENTATION FORM
FOR VERTICAL COLON ``︓`` and MODIFIER LETTER COLON ``꞉``."""
_ESCAPABLE = "\\\\" + COLONS
"""A backslash and the colon forms, as a character class's contents."""
_FIRST = rf"(?:\\[{_ESCAPABLE}]|\\(?![{_ESCAPABLE}])|[^\s{_ESCAPABLE}])"
_NAME_CHAR = rf"(?:\\[{_ESCAPABLE}]|\\(?![{_ESCAPABLE}])|[^\n{_ESCAPABLE}])"
SPEAKER_PREFIX = re.compile(
    rf"^({_FIRST}{_NAME_CHAR}*?)(?::[ \t]+|[{COLONS[1:]}][ \t\u3000]*)(?=\S)"
)
"""``Name: `` opening a cue's first line, then text; group 1 is the name as written.

After an ASCII colon a space is required (``10:30``, ``https://`` are text); after a
full-width or other colon form none is (``伊藤：こんにちは``), as CJK text has no spaces.
A name may be of any length (it ends at the first separator on the line). A colon form
or a backslash inside a name is written after a backslash (``Dr\\: Who: text`` is the
speaker ``Dr: Who``), which :func:`speaker_name` undoes; any other backslash is literal."""

_UNESCAPE = re.compile(rf"\\([{_ESCAPABLE}])")
_ESCAPE_BACKSLASH = re.compile(rf"\\(?=[{_ESCAPABLE}]|$)")
_ESCAPE_COLON = re.compile(f"([{COLONS}])")


def speaker_name(prefix: re.Match[str]) -> str:
    """The speaker a :data:`SPEAKER_PREFIX` match names: its escapes undone, normalised."""
    return normalise(_UNESCAPE.sub(r"\1", prefix.group(1)))


def escape_name(name: str) -> str:
    """*name* as written before ``: ``, so that :func:`speaker_name` reads *name* back.

    Backslashes before a colon form, a backslash or the end are doubled, then every colon
    form gets a backslash.
    """
    return _ESCAPE_COLON.sub(r"\\\1", _ESCAPE_BACKSLASH.sub(r"\\\\", name))


_TIMESTAMP = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d),(\d{3})$")
_FORMAT_TAG = re.compile(r"</?(?:i|b|u)>|<font(?:\s[^>]*)?>|</font>", re.I)


def parse_timestamp(text: str) -> int | None:
    """Milliseconds of an SRT timestamp, or ``None`` when it is malformed."""
    m = _TIMESTAMP.match(text)
    if not m:
        return None
    return to_ms(*m.groups())


def timestamp(ms: int) -> str:
    """An SRT timestamp: ``HH:MM:SS,mmm``."""
    return hms(ms, ",")


def read_srt(text: str, source: str) -> tuple[Transcript, list[Problem]]:
    """Parse an SRT file into cues; ``Name:`` prefixes set the speaker."""
    problems: list[Problem] = []
    cues: list[Cue] = []
    numbers: list[int] = []
    speaker: str | None = None
    text = strip_markers(text)  # this tool's emphasis markers, never text (.emphasis)
    for n, block in enumerate(split_blocks(lines_of(text), whitespace_is_blank=True), start=1):
        field = cue_field(n)
        first_no, first = block[0]
        if not first.strip().isdigit():
            problems.append(
                Problem(source, first_no, field, f"expected the cue number {n}, got '{first[:60]}'")
            )
            continue
        if len(block) < 2:
            problems.append(
                Problem(source, first_no, field, "expected a timing line after the cue number")
            )
            continue
        number, timing = block[1]
        m = TIMING.match(timing.strip())
        if not m:
            problems.append(
                Problem(
                    source,
                    number,
                    field,
                    f"malformed timing line '{timing[:60]}' "
                    "(expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm')",
                )
            )
            continue
        times: list[int] = []
        for raw in m.groups():
            ms = parse_timestamp(raw)
            if ms is None:
                problems.append(
                    Problem(
                        source,
                        number,
                        field,
                        f"malformed timestamp '{shorten(raw)}' (expected HH:MM:SS,mmm)",
                    )
                )
            else:
                times.append(ms)
        body = block[2:]
        bad = [(no, line) for no, line in body if _is_timing(line)]
        if bad:
            problems.append(
                Problem(
                    source,
                    bad[0][0],
                    field,
                    "a timing line inside the cue text; separate cues with a blank line",
                )
            )
            continue
        content = _FORMAT_TAG.sub(_tag_marker, "\n".join(line for _, line in body)).strip()
        prefix = SPEAKER_PREFIX.match(strip_markers(content))
        if prefix:
            speaker = speaker_name(prefix)
            content = _after(content, prefix.end())
        if len(times) == 2:
            text, spans, _ = extract_normalised(normalise(content))
            cues.append(Cue(times[0], times[1], speaker, text, number, spans))
            numbers.append(n)
    if not cues and not problems:
        problems.append(Problem(source, None, "", "the transcript has no cues"))
    problems += check_cues(cues, source, lambda i: cue_field(numbers[i - 1]))
    return Transcript(tuple(cues), source), problems


def _tag_marker(m: re.Match[str]) -> str:
    """``<i>`` ``<b>`` ``<u>`` and their end tags become emphasis markers; ``<font>`` goes."""
    tag = m.group().lower()
    if tag.startswith(("<font", "</font")):
        return ""
    return marker(tag.strip("</>"), not tag.startswith("</"))


def _after(marked: str, n: int) -> str:
    """*marked* after its first *n* unmarked characters, the markers among them kept."""
    kept: list[str] = []
    seen = 0
    for k, c in enumerate(marked):
        if seen == n:
            return "".join(kept) + marked[k:]
        if strip_markers(c):
            seen += 1
        else:
            kept.append(c)
    return "".join(kept)


def _is_timing(line: str) -> bool:
    """A complete, valid timing line (a cue that lost its blank line), not text with ``-->``."""
    m = TIMING.match(line.strip())
    return m is not None and all(parse_timestamp(t) is not None for t in m.groups())


def write_srt(transcript: Transcript, split: bool = True, style: CaptionStyle = NETFLIX_SRT) -> str:
    """Write a timed transcript as SRT with ``Name: `` before the text, short lines.

    With *split*, cues are cut to *style* (default :data:`~.style.NETFLIX_SRT`: the
    Netflix rules with the namespace's 32-column lines), the name on the first cue of
    each turn (on every cue with ``speaker_every_cue``), counted in the first line's
    width; without it, one cue per source cue.
    """
    out: list[str] = []
    chosen = style if split else UNSPLIT
    for n, cap in enumerate(srt_captions(transcript, chosen), start=1):
        if cap.emphasis:
            lines = [render(line, spans, str, html_tag) for line, spans in cap.styled()]
        else:  # render() of a line without spans, with str as the escape, is the line
            lines = list(cap.lines)
        body = shown_prefix(cap, chosen) + "\n".join(lines)
        out += [str(n), f"{timestamp(cap.start_ms)} --> {timestamp(cap.end_ms)}", body, ""]
    return "\n".join(out)


def srt_captions(transcript: Transcript, style: CaptionStyle) -> list[Caption]:
    """The captions as SRT shows them: ``Name:`` counted, no line like a number or timing.

    :mod:`.srtlines` re-cuts any line a reader could take for a cue number or a timing
    line. The caption-quality report measures these same captions.
    """
    caps = captions(transcript, style, name_prefix)
    return [
        safe_caption(cap, bool(shown_prefix(cap, style)), bool(name_prefix(cap.speaker)))
        for cap in caps
    ]


def shown_prefix(cap: Caption, style: CaptionStyle) -> str:
    """The ``Name: `` the writer puts before *cap*'s first line ("" for none).

    On every cue with ``style.speaker_every_cue``, else where a turn opens, and on a
    continuation whose own text starts like a prefix (so it reads back unchanged).
    """
    prefix = name_prefix(cap.speaker)
    if prefix and (style.speaker_every_cue or cap.opens_turn or _reads_as_prefix(cap.lines)):
        return prefix
    return ""


def _reads_as_prefix(lines: tuple[str, ...]) -> bool:
    """The caption's text starts like a ``Name:`` prefix (:data:`SPEAKER_PREFIX`).

    A name holds no line break and the prefix needs text after it on its line, so only
    the first line is matched; an ASCII line without ``:`` holds none of :data:`COLONS`,
    so it is not matched at all (issue #18: most captions).
    """
    first = lines[0] if lines else ""
    if ":" not in first and first.isascii():
        return False
    return SPEAKER_PREFIX.match(first) is not None


@lru_cache(maxsize=1024)
def name_prefix(speaker: str | None) -> str:
    """``Name: `` for *speaker* ("" for none).

    Pure, and asked twice for every caption of a transcript with a few speakers:
    memoised (issue #18).
    """
    name = normalise(speaker) if speaker else ""
    return f"{escape_name(name)}: " if name else ""
