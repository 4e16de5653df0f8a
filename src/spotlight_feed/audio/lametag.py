"""The Info/LAME header frame that makes a CBR MP3 gapless and exactly measurable.

An MP3 encoder adds silence: LAME delays the signal by 576 samples and pads the last frame
(encoder delay and padding). Decoders can only trim it when the file says how much, in the
LAME extension of a Xing/Info header: the first MPEG frame of the file, silent, carrying the
frame count, the byte count, a seek table and the delay/padding (the "Info" tag is the CBR
spelling of "Xing"). ``lameenc`` (LAME linked in) writes no such frame, so this module builds
it, byte for byte as the LAME 3.100 CLI does (checked against ``lame`` in
``tests/test_audio_encode.py``).

Layout (Gabriel Bouvigne's "Mp3 Info Tag rev 1 specifications", http://gabriel.mp3-tech.org/
mp3infotag.html, and LAME's ``libmp3lame/VbrTag.c``):

* the 4-byte frame header, then the side information as zeros (17 or 32 bytes for MPEG-1
  mono/stereo, 9 or 17 for MPEG-2/2.5);
* ``Info``, flags ``0x0F`` (frames, bytes, TOC, quality present), frame count (the audio
  frames, this one excluded), byte count (the whole stream, this frame included), a 100-entry
  TOC (byte position of each percent of the play time, in 1/256ths of the stream), quality;
* the 36-byte LAME extension: ``LAME3.100``, tag revision and VBR method, lowpass, replay
  gain (left empty), flags, bitrate, the 12-bit encoder delay and padding, misc, MP3 gain,
  preset, the music length, the CRC-16 of the audio frames and the CRC-16 of this frame up
  to the CRC itself (CRC-16/ARC, polynomial 0x8005 reflected).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from . import mpeg
from .crc16 import crc16_bytes

ENCODER_DELAY = 576
"""Samples of delay LAME 3.100 adds before the signal (``lame_get_encoder_delay``)."""

VERSION = b"LAME3.100"

_XING_FLAGS = 0x0F
_LAME_LEN = 36
_XING_LEN = 4 + 4 + 4 + 4 + 100 + 4


def side_info_len(mpeg1: bool, channels: int) -> int:
    """Bytes of side information after the header (ISO/IEC 11172-3 §2.4.1.7)."""
    if mpeg1:
        return 17 if channels == 1 else 32
    return 9 if channels == 1 else 17


@dataclass(frozen=True)
class StreamFacts:
    """What the Info frame describes: the encoded audio frames behind it."""

    header: bytes
    """The first audio frame's 4-byte header (its version, rate and channel mode are reused)."""
    frames: int
    audio_bytes: int
    """Bytes of the audio frames (the Info frame excluded)."""
    frame_ends: tuple[int, ...]
    """For each percent *k* of the frames, the audio bytes up to the end of frame
    ``k * frames // 100`` (100 entries; the TOC is made of them as LAME makes it)."""
    samples: int
    """Samples per channel of the signal before encoding (at the output rate)."""
    music_crc: int
    bitrate_kbps: int
    quality: int


