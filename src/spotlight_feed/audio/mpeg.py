"""MPEG audio stream facts read straight from the bytes, streaming (memory flat in file size).

* :func:`audio_span` finds where the audio frames of an MP3 start and end: after any
  ID3v2 tags at the start (ID3v2.4.0 structure §3.1, footer §3.4; several stacked tags
  are skipped, as Windows Media Player writes them) and before any ID3v1 (128 bytes,
  ``TAG``; extended ``TAG+`` 227 bytes), Lyrics3v2 (``LYRICS200``) or APEv2
  (``APETAGEX`` footer, optional header) at the end.
* :func:`vbr_header` reads the Xing/Info or VBRI header in the first frame, which holds
  the exact frame count (what mutagen uses for the duration).
* :func:`walk_frames` follows the frame headers (ISO/IEC 11172-3 §2.4.2.3, 13818-3) from
  the first frame to the end and sums their samples: the exact duration of a VBR file
  without a Xing/VBRI header, where a size/bitrate estimate is badly wrong.

Nothing here loads a file into memory: reads are bounded (``CHUNK``).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO

CHUNK = 1 << 20
"""Read size when walking frames."""

_BITRATES = {
    # (MPEG-1?, layer) -> kbit/s by index; MPEG-2 and 2.5 share the low-rate tables.
    (True, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
"""Sample rates by the version bits (3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5)."""

RESYNC = 1 << 16
"""Bytes searched at a time for the next frame after a corrupt one (bounds the work)."""

MIN_RUN = 4
"""Consecutive valid frames needed to accept a sync as the start of the stream."""


@dataclass(frozen=True)
class FrameHeader:
    """One parsed 4-byte MPEG audio frame header."""

    mpeg1: bool
    version_bits: int
    layer: int
    bitrate: int
    """Bits per second."""
    sample_rate: int
    padding: bool
    channels: int
    length: int
    """Frame length in bytes, header included."""
    samples: int
    """PCM samples per channel in this frame."""

    @property
    def key(self) -> tuple[int, int, int]:
        """What stays constant across a stream's frames (version, layer, sample rate)."""
        return (self.version_bits, self.layer, self.sample_rate)


def parse_header(b0: int, b1: int, b2: int, b3: int) -> FrameHeader | None:
    """Parse a frame header; ``None`` when the 4 bytes are not a valid one."""
    if b0 != 0xFF:
        return None
    return _parse(b1, b2, b3 & 0xC0)


