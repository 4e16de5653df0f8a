"""Redirect rules for the old host, made from the release's ``moved.tsv`` (pure + one write).

A show that moved keeps its subscribers when the old feed URL answers with a permanent
redirect, HTTP 301 (RFC 9110 §15.4.2), to the new feed, and old episode links and
downloads keep working when each old enclosure URL does the same (Apple Podcasts,
"Moving your show"; the Podcast Index follows 301s). ``dist/moved.tsv`` (write/moved.py)
lists those pairs; this module turns them into rules an old host that can be configured
can use as they are, one folder per old host name:

- ``nginx-redirects.conf``: one exact-match ``location = "/path" { return 301 "URL"; }``
  per row, to ``include`` in that host's ``server`` block
  (https://nginx.org/en/docs/http/ngx_http_core_module.html#location,
  https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return). nginx matches
  the decoded path, so the percent-escapes of the published URL are decoded.
- ``.htaccess``: Apache mod_alias ``RedirectMatch 301 "^/path$" "URL"`` (an anchored
  match: plain ``Redirect`` would also send ``/rss/x`` to ``URL/x``)
  (https://httpd.apache.org/docs/2.4/mod/mod_alias.html#redirectmatch); mod_alias
  matches the decoded path too, and passes a request's query string on to the new URL
  (a static host serves the file whatever the query).
- ``_redirects``: Netlify (https://docs.netlify.com/routing/redirects/) and Cloudflare
  Pages (https://developers.cloudflare.com/pages/configuration/redirects/): ``/path URL
  301``, the path as published.

Rules match the path only (a query string such as Libsyn's ``?dest-id=`` is ignored by
all three). An enclosure URL published behind tracking prefixes (Podtrac, Chartable...)
is redirected where the prefix services send it, the real file on the old host: the
services themselves cannot be configured. What cannot be written is listed in the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..errors import SpotlightError
from .prefixes import strip_prefixes

FILES = ("nginx-redirects.conf", ".htaccess", "_redirects")


class RedirectsError(SpotlightError):
    """No ``moved.tsv`` to read, or a line of it that is not ``old<TAB>new``."""


@dataclass(frozen=True)
class Rule:
    """One permanent redirect on an old host."""

    path: str
    """The path as published (percent-escapes kept), starting with ``/``."""
    new: str
    """The URL to send it to."""
    old: str
    """The old URL as moved.tsv lists it (for the comments)."""

    @property
    def decoded(self) -> str:
        """The path as nginx and Apache match it (percent-escapes decoded)."""
        return unquote(self.path)


@dataclass
class Plan:
    """The rules for each old host (``host`` or ``host:port``), and what was left out."""

    hosts: dict[str, list[Rule]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def read_moved(text: str, source: str = "moved.tsv") -> list[tuple[str, str]]:
    """The (old URL, new URL) rows of a ``moved.tsv``; a malformed line is an error."""
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise RedirectsError(f"{source}:{n}: expected 'old URL<TAB>new URL'")
        rows.append((parts[0].strip(), parts[1].strip()))
    return rows


def plan_redirects(rows: list[tuple[str, str]]) -> Plan:
    """Group *rows* by old host, tracking prefixes removed; conflicts and oddities noted."""
    plan = Plan()
    seen: dict[tuple[str, str], Rule] = {}
    prefixed = 0
    for old, new in rows:
        real = strip_prefixes(old)
        if real.services:
            prefixed += 1
        parts = urlsplit(real.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            plan.notes.append(f"{old}: not an http(s) URL; no rule written")
            continue
        if any(c in new for c in '"\\$\n\r\t') or not re.match(r"^https?://", new):
            plan.notes.append(f"{old}: the new URL {new!r} cannot be written in a rule")
            continue
        # the path as published, with only what cannot stand in a rule escaped
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        host = parts.netloc.lower()
        if parts.query:
            plan.notes.append(
                f"{old}: the rule matches {path} whatever the query string (?{parts.query})"
            )
        key = (host, unquote(path))
        if key in seen:
            if seen[key].new != new:
                plan.notes.append(
                    f"{old}: {host}{path} already goes to {seen[key].new}; not also to {new}"
                )
            continue
        rule = Rule(path, new, old)
        seen[key] = rule
        plan.hosts.setdefault(host, []).append(rule)
    if prefixed:
        plan.notes.append(
            f"{prefixed} enclosure URL(s) were published behind tracking prefixes: their "
            "rules are for the real file on the old host, where the prefix services send "
            "listeners (the services cannot be set up to redirect)"
        )
    return plan


def _quoted(text: str) -> str:
    """A double-quoted nginx/Apache string (backslash and quote escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _header(host: str, *what: str) -> list[str]:
    return [
        f"# spotlight-feed redirects: permanent (301) redirects for the old host {host},",
        "# from the release's moved.tsv.",
        *(f"# {line}" for line in what),
    ]


def render_nginx(host: str, rules: list[Rule]) -> str:
    """``nginx-redirects.conf``: exact ``location`` blocks, each returning a 301."""
    out = _header(host, "Include it in that host's server { } block.")
    for r in rules:
        out.append(f"location = {_quoted(r.decoded)} {{ return 301 {_quoted(r.new)}; }}")
    return "\n".join(out) + "\n"


def render_htaccess(host: str, rules: list[Rule]) -> str:
    """``.htaccess``: mod_alias ``RedirectMatch 301`` lines anchored on the whole path."""
    out = _header(host, "Put it in that host's document root (needs mod_alias).")
    for r in rules:
        regex = "^" + re.escape(r.decoded) + "$"
        out.append(f"RedirectMatch 301 {_quoted(regex)} {_quoted(r.new)}")
    return "\n".join(out) + "\n"


def render_redirects_file(host: str, rules: list[Rule]) -> str:
    """``_redirects`` for Netlify and Cloudflare Pages: ``/path URL 301`` lines."""
    out = _header(
        host,
        "For Netlify or Cloudflare Pages. On Netlify, write 301! where the old files are",
        "still deployed (without it a rule does not shadow an existing file).",
    )
    for r in rules:
        out.append(f"{r.path} {r.new} 301")
    return "\n".join(out) + "\n"


def folder_name(host: str) -> str:
    """A folder name for *host* (``host:port`` -> ``host_port``)."""
    return re.sub(r"[^a-z0-9.-]", "_", host.lower())


def write_redirects(moved_tsv: Path, out: Path) -> tuple[list[Path], Plan]:
    """Write the three files for each old host into ``out/<host>/``; (paths, plan)."""
    if not moved_tsv.is_file():
        raise RedirectsError(
            f"{moved_tsv}: not found: a build writes it while podcast.yaml has moved_from "
            "(spotlight-feed import sets it); build first"
        )
    plan = plan_redirects(read_moved(moved_tsv.read_text(encoding="utf-8"), str(moved_tsv)))
    written: list[Path] = []
    for host, rules in plan.hosts.items():
        folder = out / folder_name(host)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in zip(
            FILES,
            (
                render_nginx(host, rules),
                render_htaccess(host, rules),
                render_redirects_file(host, rules),
            ),
            strict=True,
        ):
            (folder / name).write_text(text, encoding="utf-8")
            written.append(folder / name)
    return written, plan


@dataclass(frozen=True)
class Checked:
    """What one old URL answered."""

    old: str
    new: str
    problem: str | None
    """``None`` when the old URL answered a permanent redirect to the new one."""


def check_redirect(old: str, new: str, timeout: float = 20.0) -> Checked:
    """Request *old* (its tracking prefixes removed) once, without following redirects.

    A move is in place when the answer is a permanent redirect, 301 or 308 (RFC 9110
    §15.4.2, §15.4.9), whose Location (resolved against *old*) is *new*: a 302 or 307
    keeps apps and directories on the old URL.
    """
    import http.client
    from urllib.parse import urljoin

    url = strip_prefixes(old).url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Checked(old, new, "not an http(s) URL")
    conn_type = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    conn = conn_type(parts.hostname, parts.port, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("HEAD", target, headers={"User-Agent": "spotlight-feed-redirects"})
        resp = conn.getresponse()
        status, location = resp.status, resp.getheader("Location")
    except (OSError, http.client.HTTPException) as exc:
        return Checked(old, new, f"no answer ({exc})")
    finally:
        conn.close()
    if status in (301, 308):
        got = urljoin(url, location or "")
        # Apache's mod_alias passes the query string on: the same file for a static host
        if got == new or (parts.query and got == f"{new}?{parts.query}"):
            return Checked(old, new, None)
        return Checked(old, new, f"{status} to {got}, not to {new}")
    if status in (302, 303, 307):
        return Checked(
            old, new, f"{status} is a temporary redirect: apps keep the old URL; make it a 301"
        )
    return Checked(old, new, f"answers {status}, not a 301 to {new}")


def check_redirects(moved_tsv: Path) -> list[Checked]:
    """Check every row of *moved_tsv* on the old hosts (one request each, in order)."""
    if not moved_tsv.is_file():
        raise RedirectsError(f"{moved_tsv}: not found: build first")
    rows = read_moved(moved_tsv.read_text(encoding="utf-8"), str(moved_tsv))
    return [check_redirect(old, new) for old, new in rows]
