"""The ID3v2 tag of an episode's MP3, built from the project and the episode (pure).

Rules (docs/sources.md §5; ID3v2.3.0 and v2.4.0 frames; ID3v2 Chapter Frame Addendum 1.0):

* ID3v2.3 with UTF-16 text by default: the most widely read version (Windows, car
  stereos, Apple). v2.4 (UTF-8, TDRC, TIPL) on request. No ID3v1 (it only truncates).
* TIT2 title; TALB and TPE2 the show and its author; TPE1 the episode's credited
  voices (present people, not quotations), else the show's people, else its author;
  TEXT the writers; IPLS (v2.3) / TIPL (v2.4) ``(function, name)`` pairs for producers
  and other credits; TRCK episode number; TPOS season; TYER+TDAT+TIME (v2.3) or TDRC
  (v2.4) the publication date as written; TCON ``Podcast``; TPUB publisher; TLAN the
  ISO 639-2 language; TCOP the copyright starting with its year (the frame must begin
  with a year and a space; players prefix "Copyright ©"); TLEN the length in ms.
* COMM the summary; USLT the whole transcript with speaker names; SYLT the timed
  transcript (timestamp format 2 = milliseconds, content type 2 = text transcription)
  when the transcript is timed; TDES the long notes; PCST the podcast flag; TGID the
  episode ``<guid>``; WOAF the episode page URL.
* APIC type 3 (front cover), ``image/jpeg``, ≤800 px, from the episode's art or the show's,
  with a non-empty description (the image's text alternative).
* CHAP per chapter (ms start/end, byte offsets 0xFFFFFFFF = unused, sub-frames TIT2, WXXX
  link, APIC art) and one CTOC flagged top-level and ordered listing them all.
* No WFED: Apple writes it as a *text* frame, mutagen as a *URL* frame, and readers of one
  break on the other (lofty-rs fails on mutagen's form with "invalid encoding"; mutagen
  reads Apple's as an empty URL). Feeds do not need it; leaving it out breaks no reader.

The frames are plain values (:mod:`spotlight_feed.audio.frames`); how they become bytes
(header, padding, ID3v2.3 encoder or mutagen for v2.4) is :mod:`spotlight_feed.audio.tags`,
which knows nothing of the project.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from ..audio import frames as F
from ..audio.tags import DEFAULT_OPTIONS, TagOptions
from ..iso639 import iso639_2
from ..model import Episode, Project
from ..plan.chapters import ChapterSpan
from ..plan.plan import EpisodeValues, episode_values
from ..text import squash
from ..transcript.model import Transcript


def ascii_url(url: str) -> str:
    """A URL as ID3 URL frames need it: ISO-8859-1, so non-ASCII characters percent-encoded."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


@dataclass(frozen=True)
class Picture:
    """A JPEG to embed, with its text alternative."""

    data: bytes
    description: str


