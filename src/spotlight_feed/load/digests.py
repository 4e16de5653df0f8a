"""The episode folder's contents, read and hashed once a build.

The load cache (:mod:`..release.state`), the reuse fingerprint (:mod:`..release.keys`)
and the search index's cache key (:mod:`..write.search_cache`) each hashed the folder's
files themselves, so ``episode.yaml`` was read and hashed twice a build and the
transcript three times. The load stage now takes the digests once, before the folder
is parsed (a file edited during the build then misses next time instead of being
remembered with its old contents), and the :class:`~..model.Episode` carries them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import FolderFiles


def folder_files(folder: Path) -> FolderFiles:
    """(name, SHA-256 hex, or ``None`` for what is not a file) of each entry, by name.

    ``is_file`` follows symlinks, as :meth:`pathlib.Path.is_file` does; an entry that
    cannot be read counts as not a file here (the loader reports it where it is used).
    """
    out: list[tuple[str, str | None]] = []
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for e in entries:
        digest = None
        if e.is_file():
            try:
                with open(e.path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
            except OSError:
                digest = None
        out.append((e.name, digest))
    return tuple(out)
