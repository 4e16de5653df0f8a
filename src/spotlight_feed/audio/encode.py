"""Encode decoded blocks to a gapless, deterministic CBR MP3, streaming.

The chain, one block at a time (memory flat in the file's length):

1. channels: a stereo source for a mono episode is the mean of its channels; a mono source
   for a stereo episode is copied to both; more than two channels are mixed by mean (mono)
   or cut to the first two (stereo);
2. sample rate: ``soxr`` (libsoxr, LGPL-2.1; "HQ" quality), only when the rates differ, so
   LAME never resamples (its own resampler is cruder);
3. an optional :class:`Processor` (the loudness gain and true-peak limiter of
   :mod:`.normalise`), which must return exactly as many samples as it gets, in total;
4. 16-bit PCM by rounding (``x · 32768``, clipped): no dither, so no random numbers, and a
   16-bit source decodes and re-quantises to its own samples;
5. ``lameenc`` (LAME 3.100 linked in; LGPL) at a constant bitrate, LAME quality 2;
6. the Info/LAME frame (:mod:`.lametag`) written in front when the stream is complete, so
   decoders trim LAME's 576-sample delay and the padding: the MP3 plays exactly as many
   samples as went in, and mutagen and ffprobe read the exact duration.

The same blocks and settings give the same bytes: LAME's CBR path is deterministic and
nothing else here depends on time, randomness or the machine.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

import numpy as np

from . import lametag, mpeg
from .crc16 import combine, crc16
from .decode import Block

QUALITY = 2
"""LAME's ``-q 2``: LAME's recommended high quality (the algorithm, not the bitrate)."""

MP3_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)
"""Sample rates MPEG-1/2/2.5 Layer III can carry."""


@dataclass(frozen=True)
class EncodeSettings:
    """What the MP3 is encoded as."""

    bitrate: int
    """kbit/s, constant."""
    channels: int
    """1 (mono) or 2 (joint stereo)."""
    sample_rate: int
    """Hz, one of :data:`MP3_RATES`."""


@dataclass(frozen=True)
class EncodeResult:
    """What was written."""

    samples: int
    """Samples per channel in the MP3 (after trimming), at the output rate."""
    frames: int
    size: int
    peak: float
    """Largest absolute sample value fed to LAME (1.0 = full scale; above is clipped)."""

    def duration_ms(self, rate: int) -> int:
        """Play time in milliseconds."""
        return round(self.samples * 1000 / rate)


class Processor(Protocol):
    """A stage between resampling and quantising (e.g. gain and limiter)."""

    def process(self, block: Block) -> Block:
        """Samples out for *block* in (maybe fewer while it fills a look-ahead)."""

    def flush(self) -> Block:
        """The rest, so that the total out equals the total in."""


def remix(block: Block, channels: int) -> Block:
    """*block* with *channels* columns."""
    have = block.shape[1]
    if have == channels:
        return block
    if channels == 1:
        mixed: Block = block.mean(axis=1, keepdims=True, dtype=np.float32)
        return mixed
    if have == 1:
        return np.repeat(block, 2, axis=1)
    return np.ascontiguousarray(block[:, :2])


def to_pcm16(block: Block) -> tuple[bytes, float]:
    """Interleaved little-endian 16-bit PCM by rounding, and the block's peak."""
    peak = float(np.abs(block).max()) if block.size else 0.0
    scaled = np.rint(block * 32768.0)
    np.clip(scaled, -32768, 32767, out=scaled)
    return scaled.astype("<i2").tobytes(), peak


class _Resampler:
    def __init__(self, rate_in: int, rate_out: int, channels: int) -> None:
        self.stream = None
        if rate_in != rate_out:
            import soxr

            self.stream = soxr.ResampleStream(
                rate_in, rate_out, channels, dtype="float32", quality="HQ"
            )

    def __call__(self, block: Block, last: bool = False) -> Block:
        if self.stream is None:
            return block
        out: Block = self.stream.resample_chunk(block, last=last)
        return out


CRC_CHUNK = 1 << 20


