"""ID3v2 tag layout: a tag's bytes from its frames (header, frames, padding); no project model.

ID3v2.3.0 §3.1 (header, synchsafe size) and §3.3 (padding); ID3v2.4.0-structure §3.1. What the
tag *says* for an episode is :mod:`spotlight_feed.write.id3`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from . import frames as F


@dataclass(frozen=True)
class TagOptions:
    """How to write the tag."""

    version: int = 3
    """ID3v2 minor version: 3 (default, UTF-16) or 4 (UTF-8)."""


DEFAULT_OPTIONS = TagOptions()


PADDING_MIN = 4096
"""Smallest padding left after the frames (bytes)."""
ALIGN = 65536
"""The audio frames land at the same offset modulo this in the copy as in the source."""
MAX_TAG_SIZE = (1 << 28) - 1
"""The largest tag an ID3v2 header can describe: its size field is 4 bytes of 7 bits
(synchsafe, ID3v2.3.0 §3.1, ID3v2.4.0-structure §3.1), 256 MiB less one byte, counted
after the 10-byte header (frames and padding)."""


def padding_for(needed: int, source_offset: int = 0) -> int:
    """Padding after a tag of *needed* bytes (header + frames).

    At least 4 KiB plus an eighth of the tag, so that ordinary metadata edits (a corrected
    title or summary, a few more lines of notes or transcript: a few KB of UTF-16) fit and a
    re-tag rewrites only the tag in place. Then grown so that the tag's end, where the audio
    starts in the copy, sits at the same offset modulo 64 KiB as the audio in the source
    (*source_offset*, after the source's own tags): the kernel then copies whole pages (and
    large folios) instead of straddling them. Measured on ext4 (docs/benchmarks.md): a
    90 KB tag before the audio copied in 6.2-10.2 ms a file, a congruent one in 4.6-6.8 ms,
    as fast as copying the file untouched. The cost is at most 64 KiB more padding.
    """
    total = needed + max(PADDING_MIN, needed // 8)
    total += (source_offset - total) % ALIGN
    return total - needed


def render(
    frames: Sequence[F.Frame],
    options: TagOptions = DEFAULT_OPTIONS,
    *,
    size: int | None = None,
    source_offset: int = 0,
) -> bytes:
    """The tag's bytes: header, frames and padding (:func:`padding_for`, or to fill *size*).

    ID3v2.3 is written by :func:`.frames.encode_v23`, ID3v2.4 by mutagen. With *size* (an
    existing tag's total size) the padding fills exactly that space; :class:`TagTooLarge`
    is raised when the frames do not fit.
    """
    if options.version == 3:
        body = F.encode_v23(tuple(frames))
    else:
        buf = io.BytesIO()
        F.to_mutagen(tuple(frames), 4).save(buf, v1=0, v2_version=4, padding=lambda info: 0)
        body = buf.getvalue()[10:]
    needed = 10 + len(body)
    if needed - 10 > MAX_TAG_SIZE:
        raise TagTooBig(needed - 10, largest_frames(frames, options))
    if size is None:
        total = needed + padding_for(needed, source_offset)
        total = min(total, MAX_TAG_SIZE + 10)  # less padding, never a wrapped size field
    elif needed > size:
        raise TagTooLarge(needed, size)
    else:
        total = size
    return F.tag_header(options.version, total - 10) + body + bytes(total - needed)


def frame_label(frame: F.Frame) -> str:
    """A frame as a person would name it: its ID and what it holds."""
    if isinstance(frame, F.LangText):
        return f"{frame.id} ({frame.desc or 'text'}, language {frame.lang})"
    if isinstance(frame, F.Sylt):
        return f"SYLT ({frame.desc or 'timed text'}, language {frame.lang})"
    if isinstance(frame, F.Pic):
        return f"APIC (picture '{frame.desc}')"
    if isinstance(frame, F.Chap):
        titles = [t.values[0] for t in frame.subs if isinstance(t, F.Text) and t.values]
        return f"CHAP {frame.element_id}" + (f" (chapter '{titles[0]}')" if titles else "")
    if isinstance(frame, F.Ctoc):
        return f"CTOC {frame.element_id}"
    if isinstance(frame, F.Text | F.Url):
        return frame.id
    if isinstance(frame, F.People):
        return "IPLS/TIPL"
    if isinstance(frame, F.UserUrl):
        return "WXXX"
    return "PCST"


def frame_size(frame: F.Frame, options: TagOptions = DEFAULT_OPTIONS) -> int:
    """The bytes *frame* takes in the tag (header included) in *options*' version."""
    if options.version == 3:
        return len(F.encode_v23((frame,)))
    buf = io.BytesIO()
    F.to_mutagen((frame,), 4).save(buf, v1=0, v2_version=4, padding=lambda info: 0)
    return len(buf.getvalue()) - 10


def largest_frames(
    frames: Sequence[F.Frame], options: TagOptions = DEFAULT_OPTIONS, count: int = 3
) -> tuple[tuple[str, int], ...]:
    """(label, bytes) of the *count* largest frames, largest first."""
    sized = sorted(((frame_size(f, options), i) for i, f in enumerate(frames)), reverse=True)
    return tuple((frame_label(frames[i]), n) for n, i in sized[:count])


class TagTooBig(Exception):
    """The frames need more than an ID3v2 tag can hold (:data:`MAX_TAG_SIZE`).

    Written anyway, the size field would wrap (only its low 28 bits fit) and every reader
    would take audio for tag or tag for audio.
    """

    def __init__(self, size: int, largest: tuple[tuple[str, int], ...]) -> None:
        parts = ", ".join(f"{label}: {mib(n)}" for label, n in largest)
        super().__init__(
            f"the ID3 tag would take {mib(size)}, more than the {mib(MAX_TAG_SIZE)} "
            f"an ID3v2 tag can hold; the largest frames: {parts}"
        )
        self.size = size
        self.largest = largest


def mib(n: int) -> str:
    """A byte count as people read it: ``268,435,456 bytes (256.0 MiB)``."""
    return f"{n:,} bytes ({n / (1 << 20):.1f} MiB)"


class TagTooLarge(Exception):
    """The new tag does not fit the space of the old one."""

    def __init__(self, needed: int, available: int) -> None:
        super().__init__(f"tag needs {needed} bytes, {available} available")
        self.needed = needed
        self.available = available
