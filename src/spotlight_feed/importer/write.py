"""Writing the show folder: YAML files, the seeded ``spotlight.lock``, the report.

The YAML is written with PyYAML's safe dumper, which quotes every string that would
otherwise read back as another type (a guid ``123`` or a date string), so each
value reads back byte for byte. ``spotlight.lock`` is rendered by the project's own
:mod:`spotlight_feed.plan.guard`, so the very first build is already guarded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..plan.guard import Lock, LockedEpisode, read_lock, render
from ..plan.layout import Layout
from ..scaffold import GITIGNORE, SCHEMA_DIR, write_schemas

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where PyYAML has it (ten times faster), else the pure-Python one."""

SHOW_HEADER = (
    f"# yaml-language-server: $schema={SCHEMA_DIR}/podcast.schema.json\n"
    "# Imported by 'spotlight-feed import' (see import-report.txt). podcast_guid is the show's\n"
    "# identity: never change it.\n"
)
EPISODE_HEADER = (
    f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/episode.schema.json\n"
    "# Imported by 'spotlight-feed import'. guid is exactly as the old feed published it:\n"
    "# podcast apps know the episode by it. Never change it.\n"
)


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML text of *data* in the given key order, Unicode kept readable."""
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)


def write_text(path: Path, text: str) -> None:
    """Write *text* as UTF-8, creating the folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_show(root: Path, show: dict[str, Any]) -> None:
    """``podcast.yaml``, its JSON Schemas and a ``.gitignore``.

    The schemas are the ones its editor comment points at, and the ``.gitignore`` is that
    of ``spotlight-feed new`` (:mod:`spotlight_feed.scaffold`).
    """
    write_text(root / "podcast.yaml", SHOW_HEADER + dump_yaml(show))
    write_schemas(root)
    if not (root / ".gitignore").exists():
        write_text(root / ".gitignore", GITIGNORE)


def write_episode(root: Path, slug: str, data: dict[str, Any]) -> None:
    """``episodes/<slug>/episode.yaml``."""
    write_text(root / "episodes" / slug / "episode.yaml", EPISODE_HEADER + dump_yaml(data))


def seed_lock(
    root: Path, podcast_guid: str, base_url: str, episodes: list[tuple[str, str]]
) -> None:
    """Write ``spotlight.lock`` with every (guid, slug), keeping entries already there.

    The enclosure URLs are the ones the first build will publish (:class:`.layout.Layout`).
    """
    old, _ = read_lock(root)
    layout = Layout(base_url if base_url.endswith("/") else base_url + "/")
    entries = list(old.episodes) if old else []
    known = {e.guid for e in entries}
    for guid, slug in episodes:
        if guid not in known:
            entries.append(LockedEpisode(guid, slug, layout.url(layout.audio(slug))))
            known.add(guid)
    lock = Lock(old.podcast_guid if old else podcast_guid, tuple(entries))
    write_text(root / "spotlight.lock", render(lock))


def existing_episodes(root: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """Guid -> (slug, episode.yaml values) of the episodes already in *root*."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    folder = root / "episodes"
    if not folder.is_dir():
        return out
    for meta in sorted(folder.glob("*/episode.yaml")):
        try:
            data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("guid") is not None:
            out[str(data["guid"]).strip()] = (meta.parent.name, data)
    return out
