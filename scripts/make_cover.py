#!/usr/bin/env python3
"""Draw the show's square cover art, ``media/cover.jpg`` (1400x1400 RGB JPEG).

Everything is drawn by code with Pillow: a deep blue night-sky background, a soft
spotlight cone falling from the top onto a pool of light, the word "SPOTLIGHT" and the
line "English-learning programme". Apple Podcasts and most directories want a square
image of 1400-3000 px in RGB; the file is a baseline JPEG at quality 90 without EXIF or
any other metadata, and stays well under 500 KB.

Fonts: DejaVu Sans Bold and DejaVu Sans from ``/usr/share/fonts/truetype/dejavu/``
when present (Debian's ``fonts-dejavu-core``/``fonts-dejavu-extra``), otherwise Pillow's
bundled scalable default font (``ImageFont.load_default(size=...)``). The choice depends
only on which files exist, so a given machine always draws the same image.

Determinism: no clocks, no unseeded randomness (the fine grain that stops the gradients
from banding comes from ``random.Random`` with a fixed seed) and no metadata, so running
the script twice gives a byte-identical file with the same Pillow and libjpeg.

Usage, from anywhere (paths are relative to the repository root, found from this file)::

    python scripts/make_cover.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

REPO_ROOT = Path(__file__).resolve().parent.parent
COVER_PATH = REPO_ROOT / "media" / "cover.jpg"

SIZE = 1400
TITLE = "SPOTLIGHT"
SUBTITLE = "English-learning programme"
JPEG_QUALITY = 90
MAX_BYTES = 500_000

BG_TOP = (4, 12, 36)
BG_BOTTOM = (10, 38, 92)
LIGHT = (255, 228, 172)  # warm stage light
GOLD = (242, 190, 92)
WHITE = (255, 255, 255)
SUBTITLE_COLOUR = (214, 226, 247)

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def load_font(file_name: str, size: int) -> Font:
    """Return a DejaVu font if installed, else Pillow's bundled default font at ``size``."""
    path = DEJAVU_DIR / file_name
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def vertical_gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    """Return a SIZE x SIZE RGB image fading from ``top`` to ``bottom``."""
    ramp = Image.linear_gradient("L").resize((SIZE, SIZE), Image.Resampling.BICUBIC)
    return Image.composite(
        Image.new("RGB", (SIZE, SIZE), bottom), Image.new("RGB", (SIZE, SIZE), top), ramp
    )


def scaled(mask: Image.Image, factor: float) -> Image.Image:
    """Multiply an ``L`` mask by ``factor`` (0..1)."""
    return mask.point(lambda v: round(v * factor))


def light_masks() -> tuple[Image.Image, Image.Image]:
    """Return the masks of the light cone and of the pool of light it casts."""
    apex_x, apex_y = SIZE // 2, -140
    pool_y, pool_rx, pool_ry = 905, 430, 92

    # The cone: a triangle from a point above the frame to the edges of the pool,
    # brightest near the lamp and fading towards the floor, with blurred edges.
    cone = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(cone).polygon(
        [
            (apex_x - 18, apex_y),
            (apex_x + 18, apex_y),
            (apex_x + pool_rx, pool_y),
            (apex_x - pool_rx, pool_y),
        ],
        fill=255,
    )
    cone = cone.filter(ImageFilter.GaussianBlur(34))
    fade = Image.linear_gradient("L").resize((SIZE, SIZE), Image.Resampling.BICUBIC)
    fade = fade.point(lambda v: round(255 - 0.62 * v))  # 255 at the top, ~97 at the bottom
    cone = ImageChops.multiply(cone, fade)

    # A brighter core down the middle of the beam.
    core = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(core).polygon(
        [
            (apex_x - 6, apex_y),
            (apex_x + 6, apex_y),
            (apex_x + 170, pool_y),
            (apex_x - 170, pool_y),
        ],
        fill=255,
    )
    core = ImageChops.multiply(core.filter(ImageFilter.GaussianBlur(60)), fade)
    cone = ImageChops.add(scaled(cone, 0.34), scaled(core, 0.20))

    # The pool: a soft ellipse with a brighter centre.
    pool = Image.new("L", (SIZE, SIZE), 0)
    draw = ImageDraw.Draw(pool)
    for step in range(24):
        k = 1.0 - step / 24
        draw.ellipse(
            (
                apex_x - pool_rx * k,
                pool_y - pool_ry * k,
                apex_x + pool_rx * k,
                pool_y + pool_ry * k,
            ),
            fill=round(255 * (1.0 - k) ** 0.6),
        )
    pool = pool.filter(ImageFilter.GaussianBlur(18))
    return cone, scaled(pool, 0.62)


def grain(seed: int, amplitude: int) -> Image.Image:
    """Return reproducible fine noise centred on 128 (+/- ``amplitude``) as an ``L`` image."""
    rng = random.Random(seed)
    span = 2 * amplitude + 1
    data = bytes(128 - amplitude + b % span for b in rng.randbytes(SIZE * SIZE))
    return Image.frombytes("L", (SIZE, SIZE), data)


