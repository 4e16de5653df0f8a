"""The build's first-hour warnings are remembered while the files they read are unchanged.

src/spotlight_feed/release/warnings_cache.py: replayed from ``.spotlight-cache`` on
the no-op path, recomputed after any edit, and a damaged or unwritable cache is a miss.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from release_util import make_show, run_cli

from spotlight_feed.load.advice import build_warnings
from spotlight_feed.load.placeholders import EPISODE_SUMMARY
from spotlight_feed.release.keys import code_fingerprint
from spotlight_feed.release.warnings_cache import CACHE_FILE, FORMAT, remembered_warnings

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


def _touch(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def _read(cache: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    head, parts = cache.read_text(encoding="utf-8").split("\n")
    return json.loads(head), json.loads(parts)


def _write(cache: Path, head: dict[str, Any], parts: dict[str, Any]) -> None:
    cache.write_text(json.dumps(head) + "\n" + json.dumps(parts), encoding="utf-8")


def test_a_current_entry_is_used_and_a_touched_file_is_not(tiny_project: Path) -> None:
    root = tiny_project
    assert _remembered(root) == build_warnings(root) == []
    cache = root / CACHE
    head, parts = _read(cache)
    assert set(parts) == {"", "first"}
    head["warnings"] = ["the whole list"]
    parts[""]["warnings"] = [["podcast.yaml", 1, "", "remembered"]]
    parts["first"]["warnings"] = [["episodes/first/episode.yaml", 2, "", "kept"]]
    _write(cache, head, parts)
    assert _remembered(root) == ["the whole list"]  # same files: replayed as stored
    _touch(root / "episodes" / "first" / "episode.yaml")
    # that episode's warnings computed again, the show's still replayed
    assert _remembered(root) == ["podcast.yaml:1: remembered"]
    _touch(root / "podcast.yaml")
    assert _remembered(root) == []  # and podcast.yaml touched: the show's too


def test_one_changed_episode_recomputes_only_its_own(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 3)
    assert _remembered(root) == build_warnings(root) == []
    cache = root / CACHE
    head, parts = _read(cache)
    assert set(parts) == {"", "ep01", "ep02", "ep03"}
    for slug in ("ep01", "ep03"):
        parts[slug]["warnings"] = [[f"episodes/{slug}/episode.yaml", 1, "", "kept"]]
    _write(cache, head, parts)
    meta = root / "episodes" / "ep02" / "episode.yaml"
    meta.write_text(
        re.sub(r"summary: .*", f"summary: {EPISODE_SUMMARY}", meta.read_text("utf-8")), "utf-8"
    )
    found = _remembered(root)
    assert found[0] == "episodes/ep01/episode.yaml:1: kept"
    assert found[1].startswith("episodes/ep02/episode.yaml:") and "summary" in found[1]
    assert found[2:] == ["episodes/ep03/episode.yaml:1: kept"]
    (root / "episodes" / "ep03" / "transcript.txt").unlink()  # ep03's files changed
    assert _remembered(root) == found[:2]
    shutil.rmtree(root / "episodes" / "ep01")  # a removed episode's are forgotten
    assert _remembered(root) == found[1:2]
    assert set(_read(cache)[1]) == {"", "ep02", "ep03"}


def test_a_damaged_or_unwritable_cache_is_a_miss(tiny_project: Path) -> None:
    root = tiny_project
    _with_placeholder(root)
    expected = build_warnings(root)
    assert len(expected) == 1
    cache = root / CACHE
    cache.parent.mkdir(parents=True, exist_ok=True)
    good = {"format": FORMAT, "code": code_fingerprint()}
    for damage in (
        "{not json",
        '{"key": 1}',
        "[]",
        json.dumps({"key": "x", "warnings": [1]}),
        json.dumps({**good, "parts": {"first": {"key": "x", "warnings": [[1, 2, 3, 4]]}}}),
        json.dumps({**good, "parts": {"first": {"key": 3, "warnings": []}}}),
        json.dumps({**good, "parts": []}),
        json.dumps({**good, "all": "x", "warnings": [3]}) + "\n{}",
        json.dumps({**good, "all": "x", "warnings": []}) + '\n{"first": {"key": "k"}}',
    ):
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


def test_the_cover_is_read_from_podcast_yaml_only_when_it_moved(tiny_project: Path) -> None:
    """While ``podcast.yaml``'s stat is the kept one, the cover it named is the kept one.

    A kept cover that is not the one named makes the show's digest differ (a miss, never
    a replay of the whole list); an edited ``podcast.yaml`` is parsed again.
    """
    root = tiny_project
    assert _remembered(root) == []
    cache = root / CACHE
    head, parts = _read(cache)
    assert head["cover"] == ["media/cover.png"]
    assert head["show"].startswith(f"{root / 'podcast.yaml'}\0")
    head["warnings"] = ["the whole list"]
    _write(cache, head, parts)
    assert _remembered(root) == ["the whole list"]
    head["cover"] = ["media/other.png"]  # tampered: a cover podcast.yaml does not name
    _write(cache, head, parts)
    assert _remembered(root) == []  # not replayed: podcast.yaml parsed, the show's recomputed
    assert _read(cache)[0]["cover"] == ["media/cover.png"]
    (root / "media" / "cover.png").rename(root / "media" / "moved.png")
    show = root / "podcast.yaml"
    show.write_text(show.read_text("utf-8").replace("cover.png", "moved.png"), "utf-8")
    assert _remembered(root) == build_warnings(root)
    assert _read(cache)[0]["cover"] == ["media/moved.png"]


class _Said:
    """A progress sink that records the order of what the build told it."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def warn(self, message: str) -> None:
        self.events.append(f"warn {message}")

    def start(self, total: int, todo: int) -> None:
        self.events.append("start")

    def episode(self, slug: str, action: str, reason: str) -> None:
        self.events.append(f"episode {slug}")

    def finish(self) -> None:
        self.events.append("finish")


def test_the_library_build_reports_the_warnings_and_the_no_op_says_the_states(
    tiny_project: Path,
) -> None:
    """``build()`` says the warnings before any work and returns them; the no-op takes them
    from the build state (release/fast.py), without reading the warnings cache."""
    import spotlight_feed

    root = tiny_project
    _with_placeholder(root)
    expected = build_warnings(root)
    assert len(expected) == 1
    opts = spotlight_feed.BuildOptions(source_date_epoch=None, jobs=1)
    said = _Said()
    report = spotlight_feed.build(root, opts, said)
    assert report.warnings == expected and not report.up_to_date
    assert said.events[0] == f"warn {expected[0]}" and said.events[1] == "start"
    (root / CACHE).unlink()  # the no-op does not need it, and does not write it again
    said = _Said()
    again = spotlight_feed.build(root, opts, said)
    assert again.up_to_date and again.warnings == expected
    assert said.events == [f"warn {expected[0]}"]
    assert not (root / CACHE).exists()
    assert spotlight_feed.build(root, opts).warnings == expected  # no sink: still reported
    noop = run_cli("build", "-C", root)
    assert "up to date" in noop.stdout and _warnings(noop.stderr) == [f"warning: {expected[0]}"]
