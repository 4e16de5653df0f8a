"""Sources in any format become gapless MP3s: read back by ffprobe, ffmpeg, mutagen and eyeD3.

Sources are made here: speech by espeak-ng, converted by sox and ffmpeg (Debian packages,
installed by scripts/test.sh). The Info/LAME frame is compared with the one the ``lame``
CLI writes for the same settings; decoded sample counts come from ffmpeg.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from systools import require

from spotlight_feed.audio import decode, encode, lametag, transcode
from spotlight_feed.audio.crc16 import crc16, crc16_bytes

RATE = 44100


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same ~6 s of speech as WAV (mono 22.05 kHz and stereo 44.1 kHz), FLAC, AIFF,
    M4A (AAC), Ogg Vorbis and Ogg Opus."""
    require("espeak-ng", "sox", "ffmpeg", "ffprobe", "lame")
    d = tmp_path_factory.mktemp("sources")
    speech = d / "speech.wav"
    run("espeak-ng", "-v", "en-us", "-s", "150", "-w", speech,
        "Welcome to the show. Today we talk about sound, loudness and the files apps expect.")  # fmt: skip
    out = {"wav-mono": speech}
    stereo = d / "stereo.wav"
    run("sox", speech, "-r", "44100", "-c", "2", stereo)
    out["wav"] = stereo
    out["flac"] = d / "speech.flac"
    run("sox", stereo, out["flac"])
    out["aiff"] = d / "speech.aiff"
    run("sox", stereo, out["aiff"])
    ff = ("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", stereo)
    out["m4a"] = d / "speech.m4a"
    run(*ff, "-c:a", "aac", "-b:a", "128k", out["m4a"])
    out["ogg"] = d / "speech.ogg"
    run(*ff, "-c:a", "libvorbis", "-q:a", "4", out["ogg"])
    out["opus"] = d / "speech.opus"
    run(*ff, "-c:a", "libopus", "-b:a", "64k", out["opus"])
    return out


def ffprobe(path: Path) -> dict[str, str]:
    doc = json.loads(run("ffprobe", "-v", "error", "-show_streams", "-of", "json", path))
    return dict(doc["streams"][0])


def decoded_samples(path: Path) -> int:
    """Samples per channel ffmpeg decodes (it trims the delay and padding of the LAME tag)."""
    pcm = subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(path), "-f", "s16le", "-"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    channels = int(ffprobe(path)["channels"])
    return len(pcm) // 2 // channels


