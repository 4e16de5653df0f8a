"""Embedded art kept between builds (``.spotlight-cache/art/``), trusted only when sealed.

Every build that tags an MP3 made its embedded front cover again: decode the show's
cover, shrink it to :data:`~..audio.art.COVER_PX` with the Lanczos filter and encode a
JPEG (:func:`~..audio.art.jpeg_art`), about 70 ms for a 1400 px cover, the largest fixed
cost of a one-episode rebuild (issue #11: "no measured benchmark gets slower"). The
JPEG is a pure function of the source file's bytes, the size limit, the tool's code
and the libraries' versions (*code*: :func:`...release.keys.env_key`), so it is kept
under a name that is the digest of all four.

Nothing read back is trusted (a show folder, its cache included, may come from anyone):
a kept JPEG is used only while its ``fstat`` is exactly the seal written beside it right
after it was renamed into place (:mod:`.sealed`: device, inode, size, modification and
change times): a copied, restored or crafted file has another inode or change time,
which no program can set, and is made again. Nothing is opened that is not a regular
file, and nothing is followed through a symbolic link. The source is hashed as it is
read, and a JPEG made from bytes that are no longer the ones the load stage hashed is
used for this build but not kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
from pathlib import Path

from ..audio.art import CHAPTER_PX, COVER_PX, jpeg_art
from ..model import Project
from ..plan.layout import CACHE_DIR
from .sealed import open_sealed, put_sealed

ART_DIR = "art"
_NAME = re.compile(r"[0-9a-f]{64}\.(?:jpg|seal)")
"""The names this module writes in ``art/`` (only these are ever removed)."""


class ArtStore:
    """Embedded JPEGs by source digest and size, in memory and in the project's cache."""

    def __init__(self, root: Path | None, code: str) -> None:
        """*root*: the project folder (``None``: in memory only); *code*: the tool's key."""
        self.dir = root / CACHE_DIR / ART_DIR if root is not None else None
        self.code = code
        self._memo: dict[str, bytes] = {}

    def key(self, digest: str, max_px: int) -> str:
        """The name of the JPEG of a source with SHA-256 *digest* at most *max_px* a side."""
        return hashlib.sha256(f"{self.code}\0{digest}\0{max_px}".encode()).hexdigest()

    def jpeg(self, source: Path, digest: str, max_px: int) -> bytes:
        """:func:`~..audio.art.jpeg_art` of *source*, whose bytes' SHA-256 is *digest*.

        Raises ``OSError`` when the source cannot be read (or decoded), as ``jpeg_art``.
        """
        key = self.key(digest, max_px)
        data = self._memo.get(key)
        if data is None:
            data = self._sealed(key)
        if data is None:
            raw = source.read_bytes()
            data = jpeg_art(io.BytesIO(raw), max_px)
            if hashlib.sha256(raw).hexdigest() == digest:  # else: changed since the load
                self._keep(key, data)
        self._memo[key] = data
        return data

    def _sealed(self, key: str) -> bytes | None:
        if self.dir is None:
            return None
        mapped = open_sealed(self.dir / f"{key}.jpg", self.dir / f"{key}.seal", self.code)
        if mapped is None:
            return None
        with mapped:
            return mapped[:]

    def _keep(self, key: str, data: bytes) -> None:
        """Write the JPEG, then its seal; best effort (a failure costs a later miss)."""
        if self.dir is None:
            return
        tmp = self.dir / f".{key}.{os.getpid()}.tmp"
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return
        put_sealed(tmp, self.dir / f"{key}.jpg", self.dir / f"{key}.seal", self.code)

    def wanted(self, project: Project) -> set[str]:
        """The keys of every JPEG *project*'s MP3s embed: covers, episode and chapter art."""
        keys = {self.key(project.image_digest, COVER_PX)} if project.image_digest else set()
        for ep in project.episodes:
            for rel, digest in ep.art_digests:
                if rel == ep.config.image:
                    keys.add(self.key(digest, COVER_PX))
                if any(ch.img_file == rel for ch in ep.config.chapters):
                    keys.add(self.key(digest, CHAPTER_PX))
        return keys

    def forget_others(self, keep: set[str]) -> None:
        """Remove the kept JPEGs (and seals) whose key is not in *keep*; best effort.

        Only names this module writes are removed; anything else in the folder stays.
        """
        if self.dir is None:
            return
        try:
            names = os.listdir(self.dir)
        except OSError:
            return
        for name in names:
            if _NAME.fullmatch(name) and name[:64] not in keep:
                with contextlib.suppress(OSError):
                    os.unlink(self.dir / name)
