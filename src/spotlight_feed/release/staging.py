"""Release folder safety: an exclusive build lock, a staging folder and an atomic swap.

A build writes everything into a hidden staging folder beside ``dist/`` and only
then exchanges the two folders with one ``renameat2(RENAME_EXCHANGE)`` system
call (Linux 3.15+), so at every instant ``dist/`` is either the complete previous
release or the complete new one: an error, Ctrl-C or ``kill -9`` at any moment
cannot leave a half-written ``dist/``. Where the exchange is not available, two
renames are used and :func:`recover` puts the previous release back on the next
run if a kill struck between them.

Two builds of the same ``dist/`` never interleave: :class:`BuildLock` holds an
``fcntl.flock`` on the folder containing ``dist/`` for the whole build. The
kernel releases it when the process dies, so a killed build never leaves a stale
lock behind, and taking it writes nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import signal
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import BuildError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class BuildBusyError(BuildError):
    """Another build holds the lock of this output folder."""

    exit_code = 75  # EX_TEMPFAIL: try again later


_HELD: set[int] = set()
"""Lock descriptors held by this process; forked workers close their copies."""


def _close_held_in_child() -> None:
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


class BuildLock:
    """Exclusive lock on one output folder for the duration of a build.

    The lock is an ``flock`` on the folder that holds ``dist/`` (the staging folder
    and the swap live there too), so taking it creates and changes nothing. With
    ``wait=False`` a second build refuses at once with a message naming the
    folder; with ``wait=True`` it blocks until the first build finishes.
    """

    def __init__(self, out_dir: Path, *, wait: bool = False) -> None:
        self.path = out_dir.parent
        self.out_dir = out_dir
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> BuildLock:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as exc:
            raise BuildError(f"cannot open {self.path} to lock it: {exc.strerror}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            raise BuildBusyError(
                f"another build is writing {self.out_dir} right now (it holds the lock on "
                f"{self.path}); wait for it to finish, or pass --wait to queue behind it"
            ) from None
        self._fd = fd
        _HELD.add(fd)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            _HELD.discard(self._fd)
            os.close(self._fd)  # closing releases the flock
            self._fd = None


def staging_dir(out_dir: Path) -> Path:
    """A fresh, empty staging folder beside *out_dir* (same file system, so renames work)."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        path = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-staging-", dir=out_dir.parent))
    except OSError as exc:
        raise BuildError(
            f"cannot create a staging folder beside {out_dir}: {exc.strerror}"
        ) from exc
    path.chmod(0o755)
    return path


def discard_staging(out_dir: Path) -> None:
    """Remove every staging folder of *out_dir* (call with the lock held, after a failure).

    Ctrl-C and SIGTERM are held back meanwhile, so a second signal cannot leave
    half a folder behind; the glob also catches a folder created just before the
    signal arrived, whose name the caller never received.
    """
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        for leftover in out_dir.parent.glob(f".{out_dir.name}-staging-*"):
            shutil.rmtree(leftover, ignore_errors=True)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class SignalsHeld:
    """Hold Ctrl-C and SIGTERM back while a release is being published.

    From the moment ``spotlight.lock`` is written until the build is recorded, an
    interrupt would leave a published release behind an exit code (130) that says
    "nothing changed". :meth:`hold` blocks both signals; :meth:`release` after a
    failure unblocks them, so a pending one is delivered at once (the build stops with
    ``dist/`` as it was); :meth:`finish` after success consumes a pending one and says
    so, since the release is live and complete by then.
    """

    SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})

    def __init__(self) -> None:
        self._old: set[signal.Signals | int] | None = None

    def hold(self) -> None:
        """Block the signals (idempotent)."""
        if self._old is None:
            self._old = signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)

    def release(self) -> None:
        """Unblock the signals; a pending one is delivered now."""
        if self._old is not None:
            old, self._old = self._old, None
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

    def finish(self) -> str | None:
        """Consume a pending signal, unblock, and return a note if one had arrived."""
        if self._old is None:
            return None
        caught = False
        while signal.sigtimedwait(self.SIGNALS, 0) is not None:
            caught = True
        self.release()
        if caught:
            return "interrupted while the release was being published: the build completed"
        return None


def recover(out_dir: Path) -> list[str]:
    """Tidy up after a build that was killed; call with the lock held.

    Removes leftover staging folders and, if ``dist/`` is missing while a moved
    aside previous release exists (a kill between the two fallback renames),
    puts that release back. Returns what was done, for the report.
    """
    done: list[str] = []
    parent = out_dir.parent
    if not parent.is_dir():
        return done
    olds = sorted(parent.glob(f".{out_dir.name}-old-*"))
    if not out_dir.exists() and olds:
        olds[-1].rename(out_dir)
        done.append(f"restored the previous release from {olds[-1].name}")
        olds = olds[:-1]
    for leftover in [*olds, *sorted(parent.glob(f".{out_dir.name}-staging-*"))]:
        shutil.rmtree(leftover, ignore_errors=True)
        done.append(f"removed {leftover.name} left by an interrupted build")
    return done


def swap_in(staging: Path, out_dir: Path) -> None:
    """Make *staging* the new *out_dir* atomically and delete the previous release."""
    if not out_dir.exists():
        staging.rename(out_dir)
        _fsync_dir(out_dir.parent)
        return
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise BuildError(f"{out_dir} exists and is not a folder; refusing to replace it")
    if _exchange(staging, out_dir):
        old = staging  # after the exchange the staging path holds the old release
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
        old.rmdir()
        out_dir.rename(old)
        staging.rename(out_dir)
    _fsync_dir(out_dir.parent)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths with ``renameat2(RENAME_EXCHANGE)``; ``False`` if unsupported."""
    fn = _renameat2()
    if fn is None:
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise BuildError(f"cannot swap {a.name} into {b}: {os.strerror(err)}")


_RENAMEAT2: list[Any] = []


def _renameat2() -> Any:
    """The C library's ``renameat2`` (glibc 2.28+), or ``None``."""
    if not _RENAMEAT2:
        fn = None
        name = ctypes.util.find_library("c")
        if name and os.environ.get("SPOTLIGHT_NO_RENAME_EXCHANGE") != "1":
            libc = ctypes.CDLL(name, use_errno=True)
            fn = getattr(libc, "renameat2", None)
            if fn is not None:
                fn.argtypes = [
                    ctypes.c_int,
                    ctypes.c_char_p,
                    ctypes.c_int,
                    ctypes.c_char_p,
                    ctypes.c_uint,
                ]
                fn.restype = ctypes.c_int
        _RENAMEAT2.append(fn)
    return _RENAMEAT2[0]


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
