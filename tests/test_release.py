"""Reproducible, atomic, locked builds and the release manifest."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from release_util import cli_env, make_show, run_cli, tree_digest

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.errors import BuildError, InputError
from spotlight_feed.release import manifest
from spotlight_feed.release import staging as release
from spotlight_feed.release.staging import BuildBusyError, BuildLock


def test_same_inputs_give_byte_identical_dist_in_different_folders(
    tmp_path: Path, tone_mp3: Path
) -> None:
    a = make_show(tmp_path / "one" / "show", tone_mp3, 5)
    b = tmp_path / "elsewhere" / "deeper" / "copy"
    b.parent.mkdir(parents=True)
    shutil.copytree(a, b)
    os.utime(b / "podcast.yaml", ns=(1, 1))  # file times must not matter
    build(a, BuildOptions(jobs=1))
    time.sleep(0.05)
    build(b, BuildOptions(jobs=2))
    da, db = tree_digest(a / "dist"), tree_digest(b / "dist")
    assert {"feed.xml", "manifest.json", "episodes/ep05/ep05.mp3"} <= set(da)
    assert da == db
    assert (a / "spotlight.lock").read_bytes() == (b / "spotlight.lock").read_bytes()


def test_source_date_epoch_sets_last_build_date_and_nothing_else(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    # (after the episode's date: an earlier one would hold it back, #14)
    build(root, BuildOptions(source_date_epoch=1735689600))
    feed = (root / "dist" / "feed.xml").read_text(encoding="utf-8")
    assert "<lastBuildDate>Wed, 01 Jan 2025 00:00:00 +0000</lastBuildDate>" in feed
    first = tree_digest(root / "dist")
    build(root, BuildOptions(source_date_epoch=1735689600, force=True))
    assert tree_digest(root / "dist") == first
    build(root, BuildOptions(source_date_epoch=None))
    feed = (root / "dist" / "feed.xml").read_text(encoding="utf-8")
    # without SOURCE_DATE_EPOCH: the newest (only) episode's publication date, 2024-03-02T01:30
    assert "<lastBuildDate>Sat, 02 Mar 2024 01:30:00 +0100</lastBuildDate>" in feed


def test_manifest_lists_every_file_with_size_and_sha256(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    dist = root / "dist"
    data = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    paths = [f["path"] for f in data["files"]]
    assert paths == sorted(paths)
    on_disk = sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file())
    assert sorted([*paths, "manifest.json"]) == on_disk
    for f in data["files"]:
        assert f["size"] == (dist / f["path"]).stat().st_size
        assert f["sha256"] == manifest.sha256_file(dist / f["path"])
    assert manifest.verify(dist) == []
    size = {f["path"]: f["size"] for f in data["files"]}["feed.xml"]
    (dist / "feed.xml").write_bytes(b"tampered")
    (dist / "extra.txt").write_text("x")
    assert manifest.verify(dist) == [
        f"feed.xml: 8 bytes, manifest.json says {size}",
        "extra.txt: not listed in manifest.json",
    ]


def test_a_failed_build_leaves_the_previous_dist_and_no_staging(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    before = tree_digest(root / "dist")
    (root / "media" / "ep02.mp3").write_bytes(b"")
    with pytest.raises(InputError) as err:
        build(root)
    assert err.value.report().splitlines()[0] == (
        "episodes/ep02/episode.yaml:12: audio: media/ep02.mp3: audio file is empty (0 bytes)"
    )
    assert tree_digest(root / "dist") == before
    assert not list(root.glob(".dist-*"))


def test_second_concurrent_build_refuses_with_a_clear_message(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    with BuildLock(root / "dist"):
        with pytest.raises(BuildBusyError) as err:
            build(root)
        assert str(err.value) == (
            f"another build is writing {root / 'dist'} right now (it holds the lock on "
            f"{root}); wait for it to finish, or pass --wait to queue behind it"
        )
        done = run_cli("build", "-C", root)
        assert done.returncode == 75
        assert "another build is writing" in done.stderr
        assert not (root / "dist").exists()


def test_wait_queues_behind_the_running_build(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    lock = BuildLock(root / "dist").__enter__()
    proc = subprocess.Popen(
        [sys.executable, "-m", "spotlight_feed", "build", "--wait", "-C", str(root)],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    assert proc.poll() is None, "the second build must wait while the lock is held"
    assert not (root / "dist").exists()
    lock.__exit__(None, None, None)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert manifest.verify(root / "dist") == []


def test_two_builds_at_once_never_interleave(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 6)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "spotlight_feed", "build", "--wait", "--force", "-C", str(root)],
            env=cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert manifest.verify(root / "dist") == []
    assert not list(root.glob(".dist-*"))


def _build_at_staging(root: Path, delay: float) -> subprocess.Popen[bytes]:
    """Start ``build --force``; return once it writes its staging folder and *delay* passed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "spotlight_feed", "build", "--force", "-C", str(root)],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not list(root.glob(".dist-staging-*")) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    time.sleep(delay)
    return proc


