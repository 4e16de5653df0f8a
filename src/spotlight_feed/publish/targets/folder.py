"""A local folder (a web server's document root) or an rsync destination.

Both keep the plan and the waves of every target (issue #19): each wave is
copied before the next starts; a local file is written beside its final name
and renamed over it (``rename(2)`` is atomic, so a reader sees the old or the
new file, never half of one); rsync copies each wave with ``--delay-updates``
(every file of the wave is renamed into place at the end of the transfer).
Neither stores HTTP headers: serve the folder with the ``.htaccess``, nginx or
``_headers`` configuration ``spotlight-feed publish`` can emit
(:mod:`..hostconfig`).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ...plan.layout import safe_join
from .. import PublishError
from ..plan import Put
from ..remote import PATH as REMOTE_PATH
from .base import Done, changed_since_plan, keep_labels

LOCK = ".spotlight/publish.lock"


class FolderTarget:
    """Files under a local folder, replaced one rename at a time."""

    sets_headers = False

    def __init__(self, root: Path, public_url: str | None = None) -> None:
        self.root = root
        self.label = str(root)
        self.public_url = public_url
        self._lock: int | None = None

    @classmethod
    def from_spec(cls, spec: str, settings: Mapping[str, Any]) -> FolderTarget:
        """``file:///srv/www/podcast`` or ``/srv/www/podcast``."""
        path = unquote(urlsplit(spec).path) if spec.startswith("file://") else spec
        return cls(Path(path), settings.get("public_url"))

    def connect(self) -> None:
        """The folder's parent must exist; the folder is made if missing, then locked."""
        if not self.root.parent.is_dir():
            raise PublishError(f"{self.root}: its parent folder does not exist")
        if self.root.exists() and not self.root.is_dir():
            raise PublishError(f"{self.root}: not a folder")
        try:
            lock = self.root / LOCK
            lock.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise PublishError(f"{self.root}: cannot write there: {exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise PublishError(f"{self.root}: another publish to it is running") from exc
        self._lock = fd

    def _path(self, rel: str) -> Path:
        return safe_join(self.root, rel)

    def read(self, path: str) -> bytes | None:
        """The file's bytes, ``None`` if absent."""
        try:
            return self._path(path).read_bytes()
        except FileNotFoundError:
            return None

    def token(self, path: str) -> str | None:
        """Size, modification time and inode: any rewrite changes it."""
        try:
            st = self._path(path).stat()
        except FileNotFoundError:
            return None
        return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"

    def fingerprint(self, path: str) -> str | None:
        """The SHA-256 of the file."""
        from ...release.manifest import sha256_file

        try:
            return sha256_file(self._path(path))
        except FileNotFoundError:
            return None

    def listing(self) -> list[str]:
        """Every file under the folder (our lock file aside)."""
        out: list[str] = []
        for dirpath, _dirs, files in os.walk(self.root):
            rel = Path(dirpath).relative_to(self.root).as_posix()
            out.extend(name if rel == "." else f"{rel}/{name}" for name in files)
        return sorted(p for p in out if p != LOCK)

    def prepare(self) -> list[str]:
        """A folder keeps no headers: say where they come from."""
        return [
            f"{self.root} stores no Content-Type, Cache-Control or CORS: serve it with "
            "spotlight-feed host-config output (.htaccess, nginx, _headers)"
        ]

    def _replace(self, rel: str, fill: Callable[[Path], object]) -> None:
        final = self._path(rel)
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".publish-", dir=final.parent)
        os.close(fd)
        try:
            fill(Path(tmp))
            os.chmod(tmp, 0o644)
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def upload(self, puts: Sequence[Put], dist: Path, done: Done) -> None:
        """Copy each file beside its final name, then rename it into place."""
        for put in puts:
            try:
                self._replace(put.path, partial(_copy_into, dist / put.path))
            except OSError as exc:
                raise PublishError(f"{self.root}: writing {put.path}: {exc}") from exc
            done(put)

    def relabel(self, puts: Sequence[Put], done: Done) -> None:
        """Nothing to relabel in a folder."""
        keep_labels(puts, done)

    def write(self, put: Put, data: bytes, expect: str | None) -> str | None:
        """Replace the file if it is still the version seen at plan time."""
        if self.token(put.path) != expect:
            raise changed_since_plan(self.root, put.path)
        try:
            self._replace(put.path, lambda tmp: tmp.write_bytes(data))
        except OSError as exc:
            raise PublishError(f"{self.root}: writing {put.path}: {exc}") from exc
        return self.token(put.path)

    def delete(self, paths: Sequence[str], done: Callable[[str], None]) -> None:
        """Unlink each file and any folder it leaves empty."""
        for rel in paths:
            path = self._path(rel)
            path.unlink(missing_ok=True)
            parent = path.parent
            while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
            done(rel)

    def commit(self, message: str) -> None:
        """Files are live when renamed."""

    def close(self) -> None:
        """Release the lock."""
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _copy_into(source: Path, tmp: Path) -> None:
    shutil.copyfile(source, tmp)


