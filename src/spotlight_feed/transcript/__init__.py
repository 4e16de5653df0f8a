"""Transcripts: one model, N readers (by file suffix), M writers.

Readers live in one module per format and return ``(Transcript, problems)``;
:func:`read_transcript` dispatches on the file suffix. Writers are pure
``Transcript -> str`` functions. :mod:`.formats` is the one registry of the formats
(suffix, reader, MIME type, published name); ``spotlight_feed.write.transcripts`` writes them.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from ..safeio import SpecialFileError, read_regular
from .formats import READERS, SOURCE_NAMES
from .html_transcript import write_html
from .model import Cue, Transcript
from .plain import read_plain, write_plain
from .podcast_json import read_podcast_json, write_podcast_json
from .srt import read_srt, write_srt
from .vtt import read_vtt, write_vtt


def read_transcript(path: Path, display: str) -> tuple[Transcript | None, list[Problem]]:
    """Read a transcript file with the reader for its suffix."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        return None, [Problem(display, None, "", f"unsupported transcript format (known: {known})")]
    try:
        raw = read_regular(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, None, "", f"not UTF-8 text ({exc.reason})")]
    except SpecialFileError as exc:
        return None, [Problem(display, None, "", str(exc))]
    except OSError as exc:
        return None, [Problem(display, None, "", f"cannot read transcript: {exc.strerror}")]
    text = raw.replace("\r\n", "\n").replace("\r", "\n")  # universal newlines, as read_text
    transcript, problems = reader(text, display)
    return transcript, problems


__all__ = [
    "READERS",
    "SOURCE_NAMES",
    "Cue",
    "Transcript",
    "read_plain",
    "read_podcast_json",
    "read_srt",
    "read_transcript",
    "read_vtt",
    "write_html",
    "write_plain",
    "write_podcast_json",
    "write_srt",
    "write_vtt",
]
