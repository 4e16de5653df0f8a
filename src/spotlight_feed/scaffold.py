"""Scaffolding: new shows and new episodes.

A new show gets ``podcast.yaml`` with its computed ``podcast:guid``, and
new episodes get (``episode.yaml`` with a fresh random ``guid`` written once).

The guids are generated here, once; builds never derive them from titles, file
names or URLs (spec notes §1.1 "item guid"; architecture notes §8.2).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from .errors import SpotlightError
from .guid import new_episode_guid, podcast_guid
from .layout import SLUG_RE

SHOW_TEMPLATE = """\
# yaml-language-server: $schema=https://spotlight-feed.example/schemas/podcast.schema.json
title: {title}
description: Describe the show in a few sentences.
link: {base_url}
base_url: {base_url}
language: en
author: Your Name
owner:
  name: Your Name
  email: you@example.com
category:
  category: Society & Culture
explicit: false
type: episodic
image: media/cover.jpg
# Computed once from the feed URL; never change it, even if the feed moves.
podcast_guid: {guid}
people: []
"""

EPISODE_TEMPLATE = """\
# yaml-language-server: $schema=https://spotlight-feed.example/schemas/episode.schema.json
title: {title}
# Permanent: podcast apps identify the episode by this. Never change it.
guid: {guid}
published: {published}
summary: One or two sentences about the episode.
audio: media/{slug}.mp3
voices:
  Host:
    name: Your Name
    role: host
chapters: []
"""

TRANSCRIPT_TEMPLATE = """\
Host
Welcome to the show.
"""


def new_show(folder: Path, *, title: str, base_url: str) -> list[Path]:
    """Create ``podcast.yaml``, ``episodes/`` and ``media/`` in *folder*."""
    if not base_url.endswith("/"):
        base_url += "/"
    show = folder / "podcast.yaml"
    if show.exists():
        raise SpotlightError(f"{show} already exists; not overwriting it")
    (folder / "episodes").mkdir(parents=True, exist_ok=True)
    (folder / "media").mkdir(parents=True, exist_ok=True)
    guid = podcast_guid(base_url + "feed.xml")
    show.write_text(
        SHOW_TEMPLATE.format(title=_yaml_str(title), base_url=base_url, guid=guid), encoding="utf-8"
    )
    return [show, folder / "episodes", folder / "media"]


def new_episode(project: Path, slug: str, *, title: str, now: datetime | None = None) -> list[Path]:
    """Create ``episodes/<slug>/episode.yaml`` and a transcript stub with a fresh guid."""
    if not SLUG_RE.match(slug):
        raise SpotlightError(
            f"episode slug '{slug}' must be ASCII letters, digits, '-', '_' or '.'"
        )
    if not (project / "podcast.yaml").is_file():
        raise SpotlightError(
            f"{project / 'podcast.yaml'} not found; run 'spotlight-feed new' first"
        )
    folder = project / "episodes" / slug
    if folder.exists():
        raise SpotlightError(f"{folder} already exists; not overwriting it")
    folder.mkdir(parents=True)
    published = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
    meta = folder / "episode.yaml"
    meta.write_text(
        EPISODE_TEMPLATE.format(
            title=_yaml_str(title), guid=new_episode_guid(), published=published, slug=slug
        ),
        encoding="utf-8",
    )
    transcript = folder / "transcript.txt"
    transcript.write_text(TRANSCRIPT_TEMPLATE, encoding="utf-8")
    return [meta, transcript]


def _yaml_str(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
