"""Cache files this tool wrote, recognised by a seal of their inode and change time.

The rule is the search cache's (:mod:`.search_cache`, its module docstring): right after a
cache file is renamed into place, a seal beside it records the tool's code and the
file's device, inode, size, modification and change times. A file whose ``fstat`` is
exactly that is the very file this tool wrote and has not been written to since. Any
other file (a copy, a restore from a backup, a cloned show repository with a crafted
cache, the same file written in place) has another inode or change time, which no
program can set (POSIX ``sys/stat.h``: ``st_ctime`` is the "time of last status
change", kept by the system; ``utimensat`` sets only the access and modification
times).

:func:`open_sealed` maps a file only when its seal holds; :func:`put_sealed` renames a
finished temporary file into place and seals it. Both are best effort: a cache that
cannot be read or written costs a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import stat
from pathlib import Path

from ..safeio import read_regular, write_cache_file


def seal_text(code: str, st: os.stat_result) -> str:
    """The seal of a file with this ``stat``, written by the tool whose code is *code*."""
    ident = f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"
    return f"{hashlib.sha256(code.encode()).hexdigest()} {ident}\n"


def map_regular(path: Path) -> tuple[mmap.mmap, os.stat_result] | None:
    """*path* memory-mapped, with the ``fstat`` of the very file mapped, else ``None``.

    Opened without following a symbolic link and without blocking (a FIFO planted in
    the cache must not hang the build), and only a non-empty regular file is mapped.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
            return None
        return mmap.mmap(fd, 0, access=mmap.ACCESS_READ), st
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


def is_sealed(seal: Path, code: str, st: os.stat_result) -> bool:
    """True when *seal* is the seal of a file with this ``stat`` (the module docstring).

    The seal is read only if it is a regular file (:func:`..safeio.read_regular`).
    """
    try:
        return read_regular(seal) == seal_text(code, st).encode()
    except OSError:
        return False


def open_sealed(path: Path, seal: Path, code: str) -> mmap.mmap | None:
    """*path* memory-mapped (:func:`map_regular`) if *seal* is its seal, else ``None``."""
    found = map_regular(path)
    if found is None:
        return None
    mapped, st = found
    if is_sealed(seal, code, st):
        return mapped
    mapped.close()
    return None


def unseal(seal: Path) -> None:
    """Remove *seal*: from now on its file is a miss."""
    with contextlib.suppress(OSError):
        seal.unlink(missing_ok=True)


def put_sealed(tmp: Path, path: Path, seal: Path, code: str) -> None:
    """Rename the finished *tmp* over *path* and write its seal; best effort.

    The seal is taken from the renamed file itself; if anything fails, the temporary
    file is removed and no seal is written (the next build misses).
    """
    try:
        os.replace(tmp, path)
        text = seal_text(code, os.stat(path, follow_symlinks=False))
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return
    write_cache_file(seal, text)
