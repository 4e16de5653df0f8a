"""The episode's MP3 for the write stage: the source itself, or its cached encoding (#16).

A glue module between the show config and the leaf library :mod:`..audio.transcode`: it
turns ``encode:`` and ``loudness:`` of ``podcast.yaml`` into settings and a target, keeps
the encodings in ``.spotlight-cache/audio/``, and reports a source that fails to decode as
``episodes/<slug>/episode.yaml:<line>: audio: <file>: <why>``. Nothing is written into the
release here, so a failure leaves ``dist/`` as it was.

Which sources are encoded: every source that is not an MP3; an MP3 only with
``encode.reencode_mp3`` (it costs quality). Which are normalised (``encode.normalize``):
every source that is encoded anyway: lossless ones, and M4A/Ogg, which have to be
re-encoded to become MP3 (normalising adds no generation of loss); an MP3 only when it is
re-encoded by request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..audio.sources import EXTRA_HINT, is_mp3
from ..config import ShowConfig
from ..errors import InputError, Problem
from ..model import Episode, Project
from ..plan.layout import CACHE_DIR

if TYPE_CHECKING:
    from ..audio.alternate import AlternateFile
    from ..audio.decode import SourceInfo
    from ..audio.encode import EncodeSettings
    from ..audio.transcode import Target

AUDIO_CACHE = "audio"


def target_for(show: ShowConfig, channels: int) -> tuple[float, float, float]:
    """(integrated LUFS, true-peak dBTP, tolerance LU) of the show's loudness profile."""
    from ..audio.loudness import profile

    lc = show.loudness
    p = profile(lc.profile, lc.integrated, lc.true_peak, lc.tolerance)
    return p.target(channels), p.true_peak, p.tolerance


def published_source(project: Project, episode: Episode) -> Path:
    """The MP3 whose audio frames the episode publishes (encoded now if needed)."""
    enc = project.show.encode
    src = episode.audio_path
    if is_mp3(src) and not enc.reencode_mp3:
        return src
    with _reported(episode):
        from ..audio import transcode

        info, settings, target, cache = _plan(project, episode)
        return transcode.prepare(src, settings, cache, target, info).mp3


def alternate_files(project: Project, episode: Episode) -> tuple[list[AlternateFile], list[str]]:
    """The episode's alternate encodings (``encode.alternates``), and notes for skipped ones.

    Only from lossless sources: an alternate made from an MP3 or AAC would be a second
    generation of lossy coding, worse than the file it stands beside.
    """
    kinds = project.show.encode.alternates
    if not kinds:
        return [], []
    with _reported(episode):
        from ..audio import decode, transcode

        if is_mp3(episode.audio_path) or not decode.inspect(episode.audio_path).lossless:
            return [], [
                f"{episode.meta_path}: encode.alternates: {episode.audio_display} is not "
                "lossless; alternates are made only from WAV, FLAC or AIFF sources"
            ]
        info, settings, target, cache = _plan(project, episode)
        files = [
            transcode.prepare_alternate(episode.audio_path, settings, cache, k, target, info)
            for k in kinds
        ]
        return files, []


def _plan(
    project: Project, episode: Episode
) -> tuple[SourceInfo, EncodeSettings, Target | None, Path]:
    from ..audio import decode, transcode

    enc = project.show.encode
    info = decode.inspect(episode.audio_path)
    settings = transcode.default_settings(info, enc.bitrate, enc.channels, enc.sample_rate)
    target = None
    if enc.normalize:
        integrated, ceiling, _ = target_for(project.show, settings.channels)
        target = transcode.Target(integrated, ceiling)
    return info, settings, target, project.root / CACHE_DIR / AUDIO_CACHE


@contextmanager
def _reported(episode: Episode) -> Iterator[None]:
    """Turn a decoding problem into ``episode.yaml:<line>: audio: <file>: <why>``."""
    line = episode.doc.line_of(("audio",))

    def problem(message: str) -> InputError:
        return InputError(
            [Problem(episode.meta_path, line, "audio", f"{episode.audio_display}: {message}")]
        )

    try:
        from ..audio.decode import DecodeError
    except ImportError as exc:
        raise problem(f"is not an MP3; {EXTRA_HINT}") from exc
    try:
        yield
    except ImportError as exc:
        raise problem(f"is not an MP3; {EXTRA_HINT}") from exc
    except DecodeError as exc:
        raise problem(str(exc)) from exc
    except ValueError as exc:  # settings MP3 cannot carry, a silent source to normalise
        raise problem(str(exc)) from exc
