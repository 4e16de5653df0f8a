"""Host configuration for static hosts: ``_headers``, ``.htaccess`` and an nginx snippet.

Where the host, not this tool, sends the headers (a folder behind Apache or
nginx, Netlify, Cloudflare Pages), these files carry the same table as the S3
target (:mod:`.headers`): Content-Type, Cache-Control and CORS (GET/HEAD from
any origin for feed, media, transcripts and chapters). Formats:

- ``_headers``: Netlify (https://docs.netlify.com/routing/headers/) and
  Cloudflare Pages (https://developers.cloudflare.com/pages/configuration/headers/);
  one block per path pattern, ``:slug`` placeholders for the episode folders,
  exact paths for files named after their episode (the MP3s, art). Cloudflare
  Pages reads at most 100 rules and 25 MiB per file: keep media on object storage.
- ``.htaccess``: Apache ``ForceType`` and ``mod_headers`` (``Header set``) inside
  ``<FilesMatch>`` (the last matching section wins, so file names follow suffixes)
  (https://httpd.apache.org/docs/2.4/mod/mod_headers.html).
- nginx: regex ``location`` blocks, first match wins, each with its
  ``default_type`` inside an empty ``types {}`` and ``add_header ... always``
  (https://nginx.org/en/docs/http/ngx_http_headers_module.html); include it in
  the ``server`` that serves the release.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .headers import CORS_EXPOSE, CORS_MAX_AGE, CORS_METHODS, Kind, kind_of

FILES = ("_headers", ".htaccess", "nginx-spotlight.conf")


def _pattern(path: str) -> str:
    """``episodes/<slug>/transcript.srt`` -> ``/episodes/:slug/transcript.srt``."""
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == "episodes" and parts[1] not in parts[2]:
        return f"/episodes/:slug/{parts[2]}"
    return "/" + path


def _cors_lines() -> list[str]:
    return [
        "Access-Control-Allow-Origin: *",
        f"Access-Control-Allow-Methods: {', '.join(CORS_METHODS)}",
        f"Access-Control-Expose-Headers: {', '.join(CORS_EXPOSE)}",
        f"Access-Control-Max-Age: {CORS_MAX_AGE}",
    ]


def render_headers_file(paths: Iterable[str]) -> str:
    """``_headers`` for the release files *paths*."""
    rules: dict[str, Kind] = {}
    for path in sorted(paths):
        kind = kind_of(path)
        if kind.name == "manifest":
            continue
        rules.setdefault(_pattern(path), kind)
    blocks = ["# spotlight-feed: headers for Netlify and Cloudflare Pages (publish --host-config)"]
    for pattern, kind in rules.items():
        lines = [f"Content-Type: {kind.content_type}", f"Cache-Control: {kind.cache_control}"]
        if kind.cors:
            lines += _cors_lines()
        blocks.append(pattern + "\n" + "".join(f"  {line}\n" for line in lines).rstrip("\n"))
    return "\n".join(blocks) + "\n"


def _rows() -> list[tuple[str, Kind]]:
    """(filename regex, kind) in match order: specific names before suffixes."""
    rows = [
        (r"^chapters\.json$", kind_of("chapters.json")),
        (r"^transcript\.html$", kind_of("transcript.html")),
    ]
    for suffix in (
        ".mp3",
        ".m4a",
        ".xml",
        ".rss",
        ".vtt",
        ".srt",
        ".json",
        ".txt",
        ".html",
        ".css",
        ".js",
        ".jpg",
        ".jpeg",
        ".png",
        ".webp",
        ".svg",
    ):
        rows.append((rf"\{suffix}$", kind_of("x" + suffix)))
    return rows


def render_htaccess() -> str:
    """``.htaccess`` for Apache (mod_mime, mod_headers)."""
    out = [
        "# spotlight-feed: types, caching and CORS for Apache (publish --host-config)",
        "<IfModule mod_headers.c>",
        '  <FilesMatch "^(manifest\\.json|published\\.json)$">',
        '    Header set Cache-Control "no-store"',
        "  </FilesMatch>",
        "</IfModule>",
    ]
    # Every matching <FilesMatch> applies and the last one wins (Apache's merging of
    # sections, https://httpd.apache.org/docs/2.4/sections.html#merging): names after suffixes.
    rows = _rows()
    specific = [r for r in rows if r[0].startswith("^")]
    for regex, kind in [*[r for r in rows if r not in specific], *specific]:
        out.append(f'<FilesMatch "{regex}">')
        out.append(f'  ForceType "{kind.content_type}"')
        out.append("  <IfModule mod_headers.c>")
        out.append(f'    Header set Cache-Control "{kind.cache_control}"')
        if kind.cors:
            for line in _cors_lines():
                name, value = line.split(": ", 1)
                out.append(f'    Header set {name} "{value}"')
        out.append("  </IfModule>")
        out.append("</FilesMatch>")
    return "\n".join(out) + "\n"


def render_nginx() -> str:
    """An nginx snippet to ``include`` in the ``server`` block that serves the release."""
    out = [
        "# spotlight-feed: types, caching and CORS for nginx (publish --host-config)",
        "location ~ (^|/)(manifest|\\.spotlight/published)\\.json$ {",
        '    add_header Cache-Control "no-store" always;',
        "}",
    ]
    for regex, kind in _rows():
        nginx_regex = regex.replace("^", "/") if regex.startswith("^") else regex
        out.append(f"location ~ {nginx_regex} {{")
        out.append("    types { }")
        out.append(f'    default_type "{kind.content_type}";')
        out.append(f'    add_header Cache-Control "{kind.cache_control}" always;')
        if kind.cors:
            for line in _cors_lines():
                name, value = line.split(": ", 1)
                out.append(f'    add_header {name} "{value}" always;')
            out.append("    if ($request_method = OPTIONS) { return 204; }")
        out.append("}")
    return "\n".join(out) + "\n"


def write_host_config(paths: Iterable[str], out: Path) -> list[Path]:
    """Write the three files into *out*; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    texts = {
        "_headers": render_headers_file(paths),
        ".htaccess": render_htaccess(),
        "nginx-spotlight.conf": render_nginx(),
    }
    written = []
    for name, text in texts.items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written
