"""Decode any podcast source (WAV, FLAC, AIFF, Ogg Vorbis/Opus, M4A/AAC, MP3) in blocks.

Two decoders, both shipped as PyPI wheels with their C libraries inside (the ``audio`` extra):

* ``soundfile`` (libsndfile 1.2: LGPL-2.1; the binding BSD-3-Clause) for WAV, FLAC, AIFF,
  Ogg Vorbis and Ogg Opus: sample-exact frame counts from the header, and it reads PCM
  without any resampling;
* ``av`` (PyAV, BSD-3-Clause, bundling an LGPL build of FFmpeg) for M4A/AAC, which
  libsndfile cannot read. FFmpeg applies the MP4 edit list, so the AAC priming samples are
  trimmed and the decoded length is the signal's.

Every block is ``float32`` of shape ``(n, channels)`` in [-1, 1]; a file is never read whole,
so memory stays flat whatever its length. Problems are :class:`DecodeError` with a message
that does not name the file (the caller adds the name and the ``episode.yaml`` line).

Checks made before a single sample is decoded: the file is not empty, its format is known,
a WAV's ``data`` chunk fits in the file (a header that announces more audio than the file
holds is a file cut short, or a header written wrong), it has at least one sample and at most
:data:`MAX_SECONDS` (a longer header is taken as corrupt). While decoding, a stream that
ends before its header said, or that fails to decode, is an error too.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MAX_SECONDS = 24 * 3600
"""The longest source accepted (24 h); a header announcing more is taken as corrupt."""

BLOCK = 1 << 16
"""Samples per channel in one decoded block (1.5 s at 44.1 kHz)."""

Block = npt.NDArray[np.float32]

_SOUNDFILE = {
    ".wav": "WAV",
    ".wave": "WAV",
    ".flac": "FLAC",
    ".aif": "AIFF",
    ".aiff": "AIFF",
    ".aifc": "AIFF",
    ".ogg": "OGG",
    ".oga": "OGG",
    ".opus": "OGG",
}
_AV = {".m4a": "M4A", ".mp4": "M4A", ".m4b": "M4A", ".aac": "AAC", ".mp3": "MP3"}
SUFFIXES = tuple(sorted({*_SOUNDFILE, *_AV}))
"""File name endings a source may have."""

_AV_CODECS = {"aac", "mp3", "mp3float", "alac", "opus", "vorbis", "flac"}


class DecodeError(Exception):
    """The source cannot be decoded; the message says why (without the file name)."""


@dataclass(frozen=True)
class SourceInfo:
    """What a source's header says."""

    kind: str
    """``WAV``, ``FLAC``, ``AIFF``, ``Ogg Vorbis``, ``Ogg Opus``, ``AAC`` or ``MP3``."""
    sample_rate: int
    channels: int
    frames: int
    """Samples per channel (exact for PCM and FLAC; from the container for the others)."""
    lossless: bool

    @property
    def duration_ms(self) -> int:
        """Play time in milliseconds, rounded."""
        return round(self.frames * 1000 / self.sample_rate)


def is_supported(path: Path) -> bool:
    """Whether *path*'s suffix names a source format this module reads."""
    return path.suffix.lower() in SUFFIXES


