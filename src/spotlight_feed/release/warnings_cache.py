"""The build's warnings, remembered between runs while the files they read are unchanged.

``build`` prints the first-hour warnings (placeholders, cover art, over-long text:
:mod:`..load.advice`) on every run, the "up to date" no-op included, whose budget is
under 1 s for 1,000 episodes (issue #12, "Done when"; docs/benchmarks.md). Finding
them parses every ``episode.yaml`` whose text could hold a long description, about
1.7 ms each. Each warning is about one file, and each file's warnings depend only on
that file (and, for the show's, on the cover it names), so they are kept per part in
``.spotlight-cache/build-warnings.json``: the show's under a digest of the ``stat``
(size, mtime, ctime, inode, mode) of ``podcast.yaml`` and its cover, each episode's
under a digest of its ``episode.yaml`` and ``transcript.txt``, all under the tool's
code. A run recomputes only the parts whose digest changed (one edited episode: its
own warnings and none of the others'), and the file is written only after a build that
succeeded. The cache is data (strings and numbers, checked on reading), never code; a
missing, damaged or stale file is a miss, and a project where it cannot be written just
computes the warnings every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..load.advice import warning_problems
from ..plan.layout import CACHE_DIR
from ..safeio import write_cache_file
from ..yamlsrc import load_yaml_file
from .keys import code_fingerprint

CACHE_FILE = "build-warnings.json"
FORMAT = "spotlight-feed-warnings/2"
SHOW = ""
"""The part name of the show's own warnings (an episode folder's name is never empty)."""

Entry = tuple[str, int | None, str, str]
"""A warning as kept: the :class:`..errors.Problem`'s path, line, field and message."""


@dataclass(frozen=True)
class Remembered:
    """The warnings of one run, and how to keep them for the next."""

    warnings: list[str]
    path: Path
    key: str
    hit: bool
    parts: dict[str, tuple[str, list[Entry]]] | None = None
    """Each part's digest and warnings (:data:`SHOW` and each episode folder)."""

    def save(self) -> None:
        """Keep the warnings for the next run; call only after a build that succeeded.

        A failed build writes nothing in the project (``tests/test_load.py`` hashes it),
        so the cache is written once the build went through, and not on a hit.
        """
        if self.hit or self.parts is None:
            return
        if not (self.path.parent.parent / "podcast.yaml").is_file():
            return
        doc = {
            "format": FORMAT,
            "code": self.key,
            "parts": {
                name: {"key": key, "warnings": [list(e) for e in entries]}
                for name, (key, entries) in sorted(self.parts.items())
            },
        }
        write_cache_file(self.path, json.dumps(doc, ensure_ascii=False))


def remembered_warnings(root: Path) -> Remembered:
    """:func:`..load.advice.build_warnings` of *root*, each part from the cache when current."""
    code = code_fingerprint()
    path = root / CACHE_DIR / CACHE_FILE
    keys = _keys(root)
    kept = _read(path, code)
    parts: dict[str, tuple[str, list[Entry]]] = {}
    missing: set[str] = set()
    for name, key in keys.items():
        found = kept.get(name)
        if found is not None and found[0] == key:
            parts[name] = found
        else:
            missing.add(name)
    if missing:
        folders = missing - {SHOW}
        fresh: dict[str, list[Entry]] = {name: [] for name in missing}
        for p in warning_problems(root, show=SHOW in missing, folders=folders):
            name = _part_of(p.path)
            if name not in fresh:  # not a file of a part that was recomputed: cannot happen
                name = SHOW
                fresh.setdefault(name, [])
            fresh[name].append((p.path, p.line, p.field, p.message))
        for name, entries in fresh.items():
            parts[name] = (keys.get(name, ""), entries)
    problems = {Problem(*e) for _, entries in parts.values() for e in entries}
    warnings = [str(p) for p in sorted(problems)]
    hit = not missing and kept.keys() == keys.keys()  # else a removed episode is forgotten
    return Remembered(warnings, path, code, hit=hit, parts=parts)


def _part_of(display: str) -> str:
    """The part a warning's file belongs to: its episode folder, or :data:`SHOW`."""
    bits = display.split("/")
    return bits[1] if len(bits) == 3 and bits[0] == "episodes" else SHOW


def _keys(root: Path) -> dict[str, str]:
    """Each part's digest of the ``stat`` of the files its warnings read."""
    keys = {SHOW: _digest([root / "podcast.yaml", *_cover(root)])}
    with contextlib.suppress(OSError):
        for entry in os.scandir(root / "episodes"):
            if entry.is_dir():  # as show_docs sees them (a symlinked folder too)
                folder = Path(entry.path)
                keys[entry.name] = _digest([folder / "episode.yaml", folder / "transcript.txt"])
    return keys


def _digest(files: list[Path]) -> str:
    h = hashlib.sha256()
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


def _read(path: Path, code: str) -> dict[str, tuple[str, list[Entry]]]:
    """The kept parts, or none when the file is missing, damaged, foreign or of other code."""
    try:
        found = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        return {}
    parts = found.get("parts")
    if found.get("code") != code or not isinstance(parts, dict):
        return {}
    out: dict[str, tuple[str, list[Entry]]] = {}
    for name, part in parts.items():
        entries = _entries(part)
        if entries is None:
            return {}  # damaged: compute everything again
        out[name] = entries
    return out


def _entries(part: Any) -> tuple[str, list[Entry]] | None:
    if not isinstance(part, dict) or not isinstance(part.get("key"), str):
        return None
    warnings = part.get("warnings")
    if not isinstance(warnings, list):
        return None
    out: list[Entry] = []
    for w in warnings:
        if not (
            isinstance(w, list)
            and len(w) == 4
            and isinstance(w[0], str)
            and (w[1] is None or (type(w[1]) is int))
            and isinstance(w[2], str)
            and isinstance(w[3], str)
        ):
            return None
        out.append((w[0], w[1], w[2], w[3]))
    return part["key"], out
