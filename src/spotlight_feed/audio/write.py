"""Write the tagged copy of an MP3 in one pass.

Tagging must cost about what copying costs (docs/sources.md §5.4; issue #4): mutagen's usual
route, copy the file then ``save()``, writes every byte twice (the tag is inserted at the
start, so the whole file moves). Here the tag is encoded in memory (:mod:`.frames`, checked
byte for byte against mutagen; a few hundred KB at most) and the source's audio frames are
streamed once behind it:

* the source's own leading ID3v2 tags and trailing ID3v1/APEv2/Lyrics3 tags are left out
  (:func:`.mpeg.audio_span`), everything between them is copied byte for byte;
* the copy runs in the kernel (``copy_file_range``, falling back to ``sendfile`` and then
  to a 1 MiB buffer), so memory stays flat whatever the file size;
* the output is written to ``<name>.part`` and renamed into place; the source is only read;
* the padding puts the audio at the same offset modulo 64 KiB as in the source, so the
  kernel copies whole pages (:func:`.tags.padding_for`).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from . import mpeg
from .frames import Frame
from .tags import DEFAULT_OPTIONS, TagOptions, render

BUFFER = 1 << 20


def write_tagged(
    src: Path, dst: Path, frames: Sequence[Frame], options: TagOptions = DEFAULT_OPTIONS
) -> int:
    """Write the tag of *frames*, then *src*'s audio frames, to *dst*; return the size written.

    The tag's padding is chosen knowing where the audio starts in *src*
    (:func:`.tags.padding_for`), so the audio keeps its alignment in the copy.
    """
    with src.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        start, end = mpeg.audio_span(f, size)
        tag = render(frames, options, source_offset=start)
        return _write(f, start, end, dst, tag)


def _write(f: BinaryIO, start: int, end: int, dst: Path, tag: bytes) -> int:
    part = dst.with_name(dst.name + ".part")
    try:
        with part.open("wb") as out:
            out.write(tag)
            out.flush()
            copy_range(f, out, start, end - start)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, dst)
    return len(tag) + (end - start)


def copy_range(src: BinaryIO, dst: BinaryIO, offset: int, count: int) -> None:
    """Append *count* bytes of *src* from *offset* to *dst* (at its current end)."""
    in_fd, out_fd = src.fileno(), dst.fileno()
    out_at = os.lseek(out_fd, 0, os.SEEK_END)
    done = 0
    try:
        while done < count:
            n = os.copy_file_range(in_fd, out_fd, count - done, offset + done, out_at + done)
            if n == 0:
                raise OSError(errno.EIO, "source file shrank while it was being copied")
            done += n
        return
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
            raise
    os.lseek(out_fd, out_at + done, os.SEEK_SET)
    try:
        while done < count:
            n = os.sendfile(out_fd, in_fd, offset + done, count - done)
            if n == 0:
                raise OSError(errno.EIO, "source file shrank while it was being copied")
            done += n
        return
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise
    src.seek(offset + done)
    dst.seek(out_at + done)
    buf = bytearray(BUFFER)
    view = memoryview(buf)
    while done < count:
        n = src.readinto(view[: min(BUFFER, count - done)])  # type: ignore[attr-defined]
        if not n:
            raise OSError(errno.EIO, "source file shrank while it was being copied")
        dst.write(view[:n])
        done += n
