"""Alternate files of an episode: published beside the MP3, described once for the feed.

``podcast:alternateEnclosure`` (Podcasting 2.0 ``docs/tags/alternateEnclosure.md``;
docs/sources.md §1.1): ``type`` (required), ``length`` in bytes and ``bitrate`` in bits per
second (recommended/optional), ``title`` (≤ 32), ``lang``, ``codecs``, ``rel``,
``default``; at least one ``podcast:source uri`` and at most one
``podcast:integrity type="sri" value="sha384-…"`` (W3C Subresource Integrity §3.1:
the base64 SHA-384 of the file's bytes). A reproducible packager computes the
integrity for free while it copies the file. We do not encode: the podcaster gives
the files (``alternates:`` in episode.yaml).
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Episode, Project
from ..plan.layout import Layout, safe_join

if TYPE_CHECKING:
    from .mp3 import AudioOutputs


@dataclass(frozen=True, slots=True)
class AlternateTag:
    """One published alternate file, as the feed writes it."""

    type: str
    length: int
    bitrate: str
    url: str
    integrity: str
    title: str | None = None
    lang: str | None = None
    codecs: str | None = None
    rel: str | None = None
    default: bool = False


def sri_sha384(data: bytes) -> str:
    """``sha384-<base64>``: the Subresource Integrity value of *data*."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def _bitrate(bps: float) -> str:
    text = f"{bps:.1f}".rstrip("0").rstrip(".")
    return text


def publish_alternates(
    project: Project, episode: Episode, layout: Layout, staging: Path, duration_ms: int
) -> tuple[list[str], str | None]:
    """Copy the episode's alternates into *staging*; return their paths and feed JSON.

    Each goes to ``episodes/<slug>/<slug>.alt<N><ext>``. The JSON (a list of
    :class:`AlternateTag` fields) is what :func:`tags_from_json` reads back; ``None``
    when the episode has none.
    """
    alternates = episode.config.alternates
    if not alternates:
        return [], None
    files: list[str] = []
    tags: list[AlternateTag] = []
    seconds = max(duration_ms / 1000, 0.001)
    for n, alt in enumerate(alternates, 1):
        src = project.root / alt.file
        data = src.read_bytes()
        rel = f"{layout.episode_dir(episode.slug)}/{episode.slug}.alt{n}{src.suffix.lower()}"
        dst = safe_join(staging, rel)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        files.append(rel)
        tags.append(
            AlternateTag(
                type=alt.type,
                length=len(data),
                bitrate=_bitrate(alt.bitrate if alt.bitrate else len(data) * 8 / seconds),
                url=layout.url(rel),
                integrity=sri_sha384(data),
                title=alt.title,
                lang=alt.lang,
                codecs=alt.codecs,
                rel=alt.rel,
                default=alt.default,
            )
        )
    return files, json.dumps([asdict(t) for t in tags], sort_keys=True)


def tags_from_json(text: str | None) -> tuple[AlternateTag, ...]:
    """The :class:`AlternateTag` list :func:`publish_alternates` wrote (empty for ``None``)."""
    if not text:
        return ()
    return tuple(AlternateTag(**d) for d in json.loads(text))


def with_encoded_alternates(layout: Layout, audio: AudioOutputs, given: str | None) -> str | None:
    """The feed's alternates: the podcaster's own, then the encoded ones (issue #16).

    The podcaster's files come from ``alternates:`` in episode.yaml (#14); the MP3 itself
    (``default``, so that apps list every choice) and the build's encodings follow.
    """
    if not audio.alternates:
        return given
    made = [
        AlternateTag(
            "audio/mpeg", audio.size, str(round(audio.size * 8000 / max(1, audio.duration_ms))),
            layout.url(audio.audio_rel), audio.integrity, "MP3", codecs="mp3", default=True,
        )
    ] + [
        AlternateTag(
            alt.kind.mime, alt.length, str(alt.bitrate), layout.url(rel), alt.integrity,
            alt.kind.title, codecs=alt.kind.codecs,
        )
        for rel, alt in audio.alternates
    ]  # fmt: skip
    tags = [*tags_from_json(given), *made]
    return json.dumps([asdict(t) for t in tags], sort_keys=True)
