"""Text longer than podcast apps accept: titles and descriptions, with the limit's source.

* Descriptions (show ``description``, episode ``summary`` and ``notes``, which
  become ``<description>`` and ``content:encoded``): Apple accepts up to 4000 bytes
  of UTF-8 (Apple Podcasts RSS feed requirements, support article 823,
  https://podcasters.apple.com/support/823-podcast-requirements). ``check``
  reports more as an error; ``build`` warns.
* Titles (``<title>``, repeated as ``itunes:title``): Apple's ``itunes:`` text
  values are limited to 255 characters, as the W3C Feed Validator checks them
  (its ``itunes`` module); longer titles are cut or refused by directories.
  A warning in both ``build`` and ``check``.

Reads the YAML files directly (like :mod:`.placeholders`), so the build's fast
"up to date" path can warn too.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .yamlsrc import YamlDoc, load_yaml_file

TITLE_LIMIT = 255
DESCRIPTION_LIMIT = 4000
TITLE_SOURCE = "Apple: itunes: text values up to 255 characters (W3C Feed Validator)"
DESCRIPTION_SOURCE = "Apple: descriptions up to 4000 bytes of UTF-8 (support article 823)"


def length_problems(root: Path, *, descriptions: bool = True) -> list[Problem]:
    """Titles (and, with *descriptions*, descriptions) over their limits in the show."""
    out: list[Problem] = []
    docs: list[tuple[YamlDoc, tuple[str, ...]]] = []
    show, _ = load_yaml_file(root / "podcast.yaml", "podcast.yaml")
    if show is not None:
        docs.append((show, ("description",)))
    episodes = root / "episodes"
    if episodes.is_dir():
        for folder in sorted(p for p in episodes.iterdir() if p.is_dir()):
            display = f"episodes/{folder.name}/episode.yaml"
            doc, _ = load_yaml_file(folder / "episode.yaml", display)
            if doc is not None:
                docs.append((doc, ("summary", "notes")))
    for doc, long_fields in docs:
        if not isinstance(doc.data, dict):
            continue
        title = doc.data.get("title")
        if isinstance(title, str) and len(title.strip()) > TITLE_LIMIT:
            out.append(
                Problem(
                    doc.path,
                    doc.line_of(("title",)),
                    "title",
                    f"{len(title.strip())} characters, more than {TITLE_LIMIT} ({TITLE_SOURCE})",
                )
            )
        for field in long_fields if descriptions else ():
            text = doc.data.get(field)
            size = len(text.strip().encode("utf-8")) if isinstance(text, str) else 0
            if size > DESCRIPTION_LIMIT:
                out.append(
                    Problem(
                        doc.path,
                        doc.line_of((field,)),
                        field,
                        f"{size} bytes in UTF-8, more than {DESCRIPTION_LIMIT} "
                        f"({DESCRIPTION_SOURCE})",
                    )
                )
    return out
