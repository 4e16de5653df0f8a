"""The MP3s' embedded art is made once and kept, and a kept JPEG is used only when sealed.

:mod:`spotlight_feed.write.art_cache`: a build keeps each embedded JPEG under
``.spotlight-cache/art/`` with a seal of its ``fstat``; a later build that tags an MP3
takes it from there instead of decoding and shrinking the cover again (issue #11). A
file the seal does not describe (written over, copied with the show, crafted) is made
again, so the MP3 embeds what a cold build embeds whatever the cache holds.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from PIL import Image
from release_util import make_show

import spotlight_feed
from spotlight_feed.audio.art import COVER_PX, jpeg_art
from spotlight_feed.write import art_cache

OPTS = spotlight_feed.BuildOptions(source_date_epoch=None, jobs=1)


def _apic(root: Path, slug: str) -> bytes:
    (mp3,) = (root / "dist").glob(f"**/{slug}*.mp3")
    data: bytes = ID3(mp3).getall("APIC")[0].data
    return data


def _retitle(root: Path, slug: str, title: str) -> None:
    meta = root / "episodes" / slug / "episode.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("title: Episode", f"title: {title} Episode", 1), "utf-8")


def _made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the JPEGs made (not taken from the cache) from now on."""
    made: list[int] = []
    real = art_cache.jpeg_art

    def counting(source: object, max_px: int = COVER_PX) -> bytes:
        made.append(max_px)
        return real(source, max_px)  # type: ignore[arg-type]

    monkeypatch.setattr(art_cache, "jpeg_art", counting)
    return made


def _other_jpeg(path: Path) -> bytes:
    Image.new("RGB", (64, 64), (200, 0, 0)).save(path.with_suffix(".png"), format="PNG")
    return jpeg_art(path.with_suffix(".png"))


def test_a_rebuild_takes_the_cover_from_the_cache(
    tmp_path: Path, tone_mp3: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 3)
    made = _made(monkeypatch)
    spotlight_feed.build(root, OPTS)
    assert made == [COVER_PX]  # one cover for the three MP3s
    want = jpeg_art(root / "media/cover.png")
    assert _apic(root, "ep01") == want
    kept = sorted(p.suffix for p in (root / ".spotlight-cache/art").iterdir())
    assert kept == [".jpg", ".seal"]
    made.clear()
    _retitle(root, "ep02", "New")
    assert spotlight_feed.build(root, OPTS).built == ["ep02"]
    assert made == []  # the kept JPEG, sealed
    assert _apic(root, "ep02") == want


@pytest.mark.parametrize(
    "how", ["written over", "copied", "bad seal", "seal of another file", "a FIFO", "a symlink"]
)
def test_a_kept_jpeg_the_seal_does_not_describe_is_made_again(
    tmp_path: Path, tone_mp3: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    spotlight_feed.build(root, OPTS)
    want = jpeg_art(root / "media/cover.png")
    art = root / ".spotlight-cache/art"
    (jpg,) = art.glob("*.jpg")
    seal = jpg.with_suffix(".seal")
    forged = _other_jpeg(tmp_path / "red")
    if how == "written over":  # same inode: size, mtime and ctime change
        with jpg.open("r+b") as f:
            f.write(forged)
            f.truncate()
    elif how == "copied":  # a show folder copied or cloned with its cache: new inodes
        copy = tmp_path / "copy"
        shutil.copytree(root, copy, symlinks=True)
        shutil.rmtree(root)
        copy.rename(root)
        (root / f".spotlight-cache/art/{jpg.name}").write_bytes(forged)
    elif how == "bad seal":
        seal.write_text("not a seal", encoding="utf-8")
        jpg.write_bytes(forged)
    elif how == "a FIFO":  # opened without blocking, and only a regular file is read
        jpg.unlink()
        os.mkfifo(jpg)
    elif how == "a symlink":  # to a file with the sealed identity: not followed
        other = tmp_path / "elsewhere.jpg"
        jpg.rename(other)
        jpg.symlink_to(other)
    else:  # the seal of a file that is not this one
        other = art / "other.bin"
        other.write_bytes(forged)
        st = other.stat()
        ident = f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"
        seal.write_text(f"{seal.read_text(encoding='utf-8').split()[0]} {ident}\n", "utf-8")
        jpg.write_bytes(forged)
    made = _made(monkeypatch)
    _retitle(root, "ep01", "New")
    assert "ep01" in spotlight_feed.build(root, OPTS).built  # "copied": every episode
    assert made == [COVER_PX]
    assert _apic(root, "ep01") == want
    assert jpg.read_bytes() == want  # kept again, sealed
    made.clear()
    _retitle(root, "ep02", "New")
    spotlight_feed.build(root, OPTS)
    assert made == []
    if how == "seal of another file":
        assert (art / "other.bin").exists()  # not a name the cache writes: left alone


def test_a_new_cover_is_made_and_the_old_jpeg_forgotten(
    tmp_path: Path, tone_mp3: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    spotlight_feed.build(root, OPTS)
    art = root / ".spotlight-cache/art"
    (old,) = art.glob("*.jpg")
    Image.new("RGB", (1400, 1400), (0, 120, 60)).save(root / "media/cover.png", format="PNG")
    made = _made(monkeypatch)
    spotlight_feed.build(root, OPTS)
    assert made == [COVER_PX]
    (new,) = art.glob("*.jpg")
    assert new.name != old.name and not old.exists()
    assert _apic(root, "ep01") == jpeg_art(root / "media/cover.png") == new.read_bytes()
