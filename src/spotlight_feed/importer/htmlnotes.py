"""HTML show notes to the show-notes format of ``episode.yaml`` (``notes:``).

The target format (README "episode.yaml"; :mod:`spotlight_feed.write.notes`) has
paragraphs separated by blank lines, ``- `` list items and bare URLs that become
links, which is what Apple renders anyway (``<p> <ol> <ul> <li> <a>``, Apple "A
Podcaster's Guide to RSS"). The conversion keeps every word and every link:

* ``<p>``, ``<div>``, ``<br><br>``, headings: paragraphs;
* ``<ul>``/``<ol>`` items: ``- `` lines (an ordered list keeps its numbers as text);
* ``<a href>``: the link text followed by the URL in brackets, unless the text is
  the URL itself; relative and non-http links are kept as text and reported;
* ``<img>``: its alt text and URL, reported;
* emphasis, tables and anything else: their text, reported once per kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree, html

_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "pre",
    "figure",
    "header",
    "footer",
}
_INLINE_KEPT = {"span", "a", "br", "ul", "ol", "li", "body", "html", "font", "u"}
_DROPPED_STYLE = {
    "b",
    "strong",
    "i",
    "em",
    "code",
    "small",
    "sup",
    "sub",
    "s",
    "strike",
    "mark",
    "cite",
    "abbr",
    "q",
    "del",
    "ins",
}


@dataclass
class Converted:
    """Show notes in the episode.yaml format and what could not be represented."""

    text: str
    lost: list[str] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    """Whether *text* carries HTML markup (not just a stray ``<`` or ``&``)."""
    return bool(re.search(r"<\s*(p|br|a|ul|ol|li|div|b|i|strong|em|span|img|h[1-6])\b", text, re.I))


def html_to_notes(source: str) -> Converted:
    """Convert HTML show notes; plain text is returned with its paragraphs kept."""
    if not looks_like_html(source):
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", source.strip())]
        return Converted("\n\n".join(p for p in paragraphs if p))
    try:
        root = html.fragment_fromstring(source, create_parent="div")
    except (etree.ParserError, ValueError):
        return Converted(" ".join(source.split()), ["show notes: unreadable HTML kept as text"])
    out = _Writer()
    _walk(root, out, list_depth=0)
    return Converted(out.result(), sorted(out.lost))


_URL_CUT = re.compile(r"[\s<>\"']")
_URL_END = re.compile(r"[.,;:!?)]*")


class _Writer:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.lost: set[str] = set()
        self.after_url = False

    def text(self, s: str) -> None:
        if s:
            if self.after_url:
                # a bare URL runs to the next white space, less trailing .,;:!?) (write/
                # notes.py _URL): other text right after "(URL)", such as "]" or Chinese
                # with no spaces, is kept apart by a space after that punctuation
                m = _URL_END.match(s)
                run = m.group() if m else ""
                rest = s[len(run) :]
                if rest and not rest[0].isspace():
                    s = f"{run} {rest}"
                self.after_url = bool(run) and not rest
            self.current.append(s)

    def url_ends(self) -> None:
        self.after_url = True

    def end_block(self) -> None:
        para = " ".join("".join(self.current).split())
        if para:
            self.blocks.append(para)
        self.current = []

    def result(self) -> str:
        self.end_block()
        out: list[str] = []
        for b in self.blocks:
            # consecutive list items stay together; other blocks are paragraphs
            if out and b.startswith("- ") and out[-1].startswith("- "):
                out[-1] += "\n" + b
            else:
                out.append(b)
        return "\n\n".join(out)


def _walk(el: Any, out: _Writer, list_depth: int) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in ("script", "style"):
        out.lost.add(f"<{tag}> removed")
        if el.tail:
            out.text(el.tail)
        return
    if tag in _BLOCK:
        out.end_block()
        if tag in ("table", "pre", "blockquote") or tag.startswith("h"):
            out.lost.add(f"<{tag}> formatting (its text is kept)")
    elif tag in _DROPPED_STYLE:
        out.lost.add(f"<{tag}> emphasis (its text is kept)")
    elif tag == "img":
        src = el.get("src") or ""
        alt = el.get("alt") or "image"
        out.text(f" {alt} ({src}) " if src.startswith(("http://", "https://")) else f" {alt} ")
        out.lost.add("<img> images (alt text and URL kept as text)")
    elif tag and tag not in _INLINE_KEPT:
        out.lost.add(f"<{tag}> markup (its text is kept)")
    if tag == "a":
        _link(el, out)
    elif tag in ("ul", "ol"):
        out.end_block()
        n = 0
        if el.text and el.text.strip():
            out.text(el.text)
        for child in el:
            if isinstance(child.tag, str) and child.tag.lower() == "li":
                n += 1
                out.end_block()
                out.text("- " + (f"{n}. " if tag == "ol" else ""))
                _children(child, out, list_depth + 1)
                out.end_block()
                if child.tail and child.tail.strip():
                    out.text(child.tail)
            else:
                _walk(child, out, list_depth)
        if list_depth:
            out.lost.add("nested lists (flattened)")
        out.end_block()
    elif tag == "br":
        nxt = el.getnext()
        if (
            nxt is not None
            and isinstance(nxt.tag, str)
            and nxt.tag.lower() == "br"
            and not (el.tail or "").strip()
        ):
            out.end_block()
        else:
            out.text(" ")
    else:
        _children(el, out, list_depth)
    if tag in _BLOCK:
        out.end_block()
    if el.tail:
        out.text(el.tail)


def _children(el: Any, out: _Writer, list_depth: int) -> None:
    if el.text:
        out.text(el.text)
    for child in el:
        _walk(child, out, list_depth)


def _link(el: Any, out: _Writer) -> None:
    href = (el.get("href") or "").strip()
    label = " ".join("".join(el.itertext()).split())
    if not href.startswith(("http://", "https://")):
        out.text(label)
        if href:
            out.lost.add("links that are not absolute http(s) URLs (their text is kept)")
        return
    # the notes format ends a bare URL at white space, < > " and ' (write/notes.py _URL):
    # those are percent-encoded (RFC 3986 section 2.1), the same address once decoded
    safe = _URL_CUT.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), href)
    if safe != href:
        out.lost.add(
            "the characters ' \" < > or white space in a link's URL, written percent-encoded "
            "(the notes format ends a URL at them; the address is the same once decoded)"
        )
    plain = label == href or label.rstrip("/") == href.rstrip("/")
    href = safe
    if not label or plain:
        out.text(f" {href} ")
    else:
        out.text(f"{label} ({href} )" if href[-1] in ".,;:!?)" else f"{label} ({href})")
        out.url_ends()
