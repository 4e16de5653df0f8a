"""The tool's own Content-Type and Cache-Control table, one row per kind of file.

Not :mod:`mimetypes`: it maps ``.srt`` to ``text/plain`` and depends on the
machine's ``/etc/mime.types`` (docs/sources.md §8.5).
The types equal the ``type`` attributes the feed writes (``feed.py``,
``transcript/publish.py``), so ``publish --verify`` can compare what is served
with what the feed says. The feed is ``application/rss+xml``, the type of its
own ``atom:link rel="self"`` (RSS Best Practices Profile,
https://www.rssboard.org/rss-profile#namespace-elements-atom-link). Host
configuration files (:mod:`.hostconfig`) and the preview server (:mod:`.serve`)
use this same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

SHORT = "public, max-age=300"
"""Feed and pages: re-checked every five minutes (the ETag makes that a 304)."""
SIDECAR = "public, max-age=3600"
MEDIA = "public, max-age=86400"
"""MP3s keep their URL when re-tagged, so they are not ``immutable``."""
IMMUTABLE = "public, max-age=31536000, immutable"
"""Content-addressed art (``cover-<hash>.jpg``): a change gives a new URL."""
NO_STORE = "no-store"


@dataclass(frozen=True)
class Kind:
    """How one kind of file is served."""

    name: str
    content_type: str
    cache_control: str
    cors: bool
    """Web players fetch it from other origins (podcast-namespace#430)."""


FEED = Kind("feed", "application/rss+xml; charset=utf-8", SHORT, True)
PAGE = Kind("page", "text/html; charset=utf-8", SHORT, False)
MANIFEST = Kind("manifest", "application/json; charset=utf-8", NO_STORE, False)

_BY_SUFFIX: dict[str, Kind] = {
    ".mp3": Kind("audio", "audio/mpeg", MEDIA, True),
    ".m4a": Kind("audio", "audio/mp4", MEDIA, True),
    ".m4b": Kind("audio", "audio/mp4", MEDIA, True),
    ".opus": Kind("audio", "audio/ogg", MEDIA, True),  # audio/alternate.py writes Ogg Opus
    ".ogg": Kind("audio", "audio/ogg", MEDIA, True),
    ".oga": Kind("audio", "audio/ogg", MEDIA, True),
    ".flac": Kind("audio", "audio/flac", MEDIA, True),
    ".aac": Kind("audio", "audio/aac", MEDIA, True),
    ".wav": Kind("audio", "audio/wav", MEDIA, True),
    ".mp4": Kind("audio", "video/mp4", MEDIA, True),  # "audio": media wave, media cache
    ".vtt": Kind("captions", "text/vtt; charset=utf-8", SIDECAR, True),
    ".srt": Kind("captions", "application/x-subrip; charset=utf-8", SIDECAR, True),
    ".json": Kind("transcript", "application/json; charset=utf-8", SIDECAR, True),
    ".txt": Kind("transcript", "text/plain; charset=utf-8", SIDECAR, True),
    ".tsv": Kind("redirects", "text/tab-separated-values; charset=utf-8", SHORT, False),
    ".css": Kind("style", "text/css; charset=utf-8", SIDECAR, False),
    ".js": Kind("script", "text/javascript; charset=utf-8", SIDECAR, False),
    ".html": PAGE,
    ".xml": FEED,
    ".rss": FEED,
    ".jpg": Kind("image", "image/jpeg", IMMUTABLE, True),
    ".jpeg": Kind("image", "image/jpeg", IMMUTABLE, True),
    ".png": Kind("image", "image/png", IMMUTABLE, True),
    ".webp": Kind("image", "image/webp", IMMUTABLE, True),
    ".svg": Kind("image", "image/svg+xml", IMMUTABLE, True),
}
_CHAPTERS = Kind("chapters", "application/json+chapters", SIDECAR, True)
"""The type ``podcast:chapters`` names (JSON chapters format,
https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/chapters/jsonChapters.md)."""
_TRANSCRIPT_HTML = Kind("transcript", "text/html; charset=utf-8", SIDECAR, True)
"""An HTML transcript is linked by ``podcast:transcript``: web players fetch it too."""
_OTHER = Kind("other", "application/octet-stream", SIDECAR, False)
_MANIFEST_PATHS = {"manifest.json", ".spotlight/published.json"}


def kind_of(path: str) -> Kind:
    """The row of the table for the release file at POSIX *path*."""
    if path in _MANIFEST_PATHS:
        return MANIFEST
    name = PurePosixPath(path).name
    if name == "chapters.json":
        return _CHAPTERS
    if name == "transcript.html":
        return _TRANSCRIPT_HTML
    return _BY_SUFFIX.get(PurePosixPath(name).suffix.lower(), _OTHER)


def bare_type(content_type: str) -> str:
    """The media type without parameters, lower case (``text/vtt; charset=utf-8``: ``text/vtt``)."""
    return content_type.split(";", 1)[0].strip().lower()


SAME_TYPES = [{"application/x-subrip", "application/srt"}]
"""Types that name one format; the feed links SRT under both (README, Transcripts)."""


def same_type(served: str, declared: str) -> bool:
    """True when the served Content-Type is the type the feed declares."""
    a, b = bare_type(served), bare_type(declared)
    return a == b or any(a in group and b in group for group in SAME_TYPES)


CORS_METHODS = ("GET", "HEAD")
CORS_EXPOSE = ("Content-Length", "Content-Range", "Accept-Ranges", "ETag")
CORS_MAX_AGE = 86400
