"""Focus, phone and print behaviour of the default pages, measured in headless Chromium (#5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pagekit import chromium, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = ["episodes/always-alone/", ""]


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as b:
        yield b


def test_keyboard_focus_is_visible(sample_dist: Path, browser: Any) -> None:
    with serve(sample_dist) as base:
        page = browser.new_page()
        page.goto(base + PAGES[0], wait_until="load")
        # the first Tab reaches the skip link, which then shows on screen
        page.keyboard.press("Tab")
        skip = page.evaluate(
            "() => { const a = document.activeElement; const r = a.getBoundingClientRect();"
            " return [a.className, r.top >= 0 && r.bottom > 0]; }"
        )
        assert skip == ["skip-link", True]
        # every focused link or control draws an outline at least 2px wide
        for _ in range(25):
            page.keyboard.press("Tab")
            style = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; }"
            )
            if style[0] == "AUDIO":
                continue  # the browser draws its own focus ring on media controls
            assert style[1] != "none" and float(style[2].removesuffix("px")) >= 2, style
        page.close()


@pytest.mark.parametrize("path", PAGES)
def test_phone_width_has_no_sideways_scrolling(sample_dist: Path, browser: Any, path: str) -> None:
    with serve(sample_dist) as base:
        page = browser.new_page(viewport={"width": 320, "height": 640})
        page.goto(base + path, wait_until="load")
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], widths
        # body text stays readable: at least 16px
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 16
        page.close()


def test_print_hides_controls_and_keeps_the_text(sample_dist: Path, browser: Any) -> None:
    with serve(sample_dist) as base:
        page = browser.new_page()
        page.goto(base + PAGES[0], wait_until="load")
        page.emulate_media(media="print")
        hidden = page.evaluate(
            "() => ['audio', '.site-nav', '.skip-link'].map("
            "s => getComputedStyle(document.querySelector(s)).display)"
        )
        assert hidden == ["none", "none", "none"]
        shown = page.evaluate(
            "() => ['.turns', '.credits', '.notes', '.chapter-list'].map("
            "s => getComputedStyle(document.querySelector(s)).display)"
        )
        assert "none" not in shown
        colours = page.evaluate(
            "() => [getComputedStyle(document.body).color,"
            " getComputedStyle(document.querySelector('.hero')).backgroundImage]"
        )
        assert colours == ["rgb(0, 0, 0)", "none"]
        assert len(page.pdf()) > 10_000  # Chromium lays the page out for paper
        page.close()