def build_tag(
    project: Project,
    episode: Episode,
    *,
    duration_ms: int,
    page_url: str | None,
    cover: Picture | None,
    chapters: Sequence[ChapterSpan] = (),
    chapter_art: dict[int, Picture] | None = None,
    options: TagOptions = DEFAULT_OPTIONS,
    values: EpisodeValues | None = None,
) -> tuple[F.Frame, ...]:
    """The episode's frames, in the order they are written (see the module docstring).

    The language and the people are the plan's (*values*, default
    :func:`.plan.plan.episode_values`): decided once for the tag, the feed and the page.
    """
    v23 = options.version == 3
    show, cfg = project.show, episode.config
    values = values or episode_values(project, episode)
    lang = iso639_2(values.language)
    credits = values.credits
    out: list[F.Frame] = []

    def text(fid: str, value: str | list[str]) -> None:
        values = [value] if isinstance(value, str) else value
        values = [v for v in (squash(x) for x in values) if v]
        if values:
            out.append(F.Text(fid, tuple(values)))

    text("TIT2", cfg.title)
    text("TPE1", list(credits.performers()) or [show.author])
    if cfg.number is not None:
        text("TRCK", str(cfg.number))
    text("TALB", show.title)
    if cfg.season is not None:
        text("TPOS", str(cfg.season))
    when = cfg.published
    if v23:
        text("TYER", f"{when.year:04d}")
        text("TDAT", f"{when.day:02d}{when.month:02d}")
        text("TIME", f"{when.hour:02d}{when.minute:02d}")
    else:
        text("TDRC", when.strftime("%Y-%m-%dT%H:%M:%S"))
    text("TCON", "Podcast")
    text("TPE2", show.author)
    text("TEXT", [c.name for c in credits.writers])
    people = credits.involved()
    if people:
        out.append(F.People(people))
    text("TPUB", show.publisher or show.author)
    text("TLAN", lang)
    copyright_text = tcop(show.copyright, when.year)
    if copyright_text:
        text("TCOP", copyright_text)
    text("TLEN", str(duration_ms))
    out.append(F.LangText("COMM", lang, "", squash(cfg.summary)))
    notes = (cfg.notes or cfg.summary).strip()  # paragraphs kept (newlines allowed)
    out.append(F.Text("TDES", (notes,)))
    out.append(F.Pcst())
    text("TGID", cfg.guid)
    if page_url:
        out.append(F.Url("WOAF", ascii_url(page_url)))
    if chapters:
        art = chapter_art or {}
        toc_title = F.Text("TIT2", ("Chapters",))
        out.append(F.Ctoc("toc", tuple(ch.element_id for ch in chapters), (toc_title,)))
        for ch in chapters:
            subs: list[F.Frame] = [F.Text("TIT2", (ch.title,))]
            if ch.url:
                subs.append(F.UserUrl("", ascii_url(ch.url)))
            if ch.index in art:
                subs.append(_pic(art[ch.index]))
            out.append(F.Chap(ch.element_id, ch.start_ms, ch.end_ms, tuple(subs)))
    named = episode.named
    if named is not None and named.cues:
        lines = _lines(named)
        out.append(F.LangText("USLT", lang, "Transcript", _uslt(lines)))
        if named.timed:
            out.append(F.Sylt(lang, "Transcript", tuple(_sylt(lines))))
    for tr, other in episode.named_translations:  # one USLT/SYLT per language (issue #15)
        if other is None or not other.cues:
            continue
        code = iso639_2(tr.language)
        lines = _lines(other)
        out.append(F.LangText("USLT", code, "Transcript", _uslt(lines)))
        if other.timed:
            out.append(F.Sylt(code, "Transcript", tuple(_sylt(lines))))
    if cover is not None:
        out.append(_pic(cover))
    return tuple(out)


def _pic(picture: Picture) -> F.Pic:
    return F.Pic(squash(picture.description) or "Cover art", picture.data)


_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)(?:\s*[-–]\s*(?:1[89]\d\d|2\d\d\d))?\b")
_MARK = re.compile(r"(?i)^\s*(?:copyright\s*)?(?:©|\(c\)|℗)?\s*(?:copyright\b)?\s*")


def tcop(copyright_text: str | None, fallback_year: int) -> str | None:
    """TCOP text starting with a year and a space (ID3v2.4.0 frames §4.2.4).

    ``© 2021 Spotlight English`` becomes ``2021 Spotlight English``; a notice without a year
    gets *fallback_year* (the publication year); the ``©`` and the word "Copyright" go
    (players add them). ``None`` when there is no notice.
    """
    if not copyright_text:
        return None
    text = squash(copyright_text)
    rest = _MARK.sub("", text, count=1)
    m = _YEAR.search(rest)
    if m is None:
        year, holder = str(fallback_year), rest
    else:
        year = m.group(1)
        holder = (rest[: m.start()] + rest[m.end() :]).strip(" ,.")
        holder = _MARK.sub("", holder, count=1).strip(" ,.")
    return f"{year} {holder}".strip()


def _lines(transcript: Transcript) -> list[tuple[str | None, str, int | None]]:
    """(speaker, text, start ms) per cue, shared by USLT and SYLT.

    A cue's text is normalised by its reader (:func:`..transcript.words.normalise`:
    cleaned, NFC, one space between words), so it is used as it is (issue #18: it was
    cleaned and squashed again here, which leaves normalised text unchanged).
    """
    return [(c.speaker, c.text, c.start_ms) for c in transcript.cues]


def _uslt(lines: list[tuple[str | None, str, int | None]]) -> str:
    paras: list[str] = []
    last: str | None = None
    for speaker, body, _ in lines:
        paras.append(f"{speaker}: {body}" if speaker and speaker != last else body)
        last = speaker or last
    return "\n\n".join(paras)


def _sylt(lines: list[tuple[str | None, str, int | None]]) -> list[tuple[str, int]]:
    out = []
    for speaker, body, start in lines:
        assert start is not None
        out.append((f"{speaker}: {body}" if speaker else body, start))
    return out
