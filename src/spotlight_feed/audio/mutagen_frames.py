"""mutagen classes the tag writers need: an order-keeping ``ID3`` and spec-exact URL frames."""

from __future__ import annotations

from typing import Any

from mutagen.id3 import ID3, _frames, _specs

_SPECS: Any = _specs


class OrderedID3(ID3):
    """An ``ID3`` that writes its frames in the order they were added.

    mutagen sorts frames by size and hash key on save, which scatters the CHAP frames out of
    time order (readers such as ffprobe then list chapters out of order). The CTOC lists
    them in order anyway, but writing CTOC, then each CHAP in time order, then the large
    frames (USLT, SYLT, APIC) last is what every reader handles best.
    """

    def _write(self, config: Any) -> bytes:
        from mutagen.id3 import _tags

        save_frame: Any = _tags.save_frame
        frames: Any = self
        return b"".join(save_frame(f, config=config) for f in frames.values())


class WOAF(_frames.WOAF):
    """WOAF written as the spec has it: the URL, no terminating NUL (mutagen adds one).

    ID3v2.4.0 frames §4.3.1: a URL frame's body is the URL alone; eyeD3 and others keep a
    trailing NUL as part of the URL. mutagen reads this form back as an ordinary WOAF.
    """

    _framespec = [_SPECS.BinaryDataSpec("url")]  # noqa: RUF012 (mutagen's own form)


class WXXX(_frames.WXXX):
    """WXXX (chapter link) with the URL unterminated, like :class:`WOAF`."""

    _framespec = [  # noqa: RUF012 (mutagen's own form)
        _SPECS.EncodingSpec("encoding"),
        _SPECS.EncodedTextSpec("desc"),
        _SPECS.BinaryDataSpec("url"),
    ]
