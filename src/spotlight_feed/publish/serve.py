"""``spotlight-feed serve``: a local preview that behaves like a good host.

The show is built into its own folder (never ``dist/``) with the preview's URL
as base URL, and served with what the publish targets promise listeners
(issue #19, "spotlight-feed serve"): byte ranges (RFC 9110 §14,
https://www.rfc-editor.org/rfc/rfc9110#section-14) so the player can seek and
chapter links work, HEAD, the Content-Types of :mod:`.headers`, CORS on every
file, ETags with conditional GET, and ``Cache-Control: no-cache`` so that a
rebuild shows at once. A watcher rebuilds when an input changes. Python's
``http.server`` has no ranges, which is why the pages' chapter links did not
seek under ``python -m http.server``.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import SpotlightError
from ..plan.layout import safe_join
from .headers import CORS_EXPOSE, CORS_MAX_AGE, kind_of

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 1 << 16


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte of a single ``Range`` header; ``None`` if unsatisfiable."""
    m = _RANGE.match(header.strip())
    if not m or (not m.group(1) and not m.group(2)):
        return None
    first, last = m.group(1), m.group(2)
    if not first:  # the last N bytes
        n = int(last)
        return (max(0, size - n), size - 1) if n > 0 and size else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else None


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """GET, HEAD and OPTIONS on one folder, with ranges, types, CORS and ETags."""

    root: Path
    server_version = "spotlight-feed-serve"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the CLI prints its own lines."""

    def _file(self) -> Path | None:
        path = unquote(urlsplit(self.path).path).lstrip("/")
        try:
            candidate = safe_join(self.root, path) if path else self.root
        except ValueError:
            return None
        if candidate.is_dir():
            if path and not path.endswith("/"):
                return candidate  # redirected by the caller
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", ", ".join(CORS_EXPOSE))

    def do_OPTIONS(self) -> None:
        """A CORS preflight."""
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Access-Control-Max-Age", str(CORS_MAX_AGE))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        """Headers only."""
        self._serve(body=False)

    def do_GET(self) -> None:
        """The file, or the requested byte range of it."""
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        found = self._file()
        if found is not None and found.is_dir():
            self.send_response(301)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if found is None:
            self.send_error(404)
            return
        st = found.stat()
        etag = '"' + hashlib.sha1(f"{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest() + '"'
        rel = found.relative_to(self.root).as_posix()
        size = st.st_size
        start, end, status = 0, size - 1, 200
        wanted = self.headers.get("Range")
        if self.headers.get("If-None-Match") == etag and not wanted:
            self.send_response(304)
            self.send_header("ETag", etag)
            self._cors()
            self.end_headers()
            return
        if wanted:
            span = _byte_range(wanted, size)
            if span is None:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self._cors()
                self.end_headers()
                return
            start, end, status = span[0], span[1], 206
        self.send_response(status)
        self.send_header("Content-Type", kind_of(rel).content_type)
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(max(0, end - start + 1)))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self._cors()
        self.end_headers()
        if not body or size == 0:
            return
        with found.open("rb") as f:
            f.seek(start)
            left = end - start + 1
            try:
                while left > 0 and (chunk := f.read(min(_CHUNK, left))):
                    self.wfile.write(chunk)
                    left -= len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                return  # the player moved on (it seeks by dropping the connection)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Dropped connections are normal for media players."""


def make_server(root: Path, bind: str = "127.0.0.1", port: int = 0) -> http.server.HTTPServer:
    """A server for the folder *root* (not started)."""
    handler = type("Handler", (PreviewHandler,), {"root": root})
    return _Server((bind, port), handler)


def _inputs_stamp(project: Path) -> tuple[tuple[str, int, int], ...]:
    out = []
    for base in [
        project / "podcast.yaml",
        project / "episodes",
        project / "media",
        project / "templates",
    ]:
        if base.is_file():
            st = base.stat()
            out.append((str(base), st.st_size, st.st_mtime_ns))
        for dirpath, _dirs, files in os.walk(base) if base.is_dir() else ():
            for name in files:
                st = os.stat(os.path.join(dirpath, name))
                out.append((os.path.join(dirpath, name), st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


class Preview:
    """Build the project into a private folder and serve it; rebuild when inputs change."""

    def __init__(
        self,
        project: Path,
        bind: str = "127.0.0.1",
        port: int = 0,
        out: Path | None = None,
        echo: Callable[..., None] = lambda *a, **k: None,
        interval: float = 1.0,
    ) -> None:
        self.project = project.resolve()
        self.out = out or Path(tempfile.mkdtemp(prefix="spotlight-serve-")) / "site"
        try:
            self.server = make_server(self.out, bind, port)
        except OSError as exc:
            if out is None:
                shutil.rmtree(self.out.parent, ignore_errors=True)
            raise SpotlightError(f"cannot listen on {bind}:{port}: {exc.strerror or exc}") from exc
        host, real_port = self.server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        self.url = f"http://{name}:{real_port}/"
        self.echo = echo
        self.interval = interval
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.builds = 0
        self.last_error: str | None = None

    def build(self) -> bool:
        """One build into the preview folder; errors are reported, the last good one stays."""
        from ..build import BuildOptions, build
        from ..errors import InputError, SpotlightError

        try:
            report = build(self.project, BuildOptions(out_dir=self.out, base_url=self.url))
        except InputError as exc:
            self.last_error = exc.report()
        except SpotlightError as exc:
            self.last_error = str(exc)
        else:
            self.builds += 1
            self.last_error = None
            self.echo(f"built {report.episodes} episode(s) for {self.url}")
            return True
        self.echo(self.last_error, err=True)
        return False

    def _watch(self) -> None:
        stamp = _inputs_stamp(self.project)
        while not self._stop.wait(self.interval):
            now = _inputs_stamp(self.project)
            if now != stamp:
                stamp = now
                self.echo("change seen; rebuilding", err=True)
                self.build()

    def start(self) -> None:
        """Build, then serve and watch in background threads."""
        self.build()
        for target in (self.server.serve_forever, self._watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop serving and watching; remove the preview folder."""
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(5)
        shutil.rmtree(self.out.parent, ignore_errors=True)


def serve_project(project: Path, bind: str, port: int, echo: Callable[..., None]) -> None:
    """``spotlight-feed serve``: until Ctrl-C."""
    preview = Preview(project, bind, port, echo=echo)
    preview.start()
    echo(f"serving a preview of {preview.project} at {preview.url} (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
