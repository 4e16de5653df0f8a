"""The folder and rsync targets: same plan, waves and delete rules as S3 (issue #19).

The rsync target runs the real rsync (Debian package) into a local folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import edit
from publish_support import build_release, publish_now
from release_util import GUID, make_show, run_cli, tree_digest

from spotlight_feed.publish import PublishError
from spotlight_feed.publish.feedrefs import read_feed, release_path
from spotlight_feed.publish.run import Progress, PublishOptions, publish, read_release
from spotlight_feed.publish.targets import open_target

BASE = "https://cdn.tiny.example/pod/"


@pytest.fixture
def show(tmp_path: Path, tone_mp3: Path) -> Path:
    root = make_show(tmp_path / "show", tone_mp3, episodes=3)
    build_release(root, root / "dist", BASE)
    return root


def _served(root: Path) -> dict[str, str]:
    return tree_digest(root, skip=(".spotlight/publish.lock",))


def _expected(dist: Path) -> set[str]:
    return (set(tree_digest(dist)) - {"manifest.json"}) | {".spotlight/published.json"}


@pytest.mark.parametrize("scheme", ["folder", "file", "rsync"])
def test_publish_update_and_delete(show: Path, tmp_path: Path, scheme: str) -> None:
    www = tmp_path / "www"
    spec = {"folder": str(www), "file": f"file://{www}", "rsync": f"rsync:{www}"}[scheme]
    if scheme == "rsync":
        www.mkdir()
    (www / "notes").mkdir(parents=True, exist_ok=True)
    (www / "notes" / "mine.txt").write_text("not the tool's")
    result = run_cli("publish", spec, "-C", show)
    assert result.returncode == 0, result.stderr
    assert "not published by spotlight-feed" in result.stderr
    served = _served(www)
    dist = tree_digest(show / "dist")
    assert set(served) == _expected(show / "dist") | {"notes/mine.txt"}
    assert all(served[p] == dist[p] for p in dist if p != "manifest.json")
    assert publish_now(show, spec).uploaded == 0

    edit(show / "episodes" / "ep02" / "episode.yaml", "title: Episode 2", "title: Two")
    shutil.rmtree(show / "episodes" / "ep03")
    build_release(show, show / "dist", BASE, allow_removal=True)
    report = publish_now(show, spec)
    assert report.deleted and all(p.startswith("episodes/ep03/") for p in report.deleted)
    assert set(_served(www)) == _expected(show / "dist") | {"notes/mine.txt"}
    assert not (www / "episodes" / "ep03").exists() or scheme == "rsync"
    assert (www / "notes" / "mine.txt").read_text() == "not the tool's"
    assert (www / "feed.xml").read_bytes() == (show / "dist" / "feed.xml").read_bytes()


def test_folder_files_are_replaced_whole(show: Path, tmp_path: Path) -> None:
    """Every file is renamed into place: a reader holding the old one keeps reading it."""
    www = tmp_path / "www"
    publish_now(show, str(www))
    with (www / "feed.xml").open("rb") as old:
        before = old.read()
        edit(show / "episodes" / "ep01" / "episode.yaml", "title: Episode 1", "title: One")
        build_release(show, show / "dist", BASE)
        publish_now(show, str(www))
        old.seek(0)
        assert old.read() == before
    assert (www / "feed.xml").read_bytes() != before
    assert not [p for p in www.rglob(".publish-*")]


def test_folder_kill_points(show: Path, tmp_path: Path) -> None:
    release = read_release(show / "dist")
    total = (
        len(
            publish(
                release, open_target(str(tmp_path / "count")), GUID, PublishOptions(dry_run=True)
            ).plan.uploads
        )
        + 1
    )
    for n in range(1, total + 1):
        www = tmp_path / f"www{n}"
        pid = os.fork()
        if pid == 0:
            os.environ["SPOTLIGHT_PUBLISH_CRASH_AFTER"] = str(n)
            try:
                publish(release, open_target(str(www)), GUID, PublishOptions())
            finally:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 137
        if (www / "feed.xml").exists():
            refs = read_feed((www / "feed.xml").read_bytes(), "feed.xml")
            for link in refs.links:
                rel = release_path(link.url, BASE)
                if link.kind == "page" and rel is None:
                    continue  # the show's own website, outside the release
                assert rel and (www / rel).is_file(), rel
        done = publish(release, open_target(str(www)), GUID, PublishOptions())
        assert set(_served(www)) == _expected(show / "dist"), done.written


def test_a_concurrent_publish_to_one_folder_is_refused(show: Path, tmp_path: Path) -> None:
    www = tmp_path / "www"
    publish_now(show, str(www))
    edit(show / "episodes" / "ep01" / "episode.yaml", "title: Episode 1", "title: One")
    build_release(show, show / "dist", BASE)

    class Racer(Progress):
        def advance(self, path: str, nbytes: int) -> None:
            if path.startswith("episodes/"):
                (www / "feed.xml").write_bytes(b"<rss/>")

    with pytest.raises(PublishError, match="changed since this publish planned"):
        publish(read_release(show / "dist"), open_target(str(www)), GUID, progress=Racer())
    assert (www / "feed.xml").read_bytes() == b"<rss/>"


def test_missing_parent_and_missing_rsync_destination(show: Path, tmp_path: Path) -> None:
    result = run_cli("publish", str(tmp_path / "no" / "such" / "www"), "-C", show)
    assert result.returncode == 1 and "parent folder does not exist" in result.stderr
    result = run_cli("publish", f"rsync:{tmp_path / 'nowhere'}", "-C", show)
    assert result.returncode == 1 and "rsync failed" in result.stderr
    assert "Traceback" not in result.stderr


def test_keep_removed_keeps_dropped_files_for_a_while(show: Path, tmp_path: Path) -> None:
    import json

    www = tmp_path / "www"
    publish_now(show, str(www))
    shutil.rmtree(show / "episodes" / "ep03")
    build_release(show, show / "dist", BASE, allow_removal=True)
    result = run_cli("publish", str(www), "-C", show, "--keep-removed", "7d")
    assert result.returncode == 0, result.stderr
    assert "--keep-removed" in result.stderr and "0 deleted" in result.stdout
    assert (www / "episodes" / "ep03" / "ep03.mp3").is_file()
    remote = json.loads((www / ".spotlight" / "published.json").read_text())
    assert remote["files"]["episodes/ep03/ep03.mp3"]["removed_at"] > 0
    bad = run_cli("publish", str(www), "-C", show, "--keep-removed", "a week")
    assert bad.returncode == 1 and "expected a duration" in bad.stderr
    done = run_cli("publish", str(www), "-C", show, "--keep-removed", "0")
    assert done.returncode == 0 and not (www / "episodes" / "ep03").exists()


def test_atomic_releases_swap_a_symlink(show: Path, tmp_path: Path) -> None:
    base = tmp_path / "site"
    spec = f"file://{base}?atomic=1"
    first = publish_now(show, spec)
    current = base / "current"
    assert current.is_symlink() and first.uploaded > 10
    assert set(_served(current.resolve())) == _expected(show / "dist")
    old_release = current.resolve()
    old_feed = (current / "feed.xml").read_bytes()
    # nothing changed: no new release
    assert publish_now(show, spec).uploaded == 0 and current.resolve() == old_release
    edit(show / "episodes" / "ep02" / "episode.yaml", "title: Episode 2", "title: Two")
    shutil.rmtree(show / "episodes" / "ep03")
    build_release(show, show / "dist", BASE, allow_removal=True)
    report = publish_now(show, spec)
    assert report.deleted
    new_release = current.resolve()
    assert new_release != old_release
    assert set(_served(new_release)) == _expected(show / "dist")
    # the old release is untouched (hard links were replaced, never written through)
    assert (old_release / "feed.xml").read_bytes() == old_feed
    assert (old_release / "episodes" / "ep03" / "ep03.mp3").is_file()
    unchanged = "episodes/ep01/ep01.mp3"
    assert (old_release / unchanged).stat().st_ino == (new_release / unchanged).stat().st_ino
    releases = sorted(p.name for p in (base / "releases").iterdir())
    assert len(releases) <= 3


def test_atomic_releases_killed_before_the_swap(show: Path, tmp_path: Path) -> None:
    base = tmp_path / "site"
    spec = f"file://{base}?atomic=1"
    publish_now(show, spec)
    live = (base / "current").resolve()
    edit(show / "episodes" / "ep01" / "episode.yaml", "title: Episode 1", "title: One")
    build_release(show, show / "dist", BASE)
    release = read_release(show / "dist")
    for n in (1, 3):
        pid = os.fork()
        if pid == 0:
            os.environ["SPOTLIGHT_PUBLISH_CRASH_AFTER"] = str(n)
            try:
                publish(release, open_target(spec), GUID, PublishOptions())
            finally:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 137
        assert (base / "current").resolve() == live  # still the old, whole release
    publish(release, open_target(spec), GUID, PublishOptions())
    assert (base / "current" / "feed.xml").read_bytes() == (show / "dist" / "feed.xml").read_bytes()
