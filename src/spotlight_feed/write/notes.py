"""Show notes: the podcaster's plain text turned into the HTML Apple renders.

Apple renders only ``<p> <ol> <ul> <li> <a>`` in episode descriptions (Apple
"A Podcaster's Guide to RSS"; spec notes §4.3, §6.2), so this converter emits
nothing else: paragraphs split at blank lines, ``- `` lines become a list, and
bare https URLs become links. All text is escaped; the podcaster's text can
never inject markup.
"""

from __future__ import annotations

import re
from html import escape

from ..config import Link

_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


def _inline(text: str) -> str:
    out, last = [], 0
    for m in _URL.finditer(text):
        out.append(escape(text[last : m.start()], quote=False))
        url = escape(m.group(0))
        out.append(f'<a href="{url}">{url}</a>')
        last = m.end()
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def notes_html(
    notes: str | None, links: list[Link] | tuple[Link, ...] = (), block_attrs: str = ""
) -> str:
    """Render show notes (and related links) with only Apple's tags.

    *block_attrs* goes into every ``<p>`` and ``<ul>`` (the pages pass ``dir="auto"``,
    HTML §3.2.6.4, so a paragraph in Arabic or Hebrew takes its own direction; the
    feed passes nothing, Apple's subset has no attributes).
    """
    a = f" {block_attrs}" if block_attrs else ""
    parts: list[str] = []
    for block in re.split(r"\n\s*\n", (notes or "").strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        para: list[str] = []
        items: list[str] = []
        for ln in lines:
            if ln.startswith(("- ", "* ")):
                if para:
                    parts.append(f"<p{a}>{_inline(' '.join(para))}</p>")
                    para = []
                items.append(ln[2:].strip())
            else:
                if items:
                    parts.append(
                        f"<ul{a}>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>"
                    )
                    items = []
                para.append(ln)
        if para:
            parts.append(f"<p{a}>{_inline(' '.join(para))}</p>")
        if items:
            parts.append(f"<ul{a}>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
    if links:
        parts.append(
            f"<ul{a}>"
            + "".join(
                f'<li><a href="{escape(link.url)}">{escape(link.title, quote=False)}</a></li>'
                for link in links
            )
            + "</ul>"
        )
    return "".join(parts)
