"""Measure an MP3: duration, size and stream facts, read-only and streaming.

Apple podcast requirements (823, 893): the enclosure must be MP3 or AAC; its
``length`` is the byte size and ``itunes:duration`` the play time. Anything that
is not a readable MPEG Layer III stream is a problem naming the file.

Duration, right for every MP3 a podcaster may bring:

* With a Xing/Info or VBRI header carrying a frame count (lame and ffmpeg write
  one by default), mutagen's length is exact: frame count × samples per frame,
  minus the encoder delay and padding of the LAME header.
* Without one (``lame -t``, ``ffmpeg -write_xing 0``, lameenc, many streaming
  recorders), mutagen reports ``BitrateMode.UNKNOWN`` and estimates the length
  from the file size and the *first* frame's bitrate: on a VBR file that was
  measured 74 % short (157 s for 600 s) with no sign of trouble. Then every frame
  header is walked (:func:`.mpeg.walk_frames`, streaming) and the samples summed.

A file cut short (the last frame incomplete, or fewer bytes than its Xing header
announces) is an error too: its duration and length would be wrong in the feed. A file
holding clearly *more* audio than its header announces (two files concatenated) is
measured by walking its frames (:func:`_holds_more`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import Problem
from . import mpeg


@dataclass(frozen=True)
class AudioInfo:
    """Facts measured from an MP3 file."""

    duration_ms: int
    size: int
    bitrate: int
    """Bits per second (average for VBR)."""
    sample_rate: int
    channels: int
    method: str = "header"
    """How the duration was measured: ``header`` (Xing/Info/VBRI) or ``frames`` (walked)."""

    @property
    def duration_s(self) -> int:
        """Whole seconds, rounded, as ``itunes:duration`` wants."""
        return (self.duration_ms + 500) // 1000


class ProbeError(Exception):
    """The file is not a measurable MP3; the message says why (without the file name)."""


def probe(path: Path, display: str) -> tuple[AudioInfo | None, list[Problem]]:
    """Measure *path*; return its facts or a problem naming *display*."""
    try:
        return measure(path), []
    except ProbeError as exc:
        return None, [Problem(display, None, "", str(exc))]


def measure(path: Path) -> AudioInfo:
    """Measure *path* or raise :class:`ProbeError`."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise ProbeError("audio file is empty (0 bytes)")
        with path.open("rb") as f:
            return _measure(f, size)
    except OSError as exc:
        raise ProbeError(f"cannot read audio: {exc.strerror or exc}") from exc


def _measure(f: BinaryIO, size: int) -> AudioInfo:
    start, end = mpeg.audio_span(f, size)
    if end <= start:
        raise ProbeError("not an MP3 file (it holds tags but no audio)")
    first = mpeg.find_first_frame(f, start, end)
    if first is None:
        raise ProbeError("not an MP3 file (no MPEG audio frames found)")
    f.seek(first)
    head = mpeg.parse_header(*f.read(4))
    assert head is not None
    if head.layer != 3:
        raise ProbeError(
            f"not an MP3 file (MPEG Layer {'I' * head.layer} audio; "
            "podcast apps accept MPEG Layer III, i.e. MP3)"
        )
    vbr = mpeg.vbr_header(f, first)
    mode_unknown, length = _mutagen_length(f)
    trusted = vbr is not None and bool(vbr.frames) and not mode_unknown
    if vbr is not None and trusted and vbr.bytes and end - first < vbr.bytes - head.length:
        raise ProbeError(
            f"audio is truncated: its {vbr.kind} header announces {vbr.bytes} bytes "
            f"of audio, the file holds {end - first}"
        )
    if vbr is not None and trusted and not _holds_more(vbr, head, end - first):
        if length <= 0:
            raise ProbeError("cannot measure the audio's duration (no audio frames)")
        return AudioInfo(
            duration_ms=round(length * 1000),
            size=size,
            bitrate=round((end - first) * 8 / length),
            sample_rate=head.sample_rate,
            channels=head.channels,
            method="header",
        )
    walk = mpeg.walk_frames(f, first, end, skip_header_frame=vbr is not None)
    if walk.truncated_by:
        raise ProbeError(
            f"audio is truncated: its last MPEG frame lacks {walk.truncated_by} bytes "
            "(was the file cut off while copying?)"
        )
    if walk.samples == 0:
        raise ProbeError("cannot measure the audio's duration (no audio frames)")
    seconds = walk.samples / walk.sample_rate
    return AudioInfo(
        duration_ms=round(seconds * 1000),
        size=size,
        bitrate=round(walk.audio_bytes * 8 / seconds),
        sample_rate=walk.sample_rate,
        channels=walk.channels,
        method="frames",
    )


def _holds_more(vbr: mpeg.VbrHeader, head: mpeg.FrameHeader, held: int) -> bool:
    """The file holds clearly more audio than its Xing/Info/VBRI header announces.

    Two files concatenated (``cat a.mp3 b.mp3``) keep the first one's header: its frame
    count covers half the audio, and trusting it published half the duration. The header's
    byte count (or, for a CBR ``Info`` header without one, its frame count times the first
    frame's size) is checked against the bytes of audio in the file; more than 1 % or four
    frames over, the frames are walked instead (issue #12).
    """
    if vbr.bytes:
        announced = vbr.bytes
    elif vbr.kind == "Info" and vbr.frames:
        announced = (vbr.frames + 1) * head.length
    else:
        return False  # a VBR frame count alone: nothing to check it against
    return held - announced > max(4 * head.length, announced // 100)


def _mutagen_length(f: BinaryIO) -> tuple[bool, float]:
    """(bitrate mode unknown, length in seconds) as mutagen reads them.

    ``MPEGInfo`` alone, the stream part of ``mutagen.mp3.MP3``: it skips the ID3v2
    tag by its header's size without parsing the frames. ``MP3(path)`` would decode
    every frame, and a tagged copy's timed transcript (SYLT, UTF-16) made that most
    of the cost of an episode's build.
    """
    from mutagen import MutagenError
    from mutagen.mp3 import BitrateMode, MPEGInfo

    try:
        info: Any = MPEGInfo(f)
    except (MutagenError, OSError):
        return True, 0.0
    return info.bitrate_mode == BitrateMode.UNKNOWN, float(info.length or 0.0)
