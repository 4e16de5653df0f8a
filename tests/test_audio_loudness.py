"""The streaming BS.1770 meter against ffmpeg's ebur128 filter and pyloudnorm; the check report."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
import soundfile as sf
from click.testing import CliRunner
from release_util import make_show
from systools import require

from spotlight_feed.audio import loudness
from spotlight_feed.build import build
from spotlight_feed.cli import main
from spotlight_feed.lint import check


def ffmpeg_ebur128(path: Path) -> tuple[float, float, float]:
    """(integrated LUFS, LRA LU, true peak dBTP)."""
    err = subprocess.run(
        ["ffmpeg", "-nostdin", "-nostats", "-hide_banner", "-i", str(path),
         "-af", "ebur128=peak=true", "-f", "null", "-"],
        check=True, capture_output=True, text=True,
    ).stderr  # fmt: skip
    s = err[err.rindex("Summary:") :]

    def num(pattern: str) -> float:
        m = re.search(pattern, s)
        assert m, s
        return float(m.group(1))

    return (
        num(r"I:\s+(-?[\d.]+) LUFS"),
        num(r"LRA:\s+(-?[\d.]+) LU"),
        num(r"True peak:\s+Peak:\s+(-?[\d.]+) dBFS"),
    )


def ours(path: Path, block: int = 1 << 16) -> loudness.Loudness:
    data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    blocks = (data[i : i + block] for i in range(0, len(data), block))
    return loudness.measure(blocks, rate, data.shape[1])


@pytest.fixture(scope="module")
def signals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require("espeak-ng", "sox", "ffmpeg")
    d = tmp_path_factory.mktemp("signals")
    out = {}
    speech = d / "speech.wav"
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-w", str(speech),
         "Loudness is measured in blocks of four hundred milliseconds. Quiet parts are gated "
         "away, so pauses between sentences do not make a programme seem quieter than it is."],
        check=True,
    )  # fmt: skip
    out["speech-22k-mono"] = speech
    stereo = d / "speech-48k.wav"
    subprocess.run(["sox", str(speech), "-r", "48000", "-c", "2", str(stereo)], check=True)
    out["speech-48k-stereo"] = stereo
    rng = np.random.default_rng(3)
    rate = 44100
    # Noise whose level steps every 3 s: a loudness range of several LU.
    levels = np.repeat([0.015, 0.15, 0.04, 0.08, 0.18, 0.01], 3 * rate)  # peaks under 1
    noise = (rng.standard_normal(len(levels)) * levels).astype(np.float32)
    out["noise-steps"] = d / "noise.wav"
    sf.write(str(out["noise-steps"]), np.stack([noise, noise * 0.5], axis=1), rate)
    return out


@pytest.mark.parametrize("name", ["speech-22k-mono", "speech-48k-stereo", "noise-steps"])
def test_meter_agrees_with_ffmpeg_and_pyloudnorm(signals: dict[str, Path], name: str) -> None:
    path = signals[name]
    got = ours(path)
    integrated, lra, peak = ffmpeg_ebur128(path)
    assert abs(got.integrated - integrated) <= 0.15, (got, integrated)
    assert abs(got.lra - lra) <= 0.6, (got.lra, lra)
    assert abs(got.true_peak - peak) <= 0.3, (got.true_peak, peak)
    data, rate = sf.read(str(path))
    assert abs(got.integrated - pyloudnorm.Meter(rate).integrated_loudness(data)) <= 0.15
    small = ours(path, block=1001)  # streaming: the block size changes nothing
    assert small.integrated == pytest.approx(got.integrated, abs=1e-6)
    assert small.true_peak == pytest.approx(got.true_peak, abs=1e-6)


def test_calibration_sine() -> None:
    """BS.1770-4: a 0 dBFS 1 kHz sine in one channel reads -3.01 LUFS."""
    rate = 48000
    t = np.arange(10 * rate) / rate
    x = (0.1 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)[:, None]
    got = loudness.measure([x], rate, 1)
    assert got.integrated == pytest.approx(-23.01, abs=0.05)
    assert loudness.measure([np.zeros((rate * 5, 1), np.float32)], rate, 1).integrated == float(
        "-inf"
    )


def test_true_peak_sees_between_samples() -> None:
    """A sine at a quarter of the rate, sampled 45° off its crests: the samples reach only
    0.707 of the amplitude, the signal itself 1.0."""
    rate = 48000
    n = np.arange(rate)
    x = (0.9 * np.sin(np.pi / 2 * n + np.pi / 4)).astype(np.float32)[:, None]
    got = loudness.measure([x], rate, 1)
    assert got.sample_peak == pytest.approx(20 * np.log10(0.9 * 0.7071), abs=0.05)
    assert got.true_peak == pytest.approx(20 * np.log10(0.9), abs=0.2)


def test_check_reports_loudness_and_spread(
    tmp_path: Path, tone_mp3: Path, signals: dict[str, Path]
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    quiet = root / "media" / "ep01.wav"
    loud = root / "media" / "ep02.wav"
    subprocess.run(["sox", str(signals["speech-22k-mono"]), str(quiet), "gain", "-12"], check=True)
    shutil.copyfile(signals["speech-22k-mono"], loud)
    for i, src in ((1, quiet), (2, loud)):
        (root / "media" / f"ep{i:02d}.mp3").unlink()
        meta = root / "episodes" / f"ep{i:02d}" / "episode.yaml"
        meta.write_text(meta.read_text().replace(f"ep{i:02d}.mp3", src.name))
    build(root)
    found = [str(f) for f in check(root) if "loudness" in f.message]
    assert any(
        f.startswith("episodes/ep01/episode.yaml: warning: loudness: -3")
        and "under the apple target of -19 LUFS for mono" in f
        for f in found
    ), found
    assert any(f.startswith("podcast.yaml: warning: loudness: episodes differ by 1") for f in found)
    table = CliRunner().invoke(main, ["loudness", "-C", str(root)])
    assert table.exit_code == 0, table.output
    rows = table.output.splitlines()
    assert rows[0].split()[:4] == ["episode", "LUFS", "LRA", "dBTP"]
    assert sorted(r.split()[0] for r in rows[1:3]) == ["ep01", "ep02"]
    assert rows[-1].startswith("spread between episodes: 1")
    # Normalising both brings them together: no more loudness warnings.
    show = root / "podcast.yaml"
    show.write_text(show.read_text() + "encode:\n  normalize: true\n")
    build(root)
    assert [str(f) for f in check(root) if "loudness" in f.message] == []
