"""The waves of a publish: what must be live before what (issue #19, "Order").

A listener who fetches the feed at any moment of a publish must find every file
it names. So new media and art go first, then what the pages and feed link
(transcripts, chapters, style), then the episode pages, then the index page,
then the feed, and last the remote manifest that records the publish
(docs/sources.md §8.6). Deletes come after all of them
(:mod:`.plan`).
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import PurePosixPath

from .headers import kind_of


class Wave(IntEnum):
    """Upload groups in the order they go live; each finishes before the next starts."""

    MEDIA = 1
    SIDECARS = 2
    PAGES = 3
    INDEX = 4
    FEED = 5
    MANIFEST = 6


def wave_of(path: str) -> Wave:
    """The wave of the release file at POSIX *path*."""
    kind = kind_of(path).name
    if kind in {"audio", "image"}:
        return Wave.MEDIA
    if kind == "feed":
        return Wave.FEED
    if kind == "manifest":
        return Wave.MANIFEST
    if kind == "page":
        return Wave.INDEX if PurePosixPath(path).parent == PurePosixPath(".") else Wave.PAGES
    return Wave.SIDECARS