class RsyncTarget:
    """Anything rsync accepts as a destination (``host:/srv/www``, ``/srv/www``)."""

    sets_headers = False

    def __init__(self, dest: str, public_url: str | None = None) -> None:
        self.dest = dest.rstrip("/") + "/"
        self.label = f"rsync:{self.dest}"
        self.public_url = public_url

    @classmethod
    def from_spec(cls, spec: str, settings: Mapping[str, Any]) -> RsyncTarget:
        """``rsync:DEST``."""
        dest = spec[len("rsync:") :]
        if not dest:
            raise PublishError(f"{spec}: no destination; write rsync:host:/path or rsync:/path")
        return cls(dest, settings.get("public_url"))

    def _rsync(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        if shutil.which("rsync") is None:
            raise PublishError("the rsync target needs rsync: apt-get install rsync")
        proc = subprocess.run(["rsync", *args], capture_output=True, text=True, check=False)
        if check and proc.returncode != 0:
            raise PublishError(f"{self.label}: rsync failed: {proc.stderr.strip()}")
        return proc

    def connect(self) -> None:
        """``rsync --list-only DEST``: the destination exists and answers."""
        self._rsync("--list-only", self.dest)

    def read(self, path: str) -> bytes | None:
        """Copy one file back into a temporary folder."""
        with tempfile.TemporaryDirectory() as tmp:
            proc = self._rsync(self.dest + path, tmp + "/got", check=False)
            got = Path(tmp, "got")
            if proc.returncode == 0 and got.is_file():
                return got.read_bytes()
            if proc.returncode == 23:  # some files could not be transferred: absent
                return None
            raise PublishError(f"{self.label}: reading {path}: {proc.stderr.strip()}")

    def token(self, path: str) -> str | None:
        """The SHA-256 of the file's bytes (rsync has no cheaper version token)."""
        data = self.read(path)
        return None if data is None else hashlib.sha256(data).hexdigest()

    def fingerprint(self, path: str) -> str | None:
        """The SHA-256 of the file's bytes."""
        return self.token(path)

    def listing(self) -> list[str]:
        """``rsync -r --list-only``: every regular file."""
        out = []
        for line in self._rsync("-r", "--list-only", self.dest).stdout.splitlines():
            fields = line.split(None, 4)
            if len(fields) == 5 and fields[0].startswith("-"):
                out.append(fields[4])
        return sorted(p for p in out if p != LOCK)

    def prepare(self) -> list[str]:
        """No headers travel with rsync."""
        return [
            f"{self.label} stores no Content-Type, Cache-Control or CORS: serve it with "
            "spotlight-feed host-config output (.htaccess, nginx, _headers)"
        ]

    def upload(self, puts: Sequence[Put], dist: Path, done: Done) -> None:
        """One rsync per wave: ``--files-from`` the wave, ``--delay-updates``."""
        if not puts:
            return
        with tempfile.NamedTemporaryFile("w", suffix=".list") as listing:
            listing.write("".join(p.path + "\n" for p in puts))
            listing.flush()
            self._rsync(
                "-rt",
                "--chmod=F644,D755",
                "--delay-updates",
                f"--files-from={listing.name}",
                str(dist) + "/",
                self.dest,
            )
        for put in puts:
            done(put)

    def relabel(self, puts: Sequence[Put], done: Done) -> None:
        """Nothing to relabel."""
        keep_labels(puts, done)

    def write(self, put: Put, data: bytes, expect: str | None) -> str | None:
        """Check the version seen at plan time, then copy the one file."""
        if self.token(put.path) != expect:
            raise changed_since_plan(self.label, put.path)
        with tempfile.TemporaryDirectory() as tmp:
            src = safe_join(Path(tmp), put.path)
            src.parent.mkdir(parents=True, exist_ok=True)
            src.write_bytes(data)
            self._rsync("-rt", "--chmod=F644,D755", "--delay-updates", tmp + "/", self.dest)
        return hashlib.sha256(data).hexdigest()

    def delete(self, paths: Sequence[str], done: Callable[[str], None]) -> None:
        """``rsync --delete`` from a skeleton of empty folders, including only *paths*.

        Only *paths* and their folders are included; everything else is excluded,
        and so protected from deletion.
        """
        if not paths:
            return
        with tempfile.TemporaryDirectory() as tmp:
            for rel in paths:
                safe_join(Path(tmp, "tree"), rel).parent.mkdir(parents=True, exist_ok=True)
            include: set[str] = set()
            for rel in paths:
                parts = rel.split("/")
                include.update("/".join(parts[:i]) + "/" for i in range(1, len(parts)))
                include.add(rel)
            rules = Path(tmp, "rules")
            rules.write_text(
                "".join(f"+ /{rel}\n" for rel in sorted(include)) + "- *\n", encoding="utf-8"
            )
            self._rsync("-r", "--delete", f"--filter=merge {rules}", f"{tmp}/tree/", self.dest)
        for rel in paths:
            done(rel)

    def commit(self, message: str) -> None:
        """Files are live when rsync renames them."""

    def close(self) -> None:
        """Nothing to release."""


__all__ = ["REMOTE_PATH", "FolderTarget", "RsyncTarget"]
