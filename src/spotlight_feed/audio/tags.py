"""The ID3v2 tag of an episode's MP3, built from the project and the episode (pure).

Rules (spec-notes §5; ID3v2.3.0 and v2.4.0 frames; ID3v2 Chapter Frame Addendum 1.0):

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
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from mutagen.id3 import ID3, _frames, _specs

from ..chapters import ChapterSpan
from ..model import Episode, Project
from ..text import clean, squash
from ..transcript.model import Transcript
from .iso639 import iso639_2


class OrderedID3(ID3):
    """An ``ID3`` that writes its frames in the order they were added.

    mutagen sorts frames by size and hash key on save, which scatters the CHAP frames out of
    time order (readers such as ffprobe then list chapters out of order). The CTOC lists
    them in order anyway, but writing CTOC, then each CHAP in time order, then the large
    frames (USLT, SYLT, APIC) last is what every reader handles best.
    """

    def _write(self, config: Any) -> bytes:
        from mutagen.id3 import _tags

        save_frame: Any = _tags.save_frame
        frames: Any = self
        return b"".join(save_frame(f, config=config) for f in frames.values())


_SPECS: Any = _specs


class WOAF(_frames.WOAF):
    """WOAF written as the spec has it: the URL, no terminating NUL (mutagen adds one).

    ID3v2.4.0 frames §4.3.1: a URL frame's body is the URL alone; eyeD3 and others keep a
    trailing NUL as part of the URL. mutagen reads this form back as an ordinary WOAF.
    """

    _framespec = [_SPECS.BinaryDataSpec("url")]  # noqa: RUF012 (mutagen's own form)


class WXXX(_frames.WXXX):
    """WXXX (chapter link) with the URL unterminated, like :class:`WOAF`."""

    _framespec = [  # noqa: RUF012 (mutagen's own form)
        _SPECS.EncodingSpec("encoding"),
        _SPECS.EncodedTextSpec("desc"),
        _SPECS.BinaryDataSpec("url"),
    ]


def url_bytes(url: str) -> bytes:
    """A URL as ID3 URL frames need it: ISO-8859-1, so non-ASCII characters percent-encoded."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~").encode("ascii")


@dataclass(frozen=True)
class Picture:
    """A JPEG to embed, with its text alternative."""

    data: bytes
    description: str


@dataclass(frozen=True)
class TagOptions:
    """How to write the tag."""

    version: int = 3
    """ID3v2 minor version: 3 (default, UTF-16) or 4 (UTF-8)."""


DEFAULT_OPTIONS = TagOptions()


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
) -> Any:
    """The episode's tag as a ``mutagen.id3.ID3`` (not yet rendered)."""
    from mutagen import id3 as mutagen_id3

    id3: Any = mutagen_id3
    v23 = options.version == 3
    enc = id3.Encoding.UTF16 if v23 else id3.Encoding.UTF8
    show, cfg = project.show, episode.config
    lang = iso639_2(episode.language or show.language)
    tag: Any = OrderedID3()  # type: ignore[no-untyped-call]

    def text(frame: Callable[..., Any], value: str | list[str]) -> None:
        values = [value] if isinstance(value, str) else value
        values = [v for v in (squash(clean(x)) for x in values) if v]
        if values:
            tag.add(frame(encoding=enc, text=values))

    text(id3.TIT2, cfg.title)
    text(id3.TALB, show.title)
    text(id3.TPE2, show.author)
    text(id3.TPE1, performers(project, episode))
    text(id3.TEXT, [c.name for c in cfg.credits.writers])
    people = involved_people(episode)
    if people:
        tag.add((id3.IPLS if v23 else id3.TIPL)(encoding=enc, people=people))
    if cfg.number is not None:
        text(id3.TRCK, str(cfg.number))
    if cfg.season is not None:
        text(id3.TPOS, str(cfg.season))
    when = cfg.published
    if v23:
        text(id3.TYER, f"{when.year:04d}")
        text(id3.TDAT, f"{when.day:02d}{when.month:02d}")
        text(id3.TIME, f"{when.hour:02d}{when.minute:02d}")
    else:
        tag.add(id3.TDRC(encoding=enc, text=[when.strftime("%Y-%m-%dT%H:%M:%S")]))
    text(id3.TCON, "Podcast")
    text(id3.TPUB, show.publisher or show.author)
    tag.add(id3.TLAN(encoding=enc, text=[lang]))
    copyright_text = tcop(show.copyright, when.year)
    if copyright_text:
        text(id3.TCOP, copyright_text)
    text(id3.TLEN, str(duration_ms))
    tag.add(id3.COMM(encoding=enc, lang=lang, desc="", text=[squash(clean(cfg.summary))]))
    notes = clean(cfg.notes or cfg.summary).strip()  # paragraphs kept (newlines allowed)
    tag.add(id3.TDES(encoding=enc, text=[notes]))
    tag.add(id3.PCST(value=1))
    text(id3.TGID, cfg.guid)
    if page_url:
        woaf: Any = WOAF
        tag.add(woaf(url=url_bytes(page_url)))
    if chapters:
        art = chapter_art or {}
        tag.add(
            id3.CTOC(
                element_id="toc",
                flags=id3.CTOCFlags.TOP_LEVEL | id3.CTOCFlags.ORDERED,
                child_element_ids=[ch.element_id for ch in chapters],
                sub_frames=[id3.TIT2(encoding=enc, text=["Chapters"])],
            )
        )
        wxxx: Any = WXXX
        for ch in chapters:
            subs: list[Any] = [id3.TIT2(encoding=enc, text=[ch.title])]
            if ch.url:
                subs.append(wxxx(encoding=enc, desc="", url=url_bytes(ch.url)))
            if ch.index in art:
                subs.append(_apic(id3, enc, art[ch.index]))
            tag.add(
                id3.CHAP(
                    element_id=ch.element_id,
                    start_time=ch.start_ms,
                    end_time=ch.end_ms,
                    start_offset=0xFFFFFFFF,
                    end_offset=0xFFFFFFFF,
                    sub_frames=subs,
                )
            )
    transcript = episode.transcript
    if transcript is not None and transcript.cues:
        named = transcript.relabel(episode.speaker_names)
        tag.add(id3.USLT(encoding=enc, lang=lang, desc="Transcript", text=uslt_text(named)))
        if named.timed:
            tag.add(
                id3.SYLT(
                    encoding=enc,
                    lang=lang,
                    format=2,  # absolute time in milliseconds
                    type=2,  # text transcription
                    desc="Transcript",
                    text=sylt_entries(named),
                )
            )
    if cover is not None:
        tag.add(_apic(id3, enc, cover))
    return tag


