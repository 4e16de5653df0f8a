"""Measure an MP3: duration, size and stream facts, read-only.

Apple podcast requirements (823, 893): the enclosure must be MP3 or AAC; its
``length`` is the byte size and ``itunes:duration`` the play time. Anything that
is not a readable MPEG audio stream is a problem naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem


@dataclass(frozen=True)
class AudioInfo:
    """Facts measured from an MP3 file."""

    duration_ms: int
    size: int
    bitrate: int
    """Bits per second (average for VBR)."""
    sample_rate: int
    channels: int

    @property
    def duration_s(self) -> int:
        """Whole seconds, rounded, as ``itunes:duration`` wants."""
        return (self.duration_ms + 500) // 1000


def probe(path: Path, display: str) -> tuple[AudioInfo | None, list[Problem]]:
    """Measure *path*; return its facts or a problem naming *display*."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3, HeaderNotFoundError

    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(display, None, "", f"cannot read audio: {exc.strerror}")]
    if size == 0:
        return None, [Problem(display, None, "", "audio file is empty (0 bytes)")]
    try:
        mp3: Any = MP3(path)  # type: ignore[no-untyped-call]
    except HeaderNotFoundError:
        return None, [Problem(display, None, "", "not an MP3 file (no MPEG audio frames found)")]
    except (MutagenError, OSError) as exc:
        return None, [Problem(display, None, "", f"cannot read audio: {exc}")]
    info = mp3.info
    if not info.length or info.length <= 0:
        return None, [Problem(display, None, "", "cannot measure the audio's duration")]
    return (
        AudioInfo(
            duration_ms=round(info.length * 1000),
            size=size,
            bitrate=int(info.bitrate),
            sample_rate=int(info.sample_rate),
            channels=int(info.channels),
        ),
        [],
    )
