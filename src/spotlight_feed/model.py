"""Resolved domain objects: the validated inputs with paths and measurements attached.

``config`` holds what the podcaster typed; these objects add what the loader
and probes resolved (absolute paths, the transcript, the measured audio). They
are frozen and do no I/O.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .audio.probe import AudioInfo
from .config import EpisodeConfig, ShowConfig, Voice
from .transcript.languages import Translation
from .transcript.model import Transcript
from .yamlsrc import DocRef, YamlDoc

FolderFiles = tuple[tuple[str, str | None], ...]
"""An episode folder's entries: (name, SHA-256 hex of the file, or ``None``), by name."""


@dataclass(frozen=True)
class Episode:
    """One episode: its metadata, files and measurements."""

    slug: str
    folder: Path
    meta_path: str
    """Display path of episode.yaml (relative to the project root)."""
    config: EpisodeConfig
    audio_path: Path
    audio_display: str
    transcript_path: Path | None
    transcript_display: str
    doc: DocRef = field(repr=False, compare=False)
    """Where episode.yaml's fields are (read again on demand, for messages)."""
    transcript: Transcript | None = None
    audio: AudioInfo | None = None
    translations: tuple[Translation, ...] = ()
    """Transcripts in further languages (``transcript.<lang>.<ext>``, issue #15)."""
    art_digests: tuple[tuple[str, str], ...] = ()
    """(project-relative path, SHA-256 hex) of the episode's own art and of each chapter's
    art file, read once by the load stage: their dist names are content-addressed, so the
    plan (:mod:`.plan.plan`) can name them before anything is written."""

    folder_files: FolderFiles = ()
    """(name, SHA-256 hex of its bytes, or ``None`` for a subfolder) of every entry of the
    episode folder, by name: read once by the load stage before the folder is parsed
    (:func:`.load.digests.folder_files`). The load cache's key, the reuse fingerprint and
    the search index's key all take the folder's contents from here, so each file is read
    and hashed once a build (issue #11, "each value decided once")."""

    @property
    def folder_digest(self) -> str:
        """The digest of :attr:`folder_files` (:func:`folder_digest`)."""
        return folder_digest(self.folder_files)

    def file_digest(self, path: Path | None) -> str | None:
        """The SHA-256 of *path* from :attr:`folder_files` if it is a file of the folder."""
        if path is None or path.parent != self.folder:
            return None
        return dict(self.folder_files).get(path.name)

    def art_digest(self, rel: str) -> str:
        """The SHA-256 of the art file *rel* (an ``image:`` or chapter ``img:`` path)."""
        return dict(self.art_digests)[rel]

    @property
    def language(self) -> str | None:
        """The episode's own language, if it overrides the show's."""
        return self.config.language

    def voice(self, label: str) -> Voice | None:
        """Who speaks *label*."""
        return self.config.voices.get(label)

    @property
    def speaker_names(self) -> dict[str, str]:
        """Speaker label -> display name, for every mapped voice."""
        return {label: v.display for label, v in self.config.voices.items()}

    @cached_property
    def named(self) -> Transcript | None:
        """The transcript with display names for speaker labels (:attr:`speaker_names`).

        Relabelled once per episode object and shared by everything the episode stage
        writes (transcript files, ID3 lyrics, page, search index), so they name speakers
        alike and the cues are rebuilt once (issue #18). ``None`` without a transcript
        (or when the loader dropped it: :func:`.load.project.with_transcript`).
        """
        return None if self.transcript is None else self.transcript.relabel(self.speaker_names)

    @cached_property
    def named_translations(self) -> tuple[tuple[Translation, Transcript | None], ...]:
        """Each of :attr:`translations` with its transcript relabelled (see :attr:`named`)."""
        names = self.speaker_names
        return tuple(
            (tr, None if tr.transcript is None else tr.transcript.relabel(names))
            for tr in self.translations
        )


def effective_language(episode: EpisodeConfig, show_language: str) -> str:
    """The episode's language, else the show's: the one rule (RSS 2.0 ``<language>``, Apple 823).

    Read through :func:`.plan.plan.episode_values` by every writer (ID3 ``TLAN``/``USLT``, the
    feed item's transcripts, the page); the load stage (which names translations against the
    main language) and the ``align`` command call it before there is a plan.
    """
    return episode.language or show_language


@dataclass(frozen=True)
class Project:
    """A whole show: its config and its episodes, newest first."""

    root: Path
    show: ShowConfig
    show_path: str
    show_doc: YamlDoc = field(repr=False, compare=False)
    image_path: Path = field(default=Path())
    episodes: tuple[Episode, ...] = ()
    image_digest: str = ""
    """SHA-256 (hex) of the show art, taken once by the load stage: the plan names the
    published cover by it (:meth:`.plan.layout.Layout.cover`)."""


def folder_digest(files: FolderFiles) -> str:
    """SHA-256 over each entry's name and, for files, its bytes' SHA-256, in name order."""
    h = hashlib.sha256()
    for name, digest in files:
        h.update(name.encode() + b"\0")
        if digest is not None:
            h.update(bytes.fromhex(digest))
    return h.hexdigest()