def info_frame(facts: StreamFacts) -> bytes:
    """The complete Info/LAME frame to put before the audio frames."""
    head = mpeg.parse_header(*facts.header)
    if head is None or head.layer != 3:
        raise ValueError("not an MPEG Layer III frame header")
    side = side_info_len(head.mpeg1, head.channels)
    need = 4 + side + _XING_LEN + _LAME_LEN
    header = _header_for(facts.header, need)
    frame_len = mpeg.parse_header(*header)
    assert frame_len is not None
    size = frame_len.length
    total = size + facts.audio_bytes
    padding = facts.frames * head.samples - facts.samples - ENCODER_DELAY
    if not 0 <= padding < 4096 or facts.frames <= 0:
        raise ValueError(f"impossible encoder padding {padding} for {facts.frames} frames")

    toc = bytes([0]) + bytes(
        min(255, end * 256 // facts.audio_bytes) for end in facts.frame_ends[1:100]
    )
    xing = (
        b"Info"
        + struct.pack(">III", _XING_FLAGS, facts.frames, total)
        + toc
        + struct.pack(">I", 100 - 10 * 4 - facts.quality)  # LAME: 100 - 10*VBR_q - quality
    )
    mode = (facts.header[3] >> 6) & 3  # 0 stereo, 1 joint, 2 dual, 3 mono
    stereo_mode = {0: 1, 1: 3, 2: 2, 3: 0}[mode]
    rate = head.sample_rate
    freq = 0 if rate < 32000 else 1 if rate == 44100 else 2 if rate == 48000 else 3
    misc = (freq << 6) | (stereo_mode << 2)
    lame_ext = (
        VERSION
        + bytes([0x01])  # tag revision 0, VBR method 1 (constant bitrate)
        + bytes([0])  # lowpass unknown
        + b"\x00" * 4  # peak amplitude: not computed
        + b"\x00" * 4  # radio and audiophile replay gain: not set
        + bytes([0])  # encoding flags, ATH type
        + bytes([min(255, facts.bitrate_kbps)])
        + bytes([ENCODER_DELAY >> 4, ((ENCODER_DELAY & 0xF) << 4) | (padding >> 8), padding & 0xFF])
        + bytes([misc, 0])  # misc; MP3 gain
        + struct.pack(">H", 0)  # preset and surround: none
        + struct.pack(">I", total)
        + struct.pack(">H", facts.music_crc)
    )
    body = bytearray(header + bytes(side) + xing + lame_ext)
    body += struct.pack(">H", crc16_bytes(bytes(body)))
    body += bytes(size - len(body))
    return bytes(body)


def _header_for(first: bytes, need: int) -> bytes:
    """The Info frame's header: the audio's, unpadded, at a bitrate whose frame holds *need*.

    At low rates (32 kbit/s at 22.05 kHz: 104-byte frames) the tag does not fit, and LAME
    then writes the Info frame at a higher bitrate; decoders skip the frame either way.
    """
    b2 = first[2] & 0x0D  # keep the sample rate index and private bit; no padding
    for index in range((first[2] >> 4), 15):
        cand = bytes([first[0], first[1] | 0x01, b2 | (index << 4), first[3] & 0xCF])
        parsed = mpeg.parse_header(*cand)
        if parsed is not None and parsed.length >= need:
            return cand
    raise ValueError("no MPEG bitrate gives a frame large enough for the Info tag")


def header_for_settings(sample_rate: int, channels: int, bitrate_kbps: int) -> bytes:
    """The frame header LAME writes for these settings (no CRC, "original" set, unpadded)."""
    found = [(v, r) for v, r in mpeg._RATES.items() if sample_rate in r]
    if not found:
        raise ValueError(f"MP3 cannot carry {sample_rate} Hz")
    version_bits, rates = found[0]
    table = mpeg._BITRATES[(version_bits == 3, 3)]
    if bitrate_kbps not in table[1:]:
        raise ValueError(
            f"{bitrate_kbps} kbit/s is not an MP3 bitrate at {sample_rate} Hz; use one of "
            + ", ".join(str(b) for b in table[1:])
        )
    mode = 3 if channels == 1 else 1  # mono, or joint stereo (LAME's default)
    return bytes(
        [
            0xFF,
            0xE0 | (version_bits << 3) | (1 << 1) | 1,
            (table.index(bitrate_kbps) << 4) | (rates.index(sample_rate) << 2),
            (mode << 6) | 0x04,
        ]
    )


def info_frame_size(sample_rate: int, channels: int, bitrate_kbps: int) -> int:
    """Bytes of the Info frame :func:`info_frame` will make for these settings."""
    first = header_for_settings(sample_rate, channels, bitrate_kbps)
    head = mpeg.parse_header(*first)
    assert head is not None
    need = 4 + side_info_len(head.mpeg1, head.channels) + _XING_LEN + _LAME_LEN
    parsed = mpeg.parse_header(*_header_for(first, need))
    assert parsed is not None
    return parsed.length
