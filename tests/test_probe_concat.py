"""An MP3 holding more audio than its Xing/Info header says is measured by its frames (#12).

Issue #12: two files concatenated (``cat a.mp3 b.mp3``) keep the first file's header, whose
frame count covers only the first half: trusting it published 689 s for 1378 s of audio.
The probe checks the header's byte count (or a CBR ``Info`` header's frame count) against
the audio in the file and walks the frames when the file holds clearly more. Real files from
the ``lame`` encoder (tests/audiofiles.py), read back by ffprobe as the independent reader.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from audiofiles import make_variants

from spotlight_feed.audio.probe import measure

SECONDS = 6.0


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_variants(tmp_path_factory.mktemp("variants"), SECONDS)


def ffprobe_ms(path: Path) -> int:
    """ffprobe's duration, decoded packet by packet (not its header estimate)."""
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-count_packets",
            "-show_entries",
            "stream=nb_read_packets,sample_rate",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stream = json.loads(out)["streams"][0]
    return round(int(stream["nb_read_packets"]) * 1152 * 1000 / int(stream["sample_rate"]))


@pytest.mark.parametrize("name", ["lame-cbr", "lame-vbr"])
def test_two_files_concatenated_measure_twice_as_long(
    variants: dict[str, Path], tmp_path: Path, name: str
) -> None:
    one = measure(variants[name])
    assert one.method == "header"
    both = tmp_path / "both.mp3"
    both.write_bytes(variants[name].read_bytes() * 2)
    info = measure(both)
    assert info.method == "frames"
    # Twice the audio, give or take the second file's header frame and the encoder delay
    # and padding the walk cannot subtract (about 0.1 s).
    assert abs(info.duration_ms - 2 * one.duration_ms) < 120, (info, one)
    assert abs(info.duration_ms - ffprobe_ms(both)) <= 30


def test_a_single_file_keeps_its_exact_header_duration(variants: dict[str, Path]) -> None:
    for name in ("lame-cbr", "lame-vbr"):
        info = measure(variants[name])
        assert info.method == "header"
        assert abs(info.duration_ms - SECONDS * 1000) < 30, (name, info)


def test_a_few_stray_bytes_after_the_audio_keep_the_header(
    variants: dict[str, Path], tmp_path: Path
) -> None:
    """Below the tolerance (1 % or four frames) the header's exact duration stands."""
    src = variants["lame-cbr"]
    padded = tmp_path / "padded.mp3"
    padded.write_bytes(src.read_bytes() + b"\x00" * 200)
    assert measure(padded).method == "header"
    assert measure(padded).duration_ms == measure(src).duration_ms
