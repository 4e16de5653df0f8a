"""Where every output lives in ``dist/`` and at which public URL: one place, one rule.

Paths are joined through :func:`safe_join`, which refuses to leave the output
folder (Pelican's ``sanitised_join`` rule). Apple podcast requirements (823)
ask for ASCII-only file names and URLs, so episode slugs must be ASCII.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from . import CACHE_DIR as CACHE_DIR  # the project's own cache folder, beside its inputs

ALTERNATE_SUFFIXES = {"aac": ".m4a", "opus": ".opus"}
"""``encode.alternates`` kind -> file suffix (the same as :data:`..audio.alternate.KINDS`,
which a test checks; that module imports NumPy, too heavy for the plan)."""


@dataclass(frozen=True)
class Layout:
    """Relative output paths (POSIX) and their absolute public URLs."""

    base_url: str
    """Public URL of dist/, ending with '/'."""

    feed = "feed.xml"
    index = "index.html"
    stylesheet = "style.css"

    def url(self, rel: str) -> str:
        """Absolute URL of the output at relative path *rel*."""
        return self.base_url + quote(rel, safe="/")

    @property
    def feed_url(self) -> str:
        """Public URL of feed.xml (its ``atom:link rel="self"``, the pages' feed links)."""
        return self.url(self.feed)

    def episode_dir(self, slug: str) -> str:
        """Folder of one episode's outputs."""
        return f"episodes/{slug}"

    def audio(self, slug: str) -> str:
        """The tagged MP3 copy."""
        return f"episodes/{slug}/{slug}.mp3"

    def audio_alternate(self, slug: str, suffix: str) -> str:
        """An alternate encoding (``.m4a``, ``.opus``) beside the MP3 (issue #16)."""
        return f"episodes/{slug}/{slug}{suffix}"

    def given_alternate(self, slug: str, n: int, suffix: str) -> str:
        """The podcaster's *n*-th (1-based) alternate file (``alternates:``, issue #14)."""
        return f"episodes/{slug}/{slug}.alt{n}{suffix.lower()}"

    def page(self, slug: str) -> str:
        """The show-notes page."""
        return f"episodes/{slug}/index.html"

    def page_url(self, slug: str) -> str:
        """Public URL of the show-notes page (its folder, with a trailing slash)."""
        return self.url(f"episodes/{slug}/")

    def transcript(self, slug: str, fmt: str, language: str | None = None) -> str:
        """One transcript format's file.

        A translation's carries its language (``transcript.es.vtt``,
        :mod:`~spotlight_feed.transcript.languages`).
        """
        from ..transcript.formats import BY_KEY  # the readers stay off the fast path

        name = BY_KEY[fmt].dist_name
        if language:
            stem, ext = name.rsplit(".", 1)
            name = f"{stem}.{language}.{ext}"
        return f"episodes/{slug}/{name}"

    def chapters_json(self, slug: str) -> str:
        """Podcasting 2.0 JSON chapters."""
        return f"episodes/{slug}/chapters.json"

    def chapters_vtt(self, slug: str) -> str:
        """WebVTT chapters for the HTML player."""
        return f"episodes/{slug}/chapters.vtt"

    def cover(self, source: Path, digest: str) -> str:
        """The show art, named by content so a change of art changes its URL (Apple 823)."""
        return f"cover-{digest[:10]}{_art_suffix(source)}"

    def episode_art(self, slug: str, source: Path, digest: str) -> str:
        """An episode's own art."""
        return f"episodes/{slug}/art-{digest[:10]}{_art_suffix(source)}"

    def chapter_art(self, slug: str, index: int, source: Path, digest: str) -> str:
        """Art of chapter *index* (0-based) when it is a project file, named by content."""
        return f"episodes/{slug}/chapter-{index + 1}-{digest[:10]}{source.suffix.lower()}"


def _art_suffix(source: Path) -> str:
    """The published art's suffix: ``.jpeg`` is written ``.jpg``.

    Apple's RSS guide asks for JPEG or PNG art "with the appropriate file extension (.jpg,
    .png)", and feedgen refuses any other ``itunes:image`` URL.
    """
    suffix = source.suffix.lower()
    return ".jpg" if suffix == ".jpeg" else suffix


def safe_join(root: Path, rel: str) -> Path:
    """Join *rel* under *root*, refusing absolute paths and ``..`` escapes."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts:
        raise ValueError(f"output path escapes the release folder: {rel}")
    return root.joinpath(*pure.parts)
