"""Tracking prefixes: measurement services that wrap the real media URL.

A prefix service is put in front of the file URL (``https://dts.podtrac.com/redirect.mp3/
media.example/ep1.mp3``) and redirects to the rest; several can be chained. Before
downloading, the known ones are removed so the real file URL is fetched and recorded
(docs/sources.md §9.3).
The original URL is kept for the migration report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

# Each pattern matches the prefix part, from the start of the URL (scheme optional),
# so that what remains is the next URL (without its scheme, for most services).
_PREFIXES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "podtrac",
        re.compile(
            r"^(?:https?://)?(?:dts\.|www\.)?podtrac\.com/(?:pts/)?redirect\.[a-z0-9]+[/?]", re.I
        ),
    ),
    ("podtrac", re.compile(r"^(?:https?://)?play\.podtrac\.com/[^/]+/", re.I)),
    ("chartable", re.compile(r"^(?:https?://)?(?:chtbl\.com|chrt\.fm)/track/[^/]+/", re.I)),
    ("spotify-ad-analytics", re.compile(r"^(?:https?://)?prfx\.byspotify\.com/e/", re.I)),
    ("podsights", re.compile(r"^(?:https?://)?pdst\.fm/e/", re.I)),
    ("op3", re.compile(r"^(?:https?://)?op3\.dev/e(?:,[^/]*)?/", re.I)),
    ("blubrry", re.compile(r"^(?:https?://)?media\.blubrry\.com/[^/]+/", re.I)),
    ("podcorn", re.compile(r"^(?:https?://)?verifi\.podscribe\.com/rss/p/", re.I)),
    ("claritas", re.compile(r"^(?:https?://)?clrtpod\.com/m/", re.I)),
    ("veritone", re.compile(r"^(?:https?://)?arttrk\.com/p/[^/]+/", re.I)),
    ("pfx", re.compile(r"^(?:https?://)?pfx\.vpixl\.com/[^/]+/", re.I)),
    ("podtrac-mgln", re.compile(r"^(?:https?://)?mgln\.ai/e/[^/]+/", re.I)),
)
_ANCHOR = re.compile(
    r"^https?://anchor\.fm/s/[^/]+/podcast/play/[^/]+/(?:sponsor/[^/]+/)?(https?%3A%2F%2F.+)$",
    re.I,
)


@dataclass(frozen=True)
class Stripped:
    """A media URL with its tracking prefixes removed."""

    url: str
    """The real file URL."""
    original: str
    """The URL as the feed published it."""
    services: tuple[str, ...]
    """The prefix services removed, outermost first."""


def strip_prefixes(url: str) -> Stripped:
    """Remove every known tracking prefix from *url*, however they are chained.

    The scheme of the original URL is kept for the remainder (prefix services
    drop it: ``dts.podtrac.com/redirect.mp3/media.example/a.mp3``); a remainder
    that carries its own scheme (op3 allows ``op3.dev/e/https://...``) keeps it.
    """
    original = url.strip()
    scheme = "https://" if original.lower().startswith("https://") else "http://"
    rest = original
    services: list[str] = []
    changed = True
    while changed:
        changed = False
        m = _ANCHOR.match(rest)
        if m:
            services.append("anchor")
            rest = unquote(m.group(1))
            changed = True
            continue
        for name, pattern in _PREFIXES:
            m2 = pattern.match(rest)
            if m2 and len(rest) > m2.end():
                services.append(name)
                rest = rest[m2.end() :]
                if not re.match(r"^https?://", rest, re.I):
                    rest = scheme + rest
                changed = True
                break
    return Stripped(rest, original, tuple(services))
