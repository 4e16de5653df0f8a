"""Read an input file without ever blocking on, or trusting, what is not a regular file.

``Path.read_text`` on a named pipe waits for a writer for ever, and on a character
device (``/dev/zero``) reads for ever. :func:`read_regular` opens with
``O_NONBLOCK`` (POSIX ``open``: a FIFO opened for reading returns at once), checks
with ``fstat`` that it got a regular file, and only then reads (issue #12).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


class SpecialFileError(OSError):
    """The path is not a regular file; ``str()`` says what it is."""


def what_special(mode: int) -> str | None:
    """``'a named pipe (FIFO)'`` etc. for a mode that is not a regular file's, else ``None``."""
    for test, what in KINDS:
        if test(mode):
            return what
    return None


def special_message(what: str) -> str:
    """The one wording for a special file, shared by the build's scan and every reader."""
    return f"is {what}, not a file; reading it could block the build for ever; remove it"


def read_regular(path: Path) -> bytes:
    """The bytes of *path*; :class:`SpecialFileError` unless it is a regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        what = what_special(os.fstat(fd).st_mode)
        if what is not None:
            raise SpecialFileError(special_message(what))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def write_cache_file(path: Path, text: str) -> None:
    """Write a cache file atomically, best effort: a failure only costs a later miss.

    The text goes to a temporary name beside *path* and is renamed over it, so a reader
    sees the old file or the new one, never half. A read-only or full project, or a
    folder where the file should be, is not an error: the caller recomputes next time
    (and the build's own checks, not its caches, report the project's state).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
