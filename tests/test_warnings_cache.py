"""The build's first-hour warnings are remembered while the files they read are unchanged.

src/spotlight_feed/release/warnings_cache.py: replayed from ``.spotlight-cache`` on
the no-op path, recomputed after any edit, and a damaged or unwritable cache is a miss.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from release_util import run_cli

from spotlight_feed.load.advice import build_warnings
from spotlight_feed.load.placeholders import EPISODE_SUMMARY
from spotlight_feed.release.warnings_cache import CACHE_FILE, remembered_warnings

CACHE = Path(".spotlight-cache") / CACHE_FILE


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def _with_placeholder(root: Path) -> Path:
    meta = root / "episodes" / "first" / "episode.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(
        text.replace("summary: The first episode.", f"summary: {EPISODE_SUMMARY}"),
        encoding="utf-8",
    )
    return meta


def test_the_warnings_are_replayed_and_follow_every_edit(tiny_project: Path) -> None:
    root = tiny_project
    first = run_cli("build", "-C", root)
    assert first.returncode == 0, first.stderr
    assert _warnings(first.stderr) == []
    assert (root / CACHE).is_file()
    meta = _with_placeholder(root)
    edited = run_cli("build", "-C", root)
    assert edited.returncode == 0, edited.stderr
    (found,) = _warnings(edited.stderr)
    assert found.startswith("warning: episodes/first/episode.yaml:") and "summary" in found
    noop = run_cli("build", "-C", root)
    assert "up to date" in noop.stdout
    assert _warnings(noop.stderr) == [found]  # the no-op says it again, from the cache
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(EPISODE_SUMMARY, "A real summary."),
        encoding="utf-8",
    )
    fixed = run_cli("build", "-C", root)
    assert fixed.returncode == 0 and _warnings(fixed.stderr) == []


def _remembered(root: Path) -> list[str]:
    found = remembered_warnings(root)
    found.save()
    return found.warnings


def test_a_current_entry_is_used_and_a_touched_file_is_not(tiny_project: Path) -> None:
    root = tiny_project
    assert _remembered(root) == build_warnings(root) == []
    cache = root / CACHE
    doc = json.loads(cache.read_text(encoding="utf-8"))
    doc["warnings"] = ["remembered"]
    cache.write_text(json.dumps(doc), encoding="utf-8")
    assert _remembered(root) == ["remembered"]  # same files: replayed as stored
    meta = root / "episodes" / "first" / "episode.yaml"
    st = meta.stat()
    os.utime(meta, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert _remembered(root) == []  # an episode.yaml touched: computed again


def test_a_damaged_or_unwritable_cache_is_a_miss(tiny_project: Path) -> None:
    root = tiny_project
    _with_placeholder(root)
    expected = build_warnings(root)
    assert len(expected) == 1
    cache = root / CACHE
    cache.parent.mkdir(parents=True, exist_ok=True)
    for damage in ("{not json", '{"key": 1}', "[]", json.dumps({"key": "x", "warnings": [1]})):
        cache.write_text(damage, encoding="utf-8")
        assert _remembered(root) == expected, damage
    cache.unlink()
    cache.mkdir()  # a folder where the cache file goes: cannot be written, still correct
    assert _remembered(root) == expected
    result = run_cli("build", "-C", root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert [w.removeprefix("warning: ") for w in _warnings(result.stderr)] == expected


def test_no_cache_is_left_in_a_folder_that_is_not_a_show(tmp_path: Path) -> None:
    result = run_cli("build", "-C", tmp_path)
    assert result.returncode != 0
    assert not (tmp_path / ".spotlight-cache").exists()
    assert list(tmp_path.iterdir()) == []


def test_a_failed_build_leaves_no_cache(tiny_project: Path) -> None:
    root = tiny_project
    _with_placeholder(root)
    meta = root / "episodes" / "first" / "episode.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "number: [\n", encoding="utf-8")
    result = run_cli("build", "-C", root)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not (root / CACHE).exists()
