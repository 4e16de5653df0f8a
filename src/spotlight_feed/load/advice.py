"""Warnings ``build`` prints about a show that builds but is not ready to publish.

The build succeeds (the release is well-formed), but a directory would refuse or
mangle it: the scaffold's placeholders still in place (:mod:`.placeholders`),
cover art Apple refuses (:mod:`.artwork`), titles and descriptions longer than
apps accept (:mod:`.limits`). ``check`` reports the same findings,
fatal under ``--strict``. Reads the YAML files directly, so the fast "up to date"
path warns as well.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..errors import Problem
from ..yamlsrc import load_yaml_file
from .placeholders import find_placeholders


def build_warnings(root: Path) -> list[str]:
    """``file:line: field: message`` for everything a podcaster should fix before publishing."""
    return [str(p) for p in sorted(set(warning_problems(root)))]


def warning_problems(
    root: Path, *, show: bool = True, folders: Collection[str] | None = None
) -> list[Problem]:
    """The problems behind :func:`build_warnings`, unsorted.

    *show* false leaves out the show's own (podcast.yaml and its cover); *folders* keeps
    only those episode folders' (:func:`.showfiles.show_docs`). Each problem's path is
    the file it is in, so the show's and each episode's can be kept apart.
    """
    from .limits import length_problems

    problems = find_placeholders(root, show=show, folders=folders)
    if show:
        problems += cover_problems(root)
    problems += length_problems(root, show=show, folders=folders)
    return problems


def cover_problems(root: Path) -> list[Problem]:
    """The show cover's problems by Apple's artwork rule, at the ``image:`` line."""
    from .artwork import RULE, art_problems

    show, _ = load_yaml_file(root / "podcast.yaml", "podcast.yaml")
    if show is None or not isinstance(show.data, dict):
        return []
    image = show.data.get("image")
    path = root / image if isinstance(image, str) else None
    if path is None or not path.is_file():
        return []
    line = show.line_of(("image",))
    return [Problem(show.path, line, "", f"{m} (Apple {RULE})") for m in art_problems(path)]
