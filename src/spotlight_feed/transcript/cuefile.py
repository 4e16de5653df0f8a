"""What SubRip and WebVTT files share: lines, blank-line blocks and the ``-->`` timing line.

Both are blocks of lines separated by blank lines (docs/sources.md §2.1, §2.4), read with
their 1-based line numbers so every problem names its line. They differ in what
counts as blank: WebVTT separates blocks by *empty* lines only (W3C WebVTT §4.1,
"a WebVTT line terminator" followed by another), while SRT readers treat a line of
spaces as blank too. A cue's timing line is ``start --> end``, optionally followed
by settings (WebVTT) or coordinates (old SRT); the two formats differ only in how a
timestamp is written, which their own modules parse.
"""

from __future__ import annotations

import re

TIMING = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+.*)?$")
"""A timing line: the start and end timestamps as groups, anything after them ignored."""

_NEWLINE = re.compile(r"\r\n|\r|\n")

Block = list[tuple[int, str]]
"""The lines of a block with their 1-based line numbers."""


def lines_of(text: str) -> list[str]:
    """*text* split at CR LF, CR or LF, without a leading byte order mark."""
    return _NEWLINE.split(text.removeprefix("\ufeff"))


def split_blocks(lines: list[str], *, whitespace_is_blank: bool) -> list[Block]:
    """Split *lines* into blocks at blank lines, keeping 1-based line numbers.

    With *whitespace_is_blank* (SRT) a line of spaces or tabs separates blocks too;
    without it (WebVTT) only an empty line does.
    """
    out: list[Block] = []
    current: Block = []
    for number, line in enumerate(lines, start=1):
        if (not line.strip()) if whitespace_is_blank else line == "":
            if current:
                out.append(current)
                current = []
        else:
            current.append((number, line))
    if current:
        out.append(current)
    return out


def to_ms(hours: str | None, minutes: str, seconds: str, millis: str) -> int:
    """Milliseconds of a timestamp's matched fields (absent hours are zero)."""
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def shorten(raw: str, limit: int = 40) -> str:
    """*raw* for a message: at most *limit* characters, the rest counted, not echoed."""
    return raw if len(raw) <= limit else f"{raw[:limit]}... ({len(raw)} characters)"
