"""The one show builder of the tests: a project folder from YAML text or data, real files.

Not a test module. :func:`write_show` writes ``podcast.yaml``, one folder per episode
(``episode.yaml`` and its ``transcript.txt``), each episode's audio at the path its
``audio:`` names, and the show's cover at the path its ``image:`` names (a real 1400x1400
RGB image, PNG or JPEG by suffix). YAML is given as text (kept byte for byte, so a test can
``edit()`` it) or as data (dumped with PyYAML, so any text, hostile or not, survives quoting).
The tiny show of ``conftest.tiny_project``, the multi-episode shows of
``release_util.make_show`` and the page tests' shows of ``pagekit.write_show`` are all
written here.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

Yaml = str | Mapping[str, Any]
"""YAML text, written as it is, or data, dumped."""


def _text(doc: Yaml) -> str:
    if isinstance(doc, str):
        return doc
    return yaml.safe_dump(dict(doc), allow_unicode=True, sort_keys=False)


def _data(doc: Yaml) -> dict[str, Any]:
    data = yaml.safe_load(doc) if isinstance(doc, str) else dict(doc)
    assert isinstance(data, dict), "a show or episode file is a mapping"
    return data


def _cover(path: Path, size: int = 1400) -> Path:
    """A real square RGB image, PNG or JPEG (quality 80) by *path*'s suffix."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (size, size), (20, 40, 90))
    if path.suffix.lower() in (".jpg", ".jpeg"):
        image.save(path, format="JPEG", quality=80)
    else:
        image.save(path, format="PNG")
    return path


def _write_audio(dst: Path, audio: Path | bytes) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(audio, bytes):
        dst.write_bytes(audio)
    else:
        shutil.copyfile(audio, dst)


def add_episode(
    root: Path, slug: str, meta: Yaml, transcript: str | None, audio: Path | bytes
) -> Path:
    """Add the episode *slug* to the show at *root*: its YAML, transcript and audio."""
    folder = root / "episodes" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "episode.yaml").write_text(_text(meta), encoding="utf-8")
    if transcript is not None:
        (folder / "transcript.txt").write_text(transcript, encoding="utf-8")
    _write_audio(root / _data(meta)["audio"], audio)
    return folder


def write_show(
    root: Path,
    show: Yaml,
    episodes: Mapping[str, Yaml],
    *,
    audio: Path | bytes,
    transcripts: Mapping[str, str] | None = None,
    transcript: str | None = None,
) -> Path:
    """Write a show at *root*; return *root*.

    *episodes* maps each slug to its episode.yaml; its transcript is ``transcripts[slug]``,
    else *transcript* (``None``: no transcript file). Every episode's audio is a copy of
    *audio* (a file, or MP3 bytes).
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "media").mkdir(exist_ok=True)
    (root / "podcast.yaml").write_text(_text(show), encoding="utf-8")
    _cover(root / _data(show)["image"])
    for slug, meta in episodes.items():
        add_episode(root, slug, meta, (transcripts or {}).get(slug, transcript), audio)
    return root
