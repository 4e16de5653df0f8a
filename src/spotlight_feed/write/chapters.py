"""Chapters: one source, three files (ID3 CHAP/CTOC via :mod:`.audio.tags`, JSON, WebVTT).

* Spans (ID3v2 Chapter Frame Addendum 1.0; spec-notes §5.3): each chapter ends where the next
  one starts and the last one at the end of the audio, in integer milliseconds. The loader
  already refuses chapters out of order or at/after the end of the audio (``file:line``).
* JSON chapters (Podcasting 2.0 ``docs/examples/chapters/jsonChapters.md`` v1.2; spec-notes
  §3): root ``version`` "1.2.0", ``title``, ``podcastName``, ``fileName``; each chapter
  ``startTime``/``endTime`` (float seconds, ascending), ``title``, optional ``url``, ``img``.
  Served as ``application/json+chapters`` and linked from the feed with ``podcast:chapters``.
* WebVTT chapters (W3C WebVTT §3, a ``kind="chapters"`` track): one cue per chapter, the
  title as cue text, for the HTML player.

Chapter titles are kept within :data:`TITLE_LIMIT` (64) characters. Players show a chapter
title on one line of a chapter list or lock screen and cut off the rest; Apple truncates
long ID3v2.4 chapter titles (spec-notes §5; v2.3, what we write, avoids that). 64 is our
choice (no spec gives a number): it fits one line on a phone in every app we know of and
keeps ten CHAP frames small. A longer title is shortened at a word boundary with an
ellipsis, identically in every place, and the build reports it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..model import Episode, Project
from ..text import clean, squash
from ..timefmt import hms

TITLE_LIMIT = 64
"""Longest chapter title written (characters)."""


@dataclass(frozen=True)
class ChapterSpan:
    """One chapter with its resolved end time."""

    index: int
    start_ms: int
    end_ms: int
    title: str
    """Title as shown (cleaned, within :data:`TITLE_LIMIT`)."""
    url: str | None = None
    img: str | None = None
    """Chapter art as configured: a project file path or an https URL."""
    shortened: bool = False
    """True when the configured title was longer than :data:`TITLE_LIMIT`."""

    @property
    def element_id(self) -> str:
        """ID3 CHAP element ID (unique, not shown to users)."""
        return f"chp{self.index}"


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """*title* cleaned and, if longer than *limit*, cut at a word boundary with an ellipsis."""
    text = squash(clean(title))
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def spans(episode: Episode, duration_ms: int) -> tuple[ChapterSpan, ...]:
    """The episode's chapters with ends: the next start, the last one *duration_ms*."""
    marks = episode.config.chapters
    out = []
    for i, ch in enumerate(marks):
        end = marks[i + 1].start if i + 1 < len(marks) else duration_ms
        title = short_title(ch.title)
        out.append(
            ChapterSpan(
                index=i,
                start_ms=ch.start,
                end_ms=max(end, ch.start),
                title=title,
                url=ch.url,
                img=ch.img,
                shortened=title != squash(clean(ch.title)),
            )
        )
    return tuple(out)


def chapters_json(
    project: Project,
    episode: Episode,
    chapters: tuple[ChapterSpan, ...],
    *,
    file_name: str,
    img_urls: dict[int, str] | None = None,
) -> bytes:
    """The Podcasting 2.0 JSON chapters document (v1.2), UTF-8, deterministic key order.

    *img_urls* maps a chapter index to the public URL of its art (project files copied into
    the release); an ``img`` that is already an https URL is used as it is.
    """
    img_urls = img_urls or {}
    items: list[dict[str, object]] = []
    for ch in chapters:
        item: dict[str, object] = {
            "startTime": _seconds(ch.start_ms),
            "endTime": _seconds(ch.end_ms),
            "title": ch.title,
        }
        if ch.url:
            item["url"] = ch.url
        img = img_urls.get(ch.index) or (ch.img if ch.img and _is_url(ch.img) else None)
        if img:
            item["img"] = img
        items.append(item)
    doc = {
        "version": "1.2.0",
        "title": clean(episode.config.title),
        "podcastName": clean(project.show.title),
        "fileName": file_name,
        "chapters": items,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def chapters_vtt(chapters: tuple[ChapterSpan, ...]) -> bytes:
    """A WebVTT chapters track: one cue per chapter, identifiers ``chapter-N`` (1-based)."""
    lines = ["WEBVTT", ""]
    for ch in chapters:
        lines += [
            f"chapter-{ch.index + 1}",
            f"{hms(ch.start_ms)} --> {hms(ch.end_ms)}",
            _vtt_text(ch.title),
            "",
        ]
    return "\n".join(lines).encode("utf-8")


def _seconds(ms: int) -> float | int:
    """Seconds as JSON wants them: an integer when whole, else up to 3 decimals."""
    return ms // 1000 if ms % 1000 == 0 else round(ms / 1000, 3)


def _vtt_text(text: str) -> str:
    """Cue text escaped per WebVTT §4.2.2 (``&``, ``<``, ``>``); ``-->`` cannot remain."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _is_url(value: str) -> bool:
    return value.startswith(("https://", "http://"))
