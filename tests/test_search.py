"""Site search (issue #15): a static index, searched in Chromium, results open the moment.

Two episodes are built; a word spoken only in the second one is typed into the search
page with the keyboard, the result is followed with the keyboard, and the episode page
opens with its player at that cue's start. Without JavaScript the page says plainly
that search is unavailable. The index is byte-identical across builds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pagekit import build_show, chromium, episode_config, serve, show_config, write_show

ONE = (
    "WEBVTT\n\n00:00:00.200 --> 00:00:02.000\n<v Host>Welcome to the first episode.\n\n"
    "00:00:02.500 --> 00:00:04.500\n<v Host>We talk about gardens and rain.\n"
)
TWO = (
    "WEBVTT\n\n00:00:00.200 --> 00:00:02.000\n<v Host>Welcome to the second episode.\n\n"
    "00:00:02.600 --> 00:00:04.500\n<v Host>Today a xylophone plays for Ana Müller.\n"
)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search") / "show"
    eps = {"one": episode_config("one", 1), "two": episode_config("two", 2)}
    write_show(root, show_config(), eps, seconds=5.0)
    for slug, vtt in (("one", ONE), ("two", TWO)):
        folder = root / "episodes" / slug
        (folder / "transcript.txt").unlink()
        (folder / "transcript.vtt").write_text(vtt, encoding="utf-8")
    build_show(root)
    return root


def test_index_holds_transcripts_notes_and_chapters_and_is_stable(
    root: Path, tmp_path: Path
) -> None:
    data = json.loads((root / "dist" / "search" / "index.json").read_text(encoding="utf-8"))
    kinds = {d[2] for d in data["docs"]}
    assert {"title", "summary", "chapter", "transcript"} <= kinds
    (hit,) = [d for d in data["docs"] if "xylophone" in d[4]]
    assert data["episodes"][hit[0]]["href"] == "../episodes/two/" and hit[1] == 2.6
    assert hit[3] == "Hana Host"
    first = (root / "dist" / "search" / "index.json").read_bytes()
    copy = shutil.copytree(root, tmp_path / "again", ignore=shutil.ignore_patterns("dist"))
    assert (build_show(copy) / "search" / "index.json").read_bytes() == first


def _wait(page: Any, js: str) -> Any:
    return page.wait_for_function(js, timeout=15_000).json_value()


@pytest.mark.browser
def test_typing_a_word_finds_the_moment_and_the_result_opens_it(root: Path) -> None:
    with chromium() as browser, serve(root / "dist") as base:
        page = browser.new_page()
        page.goto(base, wait_until="load")
        page.get_by_role("link", name="Search").click()
        page.wait_for_load_state("load")
        page.get_by_label("Search every episode").focus()
        page.keyboard.type("XYLOPHONE")  # case-insensitive
        page.keyboard.press("Enter")
        status = _wait(page, "document.getElementById('search-status').textContent")
        assert status == "1 result for “XYLOPHONE”."
        results = page.eval_on_selector_all(
            ".search-result", "els => els.map(a => [a.textContent, a.getAttribute('href')])"
        )
        assert results == [["Episode 2 at 0:02", "../episodes/two/#t=2.6"]]
        # accent-insensitive too, and a word in no episode finds nothing
        page.fill("#search-input", "muller")
        page.keyboard.press("Enter")
        assert _wait(page, "document.getElementById('search-status').textContent").startswith(
            "1 result"
        )
        page.fill("#search-input", "xylophone")
        page.keyboard.press("Enter")
        _wait(page, "document.querySelectorAll('.search-result').length === 1")
        page.keyboard.press("Tab")  # from the field: the Search button, then the result
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "search-result"
        page.keyboard.press("Enter")
        page.wait_for_url("**/episodes/two/#t=2.6")
        at = _wait(
            page,
            "() => { const p = document.getElementById('player');"
            " return p.readyState >= 1 && p.currentTime; }",
        )
        assert abs(at - 2.6) < 0.05
        page.close()


@pytest.mark.browser
def test_without_javascript_search_says_it_is_unavailable(root: Path) -> None:
    with chromium() as browser, serve(root / "dist") as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "search/", wait_until="load")
        text = page.inner_text("main")
        assert "Search is unavailable: it needs JavaScript." in text
        assert not page.is_visible(".search-form")
        context.close()
