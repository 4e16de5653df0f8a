"""Screenshot the sample's episode page at desktop and phone widths into docs/.

Builds the sample into a temporary folder, serves it on 127.0.0.1 (with the
range-capable server of the page tests, so the player can seek) and drives
Debian's Chromium with playwright (no browser download). The player is moved
to 0:26 so the shot shows a caption and the current chapter. Usage:

    PYTHONPATH=src python scripts/page_screenshots.py [--out docs] [--dark] [--full]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pagekit import chromium, serve  # noqa: E402

from spotlight_feed.build import BuildOptions, build  # noqa: E402

SHOTS = {
    "episode-page-desktop.png": ({"width": 1280, "height": 1000}, 1),
    "episode-page-phone.png": ({"width": 390, "height": 844}, 2),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--dark", action="store_true", help="prefers-color-scheme: dark")
    parser.add_argument("--full", action="store_true", help="the whole page, not one screen")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        dist = build(ROOT, BuildOptions(out_dir=Path(tmp) / "dist")).out_dir
        with serve(dist) as base, chromium() as browser:
            for name, (viewport, scale) in SHOTS.items():
                page = browser.new_page(
                    viewport=viewport,
                    device_scale_factor=scale,
                    color_scheme="dark" if args.dark else "light",
                )
                page.goto(base + "episodes/always-alone/", wait_until="load")
                page.wait_for_function("document.getElementById('player').readyState >= 1")
                page.evaluate("document.getElementById('player').currentTime = 26")
                page.wait_for_function("!document.getElementById('live-caption').hidden")
                out = args.out / (name.replace(".png", "-dark.png") if args.dark else name)
                page.screenshot(path=str(out), full_page=args.full)
                page.close()
                print(f"wrote {out}")


if __name__ == "__main__":
    main()
