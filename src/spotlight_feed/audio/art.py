"""Embedded art: a deterministic JPEG, at most :data:`COVER_PX` pixels a side.

PRX ("How should I format my podcast audio files?", docs/sources.md §5.1) advises embedded art of
at most 800×800 px and a whole tag under 300 KB; APIC front covers are read by every player
as ``image/jpeg``. The picture is decoded with Pillow, converted to RGB (no alpha, no CMYK),
shrunk with the Lanczos filter (never enlarged) and saved as a baseline JPEG without
metadata, so the same input gives the same bytes on every run.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

COVER_PX = 800
"""Largest side of the embedded front cover."""
CHAPTER_PX = 400
"""Largest side of embedded chapter art (ten chapters stay well inside the tag budget)."""
QUALITY = 85


def jpeg_art(path: Path | BinaryIO, max_px: int = COVER_PX) -> bytes:
    """*path* (a file or its bytes) as a JPEG no larger than *max_px* a side.

    Raises ``OSError`` if it cannot be read or decoded (Pillow's ``UnidentifiedImageError``
    is one).
    """
    from PIL import Image

    with Image.open(path) as img:
        img.load()
        rgb = img.convert("RGB")
    if max(rgb.size) > max_px:
        w, h = rgb.size
        scale = max_px / max(w, h)
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        rgb = rgb.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=QUALITY, optimize=True, progressive=False, subsampling=2)
    return out.getvalue()
