"""A small HTTP client for ``--verify`` and the notifications: no hidden redirects.

:mod:`http.client` directly, so every hop of a redirect chain is seen and
counted (issue #19, "redirect chains (count, final URL)"), and a HEAD or range
request sends exactly the headers asked for.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

TIMEOUT = 20.0
MAX_HOPS = 5
USER_AGENT = "spotlight-feed-verify"


@dataclass
class Response:
    """The final response of a request, after any redirects."""

    status: int
    headers: Message
    body: bytes
    url: str
    hops: list[str] = field(default_factory=list)
    """The URLs redirected from, in order."""

    def header(self, name: str) -> str:
        """A header's value, empty when absent."""
        return str(self.headers.get(name, ""))


class HttpError(Exception):
    """The request did not get a response (connection refused, timeout, bad URL)."""


def request(
    method: str,
    url: str,
    headers: dict[str, str] | None = None,
    *,
    body: bytes | None = None,
    read: int | None = -1,
    follow: bool = True,
) -> Response:
    """Send one request, following up to five redirects; read at most *read* body bytes."""
    hops: list[str] = []
    while True:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise HttpError(f"not an http(s) URL: {url}")
        conn_type = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        conn = conn_type(parts.hostname, parts.port, timeout=TIMEOUT)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        try:
            sent = {"User-Agent": USER_AGENT, **(headers or {})}
            conn.request(method, target, body=body, headers=sent)
            resp = conn.getresponse()
            data = b"" if method == "HEAD" or read == 0 else resp.read(None if read == -1 else read)
        except (OSError, http.client.HTTPException) as exc:
            raise HttpError(f"{method} {url}: {exc}") from exc
        finally:
            conn.close()
        location = resp.headers.get("Location")
        if follow and resp.status in {301, 302, 303, 307, 308} and location:
            if len(hops) >= MAX_HOPS:
                raise HttpError(f"{url}: more than {MAX_HOPS} redirects")
            hops.append(url)
            url = urljoin(url, location)
            continue
        return Response(resp.status, resp.headers, data, url, hops)
