"""Reading the feed and downloading what it names: http(s) URLs or local files.

Downloads stream to disk in 64 KiB blocks (memory stays flat), into ``<name>.part``
first: an interrupted download resumes with an HTTP ``Range`` request (RFC 9110
§14.2) when the server answers ``206``, and starts again otherwise. A few files
are fetched at once (:data:`PARALLEL`), each reported to a progress callback.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException, HTTPResponse
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

from .._version import __version__
from ..errors import SpotlightError
from .urls import url_problem

PARALLEL = 3
"""Downloads at once: enough to hide latency, few enough to be polite to the old host."""
BLOCK = 1 << 16
USER_AGENT = f"spotlight-feed/{__version__} (import)"
TIMEOUT_S = 60


class FetchError(SpotlightError):
    """A file named by the feed could not be read."""


@dataclass(frozen=True)
class Download:
    """One file to fetch."""

    url: str
    dest: Path
    label: str
    """How messages name it (the item's title and position, or 'cover art')."""
    part: Path | None = None
    """Where the partial download is kept (default: ``<dest>.part``); a folder that
    outlives a failed import lets the next run resume."""


@dataclass(frozen=True)
class Fetched:
    """A finished download: where it is, its size, its MIME type, or what went wrong."""

    download: Download
    size: int = 0
    content_type: str | None = None
    error: str | None = None
    resumed: bool = False


Progress = Callable[[Fetched, int, int], None]
"""Called after each download with (result, number done, number in all)."""


def is_url(source: str) -> bool:
    """Whether *source* is an http(s) URL (otherwise a local path or file: URL)."""
    return source.lower().startswith(("http://", "https://"))


def local_path(source: str) -> Path:
    """The local file *source* names (a path or a ``file:`` URL)."""
    if source.lower().startswith("file:"):
        return Path(unquote(urlsplit(source).path))
    return Path(source)


def _open(url: str, offset: int = 0) -> HTTPResponse:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    req = urllib.request.Request(url, headers=headers)
    return urllib.request.urlopen(req, timeout=TIMEOUT_S)  # type: ignore[no-any-return]


def open_source(source: str) -> IO[bytes]:
    """A seekable binary stream of *source*, spooled to a temporary file if remote."""
    if not is_url(source):
        path = local_path(source)
        try:
            return path.open("rb")
        except OSError as exc:
            raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if problem := url_problem(source):
        raise FetchError(f"{source!r}: {problem}")
    try:
        response = _open(source)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{source}: the server answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{source}: cannot connect ({reason})") from exc
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (returned to the caller, who closes it)
    with response:
        shutil.copyfileobj(response, spool, BLOCK)
    spool.seek(0)
    return spool


def fetch_one(d: Download) -> Fetched:
    """Download *d* to its destination (resuming a ``.part`` file); never raises."""
    d.dest.parent.mkdir(parents=True, exist_ok=True)
    if not is_url(d.url):
        try:
            shutil.copyfile(local_path(d.url), d.dest)
        except OSError as exc:
            return Fetched(d, error=f"cannot read {d.url}: {exc.strerror or exc}")
        return Fetched(d, d.dest.stat().st_size)
    if problem := url_problem(d.url):
        return Fetched(d, error=f"{d.url!r}: {problem}")
    part = d.part or d.dest.with_name(d.dest.name + ".part")
    part.parent.mkdir(parents=True, exist_ok=True)
    offset = part.stat().st_size if part.exists() else 0
    try:
        response = _open(d.url, offset)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and offset:  # the .part is already complete
            os.replace(part, d.dest)
            return Fetched(d, d.dest.stat().st_size, resumed=True)
        return Fetched(d, error=f"{d.url}: the server answered {exc.code} {exc.reason}")
    except (urllib.error.URLError, OSError) as exc:
        return Fetched(d, error=f"{d.url}: cannot connect ({getattr(exc, 'reason', exc)})")
    resumed = offset > 0 and response.status == 206
    ctype = response.headers.get_content_type() if response.headers else None
    declared = response.headers.get("Content-Length") if response.headers else None
    expected = (
        int(declared) + (offset if resumed else 0) if declared and declared.isdigit() else None
    )
    why = ""
    try:
        with response, part.open("ab" if resumed else "wb") as out:
            shutil.copyfileobj(response, out, BLOCK)
    except (OSError, HTTPException) as exc:
        why = f" ({type(exc).__name__})"
    got = part.stat().st_size
    if why or (expected is not None and got < expected):
        of = f" of {expected}" if expected is not None else ""
        return Fetched(
            d,
            error=f"{d.url}: the download broke off after {got}{of} bytes{why}; "
            "run import again to resume it",
        )
    os.replace(part, d.dest)
    return Fetched(d, d.dest.stat().st_size, ctype, resumed=resumed)


def fetch_all(downloads: Sequence[Download], progress: Progress | None = None) -> list[Fetched]:
    """Fetch every download, :data:`PARALLEL` at a time, in the order given."""
    results: list[Fetched] = []
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        for n, result in enumerate(pool.map(fetch_one, downloads), start=1):
            results.append(result)
            if progress:
                progress(result, n, len(downloads))
    return results
