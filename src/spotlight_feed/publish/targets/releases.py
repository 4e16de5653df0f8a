"""A local web root published as whole releases, swapped in by one symlink rename.

``file:///srv/www/podcast?atomic=1`` keeps ``releases/<n>/`` folders under the
root and a symlink ``current`` that the web server serves (its document root is
``/srv/www/podcast/current``). Each publish starts a new release folder as hard
links of the current one (no bytes copied), writes the changed files into it
and deletes from it, then points ``current`` at it with ``rename(2)`` of a new
symlink over the old one, which is atomic: a reader resolves either the whole
old release or the whole new one (the releases-folder pattern of Capistrano and
docs/sources.md §8.7). The last three releases are kept.
The waves still run, inside the new folder; a publish killed before the swap
leaves ``current`` as it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import PublishError
from ..plan import Put
from .base import Done
from .folder import FolderTarget

KEEP_RELEASES = 3


def _link_tree(src: Path, dst: Path) -> None:
    """*dst* as hard links of every file under *src* (folders made, nothing copied)."""
    for dirpath, _dirs, files in os.walk(src):
        rel = Path(dirpath).relative_to(src)
        (dst / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(Path(dirpath) / name, dst / rel / name)


class ReleasesTarget(FolderTarget):
    """Writes go to a new release folder; :meth:`commit` swaps ``current`` to it."""

    def __init__(self, base: Path, public_url: str | None = None) -> None:
        super().__init__(base / "current", public_url)
        self.base = base
        self.label = f"{base} (releases, current -> releases/<n>)"
        self._live: Path | None = None
        self._dirty = False

    def _next(self) -> Path:
        releases = self.base / "releases"
        releases.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name) for p in releases.iterdir() if p.name.isdigit()]
        return releases / f"{max(numbers, default=0) + 1:06d}"

    def connect(self) -> None:
        """Start the next release as hard links of the current one; lock the root."""
        if not self.base.parent.is_dir():
            raise PublishError(f"{self.base}: its parent folder does not exist")
        current = self.base / "current"
        if current.exists() and not current.is_symlink():
            raise PublishError(f"{current}: exists and is not a symlink; move it away first")
        self.base.mkdir(exist_ok=True)
        # lock the base folder (not a release), then stage
        self.root = self.base
        super().connect()
        staged = self._next()
        if current.is_symlink():
            self._live = current.resolve()
            _link_tree(self._live, staged)
        else:
            staged.mkdir(parents=True)
        self.root = staged

    def upload(self, puts: Sequence[Put], dist: Path, done: Done) -> None:
        """Into the staged release."""
        self._dirty = self._dirty or bool(puts)
        super().upload(puts, dist, done)

    def write(self, put: Put, data: bytes, expect: str | None) -> str | None:
        """Into the staged release."""
        self._dirty = True
        return super().write(put, data, expect)

    def delete(self, paths: Sequence[str], done: Callable[[str], None]) -> None:
        """From the staged release."""
        self._dirty = self._dirty or bool(paths)
        super().delete(paths, done)

    def commit(self, message: str) -> None:
        """Point ``current`` at the staged release (atomic rename of a symlink)."""
        if not self._dirty:
            return
        self._dirty = False
        staged = self.root
        link = self.base / "current"
        tmp = self.base / ".current.new"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(staged.relative_to(self.base))
        os.replace(tmp, link)
        self._live = staged
        self._prune()
        following = self._next()  # later writes (deletes) go into a fresh copy
        _link_tree(staged, following)
        self.root = following

    def _prune(self) -> None:
        releases = sorted(p for p in (self.base / "releases").iterdir() if p.name.isdigit())
        live = self._live.resolve() if self._live else None
        for old in releases[:-KEEP_RELEASES]:
            if old.resolve() != live:
                shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        """Drop a staged release that never went live; release the lock."""
        never_live = self._live is None or self.root.resolve() != self._live.resolve()
        if never_live and self.root.parent.name == "releases":
            shutil.rmtree(self.root, ignore_errors=True)
        super().close()