@lru_cache(maxsize=1024)
def _parse(b1: int, b2: int, b3: int) -> FrameHeader | None:
    if (b1 & 0xE0) != 0xE0:
        return None
    version_bits = (b1 >> 3) & 3
    layer_bits = (b1 >> 1) & 3
    bitrate_index = b2 >> 4
    rate_index = (b2 >> 2) & 3
    if version_bits == 1 or layer_bits == 0 or bitrate_index in (0, 15) or rate_index == 3:
        return None  # reserved values, or "free format" (index 0) which no podcast uses
    mpeg1 = version_bits == 3
    layer = 4 - layer_bits
    bitrate = _BITRATES[(mpeg1, layer)][bitrate_index] * 1000
    sample_rate = _RATES[version_bits][rate_index]
    padding = bool((b2 >> 1) & 1)
    channels = 1 if (b3 >> 6) == 3 else 2
    if layer == 1:
        samples = 384
        length = (12 * bitrate // sample_rate + padding) * 4
    elif layer == 2 or mpeg1:
        samples = 1152
        length = 144 * bitrate // sample_rate + padding
    else:
        samples = 576
        length = 72 * bitrate // sample_rate + padding
    return FrameHeader(
        mpeg1, version_bits, layer, bitrate, sample_rate, padding, channels, length, samples
    )


def _read_at(f: BinaryIO, offset: int, size: int) -> bytes:
    f.seek(offset)
    return f.read(size)


def audio_span(f: BinaryIO, size: int) -> tuple[int, int]:
    """``(start, end)`` of the bytes between the leading ID3v2 tags and the trailing tags."""
    start = 0
    while start + 10 <= size:
        head = _read_at(f, start, 10)
        if head[:3] != b"ID3" or head[3] == 0xFF or any(b & 0x80 for b in head[6:10]):
            break
        body = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
        footer = 10 if head[5] & 0x10 else 0
        start += 10 + body + footer
    start = min(start, size)
    end = size
    while True:
        before = end
        if end - 128 >= start and _read_at(f, end - 128, 3) == b"TAG":
            end -= 128
            if end - 227 >= start and _read_at(f, end - 227, 4) == b"TAG+":
                end -= 227
        if end - 32 >= start:
            ape = _read_at(f, end - 32, 32)
            if ape[:8] == b"APETAGEX":
                tag_size, _, flags = struct.unpack("<III", ape[12:24])
                total = tag_size + (32 if flags & 0x80000000 else 0)
                if 32 <= total <= end - start:
                    end -= total
        if end - 15 >= start and _read_at(f, end - 9, 9) == b"LYRICS200":
            digits = _read_at(f, end - 15, 6)
            if digits.isdigit() and int(digits) + 15 <= end - start:
                end -= int(digits) + 15
        if end == before:
            return start, end


def find_first_frame(f: BinaryIO, start: int, end: int, limit: int = 1 << 20) -> int | None:
    """Offset of the first frame that begins a run of :data:`MIN_RUN` valid frames."""
    window = _read_at(f, start, max(0, min(end - start, limit + 4 * 2881)))
    pos = window.find(b"\xff")
    while 0 <= pos < min(len(window), limit):
        if _run_ok(f, start + pos, end):
            return start + pos
        pos = window.find(b"\xff", pos + 1)
    return None


def _run_ok(f: BinaryIO, offset: int, end: int) -> bool:
    first: FrameHeader | None = None
    for _ in range(MIN_RUN):
        if offset == end and first is not None:
            return True  # a very short stream that ends cleanly
        raw = _read_at(f, offset, 4)
        if len(raw) < 4:
            return False
        h = parse_header(*raw)
        if h is None or (first is not None and h.key != first.key):
            return False
        first = first or h
        offset += h.length
        if offset > end:
            return False
    return True


@dataclass(frozen=True)
class VbrHeader:
    """The Xing/Info or VBRI header of the first frame."""

    kind: str
    """``Xing``, ``Info`` or ``VBRI``."""
    frames: int | None
    """Frame count after the header frame (``None`` when the header leaves it out)."""
    bytes: int | None
    """Byte count of the stream, header frame included (``None`` when left out)."""


def vbr_header(f: BinaryIO, offset: int) -> VbrHeader | None:
    """Read a Xing/Info (after the side information) or VBRI (at +36) header, if any."""
    raw = _read_at(f, offset, 4)
    h = parse_header(*raw) if len(raw) == 4 else None
    if h is None or h.layer != 3:
        return None
    frame = _read_at(f, offset, h.length)
    side = (32 if h.channels == 2 else 17) if h.mpeg1 else (17 if h.channels == 2 else 9)
    at = 4 + side
    tag = frame[at : at + 4]
    if tag in (b"Xing", b"Info") and len(frame) >= at + 8:
        flags = struct.unpack(">I", frame[at + 4 : at + 8])[0]
        pos = at + 8
        frames = count = None
        if flags & 1 and len(frame) >= pos + 4:
            frames = struct.unpack(">I", frame[pos : pos + 4])[0]
            pos += 4
        if flags & 2 and len(frame) >= pos + 4:
            count = struct.unpack(">I", frame[pos : pos + 4])[0]
        return VbrHeader(tag.decode("ascii"), frames, count)
    if frame[36:40] == b"VBRI" and len(frame) >= 54:
        count, frames = struct.unpack(">II", frame[46:54])
        return VbrHeader("VBRI", frames, count)
    return None


@dataclass(frozen=True)
class Walk:
    """What walking every frame found."""

    frames: int
    samples: int
    sample_rate: int
    channels: int
    layer: int
    audio_bytes: int
    """Bytes from the first frame to the end of the last whole frame."""
    truncated_by: int
    """Bytes the last frame is missing (0 when the stream ends on a frame boundary)."""
    junk: int
    """Bytes skipped between frames to regain sync."""


def walk_frames(f: BinaryIO, first: int, end: int, *, skip_header_frame: bool) -> Walk:
    """Follow every frame header from *first* to *end*, reading in :data:`CHUNK` blocks.

    When sync is lost (a corrupt frame), the walk searches forward for the next run of
    valid frames and counts the skipped bytes as junk.
    """
    raw = _read_at(f, first, 4)
    head = parse_header(*raw)
    assert head is not None, "walk_frames needs the offset of a valid frame"
    key = head.key
    frames = samples = junk = 0
    pos = first
    buf = b""
    buf_at = first
    truncated = 0
    if skip_header_frame:
        pos += head.length
    while pos < end:
        rel = pos - buf_at
        if rel < 0 or rel + 4 > len(buf):
            buf_at = pos
            buf = _read_at(f, pos, min(CHUNK, end - pos))
            rel = 0
            if len(buf) < 4:
                truncated = end - pos
                break
        h = parse_header(buf[rel], buf[rel + 1], buf[rel + 2], buf[rel + 3])
        if h is None or h.key != key:
            nxt = find_first_frame(f, pos + 1, end, limit=RESYNC)
            if nxt is None:  # nothing in this window: skip it and look further on
                step = min(RESYNC, end - pos)
                junk += step
                pos += step
                continue
            junk += nxt - pos
            pos = nxt
            continue
        if pos + h.length > end:
            truncated = pos + h.length - end
            break
        frames += 1
        samples += h.samples
        pos += h.length
    return Walk(
        frames=frames,
        samples=samples,
        sample_rate=head.sample_rate,
        channels=head.channels,
        layer=head.layer,
        audio_bytes=pos - first,
        truncated_by=truncated,
        junk=junk,
    )
