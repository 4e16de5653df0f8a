"""Real MP3 files for the audio tests, made with the lame and ffmpeg CLIs (Debian packages).

The test signal is 2 s of loud white noise then quiet tone: a VBR encoder spends many bits
on the noise and few on the tone, so the first frame's bitrate says little about the rest
(the case where a size/bitrate estimate of the duration goes badly wrong).
"""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np
from systools import require

RATE = 44100


def write_wav(path: Path, seconds: float, *, rate: int = RATE, noise_s: float = 2.0) -> Path:
    """A deterministic stereo 16-bit WAV: *noise_s* of white noise, then a quiet 300 Hz tone."""
    n = int(seconds * rate)
    t = np.arange(n) / rate
    rng = np.random.default_rng(4)
    signal = 0.02 * np.sin(2 * np.pi * 300 * t)
    k = int(noise_s * rate)
    signal[:k] = rng.uniform(-0.6, 0.6, k)
    pcm = (np.repeat(signal[:, None], 2, axis=1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def lame(wav: Path, out: Path, *args: str) -> Path:
    """Encode with the lame CLI (``-t``: no Xing/Info header)."""
    require("lame")
    subprocess.run(["lame", "--quiet", *args, str(wav), str(out)], check=True)
    return out


def ffmpeg(wav: Path, out: Path, *args: str) -> Path:
    """Encode with ffmpeg's libmp3lame (``-write_xing 0``: no Xing header)."""
    require("ffmpeg")
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(wav), *args, str(out)],
        check=True,
    )
    return out


def make_variants(folder: Path, seconds: float = 20.0) -> dict[str, Path]:
    """CBR and VBR, with and without a Xing header, by lame and by ffmpeg."""
    folder.mkdir(parents=True, exist_ok=True)
    wav = write_wav(folder / "signal.wav", seconds)
    return {
        "lame-cbr": lame(wav, folder / "lame-cbr.mp3", "-b", "128"),
        "lame-cbr-noxing": lame(wav, folder / "lame-cbr-noxing.mp3", "-b", "128", "-t"),
        "lame-vbr": lame(wav, folder / "lame-vbr.mp3", "-V", "2"),
        "lame-vbr-noxing": lame(wav, folder / "lame-vbr-noxing.mp3", "-V", "2", "-t"),
        "ffmpeg-cbr": ffmpeg(wav, folder / "ffmpeg-cbr.mp3", "-c:a", "libmp3lame", "-b:a", "96k"),
        "ffmpeg-vbr": ffmpeg(wav, folder / "ffmpeg-vbr.mp3", "-c:a", "libmp3lame", "-q:a", "2"),
        "ffmpeg-vbr-noxing": ffmpeg(
            wav,
            folder / "ffmpeg-vbr-noxing.mp3",
            "-c:a",
            "libmp3lame",
            "-q:a",
            "2",
            "-write_xing",
            "0",
        ),
    }


def mpeg_audio(path: Path) -> bytes:
    """The bytes between the leading ID3v2 tag(s) and any trailing tags (independent parse)."""
    data = path.read_bytes()
    start = 0
    while data[start : start + 3] == b"ID3":
        h = data[start + 6 : start + 10]
        start += 10 + ((h[0] << 21) | (h[1] << 14) | (h[2] << 7) | h[3])
    end = len(data)
    if data[end - 128 : end - 125] == b"TAG":
        end -= 128
    return data[start:end]
