"""The GUID guard: ``spotlight.lock`` records what was published and stops accidents.

Podcast apps identify a show by its ``podcast:guid`` (Podcasting 2.0
``docs/tags/guid.md``: "must never change") and an episode by its item
``<guid>`` (RSS 2.0; Apple podcast requirements: "never change the GUID of an
episode", or every subscriber downloads it again). After each successful build
the project's ``spotlight.lock`` records the show's ``podcast:guid`` and every
episode's guid with its enclosure URL. It is meant to be committed with the show.

A later build is refused, before anything is written, when it would

* change the ``podcast:guid``;
* change the guid of a published episode (recognised by its folder or its
  enclosure URL);
* drop a published episode, unless ``--allow-removal`` is given.

Episode guids live in ``episode.yaml`` and are never derived from folder names,
file names or titles, so renaming or retitling an episode keeps its guid; the
lock then only records the new enclosure URL (with a note).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..model import Project
from .layout import Layout
from .plan import enclosure_url

LOCK_FILE = "spotlight.lock"
_HEADER = (
    "Written by 'spotlight-feed build'. Commit it with the show: it stops a build from "
    "changing published guids (README, 'Release safety')."
)


class PublishedGuidError(InputError):
    """A build would change or drop something podcast apps already know."""

    exit_code = 3


@dataclass(frozen=True)
class LockedEpisode:
    """One published episode."""

    guid: str
    slug: str
    enclosure: str


@dataclass(frozen=True)
class Lock:
    """The contents of ``spotlight.lock``."""

    podcast_guid: str
    episodes: tuple[LockedEpisode, ...]


def read_lock(root: Path) -> tuple[Lock | None, str]:
    """The lock of the project at *root* (``None`` if there is none) and its text."""
    path = root / LOCK_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, ""
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(LOCK_FILE, None, "", f"cannot read: {exc}")]) from exc
    try:
        data: Any = json.loads(text)
        lock = Lock(
            str(data["podcast_guid"]),
            tuple(
                LockedEpisode(str(e["guid"]), str(e["slug"]), str(e["enclosure"]))
                for e in data["episodes"]
            ),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(
            [
                Problem(
                    LOCK_FILE,
                    getattr(exc, "lineno", None),
                    "",
                    f"not a valid lock file ({exc}); restore it from version control",
                )
            ]
        ) from exc
    return lock, text


def lock_for(project: Project, layout: Layout) -> Lock:
    """What this build publishes, in feed order."""
    return Lock(
        project.show.podcast_guid,
        tuple(
            LockedEpisode(e.config.guid, e.slug, enclosure_url(layout, e.slug))
            for e in project.episodes
        ),
    )


def render(lock: Lock) -> str:
    """Deterministic text of a lock file: one episode per line, for readable diffs."""
    rows = ",\n    ".join(
        json.dumps({"guid": e.guid, "slug": e.slug, "enclosure": e.enclosure}, ensure_ascii=False)
        for e in lock.episodes
    )
    body = f"\n    {rows}\n  " if rows else ""
    return (
        "{\n"
        f'  "comment": {json.dumps(_HEADER)},\n'
        f'  "podcast_guid": {json.dumps(lock.podcast_guid)},\n'
        f'  "episodes": [{body}]\n'
        "}\n"
    )


def guard(
    project: Project, layout: Layout, *, allow_removal: bool = False, preview: bool = False
) -> tuple[Lock, list[str]]:
    """Check this build against ``spotlight.lock``; return the new lock and notes.

    Raises :class:`PublishedGuidError` naming each episode and what changed. A
    *preview* build (``--base-url``) is checked for guids but its URLs are not news.
    """
    new = lock_for(project, layout)
    old, text = read_lock(project.root)
    if old is None:
        return new, [f"created {LOCK_FILE}: commit it to guard the published guids"]
    problems: list[Problem] = []
    notes: list[str] = []
    show = project.show
    if old.podcast_guid != show.podcast_guid:
        problems.append(
            Problem(
                project.show_path,
                project.show_doc.line_of(("podcast_guid",)),
                "podcast_guid",
                f"changed from {old.podcast_guid} to {show.podcast_guid}, but "
                f"{LOCK_FILE} records {old.podcast_guid} as published; apps and the "
                "Podcast Index would treat the show as a new podcast (Podcasting 2.0 "
                "podcast:guid must never change). Put the old value back",
            )
        )
    current = {e.config.guid: e for e in project.episodes}
    locked_guids = {e.guid for e in old.episodes}
    by_slug = {e.slug: e for e in project.episodes}
    by_url = {e.enclosure: e.guid for e in new.episodes}
    for entry in old.episodes:
        if entry.guid in current:
            ep = current[entry.guid]
            url = enclosure_url(layout, ep.slug)
            if url != entry.enclosure and not preview:
                notes.append(
                    f"episode '{ep.slug}' (guid {entry.guid}): enclosure URL changed from "
                    f"{entry.enclosure} to {url}; its guid is unchanged"
                )
            continue
        line = _line_of(text, entry.guid)
        successor = by_slug.get(entry.slug)
        if successor is None and entry.enclosure in by_url:
            successor = current[by_url[entry.enclosure]]
        if successor is not None and successor.config.guid not in locked_guids:
            problems.append(
                Problem(
                    successor.meta_path,
                    successor.doc.line_of(("guid",)),
                    "guid",
                    f"episode '{successor.slug}' was published with guid '{entry.guid}' "
                    f"({LOCK_FILE}:{line}), now '{successor.config.guid}'; podcast apps "
                    "would download it again as a new episode (Apple: never change an "
                    f"episode's GUID). Put back guid: {entry.guid}",
                )
            )
        elif allow_removal:
            notes.append(
                f"removed published episode '{entry.slug}' (guid {entry.guid}) "
                "from the feed (--allow-removal)"
            )
        else:
            problems.append(
                Problem(
                    LOCK_FILE,
                    line,
                    "",
                    f"published episode '{entry.slug}' (guid {entry.guid}, {entry.enclosure}) "
                    "is missing from episodes/; restore its folder, or pass --allow-removal "
                    "to take it out of the feed on purpose",
                )
            )
    if problems:
        raise PublishedGuidError(problems)
    return new, notes


def write_lock(root: Path, lock: Lock) -> bool:
    """Write ``spotlight.lock`` atomically if its content changed; return whether it did."""
    path = root / LOCK_FILE
    text = render(lock)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    fd, tmp = tempfile.mkstemp(prefix=".spotlight.lock-", dir=root)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())  # on disk before the release that relies on it is swapped in
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return True


def _line_of(text: str, guid: str) -> int | None:
    needle = f'"guid": {json.dumps(guid)}'
    for n, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return n
    return None
