"""The scaffold's placeholder values, and where a show still has them.

``spotlight-feed new`` and ``new-episode`` fill in values that make the first
build work but must not be published: a made-up owner, template descriptions, a
placeholder cover. Apple rejects shows with placeholder text ("Description goes
here", Apple Podcasts "Optimize your show's metadata" guidance,
https://podcasters.apple.com/support/823-podcast-requirements), and Spotify sends
the ownership code to ``itunes:owner/itunes:email``, so a ``you@example.com`` left
in place loses the show. ``build`` prints these as warnings, ``check`` reports
them as warnings, which ``check --strict`` makes fatal.

:func:`find_placeholders` reads the YAML files itself (not the load stage), so
the fast "up to date" path of ``build`` can warn too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import Problem
from .yamlsrc import Loc, YamlDoc, format_loc, load_yaml_file

YOUR_NAME = "Your Name"
YOUR_EMAIL = "you@example.com"
SHOW_DESCRIPTION = "Describe the show in a few sentences."
EPISODE_SUMMARY = "One or two sentences about the episode."
COVER_COMMENT = "spotlight-feed placeholder cover"
"""The JPEG comment of the cover ``new`` writes (:func:`.scaffold.write_placeholder_cover`)."""
OLD_TRANSCRIPT = "Host\nWelcome to the show."
"""The stub transcript earlier versions of ``new-episode`` wrote."""

_TEXT = {
    YOUR_NAME: "a placeholder name",
    YOUR_EMAIL: "a placeholder e-mail address (directories send ownership codes there)",
    SHOW_DESCRIPTION: "the template description",
    EPISODE_SUMMARY: "the template summary",
}


def find_placeholders(root: Path) -> list[Problem]:
    """Every scaffold placeholder still in the show at *root*, ``file:line: field``.

    Files that do not parse are skipped: the load stage reports those.
    """
    out: list[Problem] = []
    show, _ = load_yaml_file(root / "podcast.yaml", "podcast.yaml")
    if show is not None and isinstance(show.data, dict):
        out += _values(show, show.data, ())
        image = show.data.get("image")
        if isinstance(image, str) and is_placeholder_cover(root / image):
            out.append(
                Problem(
                    show.path,
                    show.line_of(("image",)),
                    "image",
                    f"{image} is the placeholder cover from 'spotlight-feed new'; "
                    "replace it with the show's art",
                )
            )
    episodes = root / "episodes"
    folders = sorted(p for p in episodes.iterdir() if p.is_dir()) if episodes.is_dir() else []
    for folder in folders:
        display = f"episodes/{folder.name}/episode.yaml"
        doc, _ = load_yaml_file(folder / "episode.yaml", display)
        if doc is not None and isinstance(doc.data, dict):
            out += _values(doc, doc.data, ())
        script = folder / "transcript.txt"
        if script.is_file() and script.read_text(encoding="utf-8", errors="replace").strip() == (
            OLD_TRANSCRIPT
        ):
            out.append(
                Problem(
                    f"episodes/{folder.name}/transcript.txt",
                    1,
                    "",
                    "still the template transcript; replace it or delete the file",
                )
            )
    return out


def is_placeholder_cover(path: Path) -> bool:
    """True when *path* is the cover ``new`` wrote (its JPEG comment says so)."""
    from PIL import Image

    try:
        with Image.open(path) as img:
            comment = img.info.get("comment", b"")
    except (OSError, ValueError, Image.DecompressionBombError):  # a bomb is reported by the build
        return False
    return isinstance(comment, bytes) and comment.decode("latin-1") == COVER_COMMENT


def _values(doc: YamlDoc, data: Any, loc: Loc) -> Iterator[Problem]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _values(doc, value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _values(doc, value, (*loc, i))
    elif isinstance(data, str) and data.strip() in _TEXT:
        yield Problem(
            doc.path,
            doc.line_of(loc),
            format_loc(loc),
            f"'{data.strip()}' is {_TEXT[data.strip()]} from the scaffold; replace it",
        )
