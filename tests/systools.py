"""System tools some tests need, found on PATH, and a clear skip when one is missing.

Outside CI a missing tool skips the tests that need it, saying what to install;
in CI (``.ci/run`` sets ``SPOTLIGHT_FAIL_ON_SKIP=1``, and ``CI=true`` counts too)
the ``noskip`` plugin turns every skip into a failure, because ``scripts/test.sh``
installs them all there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PACKAGES = {
    "chromium": "chromium (Debian), chromium-browser (Ubuntu), or `playwright install chromium`",
    "java": "default-jre-headless (Debian/Ubuntu), any Java 11+ runtime elsewhere",
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
    "lame": "lame",
    "espeak-ng": "espeak-ng",
    "sox": "sox",
}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def missing(*tools: str) -> list[str]:
    """The *tools* not found on PATH."""
    return [t for t in tools if shutil.which(t) is None]


def reason(tools: list[str]) -> str:
    """Why the tests that need *tools* are skipped, and what to install."""
    what = "; ".join(f"{t}: install {PACKAGES.get(t, t)}" for t in tools)
    return (
        f"needs {', '.join(tools)}, not found on PATH ({what}; scripts/test.sh does it on Debian)"
    )


def require(*tools: str) -> None:
    """Skip the running test (or fixture) unless every tool is on PATH."""
    gone = missing(*tools)
    if gone:
        pytest.skip(reason(gone))


def needs(*tools: str) -> pytest.MarkDecorator:
    """A ``skipif`` mark for tests that need *tools*."""
    gone = missing(*tools)
    return pytest.mark.skipif(bool(gone), reason=reason(gone))


def chromium_path(playwright_default: str | None = None) -> str | None:
    """Chromium to drive: ``$CHROMIUM``, then one on PATH, then playwright's own download."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if Path(env).is_file() else shutil.which(env)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if playwright_default and Path(playwright_default).is_file():
        return playwright_default
    return None