def _apic(id3: Any, enc: Any, picture: Picture) -> Any:
    return id3.APIC(
        encoding=enc,
        mime="image/jpeg",
        type=id3.PictureType.COVER_FRONT,
        desc=squash(clean(picture.description)) or "Cover art",
        data=picture.data,
    )


def performers(project: Project, episode: Episode) -> list[str]:
    """TPE1: the episode's credited voices, else the show's people, else its author."""
    names = [v.name for v in episode.config.voices.values() if v.credited and v.name]
    if not names:
        names = [p.name for p in project.show.people]
    return list(dict.fromkeys(names)) or [project.show.author]


def involved_people(episode: Episode) -> list[list[str]]:
    """IPLS/TIPL ``[function, name]`` pairs: producers, then other credits, in config order."""
    credits = episode.config.credits
    pairs = [["producer", c.name] for c in credits.producers]
    pairs += [[c.role, c.name] for c in credits.others]
    return pairs


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
    text = squash(clean(copyright_text))
    rest = _MARK.sub("", text, count=1)
    m = _YEAR.search(rest)
    if m is None:
        year, holder = str(fallback_year), rest
    else:
        year = m.group(1)
        holder = (rest[: m.start()] + rest[m.end() :]).strip(" ,.")
        holder = _MARK.sub("", holder, count=1).strip(" ,.")
    return f"{year} {holder}".strip()


def uslt_text(transcript: Transcript) -> str:
    """The transcript as text: a paragraph per cue, ``Name: text`` when the speaker changes."""
    paras: list[str] = []
    last: str | None = None
    for cue in transcript.cues:
        body = squash(clean(cue.text))
        if cue.speaker and cue.speaker != last:
            paras.append(f"{cue.speaker}: {body}")
        else:
            paras.append(body)
        last = cue.speaker or last
    return "\n\n".join(paras)


def sylt_entries(transcript: Transcript) -> list[tuple[str, int]]:
    """SYLT ``(text, start ms)`` pairs, one per cue, the speaker's name first."""
    out = []
    for cue in transcript.cues:
        assert cue.start_ms is not None
        body = squash(clean(cue.text))
        out.append((f"{cue.speaker}: {body}" if cue.speaker else body, cue.start_ms))
    return out


PADDING_MIN = 4096
"""Smallest padding left after the frames (bytes)."""
ALIGN = 4096
"""The whole tag is rounded up to a multiple of this, so the audio starts block-aligned."""


def padding_for(needed: int) -> int:
    """Padding after a tag of *needed* bytes (header + frames).

    At least 4 KiB plus an eighth of the tag, so that ordinary metadata edits (a corrected
    title or summary, a few more lines of notes or transcript: a few KB of UTF-16) fit and a
    re-tag rewrites only the tag in place; then rounded up so the tag ends on a 4 KiB
    boundary (the audio frames start block-aligned in the copy).
    """
    total = needed + max(PADDING_MIN, needed // 8)
    total = -(-total // ALIGN) * ALIGN
    return total - needed


def render(tag: Any, options: TagOptions = DEFAULT_OPTIONS, *, size: int | None = None) -> bytes:
    """The tag's bytes: header, frames and padding (:func:`padding_for`, or to fill *size*).

    With *size* (an existing tag's total size) the padding fills exactly that space;
    :class:`TagTooLarge` is raised when the frames do not fit.
    """
    buf = io.BytesIO()

    def pad(info: Any) -> int:
        needed = -int(info.padding)
        if size is None:
            return padding_for(needed)
        if needed > size:
            raise TagTooLarge(needed, size)
        return size - needed

    tag.save(buf, v1=0, v2_version=options.version, v23_sep="/", padding=pad)
    return buf.getvalue()


class TagTooLarge(Exception):
    """The new tag does not fit the space of the old one."""

    def __init__(self, needed: int, available: int) -> None:
        super().__init__(f"tag needs {needed} bytes, {available} available")
        self.needed = needed
        self.available = available
