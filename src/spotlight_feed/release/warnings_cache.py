"""The build's warnings, remembered between runs while the files they read are unchanged.

``build`` prints the first-hour warnings (placeholders, cover art, over-long text:
:mod:`..load.advice`) on every run, the "up to date" no-op included, whose budget is
under 1 s for 1,000 episodes (issue #12, "Done when"; docs/benchmarks.md). Finding
them parses every ``episode.yaml`` whose text could hold a long description, about
1.7 ms each. Each warning is about one file, and each file's warnings depend only on
that file (and, for the show's, on the cover it names), so they are kept per part in
``.spotlight-cache/build-warnings.json`` (a first line with the whole list under a digest
of all those files, replayed when nothing moved; then the parts): the show's under a
digest of the ``stat`` (size, mtime, ctime, inode, mode) of ``podcast.yaml`` and its
cover, each episode's under a digest of its ``episode.yaml`` and ``transcript.txt``, all
under the tool's code. A run recomputes only the parts whose digest changed (one edited episode: its
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
from ..plan.layout import CACHE_DIR
from ..safeio import write_cache_file
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
    whole: str = ""
    """The digest of every part's files together: equal, the first line is replayed."""
    show: str = ""
    """The ``stat`` of ``podcast.yaml`` when its cover was read (:func:`_cover`)."""
    cover: tuple[str, ...] = ()
    """The cover ``podcast.yaml`` names, as written there (none or one)."""

    def save(self) -> None:
        """Keep the warnings for the next run; call only after a build that succeeded.

        A failed build writes nothing in the project (``tests/test_load.py`` hashes it),
        so the cache is written once the build went through, and not on a hit.
        """
        if self.hit or self.parts is None:
            return
        if not (self.path.parent.parent / "podcast.yaml").is_file():
            return
        head = {
            "format": FORMAT,
            "code": self.key,
            "all": self.whole,
            "warnings": self.warnings,
            "show": self.show,
            "cover": list(self.cover),
        }
        parts = {
            name: {"key": key, "warnings": [list(e) for e in entries]}
            for name, (key, entries) in sorted(self.parts.items())
        }
        text = json.dumps(head, ensure_ascii=False) + "\n" + json.dumps(parts, ensure_ascii=False)
        write_cache_file(self.path, text)


def remembered_warnings(root: Path) -> Remembered:
    """:func:`..load.advice.build_warnings` of *root*, each part from the cache when current."""
    code = code_fingerprint()
    path = root / CACHE_DIR / CACHE_FILE
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    first, _, rest = data.partition(b"\n")
    head = _head_fields(first, code)
    show, cover = _cover(root, head)
    facts = _facts(root, [root / c for c in cover])
    replayed = _head(head, _whole(facts))
    if replayed is not None:  # nothing moved: the whole list as the last run printed it
        return Remembered(replayed, path, code, hit=True, whole=_whole(facts))
    show, cover = _cover(root, None)  # something moved: the cover as podcast.yaml names it now
    facts[SHOW] = _stats([root / "podcast.yaml", *(root / c for c in cover)])
    whole = _whole(facts)
    keys = {name: hashlib.sha256(f.encode()).hexdigest() for name, f in facts.items()}
    kept = _read(rest) if _head(head, None) is not None else {}
    parts: dict[str, tuple[str, list[Entry]]] = {}
    missing: set[str] = set()
    for name, key in keys.items():
        found = kept.get(name)
        if found is not None and found[0] == key:
            parts[name] = found
        else:
            missing.add(name)
    if missing:
        from ..load.advice import warning_problems  # parses YAML: not on a replayed run

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
    # Not replayed: something moved, or the first line is not the parts' (written again).
    return Remembered(
        warnings, path, code, hit=False, parts=parts, whole=whole, show=show, cover=cover
    )


def _whole(facts: dict[str, str]) -> str:
    """The digest of every part's facts together (the first line's ``all``)."""
    return hashlib.sha256("\n".join(f"{n}\0{f}" for n, f in facts.items()).encode()).hexdigest()


def _part_of(display: str) -> str:
    """The part a warning's file belongs to: its episode folder, or :data:`SHOW`."""
    bits = display.split("/")
    return bits[1] if len(bits) == 3 and bits[0] == "episodes" else SHOW


def _facts(root: Path, cover: list[Path]) -> dict[str, str]:
    """Each part's ``stat`` of the files its warnings read, as text (hashed for its key)."""
    parts = {SHOW: _stats([root / "podcast.yaml", *cover])}
    join = os.path.join  # strings, not Paths: this runs for every episode on every no-op
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(root / "episodes"), key=lambda e: e.name):
            if entry.is_dir():  # as show_docs sees them (a symlinked folder too)
                folder = entry.path
                files = [join(folder, "episode.yaml"), join(folder, "transcript.txt")]
                parts[entry.name] = _stats(files)
    return parts


def _stats(files: list[Path] | list[str]) -> str:
    out = []
    for path in files:
        try:
            st = os.stat(path)
            facts = f"{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\0{st.st_mode}"
        except OSError:
            facts = "-"
        out.append(f"{path}\0{facts}\n")
    return "".join(out)


def _cover(root: Path, head: dict[str, Any] | None) -> tuple[str, tuple[str, ...]]:
    """``podcast.yaml``'s ``stat`` and the cover it names (its art and placeholder checks read it).

    With the first line (*head*) of a run whose ``podcast.yaml`` had this ``stat`` (then
    the file is the one it parsed), that run's answer, used only to decide whether to
    replay: the cover is a part of the show's digest, so a cover named wrongly there is a
    miss, and a run that does not replay parses ``podcast.yaml`` (*head* ``None``).
    """
    show_stat = _stats([root / "podcast.yaml"])
    if head is not None and head.get("show") == show_stat:
        kept = head.get("cover")
        if isinstance(kept, list) and len(kept) <= 1 and all(_is_cover(c) for c in kept):
            return show_stat, tuple(kept)
    from ..yamlsrc import load_yaml_file

    show, _ = load_yaml_file(root / "podcast.yaml", "podcast.yaml")
    image = show.data.get("image") if show is not None and isinstance(show.data, dict) else None
    return show_stat, (image,) if isinstance(image, str) and _is_cover(image) else ()


def _is_cover(image: object) -> bool:
    return isinstance(image, str) and bool(image) and "\0" not in image


def _head_fields(line: bytes, code: str) -> dict[str, Any] | None:
    """The first line when it is this format and *code*'s."""
    try:
        found = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(found, dict) or found.get("format") != FORMAT or found.get("code") != code:
        return None
    return found


def _head(found: dict[str, Any] | None, whole: str | None) -> list[str] | None:
    """The first line's warnings (:func:`_head_fields`), if of *whole* (when given)."""
    if found is None:
        return None
    if whole is not None and found.get("all") != whole:
        return None
    warnings = found.get("warnings")
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        return None
    return warnings


def _read(data: bytes) -> dict[str, tuple[str, list[Entry]]]:
    """The kept parts (the file's second line), or none when missing or damaged."""
    try:
        parts = json.loads(data)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(parts, dict):
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
