"""Screenshot the sample's episode page at desktop and phone widths into docs/.

Builds the sample into a temporary folder, serves it on 127.0.0.1 and drives
Debian's Chromium with playwright (no browser download). Usage:

    python scripts/page_screenshots.py [--out docs] [--dark]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from spotlight_feed.build import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = {
    "episode-page-desktop.png": ({"width": 1280, "height": 900}, 1),
    "episode-page-phone.png": ({"width": 390, "height": 844}, 2),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--dark", action="store_true", help="prefers-color-scheme: dark")
    parser.add_argument("--full", action="store_true", help="the whole page, not one screen")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dist = Path(tmp) / "dist"
        build(ROOT, BuildOptions(out_dir=dist, source_date_epoch=0))
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(dist))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/episodes/always-alone/"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                for name, (viewport, scale) in SHOTS.items():
                    page = browser.new_page(
                        viewport=viewport,
                        device_scale_factor=scale,
                        color_scheme="dark" if args.dark else "light",
                    )
                    page.goto(url, wait_until="load")
                    page.wait_for_function("document.getElementById('player').readyState >= 1")
                    if args.dark:
                        name = name.replace(".png", "-dark.png")
                    page.screenshot(path=str(args.out / name), full_page=args.full)
                    page.close()
                    print(f"wrote {args.out / name}")
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
