"""spotlight-feed: package a podcast for release.

Public API: :func:`build` with :class:`BuildOptions` (returns a :class:`BuildReport`),
:func:`load_project`, :func:`check`, and the error types. Everything else is an
internal module.

Importing the package stays light (no pydantic, feedgen, lxml or Jinja2), so
``spotlight-feed build`` can answer "nothing changed" from ``stat()`` alone:
:mod:`.build` imports its stages inside :func:`build`, and :func:`load_project` and
:func:`check` import theirs when called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ._version import __version__ as __version__
from .build import BuildOptions as BuildOptions
from .build import BuildReport as BuildReport
from .build import build as build
from .errors import BuildError as BuildError
from .errors import InputError as InputError
from .errors import Problem as Problem
from .errors import SpotlightError as SpotlightError

if TYPE_CHECKING:
    from .lint import Finding
    from .model import Project


def load_project(root: Path) -> Project:
    """Load and validate the project at *root*; raise :class:`InputError` on any problem."""
    from .load.project import load_project as load

    return load(root)


def check(root: Path, dist: Path | None = None) -> list[Finding]:
    """Lint the project at *root* and its release (*dist*, default ``root/dist``) offline."""
    from .lint import check as run

    return run(root, dist)
