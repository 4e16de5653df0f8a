"""Cover art Apple accepts: one rule, used by ``check`` and by ``build``.

Apple Podcasts artwork requirements (https://podcasters.apple.com/support/896-artwork-requirements,
and the feed requirements, support article 823): a square JPEG or PNG with the
matching extension, 1400x1400 to 3000x3000 pixels, in the RGB colour space
(no CMYK, no transparency).
"""

from __future__ import annotations

from pathlib import Path

RULE = "artwork: square JPEG or PNG, 1400-3000 px, RGB, matching extension"


def art_problems(path: Path) -> list[str]:
    """Every reason Apple would refuse the image at *path* (empty when it is fine)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            fmt, mode, (w, h) = img.format, img.mode, img.size
            alpha = "transparency" in img.info
    except Image.DecompressionBombError as exc:
        return [f"image: {path.name}: refusing to decode it: {exc}"]
    except (OSError, UnidentifiedImageError):
        return [f"image: {path.name} is not a readable image"]
    out = []
    ext = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",)}.get(fmt or "")
    if ext is None:
        out.append(f"image: {path.name} is {fmt}, not JPEG or PNG")
    elif path.suffix.lower() not in ext:
        out.append(f"image: {path.name} is {fmt} but named {path.suffix}")
    if w != h:
        out.append(f"image: {w}x{h} px is not square")
    if not min(w, h) >= 1400 or max(w, h) > 3000:
        out.append(f"image: {w}x{h} px is outside 1400-3000 px")
    if mode != "RGB":
        out.append(f"image: colour mode {mode}, not RGB")
    elif alpha:
        out.append("image: has a transparent colour (PNG tRNS); Apple wants opaque RGB art")
    return out
