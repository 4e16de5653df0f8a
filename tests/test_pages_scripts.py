"""Every script in a real browser (issue #15): Arabic names and text, Japanese, emphasis.

A show whose episode has an Arabic speaker, a Japanese speaker typed with a
full-width colon in an SRT source, and emphasis, is built and opened in Debian's
headless Chromium: the captions track (Chromium's own WebVTT parser) carries the
voices and the ``<i>`` spans; every piece of user text takes its own direction
(``dir="auto"``), checked through the computed style and on a screenshot.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pagekit import build_show, chromium, episode_config, serve, show_config, write_show
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARABIC_NAME = "ليلى حداد"
ARABIC_TEXT = "مرحبا بكم في البرنامج. نتحدث اليوم عن العزلة."
SRT = (
    "1\n00:00:00,200 --> 00:00:02,000\nHost: Welcome to <i>Small Talk</i>, everyone.\n\n"
    f"2\n00:00:02,200 --> 00:00:04,000\nLayla: {ARABIC_TEXT}\n\n"
    "3\n00:00:04,200 --> 00:00:05,800\n伊藤：こんにちは、引きこもりについて話します。\n"
)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scripts") / "show"
    meta = episode_config(
        "one",
        1,
        voices={
            "Host": {"name": "Hana Host", "role": "host"},
            "Layla": {"name": ARABIC_NAME, "role": "guest"},
            "伊藤": {"name": "伊藤 正樹", "role": "guest"},
        },
        discussion={
            "question": "What do you think?",
            "comments": [{"author": ARABIC_NAME, "text": ARABIC_TEXT}],
        },
    )
    write_show(root, show_config(), {"one": meta}, seconds=6.0)
    folder = root / "episodes" / "one"
    (folder / "transcript.txt").unlink()
    (folder / "transcript.srt").write_text(SRT, encoding="utf-8")
    return build_show(root)


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as b:
        yield b


def _cues(page: Any) -> list[dict[str, str]]:
    return page.wait_for_function(
        """() => {
            const t = [...document.getElementById('player').textTracks]
                .find(t => t.kind === 'captions');
            if (!t) return false;
            t.mode = 'hidden';
            if (!t.cues || t.cues.length < 3) return false;
            return [...t.cues].map(c => {
                const f = c.getCueAsHTML();
                const v = f.querySelector('span[title]');
                return {voice: v ? v.title : '', text: f.textContent,
                        italic: [...f.querySelectorAll('i')].map(i => i.textContent).join('|')};
            });
        }""",
        timeout=15_000,
    ).json_value()


def test_chromium_reads_voices_scripts_and_emphasis_from_the_track(
    dist: Path, browser: Any
) -> None:
    with serve(dist) as base:
        page = browser.new_page()
        page.goto(base + "episodes/one/", wait_until="load")
        cues = _cues(page)
        page.close()
    assert [c["voice"] for c in cues] == ["Hana Host", ARABIC_NAME, "伊藤 正樹"]
    assert cues[0]["italic"] == "Small Talk"
    assert cues[0]["text"] == "Welcome to Small Talk, everyone."
    assert cues[1]["text"].replace("\n", " ") == ARABIC_TEXT
    assert cues[2]["text"].replace("\n", "") == "こんにちは、引きこもりについて話します。"


def _direction(page: Any, selector: str) -> list[str]:
    return list(
        page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).direction)")
    )


def test_user_text_takes_its_own_direction(dist: Path, browser: Any) -> None:
    with serve(dist) as base:
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto(base + "episodes/one/", wait_until="load")
        speakers = page.eval_on_selector_all(".turn .speaker", "els => els.map(e => e.textContent)")
        assert speakers == ["Hana Host", ARABIC_NAME, "伊藤 正樹"]
        assert _direction(page, ".turn .speaker") == ["ltr", "rtl", "ltr"]
        assert _direction(page, ".turn p[dir]") == ["ltr", "rtl", "ltr"]
        assert _direction(page, ".comment__author, .comment__body p") == ["rtl", "rtl"]
        assert _direction(page, "h1, .question") == ["ltr", "ltr"]
        # The screenshot: the Arabic paragraph's ink sits at the right of its box,
        # the English one's at the left (a short line in a wide column).
        arabic = page.locator(".turn").nth(1).locator("p[dir]")
        english = page.locator(".turn").nth(0).locator("p[dir]")
        ink_ar = _ink_span(arabic.screenshot())
        ink_en = _ink_span(english.screenshot())
        page.goto(base + "episodes/one/transcript.html", wait_until="load")
        assert _direction(page, "cite") == ["ltr", "rtl", "ltr"]
        assert _direction(page, "p") == ["ltr", "rtl", "ltr"]
        page.close()
    width_ar, (left_ar, right_ar) = ink_ar
    width_en, (left_en, right_en) = ink_en
    assert right_ar > 0.9 * width_ar and left_ar > 0.2 * width_ar, ink_ar  # right-aligned
    assert left_en < 0.1 * width_en and right_en < 0.8 * width_en, ink_en  # left-aligned


def _ink_span(png: bytes) -> tuple[int, tuple[int, int]]:
    """The width of a screenshot and the first and last column holding dark pixels."""
    img = Image.open(io.BytesIO(png)).convert("L")
    w, h = img.size
    px = img.load()
    assert px is not None
    cols = [x for x in range(w) if any(px[x, y] < 128 for y in range(h))]
    assert cols, "the paragraph drew nothing"
    return w, (cols[0], cols[-1])
