"""The one-pass tagged copy (audio.write): byte identity, tags skipped, re-tag, memory."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from audiofiles import lame, write_wav
from mutagen.apev2 import APEv2
from mutagen.id3 import ID3, TIT2

from spotlight_feed.audio.frames import Text
from spotlight_feed.audio.probe import measure
from spotlight_feed.audio.write import write_tagged


def _tag_size(path: Path) -> int:
    """The ID3v2 tag's whole size at the start of *path*, as mutagen reads it."""
    return int(ID3(path).size)


REPO = Path(__file__).resolve().parents[1]


def frames(title: str = "t") -> tuple[Text, ...]:
    return (Text("TIT2", (title,)),)


@pytest.fixture(scope="module")
def cbr(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cbr")
    return lame(write_wav(folder / "s.wav", 10.0), folder / "cbr.mp3", "-b", "128", "-t")


def test_audio_copied_once_behind_the_tag_and_old_tags_dropped(cbr: Path, tmp_path: Path) -> None:
    src = tmp_path / "src.mp3"
    src.write_bytes(cbr.read_bytes())
    old = ID3()
    old.add(TIT2(encoding=3, text=["old title"]))
    old.save(src, v1=2)  # leading ID3v2.4 and trailing ID3v1
    ape = APEv2()
    ape["Title"] = "ape"
    ape.save(src)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    old_tag = _tag_size(src)
    assert old_tag is not None
    dst = tmp_path / "out.mp3"
    size = write_tagged(src, dst, frames("new"))
    out = dst.read_bytes()
    tag = _tag_size(dst)
    assert tag is not None
    assert size == len(out) == tag + cbr.stat().st_size
    assert out[tag:] == cbr.read_bytes()
    # The audio keeps its offset modulo 64 KiB (whole-page kernel copies).
    assert (tag - old_tag) % 65536 == 0
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before  # source untouched
    assert not (tmp_path / "out.mp3.part").exists()
    assert ID3(dst)["TIT2"].text == ["new"]
    assert measure(dst).duration_ms == measure(cbr).duration_ms


def test_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_tagged(tmp_path / "missing.mp3", tmp_path / "out.mp3", frames())
    assert list(tmp_path.iterdir()) == []


CHILD = r"""
import json, resource, sys, tracemalloc
from pathlib import Path
from spotlight_feed.audio.frames import Text
from spotlight_feed.audio.probe import measure
from spotlight_feed.audio.write import write_tagged

src, dst, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
frames = (Text("TIT2", ("big",)),)
tracemalloc.start()
duration = None
if mode == "write":
    write_tagged(src, dst, frames)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
if mode == "write":
    duration = measure(dst).duration_ms  # streams the frames: covered by maxrss
print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "peak": peak, "duration_ms": duration}))
"""


def test_memory_is_flat_for_a_200_mb_file(cbr: Path, tmp_path: Path) -> None:
    chunk = cbr.read_bytes()  # 10 s of 128 kbit/s CBR frames, no Xing header
    src = tmp_path / "big.mp3"
    repeats = -(-200 * 1024 * 1024 // len(chunk))
    with src.open("wb") as f:
        for _ in range(repeats):
            f.write(chunk)
    dst = tmp_path / "big-tagged.mp3"

    def run(mode: str) -> dict[str, int]:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(src), str(dst), mode],
            check=True,
            capture_output=True,
            text=True,
        )
        return dict(json.loads(proc.stdout))

    base = run("baseline")
    got = run("write")
    assert src.stat().st_size >= 200 * 1024 * 1024
    tag = _tag_size(dst)
    assert tag is not None and tag % 65536 == 0
    assert dst.stat().st_size == src.stat().st_size + tag
    # Peak RSS grows by a few MB at most for a 200 MB file; Python allocations stay tiny.
    assert got["maxrss_kb"] - base["maxrss_kb"] < 16 * 1024, (base, got)
    assert got["peak"] < 4 * 1024 * 1024, got
    # The frame walk (no Xing header) measured the whole file: repeats × the chunk's length.
    assert abs(got["duration_ms"] - repeats * measure(cbr).duration_ms) <= repeats