def _kill_during_build(root: Path, sig: int, delay: float) -> int:
    """Start a build, wait until it writes its staging folder, wait *delay*, send *sig*."""
    proc = _build_at_staging(root, delay)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    return proc.returncode


def _old_and_new(root: Path, tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Build *root*, change one transcript; return the old and the new dist's digests."""
    assert run_cli("build", "-C", root).returncode == 0
    old = tree_digest(root / "dist")
    meta = root / "episodes" / "ep01" / "episode.yaml"
    meta.write_text(meta.read_text().replace("title: Episode 1\n", "title: Episode One\n"))
    twin = tmp_path / "twin"
    shutil.copytree(root, twin, ignore=shutil.ignore_patterns("dist", ".*"))
    assert run_cli("build", "-C", twin).returncode == 0
    new = tree_digest(twin / "dist")
    assert new != old
    return old, new


@pytest.mark.slow
@pytest.mark.parametrize("exchange", ["renameat2", "two-renames"])
def test_killed_builds_always_leave_a_complete_dist(
    tmp_path: Path, tone_mp3: Path, exchange: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if exchange == "two-renames":
        monkeypatch.setenv("SPOTLIGHT_NO_RENAME_EXCHANGE", "1")
    root = make_show(tmp_path / "show", tone_mp3, 12)
    old, new = _old_and_new(root, tmp_path)
    rng = random.Random(6)
    for _ in range(8):
        rc = _kill_during_build(root, signal.SIGKILL, rng.uniform(0, 0.4))
        # a kill between the two fallback renames is repaired by the next build's recover();
        # wait: the killed build's workers hold its lock until their PR_SET_PDEATHSIG lands
        with BuildLock(root / "dist", wait=True):
            release.recover(root / "dist")
        assert manifest.verify(root / "dist") == [], f"rc={rc}"
        assert tree_digest(root / "dist") in (old, new), f"rc={rc}"
    assert run_cli("build", "-C", root).returncode == 0
    assert tree_digest(root / "dist") == new
    assert not list(root.glob(".dist-*-*"))


def _held(pid: int) -> bool:
    """Whether the main thread of *pid* blocks SIGINT (``release.staging.SignalsHeld``)."""
    status = Path(f"/proc/{pid}/task/{pid}/status").read_text()
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigBlk:"))
    return bool(int(mask, 16) & (1 << (signal.SIGINT - 1)))


def _interrupt_frozen(root: Path, delay: float) -> tuple[int, bool, str]:
    """Start a build; once it writes its staging folder wait *delay*, freeze it, then Ctrl-C.

    The process is stopped (SIGSTOP) while the test reads whether it holds SIGINT back
    (publishing, from the lock write on), so every run says which case it is in.
    Returns (exit code, held, stderr).
    """
    proc = _build_at_staging(root, delay)
    held = False
    if proc.poll() is None:
        proc.send_signal(signal.SIGSTOP)
        try:
            held = _held(proc.pid)
        finally:
            proc.send_signal(signal.SIGINT)
            proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, held, err.decode()


def test_ctrl_c_leaves_dist_as_it_was(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 16)
    old, new = _old_and_new(root, tmp_path)
    interrupted = 0
    for delay in (0.0, 0.0, 0.01, 0.02, 0.05, 0.1, 0.0, 0.0):
        before = tree_digest(root / "dist")
        rc, held, err = _interrupt_frozen(root, delay)
        if held:  # publishing: the build completes, the new release is live
            assert rc == 0, f"delay={delay}: {err}"
            assert tree_digest(root / "dist") == new
        elif rc != 0:  # interrupted inside the build: exit 130, dist/ as it was
            assert rc == 130, f"delay={delay}: exit {rc}, expected 130: {err}"
            assert "interrupted; dist/ was left as it was" in err
            assert "Traceback" not in err
            assert tree_digest(root / "dist") == before
            interrupted += 1
        else:  # the build had finished before the signal
            assert tree_digest(root / "dist") == new
        assert manifest.verify(root / "dist") == []
        assert not list(root.glob(".dist-*-*")), "Ctrl-C must remove the staging folder"
    assert interrupted, "no interrupt landed inside the build"
    assert old != new
    before = tree_digest(root / "dist")
    meta = root / "episodes" / "ep02" / "episode.yaml"
    meta.write_text(meta.read_text().replace("title: Episode 2\n", "title: Two\n"))
    rc = _kill_during_build(root, signal.SIGTERM, 0.0)
    assert rc in (130, 0)
    if rc == 130:
        assert tree_digest(root / "dist") == before
    assert not list(root.glob(".dist-*-*")), "kill (SIGTERM) must remove the staging folder"


def test_recover_restores_a_release_moved_aside_by_a_killed_swap(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    old = tmp_path / ".dist-old-abc"
    old.mkdir()
    (old / "feed.xml").write_text("old")
    stale = tmp_path / ".dist-staging-xyz"
    stale.mkdir()
    done = release.recover(dist)
    assert (dist / "feed.xml").read_text() == "old"
    assert not stale.exists()
    assert done == [
        "restored the previous release from .dist-old-abc",
        "removed .dist-staging-xyz left by an interrupted build",
    ]


def test_swap_refuses_to_replace_a_file(tmp_path: Path) -> None:
    staging = tmp_path / "stage"
    staging.mkdir()
    (tmp_path / "dist").write_text("not a folder")
    with pytest.raises(BuildError, match="exists and is not a folder"):
        release.swap_in(staging, tmp_path / "dist")


def _peak_rss_mb(root: Path) -> float:
    proc = subprocess.Popen(
        [sys.executable, "-m", "spotlight_feed", "build", "--force", "-C", str(root)],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, proc.stderr.read() if proc.stderr else ""
    return usage.ru_maxrss / 1024


@pytest.mark.slow
def test_memory_does_not_grow_with_audio_size(tmp_path: Path, tone_mp3: Path) -> None:
    small = make_show(tmp_path / "small", tone_mp3, 1)
    big = make_show(tmp_path / "big", tone_mp3, 1)
    frames = tone_mp3.read_bytes()
    with (big / "media" / "ep01.mp3").open("wb") as f:  # MP3 frames concatenate: 60 MB, 2 h
        for _ in range(60 * 1024 * 1024 // len(frames)):
            f.write(frames)
    meta = big / "episodes" / "ep01" / "episode.yaml"
    assert (big / "media" / "ep01.mp3").stat().st_size > 50_000_000
    assert meta.is_file()
    base = _peak_rss_mb(small)
    grown = _peak_rss_mb(big) - base
    assert grown < 20, f"peak RSS grew by {grown:.0f} MB for 60 MB more audio"
    assert manifest.verify(big / "dist") == []
