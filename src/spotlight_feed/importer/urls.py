"""Whether a URL from a feed can be fetched at all, decided before any connection (pure)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9-]{1,63}$"  # names
    r"|^\[[0-9A-Fa-f:.]+\]$"  # IPv6 literals
)


def url_problem(url: str) -> str | None:
    """Why *url* cannot be an http(s) address (RFC 3986 §3.2.2 host), or None.

    Checked before any connection: a feed whose URL has white space or a broken host
    (``https://transcr   ipts.example.com/4.txt``) is reported, never looked up.
    """
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    host = parts.netloc.rsplit("@", 1)[-1]
    host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if any(c.isspace() for c in url) or not host or not _HOST.match(host):
        return "not a valid URL (white space or a broken host name)"
    return None
