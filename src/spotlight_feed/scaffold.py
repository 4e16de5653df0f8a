"""Scaffolding: new shows and new episodes.

``new`` writes everything the first ``build`` needs: ``podcast.yaml`` with its
computed ``podcast:guid``, ``episodes/``, ``media/`` with a placeholder cover
that already meets Apple's artwork rules (square, 3000x3000 px, RGB JPEG:
https://podcasters.apple.com/support/896-artwork-requirements), a ``.gitignore``
for the build's own folders, and the JSON Schemas in ``schemas/`` that the
``yaml-language-server`` comment of each YAML file points at by relative path.

``new-episode`` writes ``episodes/<slug>/episode.yaml`` with a fresh random
``guid``, written once. The guids are generated here, once; builds never derive
them from titles, file names or URLs (RSS 2.0 ``<guid>``: "a string that uniquely
identifies the item"; Apple 823: "never change the GUID of an episode").

The values a podcaster must replace are listed in :mod:`.load.placeholders`, which
``check --strict`` and ``build`` report while they are still in place.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from .errors import SpotlightError
from .guid import new_episode_guid, podcast_guid
from .load.checks import SLUG_RE, inside
from .load.placeholders import (
    COVER_COMMENT,
    EPISODE_SUMMARY,
    SHOW_DESCRIPTION,
    YOUR_EMAIL,
    YOUR_NAME,
)

SCHEMA_DIR = "schemas"
"""Where ``new`` and ``schema --write`` put the JSON Schemas inside a show."""
COVER = "media/cover.jpg"
AUDIO_SUFFIXES = frozenset({".mp3", ".wav", ".flac", ".aif", ".aiff", ".m4a", ".ogg", ".opus"})
"""Sources ``build`` reads: MP3 as it is, the others encoded (README "Audio sources")."""

SHOW_TEMPLATE = """\
# yaml-language-server: $schema={schema_dir}/podcast.schema.json
# The show config. Every field is documented in {schema_dir}/podcast.schema.json
# (spotlight-feed schema --write refreshes it). Replace every placeholder below:
# `spotlight-feed check --strict` lists the ones still in place.
title: {title}
description: {description}
link: {base_url}
base_url: {base_url}
language: en
author: {name}
owner:
  name: {name}
  email: {email}
category:
  category: Society & Culture
