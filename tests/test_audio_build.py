"""A show with WAV, FLAC and M4A sources builds; normalised episodes meet the target.

Every output MP3 is read by ffprobe, mutagen and eyeD3; loudness is measured by ffmpeg's
``ebur128`` filter (an independent meter). Bad sources fail the build with
``episode.yaml:<line>: audio: <file>: <why>``, and leave inputs and ``dist/`` untouched.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from release_util import make_show, tree_digest
from systools import require

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.cli import main

FF = ("ffmpeg", "-nostdin", "-loglevel", "error", "-y")


def run(*args: str | Path) -> None:
    subprocess.run([str(a) for a in args], check=True, capture_output=True)


def ebur128(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) by ffmpeg."""
    err = subprocess.run(
        ["ffmpeg", "-nostdin", "-nostats", "-hide_banner", "-i", str(path),
         "-af", "ebur128=peak=true", "-f", "null", "-"],
        check=True, capture_output=True, text=True,
    ).stderr  # fmt: skip
    summary = err[err.rindex("Summary:") :]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))  # type: ignore[union-attr]
    return integrated, peak


def seconds(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return float(out)


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require("espeak-ng", "sox", "ffmpeg", "ffprobe")
    d = tmp_path_factory.mktemp("speech")
    raw = d / "raw.wav"
    run("espeak-ng", "-v", "en-us", "-s", "140", "-w", raw,
        "This is a test episode. It is quiet on purpose, so that normalisation has work to "
        "do. Podcast apps expect about minus sixteen LUFS.")  # fmt: skip
    wav = d / "speech.wav"  # quiet (about -30 LUFS), stereo, 48 kHz: every step has work
    run("sox", "-R", raw, "-r", "48000", "-c", "2", wav, "gain", "-10")
    flac = d / "speech.flac"
    run("sox", "-R", wav, "-r", "44100", flac)
    m4a = d / "speech.m4a"
    run(*FF, "-i", wav, "-c:a", "aac", "-b:a", "128k", m4a)
    mono = d / "mono.wav"
    run("sox", "-R", raw, "-r", "44100", mono, "gain", "-6")
    return {"wav": wav, "flac": flac, "m4a": m4a, "mono": mono}


def make(root: Path, tone_mp3: Path, speech: dict[str, Path], kinds: list[str]) -> Path:
    make_show(root, tone_mp3, episodes=len(kinds))
    for i, kind in enumerate(kinds, start=1):
        src = speech[kind]
        name = f"ep{i:02d}{src.suffix}"
        (root / "media" / f"ep{i:02d}.mp3").unlink()
        shutil.copyfile(src, root / "media" / name)
        meta = root / "episodes" / f"ep{i:02d}" / "episode.yaml"
        meta.write_text(meta.read_text().replace(f"media/ep{i:02d}.mp3", f"media/{name}"))
    return root


def test_wav_flac_m4a_show_builds(tmp_path: Path, tone_mp3: Path, speech: dict[str, Path]) -> None:
    import eyed3
    from mutagen.mp3 import MP3

    root = make(tmp_path / "show", tone_mp3, speech, ["wav", "flac", "m4a"])
    report = build(root)
    for i, kind in enumerate(["wav", "flac", "m4a"], start=1):
        mp3 = report.out_dir / "episodes" / f"ep{i:02d}" / f"ep{i:02d}.mp3"
        want = seconds(speech[kind])
        assert abs(seconds(mp3) - want) < 0.05, kind
        tagged = MP3(mp3)
        assert abs(tagged.info.length - want) < 0.05, kind
        assert tagged.tags["TIT2"].text == [f"Episode {i}"]
        ed = eyed3.load(str(mp3))
        assert ed is not None and ed.tag is not None and ed.tag.title == f"Episode {i}"
        lame = ed.info.lame_tag
        frames = ed.info.xing_header.numFrames * 1152
        assert abs((frames - lame["encoder_delay"] - lame["encoder_padding"]) / 44100 - want) < 0.05
    feed = (report.out_dir / "feed.xml").read_text()
    assert feed.count('type="audio/mpeg"') == 3
    # The second build encodes nothing: the cache holds the MP3s, dist/ is reused as it is.
    cached = sorted((root / ".spotlight-cache" / "audio").glob("*.mp3"))
    assert len(cached) == 3
    stamps = [p.stat().st_mtime_ns for p in cached]
    shutil.rmtree(report.out_dir)
    again = build(root)
    assert [p.stat().st_mtime_ns for p in cached] == stamps
    assert (again.out_dir / "feed.xml").read_text() == feed


def test_normalised_episodes_meet_the_apple_target(
    tmp_path: Path, tone_mp3: Path, speech: dict[str, Path]
) -> None:
    root = make(tmp_path / "show", tone_mp3, speech, ["wav", "flac", "mono"])
    show = root / "podcast.yaml"
    show.write_text(show.read_text() + "encode:\n  normalize: true\n")
    report = build(root)
    targets = {"wav": -16.0, "flac": -16.0, "mono": -19.0}
    for i, kind in enumerate(targets, start=1):
        mp3 = report.out_dir / "episodes" / f"ep{i:02d}" / f"ep{i:02d}.mp3"
        integrated, peak = ebur128(mp3)
        assert abs(integrated - targets[kind]) <= 0.5, (kind, integrated)
        assert peak <= -1.0, (kind, peak)
        assert abs(seconds(mp3) - seconds(speech[kind])) < 0.05
    before, _ = ebur128(speech["wav"])
    assert before < -24  # the source really was quiet


def _bad_sources(d: Path, speech: dict[str, Path]) -> dict[str, tuple[Path, str]]:
    wav = speech["mono"].read_bytes()
    out: dict[str, tuple[Path, str]] = {}
    p = d / "truncated.wav"
    p.write_bytes(wav[: len(wav) // 2])
    out["truncated wav"] = (p, "the file is truncated or its header size is wrong")
    p = d / "header.wav"
    data = bytearray(wav)
    pos = data.find(b"data")
    data[pos + 4 : pos + 8] = (len(wav) * 3).to_bytes(4, "little")
    p.write_bytes(bytes(data))
    out["wrong header size"] = (p, "WAV header announces")
    p = d / "empty.wav"
    run("sox", "-n", "-r", "44100", "-c", "1", "-b", "16", p, "trim", "0", "0")
    out["0 samples"] = (p, "no audio (0 samples)")
    p = d / "cut.flac"
    flac = speech["flac"].read_bytes()
    p.write_bytes(flac[: len(flac) // 2])
    out["truncated flac"] = (p, "audio is corrupt or truncated: decoding stops after")
    p = d / "huge.flac"  # STREAMINFO says 25 hours (a 36-bit sample count at byte 21)
    head = bytearray(flac)
    field = int.from_bytes(head[18:26], "big")
    field = (field & ~((1 << 36) - 1)) | (25 * 3600 * 44100)
    head[18:26] = field.to_bytes(8, "big")
    p.write_bytes(bytes(head))
    out["25 hours"] = (p, "announces 25.0 hours of audio, more than the 24 hours accepted")
    p = d / "garbage.flac"
    p.write_bytes(b"fLaC" + bytes(range(256)) * 40)
    out["corrupt flac"] = (p, "not a readable FLAC file")
    p = d / "video.m4a"  # an M4A whose only stream is not audio a podcast app plays
    run(*FF, "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "pcm_s16be",
        "-f", "mov", p)  # fmt: skip
    out["unsupported codec"] = (p, "audio codec 'pcm_s16be' is not supported")
    p = d / "notes.xyz"
    p.write_text("hello")
    out["unknown type"] = (p, "unsupported audio file type '.xyz'")
    return out


def test_bad_sources_fail_cleanly(tmp_path: Path, tone_mp3: Path, speech: dict[str, Path]) -> None:
    root = make(tmp_path / "show", tone_mp3, speech, ["mono"])
    good = build(root).out_dir
    dist_before = tree_digest(good)
    meta = root / "episodes" / "ep01" / "episode.yaml"
    line = next(
        n for n, text in enumerate(meta.read_text().splitlines(), 1) if text.startswith("audio:")
    )
    for case, (src, message) in _bad_sources(tmp_path, speech).items():
        target = root / "media" / src.name
        shutil.copyfile(src, target)
        meta.write_text(re.sub(r"audio: .*", f"audio: media/{src.name}", meta.read_text()))
        inputs = tree_digest(root, skip=("dist", ".spotlight-cache"))
        result = CliRunner().invoke(main, ["build", "-C", str(root)])
        assert result.exit_code != 0, case
        assert "Traceback" not in result.output, (case, result.output)
        assert f"episodes/ep01/episode.yaml:{line}: audio: media/{src.name}: " in result.output, (
            case, result.output)  # fmt: skip
        assert message in result.output, (case, result.output)
        assert tree_digest(root, skip=("dist", ".spotlight-cache")) == inputs
        assert tree_digest(good) == dist_before, case
        assert not list((root / ".spotlight-cache" / "audio").glob(".encode-*"))


def test_no_encoded_file_passes_the_true_peak_limit(tmp_path: Path) -> None:
    """Clicks over a quiet buzz: the limiter holds -2 dBTP, but Opus at 32 kbit/s overshot to
    +0.7 dBTP and AAC to -0.6 (measured before the fix). Each encoded file's own true peak,
    by ffmpeg's meter, must be at or under Apple's -1 dBTP."""
    import numpy as np
    import soundfile as sf

    from spotlight_feed.audio import transcode
    from spotlight_feed.audio.encode import EncodeSettings

    rate = 44100
    t = np.arange(rate * 4) / rate
    x = 0.08 * np.sign(np.sin(2 * np.pi * 180 * t)) * (np.sin(2 * np.pi * 3 * t) > 0)
    for i in range(0, len(t) - 64, 2205):
        x[i : i + 3] = [0.9, -0.9, 0.9]
    x += 0.01 * np.random.default_rng(7).standard_normal(len(t))
    src = tmp_path / "clicks.wav"
    sf.write(src, np.stack([x, x], 1).astype(np.float32), rate, subtype="PCM_16")
    settings, target = EncodeSettings(64, 1, rate), transcode.Target(-16.0, -1.0)
    cache = tmp_path / "cache"
    files = [transcode.prepare(src, settings, cache, target).mp3] + [
        transcode.prepare_alternate(src, settings, cache, kind, target).path
        for kind in ("aac", "opus")
    ]
    peaks = {f.suffix: ebur128(f)[1] for f in files}
    assert all(peak <= -1.0 for peak in peaks.values()), peaks


def test_alternates_are_published(tmp_path: Path, tone_mp3: Path, speech: dict[str, Path]) -> None:
    """AAC and Opus beside the MP3: podcast:alternateEnclosure with length, bitrate and a
    sha384 integrity that match the files, readable by ffprobe, as loud as the MP3, on the page."""
    import base64
    import hashlib

    from lxml import etree, html

    root = make(tmp_path / "show", tone_mp3, speech, ["flac", "m4a"])
    show = root / "podcast.yaml"
    show.write_text(show.read_text() + "encode:\n  normalize: true\n  alternates: [aac, opus]\n")
    report = build(root)
    assert any("ep02" in n and "not lossless" in n for n in report.notes), report.notes
    dist = report.out_dir
    ns = {"podcast": "https://podcastindex.org/namespace/1.0"}
    items = etree.parse(str(dist / "feed.xml")).findall("channel/item")
    by_guid = {i.findtext("guid"): i for i in items}
    first = by_guid["tiny-0001"]
    alts = first.findall("podcast:alternateEnclosure", ns)
    assert [(a.get("type"), a.get("codecs"), a.get("default")) for a in alts] == [
        ("audio/mpeg", "mp3", "true"),
        ("audio/mp4", "mp4a.40.2", None),
        ("audio/ogg", "opus", None),
    ]
    enclosure = first.find("enclosure")
    assert alts[0].find("podcast:source", ns).get("uri") == enclosure.get("url")
    want = seconds(speech["flac"])
    mp3_loudness, _ = ebur128(dist / "episodes/ep01/ep01.mp3")
    for alt in alts:
        uri = alt.find("podcast:source", ns).get("uri")
        rel = uri.split("/pod/", 1)[1]
        data = (dist / rel).read_bytes()
        assert int(alt.get("length")) == len(data)
        integrity = alt.find("podcast:integrity", ns)
        assert integrity.get("type") == "sri"
        assert (
            integrity.get("value")
            == "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
        )
        assert abs(int(alt.get("bitrate")) - len(data) * 8 / want) < 0.02 * len(data) * 8 / want
        assert abs(seconds(dist / rel) - want) < 0.05, rel
        integrated, peak = ebur128(dist / rel)
        assert abs(integrated - mp3_loudness) <= 0.7, (rel, integrated, mp3_loudness)
        assert peak <= -1.0, (rel, peak)
    assert not by_guid["tiny-0002"].findall("podcast:alternateEnclosure", ns)
    page = html.parse(str(dist / "episodes/ep01/index.html"))
    links = {a.get("href"): a.get("type") for a in page.iter("a") if a.get("download") is not None}
    assert links["ep01.m4a"] == "audio/mp4" and links["ep01.opus"] == "audio/ogg"
    # Same inputs, same bytes: a second build from scratch publishes identical alternates.
    before = {p.name: p.read_bytes() for p in (dist / "episodes/ep01").glob("ep01.*")}
    shutil.rmtree(root / ".spotlight-cache")
    again = build(root, BuildOptions(force=True))
    after = {p.name: p.read_bytes() for p in (again.out_dir / "episodes/ep01").glob("ep01.*")}
    assert after == before
