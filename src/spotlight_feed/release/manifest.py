"""``dist/manifest.json``: every file of the release with its size and SHA-256.

The manifest lets anyone verify a release after upload or copy (``spotlight-feed
check`` does) and lets the next build reuse files it can prove unchanged. It is
deterministic: entries sorted by path, POSIX separators, no dates, so two builds
of the same inputs produce byte-identical manifests. It does not list itself.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"
GENERATOR = "spotlight-feed"
FORMAT = "spotlight-feed-release/1"
"""The manifest's ``format``: marks a folder as a release this tool wrote."""
_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileEntry:
    """One file of the release."""

    path: str
    size: int
    sha256: str


def sha256_file(path: Path) -> str:
    """SHA-256 of *path*, read in 1 MiB chunks (memory does not grow with file size)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def walk(root: Path) -> list[str]:
    """Every regular file under *root* as sorted POSIX relative paths (manifest excluded)."""
    out: list[str] = []
    base = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, base).replace(os.sep, "/")
        prefix = "" if rel_dir == "." else rel_dir + "/"
        out.extend(prefix + name for name in filenames if prefix + name != MANIFEST)
    return sorted(out)


def entries_for(root: Path, known: Mapping[str, FileEntry] | None = None) -> list[FileEntry]:
    """Describe every file under *root*; files in *known* (same size) are not hashed again."""
    known = known or {}
    out: list[FileEntry] = []
    base = os.fspath(root)
    for rel in walk(root):
        size = os.stat(os.path.join(base, rel)).st_size
        entry = known.get(rel)
        if entry is None or entry.size != size:
            entry = FileEntry(rel, size, sha256_file(root / rel))
        out.append(entry)
    return out


def render(entries: Iterable[FileEntry]) -> bytes:
    """The manifest's bytes: one entry per line, sorted by path."""
    rows = sorted(entries, key=lambda e: e.path)
    lines = [
        json.dumps({"path": e.path, "size": e.size, "sha256": e.sha256}, ensure_ascii=False)
        for e in rows
    ]
    body = ",\n    ".join(lines)
    total = sum(e.size for e in rows)
    text = (
        "{\n"
        f'  "generator": "{GENERATOR}",\n'
        f'  "format": "{FORMAT}",\n'
        f'  "file_count": {len(rows)},\n'
        f'  "total_bytes": {total},\n'
        f'  "files": [\n    {body}\n  ]\n'
        "}\n"
    )
    return text.encode("utf-8")


def read(dist: Path) -> dict[str, FileEntry] | None:
    """The manifest of the release in *dist*, by path, or ``None`` if absent or unreadable."""
    try:
        data = json.loads((dist / MANIFEST).read_bytes())
        return {
            f["path"]: FileEntry(str(f["path"]), int(f["size"]), str(f["sha256"]))
            for f in data["files"]
        }
    except (OSError, ValueError, KeyError, TypeError):
        return None


def release_files(dist: Path) -> frozenset[str] | None:
    """The files listed by *dist*'s manifest (itself included) if this tool wrote it, else ``None``.

    Only a manifest with ``generator`` spotlight-feed and a known ``format`` (or
    none: releases made before the field existed) counts; a PWA's or any other
    program's ``manifest.json`` does not.
    """
    try:
        data = json.loads((dist / MANIFEST).read_bytes())
        if not isinstance(data, dict) or data.get("generator") != GENERATOR:
            return None
        if data.get("format", FORMAT) != FORMAT:
            return None
        files = frozenset(str(f["path"]) for f in data["files"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    return files | {MANIFEST}


def verify(dist: Path, *, hashes: bool = True) -> list[str]:
    """Compare *dist* with its manifest; return one message per difference (empty: intact)."""
    entries = read(dist)
    if entries is None:
        return [f"{dist / MANIFEST}: missing or unreadable"]
    problems: list[str] = []
    present = set(walk(dist))
    for rel, entry in sorted(entries.items()):
        path = dist / rel
        if rel not in present:
            problems.append(f"{rel}: listed in {MANIFEST} but missing")
            continue
        size = path.stat().st_size
        if size != entry.size:
            problems.append(f"{rel}: {size} bytes, {MANIFEST} says {entry.size}")
        elif hashes and sha256_file(path) != entry.sha256:
            problems.append(f"{rel}: content differs from its SHA-256 in {MANIFEST}")
    for rel in sorted(present - set(entries)):
        problems.append(f"{rel}: not listed in {MANIFEST}")
    return problems
