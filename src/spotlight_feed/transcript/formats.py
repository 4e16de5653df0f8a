"""The transcript formats, one registry: suffix, reader, MIME type, dist name, timing, label.

Every table that used to list the formats (the source readers by suffix, the source names
looked for in an episode folder, the published file names, the MIME types and labels of the
feed links, the published-file check of ``spotlight-feed check``) is derived from
:data:`FORMATS`. Types and names: docs/sources.md §2 (Podcasting 2.0 transcripts); SRT's MIME
type ``application/x-subrip`` (docs/sources.md §2.6).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Problem
from . import html_transcript, plain, podcast_json, srt, vtt
from .model import Transcript

Reader = Callable[[str, str], tuple[Transcript, list[Problem]]]
"""``(text, display path) -> (Transcript, problems)``."""
Writer = Callable[[Transcript], str]
"""The format's writer with its default options (the build passes styles and titles)."""


@dataclass(frozen=True)
class Format:
    """One transcript format, as a source and as a published file."""

    key: str
    """Short name: ``vtt``, ``srt``, ``json``, ``html``, ``txt``."""
    suffix: str
    dist_name: str
    """The published file's name in ``episodes/<slug>/`` (``transcript.<lang>.<ext>`` for a
    translation)."""
    mime: str
    label: str
    timed_only: bool
    """Only written from a timed source (captions)."""
    carries_times: bool
    """Has a timecode on every cue when the source is timed (``rel="captions"``)."""
    reader: Reader | None
    """The strict reader of the format as a source; ``None``: not accepted as a source."""
    writer: Writer


FORMATS: tuple[Format, ...] = (
    Format(
        "vtt",
        ".vtt",
        "transcript.vtt",
        vtt.MIME,
        "WebVTT captions",
        True,
        True,
        vtt.read_vtt,
        vtt.write_vtt,
    ),
    Format(
        "srt",
        ".srt",
        "transcript.srt",
        srt.MIME,
        "SRT captions",
        True,
        True,
        srt.read_srt,
        srt.write_srt,
    ),
    Format(
        "json",
        ".json",
        "transcript.json",
        podcast_json.MIME,
        "JSON transcript",
        True,  # startTime is required
        True,
        podcast_json.read_podcast_json,
        podcast_json.write_podcast_json,
    ),
    Format(
        "html",
        ".html",
        "transcript.html",
        html_transcript.MIME,
        "HTML transcript",
        False,
        False,
        None,
        html_transcript.write_html,
    ),
    Format(
        "txt",
        ".txt",
        "transcript.txt",
        plain.MIME,
        "Plain text transcript",
        False,
        False,
        plain.read_plain,
        plain.write_plain,
    ),
)

BY_KEY = {f.key: f for f in FORMATS}
BY_MIME = {f.mime: f for f in FORMATS}
READERS: dict[str, Reader] = {f.suffix: f.reader for f in FORMATS if f.reader is not None}
"""Source readers by file suffix."""
SOURCE_NAMES = tuple(f.dist_name for f in FORMATS if f.reader is not None)
"""Transcript sources looked for in an episode folder, in order of preference."""
