"""Audio stage of the build: the tagged MP3 copy and the chapters files of one episode.

One call per episode from :func:`spotlight_feed.write.episode.write_episode`. It resolves the art
(episode art, else show art, as a ≤800 px JPEG), the chapter spans and chapter art, builds
the tag (:mod:`.tags`), writes the copy in one pass (:mod:`.write`), then measures the copy
in ``dist/`` (Apple 823: ``itunes:duration`` and the enclosure ``length`` describe the file
served), and writes ``chapters.json`` (Podcasting 2.0) and ``chapters.vtt`` when the episode
has chapters.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..audio.art import CHAPTER_PX, COVER_PX
from ..audio.probe import ProbeError, measure
from ..audio.tags import TagOptions, TagTooBig
from ..audio.write import write_tagged
from ..errors import BuildError, InputError, Problem
from ..model import Episode, Project
from ..plan.chapters import TITLE_LIMIT
from ..plan.layout import safe_join
from ..plan.plan import EpisodePlan
from ..yamlsrc import format_loc
from .art_cache import ArtStore
from .chapters import chapters_json, chapters_vtt
from .id3 import Picture, build_tag
from .source_audio import alternate_files, published_source

if TYPE_CHECKING:
    from ..audio.alternate import AlternateFile


@dataclass(frozen=True)
class AudioOutputs:
    """What the audio stage wrote for one episode (paths relative to the release)."""

    audio_rel: str
    size: int
    """Byte size of the tagged copy (the enclosure ``length``)."""
    duration_ms: int
    """Measured from the tagged copy."""
    chapters_json_rel: str | None = None
    chapters_vtt_rel: str | None = None
    files: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    alternates: tuple[tuple[str, AlternateFile], ...] = ()
    """(path in the release, facts) of each alternate encoding (issue #16)."""
    integrity: str = ""
    """SRI ``sha384-…`` of the tagged MP3, computed only when there are alternates."""


def write_episode_audio(
    project: Project,
    episode: Episode,
    staging: Path,
    options: TagOptions,
    plan: EpisodePlan,
    art: ArtStore,
) -> AudioOutputs:
    """Write the episode's tagged MP3 and chapters files under *staging*, as *plan* says.

    The embedded art comes from *art* (:mod:`.art_cache`: made once, kept between builds).
    """
    assert episode.audio is not None, "the load stage measures every episode's audio"
    spans = plan.chapters
    files: list[str] = []
    notes = [
        f"{episode.meta_path}: chapters[{ch.index}].title: longer than "
        f"{TITLE_LIMIT} characters, shortened to '{ch.title}'"
        for ch in spans
        if ch.shortened
    ]
    chapter_art: dict[int, Picture] = {}
    img_urls: dict[int, str] = {}
    for ch in spans:
        planned = plan.chapter_art.get(ch.index)  # content-named by the plan
        if planned is not None and ch.img:
            src = project.root / ch.img
            _write(staging, planned.rel, src.read_bytes())
            files.append(planned.rel)
            img_urls[ch.index] = planned.url
            data = _art(project, episode, art, ch.img, CHAPTER_PX, ("chapters", ch.index, "img"))
            chapter_art[ch.index] = Picture(data, f"Chapter {ch.index + 1}: {ch.title}")

    audio_rel = plan.audio_rel
    tag = build_tag(
        project,
        episode,
        duration_ms=episode.audio.duration_ms,
        page_url=plan.page_url,
        cover=cover_picture(project, episode, art),
        chapters=spans,
        chapter_art=chapter_art,
        options=options,
        values=plan.values,
    )
    dst = safe_join(staging, audio_rel)
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_tagged(published_source(project, episode), dst, tag, options)
    except TagTooBig as exc:
        raise InputError([tag_too_big(episode, exc)]) from None
    files.append(audio_rel)
    try:
        info = measure(dst)
    except ProbeError as exc:  # the source measured fine, so this is our bug
        raise BuildError(f"{audio_rel}: the tagged copy does not measure: {exc}") from exc

    alternates: list[tuple[str, AlternateFile]] = []
    found, skipped = alternate_files(project, episode)
    notes += skipped
    for alt in found:
        rel = plan.alternates[alt.kind.name].rel
        target = safe_join(staging, rel)
        shutil.copyfile(alt.path, target)
        files.append(rel)
        alternates.append((rel, alt))
    integrity = sri_sha384(dst) if alternates else ""

    json_rel, vtt_rel = plan.chapters_json_rel, plan.chapters_vtt_rel
    if json_rel and vtt_rel:
        doc = chapters_json(
            project, episode, spans, file_name=Path(audio_rel).name, img_urls=img_urls
        )
        _write(staging, json_rel, doc)
        _write(staging, vtt_rel, chapters_vtt(spans))
        files += [json_rel, vtt_rel]
    return AudioOutputs(
        audio_rel=audio_rel,
        size=info.size,
        duration_ms=info.duration_ms,
        chapters_json_rel=json_rel,
        chapters_vtt_rel=vtt_rel,
        files=tuple(files),
        notes=tuple(notes),
        alternates=tuple(alternates),
        integrity=integrity,
    )


_SHORTEN = {
    "USLT": "a shorter transcript or fewer translations",
    "SYLT": "a shorter transcript or fewer translations",
    "APIC": "a smaller image",
    "CHAP": "fewer chapter images",
    "TDES": "shorter notes",
}


def tag_too_big(episode: Episode, exc: TagTooBig) -> Problem:
    """The episode whose ID3 tag cannot be written, what made it big, and what to change."""
    first = exc.largest[0][0].split(" ")[0] if exc.largest else ""
    hint = _SHORTEN.get(first, "less metadata")
    return Problem(
        episode.meta_path,
        None,
        "",
        f"episode '{episode.slug}': {exc}. Give this episode {hint}",
    )


def sri_sha384(path: Path) -> str:
    """Subresource Integrity value of a file (W3C SRI §3.1), streamed."""
    h = hashlib.sha384()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return "sha384-" + base64.b64encode(h.digest()).decode("ascii")


def cover_picture(project: Project, episode: Episode, art: ArtStore) -> Picture:
    """APIC front cover: the episode's own art if it has one, else the show's."""
    if episode.config.image:
        data = _art(project, episode, art, episode.config.image, COVER_PX, ("image",))
        return Picture(data, f"{episode.config.title}: episode art")
    try:
        data = art.jpeg(project.image_path, project.image_digest, COVER_PX)
    except OSError as exc:
        raise InputError(
            [
                Problem(
                    project.show_path,
                    project.show_doc.line_of(("image",)),
                    "image",
                    f"cannot read the image {project.show.image}: {exc}",
                )
            ]
        ) from exc
    return Picture(data, project.show.image_alt or f"{project.show.title} cover art")


def _art(
    project: Project,
    episode: Episode,
    art: ArtStore,
    rel: str,
    max_px: int,
    loc: tuple[str | int, ...],
) -> bytes:
    """The embedded JPEG of the episode's art file *rel* (digest: the load stage's)."""
    path = project.root / rel
    try:
        return art.jpeg(path, episode.art_digest(rel), max_px)
    except OSError as exc:
        raise InputError(
            [
                Problem(
                    episode.meta_path,
                    episode.doc.line_of(loc),
                    format_loc(loc),
                    f"cannot read the image {path.name}: {exc}",
                )
            ]
        ) from exc


def _write(staging: Path, rel: str, data: bytes) -> None:
    dst = safe_join(staging, rel)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)
