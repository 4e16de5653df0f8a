"""The build's warnings, remembered between runs while the files they read are unchanged.

``build`` prints the first-hour warnings (placeholders, cover art, over-long text:
:mod:`..load.advice`) on every run, the "up to date" no-op included, whose budget is
under 1 s for 1,000 episodes (issue #12, "Done when"; docs/benchmarks.md). Finding
them parses every ``episode.yaml`` whose text could hold a long description, about
1.7 ms each. Their result depends only on the files they read, so it is kept in
``.spotlight-cache/build-warnings.json`` under a digest of those files' ``stat``
(size, mtime, ctime, inode) and of the tool's code, written only after a build that
succeeded, and replayed when the digest is the same. The cache is data (a list of
strings, checked on reading), never code; a missing, damaged or stale file is a miss,
and a project where it cannot be written just computes the warnings every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..load.advice import build_warnings
from ..plan.layout import CACHE_DIR
from ..safeio import write_cache_file
from ..yamlsrc import load_yaml_file
from .keys import code_fingerprint

CACHE_FILE = "build-warnings.json"


@dataclass(frozen=True)
class Remembered:
    """The warnings of one run, and how to keep them for the next."""

    warnings: list[str]
    path: Path
    key: str
    hit: bool

    def save(self) -> None:
        """Keep the warnings for the next run; call only after a build that succeeded.

        A failed build writes nothing in the project (``tests/test_load.py`` hashes it),
        so the cache is written once the build went through, and not on a hit.
        """
        if not self.hit and (self.path.parent.parent / "podcast.yaml").is_file():
            write_cache_file(self.path, json.dumps({"key": self.key, "warnings": self.warnings}))


def remembered_warnings(root: Path) -> Remembered:
    """:func:`..load.advice.build_warnings` of *root*, from the cache when it is current."""
    key = _key(root)
    path = root / CACHE_DIR / CACHE_FILE
    found = _read(path, key)
    if found is not None:
        return Remembered(found, path, key, hit=True)
    return Remembered(build_warnings(root), path, key, hit=False)


def _key(root: Path) -> str:
    """A digest of the code and of every file the warnings read (see the module docstring)."""
    h = hashlib.sha256(code_fingerprint().encode() + b"\0")
    files = [root / "podcast.yaml", *_cover(root)]
    episodes = root / "episodes"
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(episodes), key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                folder = Path(entry.path)
                files += [folder / "episode.yaml", folder / "transcript.txt"]
    for path in files:
        try:
            st = os.stat(path)
            facts = f"{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\0{st.st_mode}"
        except OSError:
            facts = "-"
        h.update(f"{path}\0{facts}\n".encode())
    return h.hexdigest()


def _cover(root: Path) -> list[Path]:
    """The cover ``podcast.yaml`` names (its art and placeholder checks read it)."""
    show, _ = load_yaml_file(root / "podcast.yaml", "podcast.yaml")
    image = show.data.get("image") if show is not None and isinstance(show.data, dict) else None
    return [root / image] if isinstance(image, str) and image and "\0" not in image else []


def _read(path: Path, key: str) -> list[str] | None:
    try:
        found = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("key") != key:
        return None
    warnings = found.get("warnings")
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        return None
    return warnings
