"""The GUID guard: spotlight.lock stops changed or dropped published guids."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from release_util import make_show, run_cli, tree_digest

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.plan.guard import PublishedGuidError

URL = "https://cdn.tiny.example/pod/episodes/{0}/{0}.mp3"


def _lock(root: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((root / "spotlight.lock").read_text(encoding="utf-8"))
    return data


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_first_build_records_guids_and_enclosures(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    report = build(root)
    assert "created spotlight.lock: commit it to guard the published guids" in report.release_notes
    lock = _lock(root)
    assert lock["podcast_guid"] == "5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b"
    assert lock["episodes"] == [
        {"guid": "tiny-0002", "slug": "ep02", "enclosure": URL.format("ep02")},
        {"guid": "tiny-0001", "slug": "ep01", "enclosure": URL.format("ep01")},
    ]


def test_changed_episode_guid_is_refused(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    dist = tree_digest(root / "dist")
    lock = (root / "spotlight.lock").read_bytes()
    _edit(root / "episodes" / "ep01" / "episode.yaml", "guid: tiny-0001", "guid: tiny-9999")
    with pytest.raises(PublishedGuidError) as err:
        build(root)
    assert [str(p) for p in err.value.problems] == [
        "episodes/ep01/episode.yaml:2: guid: episode 'ep01' was published with guid "
        "'tiny-0001' (spotlight.lock:6), now 'tiny-9999'; podcast apps would download it "
        "again as a new episode (Apple: never change an episode's GUID). Put back guid: "
        "tiny-0001"
    ]
    assert tree_digest(root / "dist") == dist
    assert (root / "spotlight.lock").read_bytes() == lock
    result = run_cli("build", "-C", root)
    assert result.returncode == 3
    assert "Put back guid: tiny-0001" in result.stderr
    assert "Traceback" not in result.stderr


def test_changed_podcast_guid_is_refused(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    build(root)
    _edit(
        root / "podcast.yaml",
        "podcast_guid: 5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b",
        "podcast_guid: 00000000-d1a2-5267-baa2-2a10e7b7cf6b",
    )
    with pytest.raises(PublishedGuidError) as err:
        build(root)
    assert [str(p) for p in err.value.problems] == [
        "podcast.yaml:14: podcast_guid: changed from 5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b "
        "to 00000000-d1a2-5267-baa2-2a10e7b7cf6b, but spotlight.lock records "
        "5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b as published; apps and the Podcast Index "
        "would treat the show as a new podcast (Podcasting 2.0 podcast:guid must never "
        "change). Put the old value back"
    ]


def test_dropping_a_published_episode_needs_allow_removal(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    shutil.rmtree(root / "episodes" / "ep01")
    with pytest.raises(PublishedGuidError) as err:
        build(root)
    assert [str(p) for p in err.value.problems] == [
        "spotlight.lock:6: published episode 'ep01' (guid tiny-0001, "
        f"{URL.format('ep01')}) is missing from episodes/; restore its folder, or pass "
        "--allow-removal to take it out of the feed on purpose"
    ]
    report = build(root, BuildOptions(allow_removal=True))
    assert (
        "removed published episode 'ep01' (guid tiny-0001) from the feed (--allow-removal)"
        in report.release_notes
    )
    assert [e["guid"] for e in _lock(root)["episodes"]] == ["tiny-0002"]  # type: ignore[union-attr,index]
    assert build(root).up_to_date


def test_renaming_folder_or_title_keeps_the_guid(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    (root / "episodes" / "ep01").rename(root / "episodes" / "first-steps")
    _edit(root / "episodes" / "first-steps" / "episode.yaml", "title: Episode 1", "title: Hi")
    (root / "media" / "ep01.mp3").rename(root / "media" / "renamed.mp3")
    _edit(
        root / "episodes" / "first-steps" / "episode.yaml",
        "audio: media/ep01.mp3",
        "audio: media/renamed.mp3",
    )
    report = build(root)
    assert (
        f"episode 'first-steps' (guid tiny-0001): enclosure URL changed from "
        f"{URL.format('ep01')} to {URL.format('first-steps')}; its guid is unchanged"
    ) in report.release_notes
    feed = (root / "dist" / "feed.xml").read_text(encoding="utf-8")
    assert '<guid isPermaLink="false">tiny-0001</guid>' in feed
    assert {"guid": "tiny-0001", "slug": "first-steps", "enclosure": URL.format("first-steps")} in (
        _lock(root)["episodes"]  # type: ignore[operator]
    )


def test_a_broken_lock_file_is_an_error_not_ignored(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    build(root)
    (root / "spotlight.lock").write_text('{"podcast_guid": ', encoding="utf-8")
    result = run_cli("build", "-C", root)
    assert result.returncode == 1
    assert result.stderr.startswith("spotlight.lock:1: not a valid lock file (")
    assert "restore it from version control" in result.stderr


def test_sample_show_lock_is_committed_and_current() -> None:
    repo = Path(__file__).resolve().parents[1]
    lock = json.loads((repo / "spotlight.lock").read_text(encoding="utf-8"))
    assert lock["podcast_guid"] == "35ef9e16-e122-5b5c-9b5a-5f62efa1c3e8"
    assert [e["slug"] for e in lock["episodes"]] == ["always-alone"]


def test_preview_build_for_another_host_leaves_the_lock_alone(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    build(root)
    lock = (root / "spotlight.lock").read_bytes()
    report = build(root, BuildOptions(base_url="http://localhost:8000/"))
    assert report.release_notes == ["spotlight.lock not updated (--base-url build)"]
    assert (root / "spotlight.lock").read_bytes() == lock
    _edit(root / "episodes" / "ep01" / "episode.yaml", "guid: tiny-0001", "guid: other")
    with pytest.raises(PublishedGuidError):
        build(root, BuildOptions(base_url="http://localhost:8000/"))
