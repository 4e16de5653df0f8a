"""Chapters files: ``chapters.json`` and ``chapters.vtt`` from the planned chapter spans.

The spans and their shortened titles are decided once in :mod:`spotlight_feed.plan.chapters`;
the ID3 CHAP/CTOC frames (:mod:`spotlight_feed.write.id3`) and the page use the same spans.

* JSON chapters (Podcasting 2.0 ``docs/examples/chapters/jsonChapters.md`` v1.2; docs/sources.md
  §3): root ``version`` "1.2.0", ``title``, ``podcastName``, ``fileName``; each chapter
  ``startTime``/``endTime`` (float seconds, ascending), ``title``, optional ``url``, ``img``.
  Served as ``application/json+chapters`` and linked from the feed with ``podcast:chapters``.
* WebVTT chapters (W3C WebVTT §3, a ``kind="chapters"`` track): one cue per chapter, the
  title as cue text, for the HTML player.
"""

from __future__ import annotations

import json

from ..model import Episode, Project
from ..plan.chapters import ChapterSpan
from ..timefmt import hms


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
        img = img_urls.get(ch.index) or ch.img_url  # the planned file's URL, or the given URL
        if img:
            item["img"] = img
        items.append(item)
    doc = {
        "version": "1.2.0",
        "title": episode.config.title,
        "podcastName": project.show.title,
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
