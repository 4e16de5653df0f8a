"""A worker process killed without a word (the OOM killer's SIGKILL) is named, not a traceback.

Issue #12: ``concurrent.futures`` reports a dead worker as ``BrokenProcessPool``. The build
names the episode the worker was writing and the signal, exits 1, and leaves dist/ as it was.
The kill here is real: the test sends SIGKILL to a worker of a running build, as the kernel's
out-of-memory killer would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import make_mp3
from release_util import cli_env, make_show, tree_digest

from spotlight_feed.build import build

MESSAGE = re.compile(
    r"^error: the worker process writing (episode 'ep\d\d'|an episode) was killed by SIGKILL "
    r"\(out of memory\? the kernel's OOM killer sends SIGKILL\); nothing was published\. "
    r"Build again with fewer jobs \(-j 1\) or more memory$",
    re.M,
)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def test_worker_killed_by_sigkill_is_named(tmp_path: Path) -> None:
    mp3 = tmp_path / "long.mp3"
    make_mp3(mp3, 30.0)
    root = make_show(tmp_path / "show", mp3, 12)
    build(root)
    for ep in sorted((root / "episodes").iterdir()):
        meta = ep / "episode.yaml"
        meta.write_text(meta.read_text().replace("title: Episode", "title: Changed"))
    before = tree_digest(root / "dist")
    proc = subprocess.Popen(
        [sys.executable, "-m", "spotlight_feed", "build", "-j", "2", "-C", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    killed = False
    deadline = time.monotonic() + 60
    # The first worker is killed as soon as it appears, while the pool is still starting.
    while proc.poll() is None and time.monotonic() < deadline and not killed:
        for child in _children(proc.pid):
            try:
                cmd = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:  # it ended meanwhile
                continue
            if b"spotlight_feed" in cmd:
                os.kill(child, signal.SIGKILL)
                killed = True
                break
        time.sleep(0.001)
    _, err = proc.communicate(timeout=120)
    # No retry. The message naming a SIGTERM'd sibling came from reading exit statuses while
    # the pool's manager thread reaped the same workers (fixed in release/workers.py); the
    # traceback this test also used to retry was not seen in 120 runs after that fix.
    assert killed, "no worker appeared to kill"
    assert proc.returncode == 1, err
    assert "Traceback" not in err, err
    assert MESSAGE.search(err), err
    assert "SIGTERM" not in err, err
    assert tree_digest(root / "dist") == before
    assert not list(root.glob(".dist-staging-*"))
