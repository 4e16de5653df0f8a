"""``spotlight-feed serve`` (implemented in a later step)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import PublishError


def serve_project(project: Path, bind: str, port: int, echo: Callable[..., None]) -> None:
    """Not yet available."""
    raise PublishError("serve is not available yet")