explicit: false
type: episodic
image: {cover}
image_alt: Cover art of {title_plain}
# Computed once from the feed URL; never change it, even if the feed moves.
podcast_guid: {guid}
"""

EPISODE_TEMPLATE = """\
# yaml-language-server: $schema=../../{schema_dir}/episode.schema.json
title: {title}
# Permanent: podcast apps identify the episode by this. Never change it.
guid: {guid}
published: {published}
summary: {summary}
audio: {audio}
{numbers}# Add a transcript as episodes/{slug}/transcript.vtt, .srt, .json or .txt, and a
# `voices:` entry for each of its speaker labels.
"""

GITIGNORE = """\
# spotlight-feed: the release, its build cache and interrupted builds' staging folders
/dist/
/.dist-staging-*/
/.dist-old-*/
/.spotlight-cache/
"""


def new_show(folder: Path, *, title: str, base_url: str) -> list[Path]:
    """Create a show in *folder*: config, folders, cover, ``.gitignore``, schemas."""
    if not base_url.endswith("/"):
        base_url += "/"
    show = folder / "podcast.yaml"
    if show.exists():
        raise SpotlightError(f"{show} already exists; not overwriting it")
    (folder / "episodes").mkdir(parents=True, exist_ok=True)
    (folder / "media").mkdir(parents=True, exist_ok=True)
    guid = podcast_guid(base_url + "feed.xml")
    show.write_text(
        SHOW_TEMPLATE.format(
            title=_yaml_str(title),
            title_plain=title.replace("\n", " "),
            base_url=base_url,
            guid=guid,
            description=SHOW_DESCRIPTION,
            name=YOUR_NAME,
            email=YOUR_EMAIL,
            cover=COVER,
            schema_dir=SCHEMA_DIR,
        ),
        encoding="utf-8",
    )
    made = [show, folder / "episodes", folder / "media"]
    cover = folder / COVER
    if not cover.exists():
        write_placeholder_cover(cover, title)
        made.append(cover)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE, encoding="utf-8")
        made.append(ignore)
    made += write_schemas(folder)
    return made


def write_schemas(project: Path) -> list[Path]:
    """Write both JSON Schemas into ``project/schemas/``; the written paths."""
    from .schemas import render_schemas

    out = project / SCHEMA_DIR
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written


def write_placeholder_cover(path: Path, title: str) -> None:
    """A 3000x3000 RGB JPEG that says it is a placeholder, marked as one in its comment.

    It passes Apple's artwork rules, so the first build works; the JPEG comment
    :data:`~.load.placeholders.COVER_COMMENT` lets ``check`` recognise it.
    """
    from PIL import Image, ImageDraw, ImageFont

    size = 3000
    img = Image.new("RGB", (size, size), (64, 64, 72))
    draw = ImageDraw.Draw(img)
    for i in range(0, size, 150):  # diagonal stripes: unmistakably not real art
        draw.line([(i, 0), (0, i)], fill=(84, 84, 94), width=30)
        draw.line([(size, i), (i, size)], fill=(84, 84, 94), width=30)
    big = ImageFont.load_default(size=260)
    small = ImageFont.load_default(size=110)
    draw.text((size / 2, size * 0.42), "PLACEHOLDER", font=big, fill="white", anchor="mm")
    draw.text((size / 2, size * 0.55), title[:40], font=small, fill="white", anchor="mm")
    draw.text(
        (size / 2, size * 0.63), f"replace {COVER}", font=small, fill=(255, 210, 90), anchor="mm"
    )
    img.save(path, "JPEG", quality=80, comment=COVER_COMMENT.encode("ascii"))


def new_episode(
    project: Path,
    slug: str,
    *,
    title: str,
    now: datetime | None = None,
    audio: Path | None = None,
    published: str | None = None,
    number: int | None = None,
    season: int | None = None,
) -> list[Path]:
    """Create ``episodes/<slug>/episode.yaml`` with a fresh guid.

    *audio* outside the project is copied to ``media/<slug>.<ext>``; inside it, it is
    referenced where it is. *published* must be an ISO 8601 date-time with a time
    zone (default: now, in UTC).
    """
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
    when = _published(published) if published else (now or datetime.now(UTC))
    made: list[Path] = []
    audio_rel = f"media/{slug}.mp3"
    if audio is not None:
        audio_rel, copied = _place_audio(project, audio, slug)
        if copied is not None:
            made.append(copied)
    numbers = "".join(
        f"{key}: {value}\n" for key, value in (("season", season), ("number", number)) if value
    )
    folder.mkdir(parents=True)
    meta = folder / "episode.yaml"
    meta.write_text(
        EPISODE_TEMPLATE.format(
            title=_yaml_str(title),
            guid=new_episode_guid(),
            published=when.replace(microsecond=0).isoformat(),
            summary=EPISODE_SUMMARY,
            audio=_yaml_str(audio_rel),
            numbers=numbers,
            slug=slug,
            schema_dir=SCHEMA_DIR,
        ),
        encoding="utf-8",
    )
    return [meta, *made]


def _published(text: str) -> datetime:
    from .config.dates import parse_aware

    value, problem = parse_aware(text)
    if value is None:
        raise SpotlightError(f"--published: {problem}")
    return value


def _place_audio(project: Path, audio: Path, slug: str) -> tuple[str, Path | None]:
    """The ``audio:`` value for *audio*, and the copy made in ``media/`` if any.

    A copy is named after the slug: an ASCII-safe name, which Apple asks of
    enclosure URLs (support article 823), whatever the recording was called.
    """
    if not audio.is_file():
        raise SpotlightError(f"--audio: file not found: {audio}")
    if audio.suffix.lower() not in AUDIO_SUFFIXES:
        raise SpotlightError(
            f"--audio: {audio} is not an audio file build reads "
            f"({', '.join(sorted(AUDIO_SUFFIXES))})"
        )
    root = project.resolve()
    real = audio.resolve()
    if inside(root, real):
        return real.relative_to(root).as_posix(), None
    target = root / "media" / f"{slug}{audio.suffix.lower()}"
    if target.exists():
        raise SpotlightError(f"--audio: {target} already exists; not overwriting it")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(real, target)
    return f"media/{slug}{audio.suffix.lower()}", target


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
