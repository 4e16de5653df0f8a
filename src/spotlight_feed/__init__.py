"""spotlight-feed: package a podcast for release.

Public API: :func:`load_project`, :func:`build` and the error types.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .build import BuildOptions as BuildOptions
from .build import build as build
from .errors import InputError as InputError
from .errors import Problem as Problem
from .errors import SpotlightError as SpotlightError
from .load import load_project as load_project
