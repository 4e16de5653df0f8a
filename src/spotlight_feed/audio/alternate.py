"""Alternate encodings of a source: AAC in MP4 (``.m4a``) and Opus in Ogg (``.opus``).

Published beside the MP3 with ``podcast:alternateEnclosure`` (Podcasting 2.0
``docs/tags/alternateEnclosure.md``; Podcast Addict, Podverse, Fountain, Castamatic and
Pocket Casts read it). Encoded by the FFmpeg inside PyAV: its native AAC-LC encoder
(LGPL) and libopus (BSD-3-Clause), with FFmpeg's ``bitexact`` flags so that no version
string or random Ogg serial number reaches the file: the same source gives the same bytes.
The same chain as the MP3 feeds them (:mod:`.encode`: channels, libsoxr resampling, the
normalisation processor), so every enclosure of an episode sounds the same. MP4 carries an
edit list for the AAC priming samples and Ogg Opus a pre-skip (RFC 7845 §4.2): decoders trim
both.

Types: ``audio/mp4`` with ``codecs="mp4a.40.2"`` (RFC 4337, RFC 6381 §3.3), and
``audio/ogg`` with ``codecs="opus"`` (RFC 7845 §9).
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from .decode import Block
from .encode import Processor, _Resampler, remix


@dataclass(frozen=True)
class Kind:
    """One alternate format."""

    name: str
    suffix: str
    mime: str
    codecs: str
    title: str
    codec: str
    container: str
    rate: int | None
    """Fixed sample rate (Opus: 48 kHz), else the MP3's."""
    bitrate: int
    """Default bits per second for mono; stereo gets 1.5×."""


KINDS = {
    "aac": Kind("aac", ".m4a", "audio/mp4", "mp4a.40.2", "AAC", "aac", "ipod", None, 64_000),
    "opus": Kind("opus", ".opus", "audio/ogg", "opus", "Opus", "libopus", "ogg", 48_000, 32_000),
}


@dataclass(frozen=True)
class AlternateFile:
    """An encoded alternate and the facts its tag needs."""

    kind: Kind
    path: Path
    length: int
    bitrate: int
    """Average bits per second (``length × 8 / duration``)."""
    integrity: str
    """Subresource Integrity value, ``sha384-…`` (W3C SRI §3.1)."""


def bitrate_for(kind: Kind, channels: int) -> int:
    """The encoder's target bits per second."""
    return kind.bitrate if channels == 1 else kind.bitrate * 3 // 2


def encode_alternate(
    blocks: Iterable[Block],
    rate_in: int,
    channels: int,
    rate_out: int,
    kind: Kind,
    dst: Path,
    processor: Processor | None = None,
) -> int:
    """Encode into *dst* (complete or not at all); return the samples encoded (per channel)."""
    import av

    rate = kind.rate or rate_out
    layout = "mono" if channels == 1 else "stereo"
    resample = _Resampler(rate_in, rate, channels)
    fd, tmp = tempfile.mkstemp(prefix=".alt-", suffix=kind.suffix, dir=dst.parent)
    os.close(fd)
    samples = 0
    try:
        with av.open(
            tmp, "w", format=kind.container, container_options={"fflags": "+bitexact"}
        ) as out:
            stream: Any = out.add_stream(kind.codec, rate=rate, layout=layout)
            stream.bit_rate = bitrate_for(kind, channels)
            stream.codec_context.options = {"flags": "+bitexact"}

            def push(block: Block) -> None:
                nonlocal samples
                if not len(block):
                    return
                planar = np.ascontiguousarray(block.T, dtype=np.float32)
                frame = av.AudioFrame.from_ndarray(planar, format="fltp", layout=layout)
                frame.sample_rate = rate
                frame.time_base = Fraction(1, rate)
                frame.pts = samples
                samples += len(block)
                for packet in stream.encode(frame):
                    out.mux(packet)

            for block in blocks:
                b = resample(remix(block, channels))
                push(processor.process(b) if processor else b)
            tail = resample(np.zeros((0, channels), dtype=np.float32), last=True)
            push(processor.process(tail) if processor else tail)
            if processor:
                push(processor.flush())
            for packet in stream.encode(None):
                out.mux(packet)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return samples


def describe(kind: Kind, path: Path, duration_s: float) -> AlternateFile:
    """Length, average bitrate and SRI hash of an encoded alternate."""
    data = path.read_bytes()
    digest = base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")
    bitrate = round(len(data) * 8 / duration_s) if duration_s > 0 else 0
    return AlternateFile(kind, path, len(data), bitrate, f"sha384-{digest}")