def inspect(path: Path) -> SourceInfo:
    """Read *path*'s header (no decoding); raise :class:`DecodeError` for a bad source."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DecodeError(f"cannot read audio: {exc.strerror or exc}") from exc
    if size == 0:
        raise DecodeError("audio file is empty (0 bytes)")
    if suffix in _SOUNDFILE:
        info = _sf_inspect(path, size)
    elif suffix in _AV:
        info = _av_inspect(path)
    else:
        raise DecodeError(
            f"unsupported audio file type '{suffix or path.name}'; use one of "
            + ", ".join(SUFFIXES)
        )
    if info.frames <= 0:
        raise DecodeError("holds no audio (0 samples)")
    if info.frames > MAX_SECONDS * info.sample_rate:
        raise DecodeError(
            f"announces {info.frames / info.sample_rate / 3600:.1f} hours of audio, more than "
            f"the {MAX_SECONDS // 3600} hours accepted (is its header corrupt?)"
        )
    return info


def blocks(path: Path, info: SourceInfo, block: int = BLOCK) -> Iterator[Block]:
    """Decode *path* as float32 blocks of shape ``(n, channels)``; check its length."""
    got = 0
    soundfile = path.suffix.lower() in _SOUNDFILE
    gen = _sf_blocks(path, block) if soundfile else _av_blocks(path, info)
    for b in gen:
        got += len(b)
        yield b
    if info.kind in ("WAV", "AIFF", "FLAC") and got < info.frames:
        raise DecodeError(
            f"audio is truncated: its header announces {_secs(info.frames, info)} but only "
            f"{_secs(got, info)} decode"
        )
    if got == 0:
        raise DecodeError("holds no audio (0 samples decode)")


def _secs(frames: int, info: SourceInfo) -> str:
    return f"{frames / info.sample_rate:.3f} s"


# --- libsndfile ------------------------------------------------------------------------


def _sf_inspect(path: Path, size: int) -> SourceInfo:
    import soundfile as sf

    if path.suffix.lower() in (".wav", ".wave"):
        _check_wav_header(path, size)
    try:
        i = sf.info(str(path))
    except (RuntimeError, sf.LibsndfileError) as exc:
        raise DecodeError(f"not a readable {_SOUNDFILE[path.suffix.lower()]} file ({exc})") from exc
    kind = {"WAV": "WAV", "WAVEX": "WAV", "RF64": "WAV", "AIFF": "AIFF", "FLAC": "FLAC"}.get(
        i.format
    )
    if i.format == "OGG":
        kind = "Ogg Opus" if i.subtype == "OPUS" else "Ogg Vorbis"
    if kind is None:
        raise DecodeError(f"unexpected audio format {i.format_info} in a {path.suffix} file")
    if i.samplerate <= 0 or i.channels <= 0:
        raise DecodeError("header gives no sample rate or channel count")
    return SourceInfo(
        kind,
        int(i.samplerate),
        int(i.channels),
        int(i.frames),
        kind in ("WAV", "AIFF", "FLAC"),
    )


def _check_wav_header(path: Path, size: int) -> None:
    """A RIFF WAV whose ``data`` chunk claims more bytes than the file has is cut short."""
    with path.open("rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
            raise DecodeError("not a WAV file (no RIFF/WAVE header)")
        if head[:4] == b"RF64":
            return  # 64-bit sizes live in the ds64 chunk; libsndfile checks those
        pos = 12
        while pos + 8 <= size:
            f.seek(pos)
            chunk = f.read(8)
            if len(chunk) < 8:
                break
            cid, length = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if cid == b"data":
                have = size - pos - 8
                if length == 0:
                    raise DecodeError("holds no audio (0 samples)")
                if length == 0xFFFFFFFF:  # a recorder that never finished the header
                    raise DecodeError(
                        "WAV header gives no audio size (a recording that was not closed "
                        "properly?); open and save it again in your editor"
                    )
                if length > have:
                    raise DecodeError(
                        f"WAV header announces {length} bytes of audio but the file holds "
                        f"{have} (the file is truncated or its header size is wrong)"
                    )
                return
            pos += 8 + length + (length & 1)
    raise DecodeError("WAV file has no 'data' chunk (no audio)")


def _sf_blocks(path: Path, block: int) -> Iterator[Block]:
    import soundfile as sf

    done = 0
    rate = 1
    try:
        with sf.SoundFile(str(path)) as f:
            rate = f.samplerate
            while True:
                data = f.read(block, dtype="float32", always_2d=True)
                if len(data) == 0:
                    return
                done += len(data)
                yield data
    except (RuntimeError, sf.LibsndfileError) as exc:
        raise DecodeError(
            f"audio is corrupt or truncated: decoding stops after {done / rate:.1f} s ({exc})"
        ) from exc


# --- FFmpeg (PyAV) ---------------------------------------------------------------------


def _av_open(path: Path) -> Any:
    import av

    try:
        return av.open(str(path), "r")
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise DecodeError(f"not a readable {path.suffix.lstrip('.').upper()} file ({exc})") from exc


def _av_inspect(path: Path) -> SourceInfo:
    with _av_open(path) as c:
        if not c.streams.audio:
            raise DecodeError("holds no audio stream")
        s = c.streams.audio[0]
        codec = s.codec_context.name
        if codec not in _AV_CODECS:
            raise DecodeError(
                f"audio codec '{codec}' is not supported; export AAC, ALAC or MP3 in an M4A, "
                "or WAV/FLAC"
            )
        rate = int(s.codec_context.sample_rate or 0)
        channels = int(s.codec_context.channels or 0)
        if rate <= 0 or channels <= 0:
            raise DecodeError("header gives no sample rate or channel count")
        if s.duration is not None and s.time_base is not None:
            seconds = float(s.duration * s.time_base)
        elif c.duration is not None:
            seconds = c.duration / 1_000_000
        else:
            seconds = 0.0
        kind = {"aac": "AAC", "alac": "ALAC", "mp3": "MP3", "mp3float": "MP3"}.get(codec, codec)
        return SourceInfo(kind, rate, channels, round(seconds * rate), codec in ("alac", "flac"))


def _av_blocks(path: Path, info: SourceInfo, block: int = BLOCK) -> Iterator[Block]:
    """Decoded frames (1024 or 1152 samples each) gathered into blocks of about *block*."""
    import av

    layout = "mono" if info.channels == 1 else "stereo"
    width = 1 if info.channels == 1 else 2
    pending: list[Block] = []
    size = 0
    with _av_open(path) as c:
        s = c.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout=layout, rate=info.sample_rate)
        try:
            for frame in _frames(c, s):
                for out in resampler.resample(frame):
                    arr = _packed(out, width)
                    pending.append(arr)
                    size += len(arr)
                    if size >= block:
                        yield np.concatenate(pending)
                        pending, size = [], 0
        except av.error.FFmpegError as exc:
            raise DecodeError(f"audio cannot be decoded ({exc})") from exc
    if pending:
        yield np.concatenate(pending)


def _frames(container: Any, stream: Any) -> Iterator[Any]:
    """Every decoded frame, then ``None`` (which flushes the resampler)."""
    yield from container.decode(stream)
    yield None


def _packed(frame: Any, channels: int) -> Block:
    arr = frame.to_ndarray()  # packed flt: shape (1, n * channels)
    return np.ascontiguousarray(arr.reshape(-1, channels), dtype=np.float32)
