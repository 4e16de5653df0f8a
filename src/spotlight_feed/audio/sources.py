"""Measure an episode's source, whatever its format, for the load stage.

An MP3 is measured by :mod:`.probe` (it is published as it is). Any other source (WAV, FLAC,
AIFF, M4A/AAC, Ogg Vorbis/Opus) is only inspected (:func:`.decode.inspect`: its header, no
decoding), since the build encodes it later; its duration is the source's, which the
encoded MP3 keeps to the sample (gapless, :mod:`.encode`).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .probe import AudioInfo, probe

EXTRA_HINT = "install the audio extra to read it: pip install 'spotlight-feed[audio]'"


def is_mp3(path: Path) -> bool:
    """Whether *path* is published as it is (an MP3 source)."""
    return path.suffix.lower() == ".mp3"


def probe_source(path: Path, display: str) -> tuple[AudioInfo | None, list[Problem]]:
    """Facts of *path*, or a problem naming *display*."""
    if is_mp3(path):
        return probe(path, display)
    try:
        from .decode import DecodeError, inspect
    except ImportError:
        return None, [Problem(display, None, "", f"is not an MP3; {EXTRA_HINT}")]
    try:
        info = inspect(path)
    except DecodeError as exc:
        return None, [Problem(display, None, "", str(exc))]
    except ImportError:
        return None, [Problem(display, None, "", f"is not an MP3; {EXTRA_HINT}")]
    return (
        AudioInfo(
            duration_ms=info.duration_ms,
            size=path.stat().st_size,
            bitrate=0,
            sample_rate=info.sample_rate,
            channels=info.channels,
            method=f"source {info.kind}",
        ),
        [],
    )