def test_crc16_matches_the_bytewise_reference() -> None:
    rng = np.random.default_rng(1)
    for n in (0, 1, 4095, 4096, 100_003):
        data = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
        assert crc16(data) == crc16_bytes(data)
        assert crc16(data[n // 3 :], crc16(data[: n // 3])) == crc16_bytes(data)
    assert crc16_bytes(b"123456789") == 0xBB3D  # the CRC-16/ARC check value


@pytest.mark.parametrize(
    "settings,lame_args",
    [
        (encode.EncodeSettings(64, 1, 44100), ["-b", "64", "-m", "m"]),
        (encode.EncodeSettings(128, 2, 44100), ["-b", "128", "-m", "j"]),
    ],
)
def test_info_frame_is_lames(
    sources: dict[str, Path], tmp_path: Path, settings: encode.EncodeSettings, lame_args: list[str]
) -> None:
    """Our Info/LAME frame is the lame CLI's, except what lame alone knows (its lowpass,
    replay gain, flags, preset) and the CRCs (its frames differ in a few bits)."""
    src = sources["wav"]
    info = decode.inspect(src)
    ours = tmp_path / "ours.mp3"
    encode.encode_file(decode.blocks(src, info), info.sample_rate, settings, ours)
    theirs = tmp_path / "lame.mp3"
    mono = ["--resample", "44.1"]
    if settings.channels == 1:
        mono_wav = tmp_path / "mono.wav"
        run("sox", src, "-c", "1", mono_wav)
        src = mono_wav
    run("lame", "--quiet", "-q", "2", *lame_args, *mono, src, theirs)
    a, b = ours.read_bytes(), theirs.read_bytes()
    size = lametag.info_frame_size(settings.sample_rate, settings.channels, settings.bitrate)
    xing = a.find(b"Info")
    assert xing == b.find(b"Info") > 0
    lame = xing + 120
    # The header, but for the mode extension bits (lame copies them from a first audio frame
    # whose M/S decision varies; they mean nothing in a frame without audio).
    assert a[:3] == b[:3] and a[3] & 0xCF == b[3] & 0xCF
    assert a[xing : xing + 120] == b[xing : xing + 120]  # counts, bytes, TOC, quality
    assert a[lame : lame + 10] == b[lame : lame + 10]  # LAME3.100, revision and VBR method
    assert a[lame + 20 : lame + 24] == b[lame + 20 : lame + 24]  # bitrate, delay, padding
    assert a[lame + 28 : lame + 32] == b[lame + 28 : lame + 32]  # music length
    assert struct.unpack(">H", a[lame + 32 : lame + 34])[0] == crc16(a[size:])
    assert struct.unpack(">H", a[lame + 34 : lame + 36])[0] == crc16_bytes(a[: lame + 34])
    assert len(a) == len(b)


@pytest.mark.parametrize("kind", ["wav-mono", "wav", "flac", "aiff", "m4a", "ogg", "opus"])
def test_every_source_encodes_gapless(sources: dict[str, Path], tmp_path: Path, kind: str) -> None:
    import eyed3
    from mutagen.mp3 import MP3

    src = sources[kind]
    info = decode.inspect(src)
    settings = transcode.default_settings(info, None, None, 44100)
    got = transcode.prepare(src, settings, tmp_path / "cache", info=info)
    reference, ref_rate = sf.read(str(sources["wav"]))  # every source holds this speech
    want_s = len(reference) / ref_rate
    probe = ffprobe(got.mp3)
    assert probe["codec_name"] == "mp3"
    assert int(probe["sample_rate"]) == 44100
    assert int(probe["channels"]) == settings.channels
    assert abs(decoded_samples(got.mp3) / 44100 - want_s) < 0.05
    assert abs(MP3(got.mp3).info.length - want_s) < 0.05
    ed = eyed3.load(str(got.mp3))
    assert ed is not None and ed.info is not None
    lame = ed.info.lame_tag
    assert lame["encoder_version"] == "LAME3.100" and lame["vbr_method"] == "Constant Bitrate"
    exact = ed.info.xing_header.numFrames * 1152 - lame["encoder_delay"] - lame["encoder_padding"]
    assert abs(exact / 44100 - want_s) < 0.05
    # eyeD3's own time_secs for a CBR file is size / first frame length (the Info frame is
    # unpadded): 1-2 % long for any encoder's 44.1 kHz CBR file, the lame CLI's included.
    assert abs(ed.info.time_secs - want_s) < 0.02 * want_s + 0.03
    if info.lossless:  # sample-exact: what went in plays, no more, no less
        assert decoded_samples(got.mp3) == round(len(reference) * 44100 / ref_rate)


def test_same_source_same_bytes_and_cached(sources: dict[str, Path], tmp_path: Path) -> None:
    src = sources["flac"]
    info = decode.inspect(src)
    settings = transcode.default_settings(info, 96, 1, 44100)
    one = transcode.prepare(src, settings, tmp_path / "a")
    two = transcode.prepare(src, settings, tmp_path / "b")
    assert not one.cached and not two.cached
    assert one.mp3.read_bytes() == two.mp3.read_bytes()
    before = one.mp3.stat().st_mtime_ns
    again = transcode.prepare(src, settings, tmp_path / "a")
    assert again.cached and again.mp3 == one.mp3 and one.mp3.stat().st_mtime_ns == before
    other = transcode.prepare(src, transcode.default_settings(info, 64, 1, 44100), tmp_path / "a")
    assert other.mp3 != one.mp3  # a changed setting is a new encoding
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.startswith(".")]


def test_resampling_and_low_rate_info_frame(sources: dict[str, Path], tmp_path: Path) -> None:
    """22.05 kHz at 32 kbit/s: the Info tag does not fit a 104-byte frame, so it goes in a
    frame of a higher bitrate (the lame CLI writes no tag at all there)."""
    src = sources["wav"]
    info = decode.inspect(src)
    got = transcode.prepare(src, encode.EncodeSettings(32, 1, 22050), tmp_path / "c", info=info)
    assert abs(decoded_samples(got.mp3) - round(info.frames / 2)) <= 1
    assert int(ffprobe(got.mp3)["sample_rate"]) == 22050


def test_the_sample_mp3_is_not_touched(tmp_path: Path) -> None:
    from conftest import copy_sample

    from spotlight_feed.build import build
    from spotlight_feed.load.project import load_project
    from spotlight_feed.write.source_audio import published_source

    root = copy_sample(tmp_path / "show")
    project = load_project(root)
    ep = project.episodes[0]
    assert published_source(project, ep) == ep.audio_path
    build(root)
    assert not (root / ".spotlight-cache" / "audio").exists()


def test_missing_tool_is_not_needed_for_wav(sources: dict[str, Path]) -> None:
    assert shutil.which("ffmpeg")  # the tests' independent reader, not the build's decoder
    assert decode.inspect(sources["m4a"]).kind == "AAC"
    assert decode.inspect(sources["opus"]).kind == "Ogg Opus"
    assert decode.inspect(sources["aiff"]).lossless
