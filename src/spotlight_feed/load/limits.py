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

import re
from collections.abc import Collection
from pathlib import Path

from ..errors import Problem
from .showfiles import show_docs

TITLE_LIMIT = 255
DESCRIPTION_LIMIT = 4000
TITLE_SOURCE = "Apple: itunes: text values up to 255 characters (W3C Feed Validator)"
DESCRIPTION_SOURCE = "Apple: descriptions up to 4000 bytes of UTF-8 (support article 823)"


def length_problems(
    root: Path,
    *,
    descriptions: bool = True,
    show: bool = True,
    folders: Collection[str] | None = None,
) -> list[Problem]:
    """Titles (and, with *descriptions*, descriptions) over their limits in the show.

    A file is parsed only when its text could hold such a value (:func:`_might_be_long`);
    *show* and *folders* narrow the files looked at (:func:`.showfiles.show_docs`).
    """
    out: list[Problem] = []

    def want(text: str, is_show: bool) -> bool:
        return _might_be_long(text, descriptions)

    for doc in show_docs(root, want, show=show, folders=folders):
        long_fields = ("description",) if doc.path == "podcast.yaml" else ("summary", "notes")
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


_TITLE_LINE = re.compile(r"^title:[ \t]*(.*)$", re.MULTILINE)


def _might_be_long(text: str, descriptions: bool) -> bool:
    """Whether *text* could hold a title over 255 characters, or a long description.

    True for a long ``title:`` line, a title on several lines (block scalar, value on
    the next line, a quoted string not closed on its line), or a file over 4000 bytes.
    """
    if descriptions and len(text.encode("utf-8")) > DESCRIPTION_LIMIT:
        return True
    for m in _TITLE_LINE.finditer(text):
        value = m.group(1).rstrip()
        if len(value) > TITLE_LIMIT or not value or value[0] in ">|":
            return True
        if value[0] in "'\"" and (len(value) == 1 or not value.endswith(value[0])):
            return True
    return False
