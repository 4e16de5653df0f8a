"""The episode page's player in a real browser (issue #5).

The sample's release is served on 127.0.0.1 and opened in Debian's headless
Chromium: the MP3 plays (muted), the captions track loads its cues with speaker
names, a chapter click seeks the player, and the page works with JavaScript off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pagekit import chromium, serve

from spotlight_feed.load.project import load_project
from spotlight_feed.write.pages import views as pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "episodes/always-alone/"


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def sample() -> Any:
    from pagekit import ROOT

    return load_project(ROOT)


def _wait(page: Any, js: str, timeout: float = 15_000) -> Any:
    return page.wait_for_function(js, timeout=timeout).json_value()


def test_audio_plays_and_captions_name_the_speakers(
    sample_dist: Path, sample: Any, browser: Any
) -> None:
    names = sorted(sample.episodes[0].speaker_names.values())
    with serve(sample_dist) as base:
        page = browser.new_page()
        failed: list[str] = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        page.on("pageerror", lambda e: failed.append(str(e)))
        page.goto(base + PAGE, wait_until="load")
        _wait(page, "document.getElementById('player').readyState >= 1")
        duration = page.evaluate("document.getElementById('player').duration")
        assert abs(duration - sample.episodes[0].audio.duration_ms / 1000) < 1.0
        page.evaluate(
            "() => { const p = document.getElementById('player'); p.muted = true;"
            " p.currentTime = 1; return p.play(); }"
        )
        _wait(page, "document.getElementById('player').currentTime > 1.5")
        assert not page.evaluate("document.getElementById('player').error")
        # the default captions track is showing and has loaded its cues
        vtt = (sample_dist / "episodes/always-alone/transcript.vtt").read_text(encoding="utf-8")
        vtt_cues = vtt.count(" --> ")
        cues = _wait(
            page,
            """() => {
                const t = [...document.getElementById('player').textTracks]
                    .find(t => t.kind === 'captions');
                // cues arrive while the file is parsed: wait until the last one is in
                return t && t.mode === 'showing' && t.cues && t.cues.length >= __N__
                    && [...t.cues].map(c => c.text);
            }""".replace("__N__", str(vtt_cues)),
        )
        speakers = sorted({c.split(">", 1)[0].removeprefix("<v ") for c in cues})
        assert speakers == names
        assert cues[0].startswith("<v Roger Basick>Welcome to Spotlight.")
        # while it plays, the active cue is the first turn, spoken by Roger Basick
        active = _wait(
            page,
            """() => {
                const t = [...document.getElementById('player').textTracks]
                    .find(t => t.kind === 'captions');
                return t.activeCues && t.activeCues.length && t.activeCues[0].text;
            }""",
        )
        assert active.startswith("<v Roger Basick>")
        # browsers draw no captions for <audio>; the page shows the cue, speaker first
        caption = _wait(
            page,
            "() => { const b = document.getElementById('live-caption');"
            " return !b.hidden && b.textContent; }",
        )
        assert " ".join(caption.split()).startswith("Roger Basick: Welcome to Spotlight.")
        assert failed == []  # every resource the page asked for loaded; no script error
        page.close()


def test_chapter_click_seeks_the_player(sample_dist: Path, sample: Any, browser: Any) -> None:
    chapters = sample.episodes[0].config.chapters
    target = chapters[2]
    with serve(sample_dist) as base:
        page = browser.new_page()
        page.goto(base + PAGE, wait_until="load")
        _wait(page, "document.getElementById('player').readyState >= 1")
        page.evaluate("document.getElementById('player').muted = true")
        page.get_by_role("link", name=target.title).click()
        at = _wait(
            page,
            f"""() => {{
                const p = document.getElementById('player');
                return p.currentTime >= {target.start / 1000} && p.currentTime;
            }}""",
        )
        assert at < chapters[3].start / 1000
        assert page.evaluate("location.hash") == f"#t={target.start / 1000:g}"
        assert page.url.startswith(base + PAGE)  # stayed on the page
        # the playing chapter is marked as current
        current = _wait(
            page,
            "() => { const li = document.querySelector('.chapter-list li[aria-current=true]');"
            " return li && li.querySelector('.chapter-title').textContent; }",
        )
        assert current == target.title
        page.evaluate("document.getElementById('player').pause()")
        # a #t= link to the page seeks the player, on load and on a change of fragment
        fresh = browser.new_page()
        fresh.goto(base + PAGE + "#t=100", wait_until="load")
        _wait(fresh, "document.getElementById('player').currentTime >= 99.9")
        fresh.evaluate("location.hash = '#t=200.5'")
        _wait(fresh, "document.getElementById('player').currentTime >= 200.4")
        fresh.close()
        page.close()


def test_chapters_track_loads_every_chapter(sample_dist: Path, sample: Any, browser: Any) -> None:
    titles = [c.title for c in sample.episodes[0].config.chapters]
    with serve(sample_dist) as base:
        page = browser.new_page()
        page.goto(base + PAGE, wait_until="load")
        loaded = _wait(
            page,
            """() => {
                const t = [...document.getElementById('player').textTracks]
                    .find(t => t.kind === 'chapters');
                if (t.mode === 'disabled') t.mode = 'hidden';
                // cues arrive while the file is parsed: wait until the last one is in
                return t.cues && t.cues.length >= __N__ && [...t.cues].map(c => c.text);
            }""".replace("__N__", str(len(titles))),
        )
        assert loaded == titles
        page.close()


def test_page_works_without_javascript(sample_dist: Path, sample: Any, browser: Any) -> None:
    """Without scripts the chapter links still lead to the time, in the audio itself."""
    target = sample.episodes[0].config.chapters[2]
    with serve(sample_dist) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + PAGE, wait_until="load")
        # the transcript and the credits are plain HTML
        turns = pages.transcript_turns(sample.episodes[0], "always-alone.mp3")
        assert page.locator(".turn").count() == len(turns)
        assert page.get_by_text("Masaki Ikegami", exact=True).count() == 1
        link = page.get_by_role("link", name=target.title)
        href = link.get_attribute("href")
        assert href == f"always-alone.mp3#t={target.start / 1000:g}"
        with page.expect_response(lambda r: r.url.endswith("always-alone.mp3")) as response:
            link.click()
        assert response.value.ok
        assert page.url == base + PAGE + href
        context.close()
