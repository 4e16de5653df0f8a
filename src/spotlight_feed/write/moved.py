"""``moved.tsv``: the old host's 301 plan for a show that moved here (pure + one write).

A show that moved keeps its subscribers when the old feed URL answers with a permanent
redirect (HTTP 301, RFC 9110 §15.4.2) to the new one, and the old feed (if the old host
still serves one) carries ``itunes:new-feed-url`` (Apple Podcasts RSS guide, "Moving your
show"; Podcast Index follows the 301 too). Hosts that can redirect files can also send
each old enclosure URL to the new MP3, so old downloads and embeds keep working.

The rows come from what ``import`` recorded (``moved_from`` in podcast.yaml and in each
episode.yaml) and the URLs of this build, so a later change of ``base_url`` is followed.
One row per line: old URL, a tab, new URL; the feed first, then the episodes in the project's order.
"""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path

from ..model import Project
from ..plan.layout import Layout, safe_join
from ..plan.plan import enclosure_url

NAME = "moved.tsv"


def moved_rows(
    project: Project, layout: Layout, published: Container[str]
) -> list[tuple[str, str]]:
    """(old URL, new URL) of the feed and of every *published* episode that moved.

    *published* holds the slugs of this build's episodes: one held back has no new file yet.
    """
    if project.show.moved_from is None:
        return []
    rows = [(project.show.moved_from, layout.feed_url)]
    for ep in project.episodes:
        if ep.config.moved_from and ep.slug in published:
            rows.append((ep.config.moved_from, enclosure_url(layout, ep.slug)))
    return rows


def write_moved(
    project: Project, layout: Layout, staging: Path, published: Container[str]
) -> list[str]:
    """Write ``moved.tsv`` into the release when the show moved; the paths written."""
    rows = moved_rows(project, layout, published)
    if not rows:
        return []
    text = "".join(f"{old}\t{new}\n" for old, new in rows)
    safe_join(staging, NAME).write_text(text, encoding="utf-8")
    return [NAME]
