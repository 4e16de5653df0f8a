"""Shared fixtures: small real MP3s, a minimal valid show, and the built sample."""

from __future__ import annotations

import math
import shutil
import struct
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir
from noskip import pytest_runtest_makereport  # noqa: F401 - in CI a skip is a failure

REPO = Path(__file__).resolve().parents[1]

# No test writes into the checkout: hypothesis keeps its example database and caches in a
# temporary folder, not ./.hypothesis/ (pyproject's addopts turns off ./.pytest_cache/).
HYPOTHESIS_HOME = Path(tempfile.mkdtemp(prefix="spotlight-hypothesis-"))
set_hypothesis_home_dir(str(HYPOTHESIS_HOME))
settings.register_profile("no-database", database=None)
settings.load_profile("no-database")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*/dist/ from this build (see tests/golden/README.md)",
    )


def make_mp3(
    path: Path,
    seconds: float = 2.0,
    *,
    freq: float = 440.0,
    rate: int = 22050,
    kbps: int = 64,
    amplitude: int = 8000,
) -> Path:
    """Encode a real mono MP3 of a sine tone with LAME (lameenc)."""
    import lameenc

    n = int(seconds * rate)
    pcm = b"".join(
        struct.pack("<h", int(amplitude * math.sin(2 * math.pi * freq * i / rate)))
        for i in range(n)
    )
    enc = lameenc.Encoder()
    enc.set_bit_rate(kbps)
    enc.set_in_sample_rate(rate)
    enc.set_channels(1)
    enc.set_quality(7)
    data = enc.encode(pcm) + enc.flush()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture(scope="session")
def tone_mp3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3-second MP3, made once per session."""
    return make_mp3(tmp_path_factory.mktemp("audio") / "tone.mp3", 3.0)


SHOW_YAML = """\
title: Tiny Show
description: A tiny show for tests.
link: https://tiny.example/
base_url: https://cdn.tiny.example/pod/
language: en
author: Tiny Author
owner:
  name: Tiny Owner
  email: owner@tiny.example
category:
  category: Technology
explicit: false
image: media/cover.png
podcast_guid: 6d5b7a0e-0c1f-5c4b-9a51-3c2b1d0e9f87
people:
  - name: Hana Host
    role: host
"""

EPISODE_YAML = """\
title: First Steps
guid: tiny-0001
number: 1
season: 2
published: 2024-03-05T10:30:00+01:00
summary: The first episode.
notes: |-
  Hello and welcome.

  - one
  - two
audio: media/first.mp3
voices:
  Host:
    name: Hana Host
    role: host
  Guest:
    name: Gus Guest
    role: guest
credits:
  writers:
    - name: Wanda Writer
  producers:
    - name: Pete Producer
chapters:
  - start: 0
    title: Intro
  - start: "00:01.500"
    title: Main
"""

TRANSCRIPT_TXT = """\
Host
Hello and welcome.

Guest
Thanks for having me.
"""


def write_cover(path: Path, size: int = 1400) -> Path:
    """A real square RGB PNG."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (size, size), (20, 40, 90)).save(path, format="PNG")
    return path


@pytest.fixture
def tiny_project(tmp_path: Path, tone_mp3: Path) -> Path:
    """A minimal valid show with one episode in a fresh folder."""
    from showkit import write_show

    return write_show(
        tmp_path / "show",
        SHOW_YAML,
        {"first": EPISODE_YAML},
        audio=tone_mp3,
        transcript=TRANSCRIPT_TXT,
    )


def copy_sample(dest: Path) -> Path:
    """Copy the sample show (inputs only) to *dest*."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "podcast.yaml", dest / "podcast.yaml")
    for name in ("spotlight.lock",):
        if (REPO / name).exists():
            shutil.copy(REPO / name, dest / name)
    shutil.copytree(REPO / "episodes", dest / "episodes")
    shutil.copytree(REPO / "media", dest / "media")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", dest / "templates")
    return dest


@pytest.fixture(scope="session")
def sample_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample show built once per session; returns its dist/ folder."""
    from spotlight_feed.build import BuildOptions, build

    root = copy_sample(tmp_path_factory.mktemp("sample") / "show")
    report = build(root, BuildOptions())
    return report.out_dir


EditFn = Callable[[str], str]


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of *old* in a text file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- no test writes into the checkout ---------------------------------------------------

_NOT_OURS = {".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".import_linter_cache"}
# /.cache/ is the checkout's download cache (.gitignore): the import tests' real-feed corpus
# is fetched into it by scripts/import_corpus.sh, before pytest in CI, and on first use (or
# after the corpus grows) by tests/import_support.py:corpus_dir(). Only the top-level one.
_DOWNLOAD_CACHE = ".cache"


def checkout_listing(root: Path = REPO) -> dict[str, tuple[int, int]]:
    """Every file of the checkout -> (size, mtime_ns), without tool caches and the venv."""
    import os

    out = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _NOT_OURS and not d.endswith(".egg-info")]
        if folder == str(root):
            dirs[:] = [d for d in dirs if d != _DOWNLOAD_CACHE]
        for name in files:
            path = Path(folder, name)
            st = path.lstat()
            out[path.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture(scope="session", autouse=True)
def checkout_untouched(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the run when any test created, changed or removed a file of the checkout.

    ``--update-golden`` rewrites tests/golden/ on purpose, so it is not checked then.
    """
    before = checkout_listing()
    yield
    shutil.rmtree(HYPOTHESIS_HOME, ignore_errors=True)
    if request.config.getoption("--update-golden", default=False):
        return
    after = checkout_listing()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"tests wrote into the checkout {REPO}: {changed[:20]}"


@pytest.fixture(autouse=True)
def signal_handlers_restored(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that runs a command in this process must leave SIGINT/SIGTERM as it found
    them: a handler left at SIG_IGN is inherited by every process started later, and a
    Ctrl-C test far down the run then sees its build ignore the interrupt."""
    import signal

    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    after = {sig: signal.getsignal(sig) for sig in before}
    changed = [signal.Signals(s).name for s in before if before[s] != after[s]]
    for sig, handler in before.items():
        signal.signal(sig, handler)
    assert not changed, f"{request.node.nodeid} left the {', '.join(changed)} handler changed"
