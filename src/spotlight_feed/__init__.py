"""spotlight-feed: package a podcast for release.

Public API: :func:`load_project`, :func:`build` and the error types.

``build``, ``BuildOptions`` and ``load_project`` are imported on first use, so
``spotlight-feed build`` can answer "nothing changed" without importing the
heavy stages (pydantic, feedgen, lxml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from .errors import InputError as InputError
from .errors import Problem as Problem
from .errors import SpotlightError as SpotlightError

if TYPE_CHECKING:
    from .build import BuildOptions as BuildOptions
    from .build import build as build
    from .load import load_project as load_project


def __getattr__(name: str) -> Any:
    if name in ("build", "BuildOptions"):
        import importlib

        module = importlib.import_module(".build", __name__)
        # importing the submodule bound the name 'build' to it: bind the function again
        globals()["build"] = module.build
        globals()["BuildOptions"] = module.BuildOptions
        return globals()[name]
    if name == "load_project":
        from .load import load_project

        return load_project
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
