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
from ..plan.layout import safe_join
from ..plan.plan import MP3, EpisodePlan

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
    file: str = ""
    """The plan's key of the file (:meth:`~..plan.plan.EpisodePlan.file`)."""


def _to_json(tags: list[AlternateTag]) -> str:
    """The measurements of *tags* as JSON: no URL (the plan gives it, by ``file``)."""
    return json.dumps(
        [{k: v for k, v in asdict(t).items() if k != "url"} for t in tags], sort_keys=True
    )


def sri_sha384(data: bytes) -> str:
    """``sha384-<base64>``: the Subresource Integrity value of *data*."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def _bitrate(bps: float) -> str:
    text = f"{bps:.1f}".rstrip("0").rstrip(".")
    return text


def publish_alternates(
    project: Project, episode: Episode, plan: EpisodePlan, staging: Path, duration_ms: int
) -> tuple[list[str], str | None]:
    """Copy the episode's alternates into *staging*; return their paths and measurements.

    Each goes where the plan says (``episodes/<slug>/<slug>.alt<N><ext>``). The JSON (a list
    of :class:`AlternateTag` fields without the URL) is what :func:`tags_from_json` reads
    back; ``None`` when the episode has none.
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
        rel = plan.given_alternates[n - 1].rel
        dst = safe_join(staging, rel)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        files.append(rel)
        tags.append(
            AlternateTag(
                type=alt.type,
                length=len(data),
                bitrate=_bitrate(alt.bitrate if alt.bitrate else len(data) * 8 / seconds),
                url="",
                integrity=sri_sha384(data),
                title=alt.title,
                lang=alt.lang,
                codecs=alt.codecs,
                rel=alt.rel,
                default=alt.default,
                file=f"alt{n}",
            )
        )
    return files, _to_json(tags)


def tags_from_json(text: str | None, plan: EpisodePlan) -> tuple[AlternateTag, ...]:
    """The :class:`AlternateTag` list :func:`publish_alternates` measured, with *plan*'s URLs.

    Empty for ``None``; each tag's URL is the one *plan* gives its ``file``.
    """
    if not text:
        return ()
    return tuple(AlternateTag(url=plan.file(d["file"]).url, **d) for d in json.loads(text))


def _measured(text: str | None) -> list[AlternateTag]:
    return [AlternateTag(url="", **d) for d in json.loads(text)] if text else []


def with_encoded_alternates(audio: AudioOutputs, given: str | None) -> str | None:
    """The feed's alternates: the podcaster's own, then the encoded ones (issue #16).

    The podcaster's files come from ``alternates:`` in episode.yaml (#14); the MP3 itself
    (``default``, so that apps list every choice) and the build's encodings follow.
    """
    if not audio.alternates:
        return given
    made = [
        AlternateTag(
            "audio/mpeg", audio.size, str(round(audio.size * 8000 / max(1, audio.duration_ms))),
            "", audio.integrity, "MP3", codecs="mp3", default=True, file=MP3,
        )
    ] + [
        AlternateTag(
            alt.kind.mime, alt.length, str(alt.bitrate), "", alt.integrity,
            alt.kind.title, codecs=alt.kind.codecs, file=alt.kind.name,
        )
        for _rel, alt in audio.alternates
    ]  # fmt: skip
    return _to_json([*_measured(given), *made])
