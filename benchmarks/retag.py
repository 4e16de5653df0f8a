"""Re-tag a one-pass copy in place: measured by bench_tagging.py, not part of the build.

The build never modifies a file in place: every release is written into a staging
folder and reused files are hard links to the live ``dist/`` (see ``build.py``), so
rewriting a copy's tag in place would change the published release under a reader's
feet. What stays in the library is the padding policy (``audio.tags.padding_for``),
which makes this possible for a tool that owns its copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spotlight_feed.audio.frames import Frame
from spotlight_feed.audio.tags import DEFAULT_OPTIONS, TagOptions, TagTooLarge, render


def existing_tag_size(path: Path) -> int | None:
    """Total size (header, frames, padding, footer) of the ID3v2 tag at the start of *path*."""
    with path.open("rb") as f:
        head = f.read(10)
    if len(head) < 10 or head[:3] != b"ID3" or any(b & 0x80 for b in head[6:10]):
        return None
    body = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
    return 10 + body + (10 if head[5] & 0x10 else 0)


def retag_in_place(
    path: Path, frames: Sequence[Frame], options: TagOptions = DEFAULT_OPTIONS
) -> bool:
    """Overwrite the tag of an existing tagged copy when the new one fits its space.

    Only the tag's bytes are written (the padding absorbs the difference); the audio frames
    are not touched. Returns ``False``, changing nothing, when there is no tag or the new
    one does not fit.
    """
    size = existing_tag_size(path)
    if size is None:
        return False
    try:
        data = render(frames, options, size=size)
    except TagTooLarge:
        return False
    with path.open("r+b") as f:
        f.write(data)
    return True
