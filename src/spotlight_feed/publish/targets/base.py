"""What every publish target offers the executor (:mod:`..run`).

A target stores objects under release-relative POSIX paths. Bulk writes go
through :meth:`Target.upload`; the feed and the remote manifest go through
:meth:`Target.write`, which is conditional on the version token seen at plan
time (S3 ``If-Match``/``If-None-Match``, issue #19 "Order"), so two publishes
cannot overwrite each other silently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from .. import PublishError
from ..plan import Put

Done = Callable[[Put], None]


class Target(Protocol):
    """A place a release is published to."""

    label: str
    """How the user wrote it (``s3://bucket/prefix``), for messages."""
    public_url: str | None
    """The URL the target's root is served at, when configured (must equal base_url)."""
    sets_headers: bool
    """The target stores Content-Type and Cache-Control per object (S3 does, a folder not)."""

    def connect(self) -> None:
        """Check that the target exists and the credentials work (:class:`PublishError`)."""

    def read(self, path: str) -> bytes | None:
        """The object at *path*, or ``None`` if absent."""

    def token(self, path: str) -> str | None:
        """A version token of the object at *path* (S3: its ETag), ``None`` if absent."""

    def fingerprint(self, path: str) -> str | None:
        """The SHA-256 this tool stored with the object (S3 metadata), else of its bytes."""

    def listing(self) -> list[str] | None:
        """Every path at the target, or ``None`` when it cannot list."""

    def prepare(self) -> list[str]:
        """Once per publish before uploading: bucket CORS and the like; returns notes."""

    def upload(self, puts: Sequence[Put], dist: Path, done: Done) -> None:
        """Write *puts* (from *dist*), calling *done* after each."""

    def relabel(self, puts: Sequence[Put], done: Done) -> None:
        """Give the stored objects of *puts* new headers, bytes unchanged (S3 CopyObject)."""

    def write(self, put: Put, data: bytes, expect: str | None) -> str | None:
        """Write *data* at ``put.path`` only if its token still is *expect* (``None``: absent).

        Returns the new token; raises :class:`PublishError` when the object changed.
        """

    def delete(self, paths: Sequence[str], done: Callable[[str], None]) -> None:
        """Remove *paths*, calling *done* after each."""

    def commit(self, message: str) -> None:
        """Make what was written live where that is a separate step (git); else nothing."""

    def close(self) -> None:
        """Release what :meth:`connect` took (a lock, a work folder)."""


def keep_labels(puts: Sequence[Put], done: Done) -> None:
    """:meth:`Target.relabel` for targets that store no headers (folder, rsync, git)."""
    for put in puts:
        done(put)


def changed_since_plan(where: object, path: str) -> PublishError:
    """The refusal of a conditional :meth:`Target.write` whose object moved on."""
    return PublishError(
        f"{where}: {path} changed since this publish planned; not overwritten, "
        "nothing deleted; run publish again"
    )