class _FrameTracker:
    """Follows the frame boundaries and the CRC of the audio as it is written."""

    def __init__(self) -> None:
        self.pending = b""
        self.offsets = array("q")
        """Start of every audio frame: 8 bytes a frame (276,000 frames for 2 h at 44.1 kHz)."""
        self.first_header = b""
        self.written = 0
        self.crc = 0
        self.unsummed = bytearray()
        """Audio not yet in :attr:`crc`: summed in whole :data:`CRC_CHUNK` pieces, whose
        equal length keeps the combining matrix cached."""

    def music_crc(self) -> int:
        """CRC-16 of all the audio written."""
        rest = bytes(self.unsummed)
        return combine(self.crc, crc16(rest), len(rest))

    def feed(self, data: bytes, out: BinaryIO) -> None:
        if not data:
            return
        out.write(data)
        self.unsummed += data
        if len(self.unsummed) >= CRC_CHUNK:
            whole = len(self.unsummed) // CRC_CHUNK * CRC_CHUNK
            view = memoryview(self.unsummed)
            for i in range(0, whole, CRC_CHUNK):
                self.crc = combine(self.crc, crc16(view[i : i + CRC_CHUNK]), CRC_CHUNK)
            view.release()
            del self.unsummed[:whole]
        buf = self.pending + data
        pos = 0
        while len(buf) - pos >= 4:
            head = mpeg.parse_header(buf[pos], buf[pos + 1], buf[pos + 2], buf[pos + 3])
            if head is None:
                raise RuntimeError("LAME wrote something that is not an MPEG frame")
            if not self.first_header:
                self.first_header = buf[pos : pos + 4]
            if len(buf) - pos < head.length:
                break
            self.offsets.append(self.written - len(self.pending) + pos)
            pos += head.length
        self.pending = buf[pos:]
        self.written += len(data)


def encode_mp3(
    blocks: Iterable[Block],
    rate_in: int,
    settings: EncodeSettings,
    out: BinaryIO,
    processor: Processor | None = None,
) -> EncodeResult:
    """Encode *blocks* (float32, any channel count, at *rate_in*) into *out* (seekable)."""
    import lameenc

    if settings.sample_rate not in MP3_RATES:
        raise ValueError(f"MP3 cannot carry {settings.sample_rate} Hz")
    enc = lameenc.Encoder()
    enc.set_bit_rate(settings.bitrate)
    enc.set_in_sample_rate(settings.sample_rate)
    enc.set_out_sample_rate(settings.sample_rate)
    enc.set_channels(settings.channels)
    enc.set_quality(QUALITY)
    resample = _Resampler(rate_in, settings.sample_rate, settings.channels)
    start = out.tell()
    tracker = _FrameTracker()
    samples = 0
    peak = 0.0

    def push(block: Block) -> None:
        nonlocal samples, peak
        if not len(block):
            return
        pcm, p = to_pcm16(block)
        samples += len(block)
        peak = max(peak, p)
        tracker.feed(bytes(enc.encode(pcm)), out)

    reserved = lametag.info_frame_size(settings.sample_rate, settings.channels, settings.bitrate)
    out.write(bytes(reserved))  # the Info frame goes here once the stream is complete
    tracker.written = 0
    for block in blocks:
        b = resample(remix(block, settings.channels))
        push(processor.process(b) if processor else b)
    tail = resample(np.zeros((0, settings.channels), dtype=np.float32), last=True)
    if processor:
        push(processor.process(tail))
        push(processor.flush())
    else:
        push(tail)
    tracker.feed(bytes(enc.flush()), out)
    if tracker.pending:
        raise RuntimeError("LAME ended in the middle of a frame")
    if not tracker.offsets or samples == 0:
        raise ValueError("no audio to encode")
    frames = len(tracker.offsets)

    def end_of(j: int) -> int:
        return tracker.offsets[j + 1] if j + 1 < frames else tracker.written

    facts = lametag.StreamFacts(
        header=tracker.first_header,
        frames=frames,
        audio_bytes=tracker.written,
        frame_ends=tuple(end_of(k * frames // 100) for k in range(100)),
        samples=samples,
        music_crc=tracker.music_crc(),
        bitrate_kbps=settings.bitrate,
        quality=QUALITY,
    )
    info = lametag.info_frame(facts)
    if len(info) != reserved:
        raise RuntimeError(f"Info frame is {len(info)} bytes, {reserved} were reserved")
    out.seek(start)
    out.write(info)
    out.seek(0, 2)
    return EncodeResult(samples, frames, len(info) + tracker.written, peak)


def encode_file(
    blocks: Iterable[Block],
    rate_in: int,
    settings: EncodeSettings,
    dst: Path,
    processor: Processor | None = None,
) -> EncodeResult:
    """:func:`encode_mp3` into a new file *dst*."""
    with dst.open("w+b") as out:
        return encode_mp3(blocks, rate_in, settings, out, processor)
