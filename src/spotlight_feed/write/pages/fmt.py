"""Formatting helpers of the pages: durations, dates, sizes, relative links, JSON-LD text."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def seconds(ms: int) -> str:
    """Seconds for a media fragment (W3C Media Fragments URI 1.0 §4.2.1 NPT): ``81.5``."""
    whole, frac = divmod(max(ms, 0), 1000)
    return f"{whole}.{frac:03d}".rstrip("0").rstrip(".") if frac else str(whole)


def iso_duration(ms: int) -> str:
    """ISO 8601 duration (HTML ``<time datetime>``, schema.org ``duration``): ``PT11M29S``."""
    s = (max(ms, 0) + 500) // 1000
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    out = "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "")
    return out + (f"{sec}S" if sec or out == "PT" else "")


def human_duration(ms: int) -> str:
    """Play time for people: ``11 min 29 s``, ``1 h 2 min``."""
    s = (max(ms, 0) + 500) // 1000
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    if h:
        return f"{h} h {m} min" if m else f"{h} h"
    if m:
        return f"{m} min {sec} s" if sec else f"{m} min"
    return f"{sec} s"


def human_date(when: datetime) -> str:
    """``2 June 2021``, in the time zone the podcaster wrote (no locale, no clock)."""
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}"


def human_size(size: int) -> str:
    """File size for download links: ``5.3 MB`` (SI units)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} bytes"


@lru_cache(maxsize=4096)
def relative(from_dir: str, target: str) -> str:
    """URL of dist path *target* relative to the dist folder *from_dir* (``""`` = root).

    ``posixpath.relpath`` of the two, worked out from their components: ``relpath``
    makes both absolute against the working folder (two ``getcwd`` calls, most of a
    page's path arithmetic, issue #18), which changes nothing for paths inside dist/;
    a path that leaves it (``..``) or is absolute still goes through ``relpath``.
    """
    start, path = posixpath.normpath(from_dir or "."), posixpath.normpath(target or ".")
    if path.startswith(("/", "..")) or start.startswith(("/", "..")):
        return quote(posixpath.relpath(target or ".", from_dir or "."), safe="/")
    to = [] if path == "." else path.split("/")
    frm = [] if start == "." else start.split("/")
    common = 0
    for a, b in zip(to, frm, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(frm) - common) + to[common:]
    return quote("/".join(parts) if parts else ".", safe="/")


def json_ld(data: Mapping[str, Any]) -> Markup:
    """JSON-LD safe inside ``<script>``: ``<``, ``>`` and ``&`` become unicode escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def paragraphs(text: str) -> list[list[str]]:
    """Plain text -> paragraphs (split at blank lines) of lines (kept as written)."""
    out: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if lines:
            out.append(lines)
    return out