def text_width(draw: ImageDraw.ImageDraw, text: str, font: Font, tracking: float) -> float:
    """Width of ``text`` drawn one character at a time with ``tracking`` px between."""
    return sum(draw.textlength(ch, font=font) for ch in text) + tracking * (len(text) - 1)


def draw_tracked(
    draw: ImageDraw.ImageDraw,
    centre_x: float,
    baseline_y: float,
    text: str,
    font: Font,
    tracking: float,
    fill: int | tuple[int, int, int],
) -> None:
    """Draw letter-spaced ``text`` centred on ``centre_x`` with its baseline at ``baseline_y``."""
    x = centre_x - text_width(draw, text, font, tracking) / 2
    for ch in text:
        draw.text((x, baseline_y), ch, font=font, fill=fill, anchor="ls")
        x += draw.textlength(ch, font=font) + tracking


def fit_font(
    file_name: str, text: str, width: float, tracking_em: float, start: int
) -> tuple[Font, int]:
    """Return the largest font (from ``start`` px down) whose tracked ``text`` fits ``width``.

    Returns the font and its size in pixels.
    """
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    size = start
    while size > 8:
        font = load_font(file_name, size)
        if text_width(probe, text, font, tracking_em * size) <= width:
            return font, size
        size -= 2
    return load_font(file_name, size), size


def draw_cover() -> Image.Image:
    """Compose the cover image."""
    image = vertical_gradient(BG_TOP, BG_BOTTOM)

    # A faint vignette darkening the corners.
    vignette = Image.radial_gradient("L").resize((SIZE, SIZE), Image.Resampling.BICUBIC)
    vignette = vignette.point(lambda v: round(max(0, v - 120) * 1.3))
    image = Image.composite(
        Image.new("RGB", (SIZE, SIZE), (1, 4, 14)), image, scaled(vignette, 0.85)
    )

    cone, pool = light_masks()
    # The lamp glowing at the top edge.
    glow = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(glow).ellipse((SIZE // 2 - 90, -70, SIZE // 2 + 90, 40), fill=255)
    glow = scaled(glow.filter(ImageFilter.GaussianBlur(40)), 0.95)

    # Light adds to what it falls on ("screen" blending), so the blue shows through.
    black = Image.new("RGB", (SIZE, SIZE), (0, 0, 0))
    light = Image.new("RGB", (SIZE, SIZE), LIGHT)
    for mask in (cone, pool, glow):
        image = ImageChops.screen(image, Image.composite(light, black, mask))

    margin = 130
    centre = SIZE / 2

    title_font, title_size = fit_font("DejaVuSans-Bold.ttf", TITLE, SIZE - 2 * margin, 0.06, 260)
    title_base = 1150
    # A soft shadow behind the title lifts it off the background.
    shadow = Image.new("L", (SIZE, SIZE), 0)
    draw_tracked(
        ImageDraw.Draw(shadow), centre, title_base + 8, TITLE, title_font, 0.06 * title_size, 255
    )
    shadow = scaled(shadow.filter(ImageFilter.GaussianBlur(14)), 0.7)
    image.paste(Image.new("RGB", (SIZE, SIZE), (0, 4, 16)), (0, 0), shadow)
    draw = ImageDraw.Draw(image)
    draw_tracked(draw, centre, title_base, TITLE, title_font, 0.06 * title_size, WHITE)

    # A short gold rule and the subtitle.
    rule_y = title_base + 52
    draw.rectangle((centre - 70, rule_y, centre + 70, rule_y + 5), fill=GOLD)
    subtitle_font, subtitle_size = fit_font(
        "DejaVuSans.ttf", SUBTITLE, SIZE - 2 * margin - 200, 0.03, 64
    )
    draw_tracked(
        draw,
        centre,
        rule_y + 98,
        SUBTITLE,
        subtitle_font,
        0.03 * subtitle_size,
        SUBTITLE_COLOUR,
    )

    # Fine grain so the smooth gradients do not band after JPEG compression.
    noise = grain(seed=20240601, amplitude=3)
    return ImageChops.add(image, Image.merge("RGB", [noise] * 3), scale=1.0, offset=-128)


def main() -> int:
    """Draw the cover and write it as a metadata-free JPEG."""
    image = draw_cover().convert("RGB")
    COVER_PATH.parent.mkdir(parents=True, exist_ok=True)
    image.save(COVER_PATH, "JPEG", quality=JPEG_QUALITY, optimize=True, subsampling="4:2:0")
    size = COVER_PATH.stat().st_size
    print(
        f"wrote {COVER_PATH.relative_to(REPO_ROOT)}: {image.width}x{image.height}, {size:,} bytes"
    )
    if size > MAX_BYTES:
        print(f"error: cover is larger than {MAX_BYTES:,} bytes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
