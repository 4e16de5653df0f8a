"""The search index takes reused episodes' transcript entries from the cache (issue #18).

The episode stage has the transcript in hand and leaves its search entries in
``.spotlight-cache/search/<slug>.json``; the index written on the next build takes the
entries of every reused episode from there instead of reading its transcript again.
Tampering with a cached entry (keeping its key) shows up in the next index, which proves
the entry is what the index used; a changed transcript or a damaged entry is a miss
and the transcript is read again, and the index is then the same as a cold build's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pagekit import build_show, episode_config, show_config, write_show

from spotlight_feed import BuildOptions, build

VTT = "WEBVTT\n\n00:00:00.200 --> 00:00:02.000\n<v Host>{text}\n"


@pytest.fixture
def show(tmp_path: Path) -> Path:
    root = tmp_path / "show"
    eps = {"one": episode_config("one", 1), "two": episode_config("two", 2)}
    write_show(root, show_config(), eps, seconds=3.0)
    for slug, text in (("one", "Welcome to the garden."), ("two", "A xylophone plays.")):
        folder = root / "episodes" / slug
        (folder / "transcript.txt").unlink()
        (folder / "transcript.vtt").write_text(VTT.format(text=text), encoding="utf-8")
    build_show(root)
    return root


def _index(root: Path) -> str:
    return (root / "dist" / "search" / "index.json").read_text(encoding="utf-8")


def _retitle(root: Path, slug: str, title: str) -> None:
    meta = root / "episodes" / slug / "episode.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("title: Episode 1", f"title: {title}"), encoding="utf-8")


def _cold(root: Path, tmp_path: Path) -> str:
    """The index of a cold build of a copy of *root* (no dist/, no cache)."""
    copy = shutil.copytree(
        root, tmp_path / "cold", ignore=shutil.ignore_patterns("dist", ".spotlight-cache")
    )
    build_show(copy)
    return _index(copy)


def test_a_reused_episode_s_transcript_entries_come_from_the_cache(show: Path) -> None:
    entry = show / ".spotlight-cache" / "search" / "two.json"
    cached = json.loads(entry.read_text(encoding="utf-8"))
    assert cached["docs"] == [[0.2, "transcript", "Hana Host", "A xylophone plays."]]
    entry.write_text(entry.read_text(encoding="utf-8").replace("xylophone", "marimba"), "utf-8")
    _retitle(show, "one", "First light")  # episode two is reused
    report = build_show(show)
    assert report.is_dir()
    index = json.loads(_index(show))
    texts = [d[4] for d in index["docs"] if d[2] == "transcript"]
    assert "A marimba plays." in texts and "A xylophone plays." not in texts
    assert "First light" in [d[4] for d in index["docs"] if d[2] == "title"]


def test_a_changed_transcript_is_read_again(show: Path, tmp_path: Path) -> None:
    entry = show / ".spotlight-cache" / "search" / "two.json"
    entry.write_text(entry.read_text(encoding="utf-8").replace("xylophone", "marimba"), "utf-8")
    vtt = show / "episodes" / "two" / "transcript.vtt"
    vtt.write_text(VTT.format(text="A violin plays."), encoding="utf-8")
    build_show(show)
    index = _index(show)
    assert "A violin plays." in index and "marimba" not in index
    assert index == _cold(show, tmp_path)


@pytest.mark.parametrize("damage", ["not json", '{"key": 1}', "[]", '{"key": "x", "docs": 3}'])
def test_a_damaged_or_foreign_entry_is_a_miss(show: Path, tmp_path: Path, damage: str) -> None:
    entry = show / ".spotlight-cache" / "search" / "two.json"
    key = json.loads(entry.read_text(encoding="utf-8"))["key"]
    entry.write_text(damage.replace('"x"', json.dumps(key)), encoding="utf-8")
    _retitle(show, "one", "First light")
    build_show(show)
    assert _index(show) == _cold(show, tmp_path)
    assert "A xylophone plays." in _index(show)


def test_a_removed_episode_s_entry_is_forgotten(show: Path) -> None:
    entries = show / ".spotlight-cache" / "search"
    assert sorted(p.name for p in entries.glob("*.json")) == ["one.json", "two.json"]
    shutil.rmtree(show / "episodes" / "two")
    build(show, BuildOptions(allow_removal=True))
    assert sorted(p.name for p in entries.glob("*.json")) == ["one.json"]
    assert "xylophone" not in _index(show)
