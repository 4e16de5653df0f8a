"""Chapter spans: every chapter's start, end and the title shown everywhere (pure).

* Spans (ID3v2 Chapter Frame Addendum 1.0, https://id3.org/id3v2-chapters-1.0 §2): each
  chapter ends where the next one starts and the last one at the end of the audio, in
  integer milliseconds. The loader already refuses chapters out of order or at/after the end
  of the audio (``file:line``).
* Chapter titles are kept within :data:`TITLE_LIMIT` (64) characters. Players show a chapter
  title on one line of a chapter list or lock screen and cut off the rest. 64 is our choice
  (no spec gives a number): it fits one line on a phone in every app we know of and keeps ten
  CHAP frames small. A longer title is shortened at a word boundary with an ellipsis, and
  the same span (so the same title) feeds the ID3 chapters, ``chapters.json``,
  ``chapters.vtt`` and the page's chapter list; the build reports the shortening.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Episode
from ..text import squash

TITLE_LIMIT = 64
"""Longest chapter title written (characters)."""


@dataclass(frozen=True, slots=True)
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
    img_url: str | None = None
    """:attr:`img` when it is a URL (:attr:`...config.Chapter.img_url`), else ``None``."""

    @property
    def element_id(self) -> str:
        """ID3 CHAP element ID (unique, not shown to users)."""
        return f"chp{self.index}"


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """*title* cleaned and, if longer than *limit*, cut at a word boundary with an ellipsis."""
    text = squash(title)
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
                img_url=ch.img_url,
                shortened=title != squash(ch.title),
            )
        )
    return tuple(out)
