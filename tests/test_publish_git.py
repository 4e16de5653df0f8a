"""The git-branch target (Pages hosts) against a bare repository in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import edit
from publish_support import build_release, publish_now
from release_util import GUID, make_show, run_cli, tree_digest

from spotlight_feed.publish import PublishError
from spotlight_feed.publish.run import Progress, publish, read_release
from spotlight_feed.publish.targets import open_target

BASE = "https://cdn.tiny.example/pod/"
ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
}


def git(*args: str | Path, cwd: Path | None = None) -> str:
    import os

    return subprocess.run(
        ["git", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **ENV},
    ).stdout.strip()


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """A bare repository whose gh-pages branch already has a CNAME (set up by hand)."""
    repo = tmp_path / "site.git"
    git("init", "-q", "--bare", repo)
    seed = tmp_path / "seed"
    git("init", "-q", "-b", "gh-pages", seed)
    (seed / "CNAME").write_text("podcast.example.org\n")
    git("add", "CNAME", cwd=seed)
    git("commit", "-q", "-m", "CNAME", cwd=seed)
    git("push", "-q", repo, "gh-pages", cwd=seed)
    return repo


@pytest.fixture
def show(tmp_path: Path, tone_mp3: Path) -> Path:
    root = make_show(tmp_path / "show", tone_mp3, episodes=3)
    build_release(root, root / "dist", BASE)
    return root


def _checkout(repo: Path, dest: Path) -> dict[str, str]:
    if dest.exists():
        shutil.rmtree(dest)
    git("clone", "-q", "-b", "gh-pages", repo, dest)
    return tree_digest(dest, skip=(".git",))


def test_publish_commits_the_release_and_keeps_cname(
    show: Path, bare: Path, tmp_path: Path
) -> None:
    result = run_cli("publish", f"git+file://{bare}#gh-pages", "-C", show)
    assert result.returncode == 0, result.stderr
    site = _checkout(bare, tmp_path / "site")
    dist = tree_digest(show / "dist")
    expected = (set(dist) - {"manifest.json"}) | {".spotlight/published.json", "CNAME", ".nojekyll"}
    assert set(site) == expected
    assert all(site[p] == dist[p] for p in dist if p != "manifest.json")
    assert (tmp_path / "site" / "CNAME").read_text() == "podcast.example.org\n"
    assert not (show / "dist" / ".git").exists()
    tip = git("rev-parse", "gh-pages", cwd=bare)
    assert publish_now(show, f"git+file://{bare}#gh-pages").uploaded == 0
    assert git("rev-parse", "gh-pages", cwd=bare) == tip  # nothing changed: no commit

    edit(show / "episodes" / "ep02" / "episode.yaml", "title: Episode 2", "title: Two")
    shutil.rmtree(show / "episodes" / "ep03")
    build_release(show, show / "dist", BASE, allow_removal=True)
    report = publish_now(show, f"git+file://{bare}#gh-pages")
    assert report.deleted and all(p.startswith("episodes/ep03/") for p in report.deleted)
    site = _checkout(bare, tmp_path / "site")
    assert not any(p.startswith("episodes/ep03/") for p in site)
    assert "CNAME" in site and ".nojekyll" in site
    log = git("log", "--format=%s", "gh-pages", cwd=bare).splitlines()
    assert log[-1] == "CNAME" and len(log) == 4  # CNAME, first publish, update, removal


def test_git_remote_of_the_project(show: Path, bare: Path, tmp_path: Path) -> None:
    git("init", "-q", show)
    git("remote", "add", "origin", bare, cwd=show)
    result = run_cli("publish", "git:origin", "-C", show)
    assert result.returncode == 0, result.stderr
    assert "feed.xml" in _checkout(bare, tmp_path / "site")


def test_a_moved_branch_refuses_the_push(show: Path, bare: Path, tmp_path: Path) -> None:
    publish_now(show, f"git+file://{bare}#gh-pages")
    edit(show / "episodes" / "ep01" / "episode.yaml", "title: Episode 1", "title: One")
    build_release(show, show / "dist", BASE)
    other = tmp_path / "other"
    git("clone", "-q", "-b", "gh-pages", bare, other)

    class Racer(Progress):
        def advance(self, path: str, nbytes: int) -> None:
            if path.startswith("episodes/") and not (other / "hand.txt").exists():
                (other / "hand.txt").write_text("someone else")
                git("add", "hand.txt", cwd=other)
                git("commit", "-q", "-m", "by hand", cwd=other)
                git("push", "-q", "origin", "gh-pages", cwd=other)

    with pytest.raises(PublishError, match="push was refused"):
        publish(
            read_release(show / "dist"),
            open_target(f"git+file://{bare}#gh-pages"),
            GUID,
            progress=Racer(),
        )
    assert git("log", "-1", "--format=%s", "gh-pages", cwd=bare) == "by hand"


def test_unreachable_repository(show: Path, tmp_path: Path) -> None:
    result = run_cli("publish", f"git+file://{tmp_path / 'none.git'}", "-C", show)
    assert result.returncode == 1
    assert "cannot reach the repository" in result.stderr and "Traceback" not in result.stderr
