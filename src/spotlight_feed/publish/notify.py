"""After publishing: WebSub, Podcast Index pubnotify, Podping (each off by default)."""

from __future__ import annotations

from pathlib import Path


def notify_after_publish(project: Path, dist: Path | None) -> list[str]:
    """Ping what ``publish.notify`` configures; one line per ping."""
    return []
