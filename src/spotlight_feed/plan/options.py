"""What a caller asks of a build (:class:`BuildOptions`) and what it did (:class:`BuildReport`).

Both cross every stage, so they live low in the layering; the public names are
``spotlight_feed.BuildOptions`` and ``spotlight_feed.BuildReport``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..errors import BuildError


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org) if set to an integer.

    It pins ``lastBuildDate``; without it the feed takes the newest episode's
    publication date, so a build never reads the clock either way.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise BuildError(f"SOURCE_DATE_EPOCH must be an integer, got '{raw[:40]}'") from exc
    if not 0 <= value <= MAX_EPOCH:
        shown = raw if len(raw) <= 20 else f"a {len(raw.strip())}-digit number"
        raise BuildError(
            f"SOURCE_DATE_EPOCH must be between 0 and {MAX_EPOCH} (the year 9999), got {shown}; "
            "feed dates have four-digit years (RFC 2822 §3.3)"
        )
    return value


MAX_EPOCH = 253_402_300_799
"""9999-12-31T23:59:59Z: the last second with a four-digit year."""


@dataclass
class BuildReport:
    """What a build did."""

    out_dir: Path
    episodes: int = 0
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Informational messages for the user (e.g. untimed transcripts)."""
    reused: list[str] = field(default_factory=list)
    """Episodes whose files were taken unchanged from the previous release."""
    built: list[str] = field(default_factory=list)
    """Episodes whose stage ran in this build."""
    repaged: list[str] = field(default_factory=list)
    """Reused episodes whose page alone was rendered again (a neighbour's title or slug
    changed, or one was added or removed)."""
    up_to_date: bool = False
    """Nothing changed since the last build; nothing was written."""
    loaded_from_cache: list[str] = field(default_factory=list)
    """Episodes the load stage took from the last build instead of reading them again."""
    release_notes: list[str] = field(default_factory=list)
    """What the release machinery did: spotlight.lock changes, recovery after a kill."""
    warnings: list[str] = field(default_factory=list)
    """The first-hour warnings (placeholders, cover art, over-long text:
    :mod:`..load.advice`): the release is well-formed, but a directory would refuse or
    mangle it. Also said to the progress sink before any work."""


@dataclass(frozen=True)
class BuildOptions:
    """Options a caller may override; ``None`` keeps the project's own value."""

    out_dir: Path | None = None
    base_url: str | None = None
    source_date_epoch: int | None = field(default_factory=source_date_epoch)
    """``lastBuildDate``; by default ``SOURCE_DATE_EPOCH`` from the environment, read when
    the options are made, so the CLI and ``spotlight_feed.build(root)`` agree."""
    id3_version: int = 3
    """ID3v2 version of the MP3 tags: 3 (default, UTF-16, widest support) or 4 (UTF-8)."""
    allow_removal: bool = False
    """Let the build drop episodes recorded in spotlight.lock."""
    wait: bool = False
    """Queue behind a concurrent build of the same dist/ instead of refusing."""
    force: bool = False
    """Redo every episode even when its inputs did not change."""
    jobs: int | None = None
    """Worker processes for per-episode work (default: every core)."""
    as_of: datetime | None = None
    """Publish as of this moment: later episodes are held back (default:
    SOURCE_DATE_EPOCH, else the clock; :mod:`.schedule`)."""
