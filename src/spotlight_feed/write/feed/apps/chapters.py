"""Chapters where each app looks: Podlove Simple Chapters and description timestamps.

* **Spotify** shows chapters only from Podlove Simple Chapters inside the feed item or
  from timestamps in the episode description (support.spotifyforpodcasters.com article
  360043932711): first at 0:00, at least 3, one per line, ``(MM:SS) Title``,
  chronological, Latin script.
* **Apple** (iOS 26.2; podcasters.apple.com/support/5482) reads description timestamps
  (first at 00:00:00, at least 3) beside ``podcast:chapters`` and ID3 chapters;
  YouTube reads description timestamps too (first at 0:00, at least 3).

So every item with chapters gets ``psc:chapters`` (Podlove Simple Chapters 1.2,
https://podlove.org/simple-chapters/: namespace ``http://podlove.org/simple-chapters``,
``<psc:chapter start="HH:MM:SS.mmm" title href image/>``), and, unless the show or
episode turns ``chapter_timestamps`` off, an episode with at least three chapters whose
first starts at 0 gets the list appended to ``description`` and ``content:encoded``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape

from ....plan.chapters import ChapterSpan
from ....timefmt import hms

PSC_NS = "http://podlove.org/simple-chapters"
PSC_VERSION = "1.2"
MIN_LISTED = 3
"""Spotify, Apple and YouTube read a timestamp list only with at least three entries."""


@dataclass(frozen=True, slots=True)
class PscChapter:
    """One ``psc:chapter``: normal play time start, title, optional link and image."""

    start: str
    title: str
    href: str | None = None
    image: str | None = None


def psc_chapters(spans: tuple[ChapterSpan, ...]) -> tuple[PscChapter, ...]:
    """The item's ``psc:chapter`` list: ``start`` as ``HH:MM:SS.mmm`` (normal play time).

    ``image`` only for chapter art given as an https URL (art copied from the project
    is in the JSON chapters and the ID3 frames).
    """
    return tuple(
        PscChapter(
            hms(s.start_ms),
            s.title,
            s.url,
            s.img_url,
        )
        for s in spans
    )


def _stamp(ms: int, hours: bool) -> str:
    s = ms // 1000
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{sec:02d}" if hours else f"{m:02d}:{sec:02d}"


def timestamp_lines(spans: tuple[ChapterSpan, ...], duration_ms: int) -> tuple[str, ...]:
    """``(MM:SS) Title`` per chapter (``(HH:MM:SS)`` from an hour of audio), or nothing.

    Nothing unless there are at least :data:`MIN_LISTED` chapters and the first starts
    at 0 (under a second, so it reads ``00:00``): the platforms ignore any other list.
    The loader already keeps chapters in order (chronological, as Spotify asks).
    """
    if len(spans) < MIN_LISTED or spans[0].start_ms >= 1000:
        return ()
    hours = duration_ms >= 3_600_000
    return tuple(f"({_stamp(s.start_ms, hours)}) {s.title}" for s in spans)


def with_timestamps(description: str, lines: tuple[str, ...]) -> str:
    """*description* with the list after a blank line, one timestamp per line."""
    return description + "\n\n" + "\n".join(lines) if lines else description


def html_with_timestamps(html: str, lines: tuple[str, ...]) -> str:
    """Show notes HTML with one ``<p>`` per timestamp (Apple renders ``<p>``, not ``<br>``)."""
    return html + "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines)


_STAMP_LINE = re.compile(r"^\((\d\d:)?\d\d:\d\d\) (.*)$")


def non_latin_stamps(description: str) -> list[str]:
    """Timestamp lines of *description* whose titles have letters outside Latin script.

    Spotify reads description chapters only in Latin script (its chapters article): a
    list in another script still reaches Apple and YouTube, and Spotify still gets the
    ``psc:chapters``.
    """
    out = []
    for line in description.splitlines():
        m = _STAMP_LINE.match(line)
        if m and any(c.isalpha() and "LATIN" not in unicodedata.name(c, "") for c in m.group(2)):
            out.append(line)
    return out
