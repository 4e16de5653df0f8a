"""Helpers for the release-safety tests: multi-episode shows, CLI runs, tree hashes."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import showkit
from conftest import EPISODE_YAML, SHOW_YAML, TRANSCRIPT_TXT

REPO = Path(__file__).resolve().parents[1]
GUID = "5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b"
"""The spec's podcast:guid of https://cdn.tiny.example/pod/feed.xml."""


def episode_yaml(i: int) -> str:
    """Metadata of synthetic episode *i* (unique guid, number and date)."""
    text = EPISODE_YAML.replace("guid: tiny-0001", f"guid: tiny-{i:04d}")
    text = text.replace("number: 1\n", f"number: {i}\n")
    text = text.replace("title: First Steps", f"title: Episode {i}")
    text = text.replace("2024-03-05T10:30:00", f"2024-03-{i % 28 + 1:02d}T{i % 24:02d}:30:00")
    return text.replace("audio: media/first.mp3", f"audio: media/ep{i:02d}.mp3")


def make_show(root: Path, mp3: Path, episodes: int = 3) -> Path:
    """A valid show with *episodes* episodes (ep01, ep02, ...) in *root* (:mod:`showkit`)."""
    show = SHOW_YAML.replace("6d5b7a0e-0c1f-5c4b-9a51-3c2b1d0e9f87", GUID)
    metas = {f"ep{i:02d}": episode_yaml(i) for i in range(1, episodes + 1)}
    return showkit.write_show(root, show, metas, audio=mp3, transcript=TRANSCRIPT_TXT)


def add_episode(root: Path, mp3: Path, i: int) -> Path:
    """Add synthetic episode *i* to the show at *root*."""
    return showkit.add_episode(root, f"ep{i:02d}", episode_yaml(i), TRANSCRIPT_TXT, mp3)


def cli_env(**extra: str) -> dict[str, str]:
    """Environment for running the CLI from this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(extra)
    return env


def run_cli(*args: str | Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``spotlight-feed ARGS`` in a subprocess; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "spotlight_feed", *map(str, args)],
        capture_output=True,
        text=True,
        env=cli_env(**extra),
        timeout=300,
    )


def tree_digest(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under *root* (symlinks as their target text) -> SHA-256, plus modes."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        dirnames[:] = sorted(d for d in dirnames if (rel_dir / d).as_posix() not in skip)
        for name in filenames:
            p = Path(dirpath) / name
            rel = (rel_dir / name).as_posix()
            if rel in skip:
                continue
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif not stat.S_ISREG(p.stat().st_mode):  # a FIFO: reading it would block
                out[rel] = f"special {stat.S_IFMT(p.stat().st_mode):o}"
            elif p.stat().st_size > 1 << 30:
                out[rel] = f"sparse {p.stat().st_size}"
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def stat_snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """(size, mtime_ns, inode) of every file and folder under *root*: any write shows."""
    out: dict[str, tuple[int, int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            p = Path(dirpath) / name
            st = p.lstat()
            out[p.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns, st.st_ino)
    st = root.stat()
    out["."] = (0, st.st_mtime_ns, st.st_ino)
    return out
