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

from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..safeio import read_regular
from ..yamlsrc import Loc, YamlDoc, format_loc
from .showfiles import show_docs

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


def find_placeholders(
    root: Path, *, show: bool = True, folders: Collection[str] | None = None
) -> list[Problem]:
    """Every scaffold placeholder still in the show at *root*, ``file:line: field``.

    Only files whose text contains a placeholder are parsed (:mod:`.showfiles`);
    files that do not parse are skipped: the load stage reports those. *show* and
    *folders* narrow the files looked at as in :func:`.showfiles.show_docs`.
    """
    out: list[Problem] = []

    def want(text: str, is_show: bool) -> bool:
        return is_show or any(t in text for t in _TEXT)

    for doc in show_docs(root, want, show=show, folders=folders):
        out += _values(doc, doc.data, ())
        image = doc.data.get("image") if doc.path == "podcast.yaml" else None
        if isinstance(image, str) and is_placeholder_cover(root / image):
            out.append(
                Problem(
                    doc.path,
                    doc.line_of(("image",)),
                    "image",
                    f"{image} is the placeholder cover from 'spotlight-feed new'; "
                    "replace it with the show's art",
                )
            )
    episodes = root / "episodes"
    scripts = sorted(episodes.glob("*/transcript.txt")) if episodes.is_dir() else []
    if folders is not None:
        scripts = [s for s in scripts if s.parent.name in folders]
    for script in scripts:
        if not script.is_file() or script.stat().st_size > 64:  # the stub is 27 bytes
            continue  # a special file is the load stage's to report (:mod:`.safeio`)
        try:
            text = read_regular(script).decode("utf-8", errors="replace")
        except OSError:
            continue
        if text.strip() == OLD_TRANSCRIPT:
            out.append(
                Problem(
                    f"episodes/{script.parent.name}/transcript.txt",
                    1,
                    "",
                    "still the template transcript; replace it or delete the file",
                )
            )
    return out


def is_placeholder_cover(path: Path) -> bool:
    """True when *path* is the cover ``new`` wrote (its JPEG comment says so)."""
    from PIL import Image

    if not path.is_file():  # missing or special: the load stage reports it
        return False
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
