"""``spotlight-feed serve``: the preview answers like a good host, rebuilds on change,
and in Chromium the page's chapter links seek and its captions load."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import copy_sample, edit
from publish_support import http

from spotlight_feed.publish.serve import Preview, _byte_range
from spotlight_feed.publish.verify import verify_live


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    root = copy_sample(tmp_path_factory.mktemp("serve") / "show")
    p = Preview(root, interval=0.3)
    p.start()
    yield p
    p.stop()


def test_byte_ranges() -> None:
    assert _byte_range("bytes=0-1", 10) == (0, 1)
    assert _byte_range("bytes=5-", 10) == (5, 9)
    assert _byte_range("bytes=-3", 10) == (7, 9)
    assert _byte_range("bytes=8-100", 10) == (8, 9)
    assert _byte_range("bytes=10-", 10) is None
    assert _byte_range("bytes=4-2", 10) is None
    assert _byte_range("items=0-1", 10) is None


def test_preview_serves_like_a_good_host(preview: Preview) -> None:
    assert not (preview.project / "dist").exists()  # never touches dist/
    mp3 = preview.url + "episodes/always-alone/always-alone.mp3"
    size = (preview.out / "episodes/always-alone/always-alone.mp3").stat().st_size
    status, headers, body = http("GET", mp3, {"Range": "bytes=0-1"})
    assert (status, headers["Content-Range"], len(body)) == (206, f"bytes 0-1/{size}", 2)
    status, headers, body = http("GET", mp3, {"Range": f"bytes={size}-"})
    assert status == 416 and headers["Content-Range"] == f"bytes */{size}"
    status, headers, body = http("HEAD", mp3)
    assert status == 200 and headers["Content-Length"] == str(size) and body == b""
    assert headers["Content-Type"] == "audio/mpeg"
    status, headers, _ = http("GET", preview.url + "episodes/always-alone/transcript.srt")
    assert headers["Content-Type"] == "application/x-subrip; charset=utf-8"
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = http("GET", preview.url + "episodes/always-alone")
    assert status == 200  # followed the redirect to the folder's index.html
    assert http("GET", preview.url + "../etc/passwd")[0] == 404
    # the online checks of publish --verify pass against the preview
    findings = [
        f for f in verify_live(preview.url + "feed.xml", preview.out) if f.severity == "error"
    ]
    assert findings == []


def test_preview_rebuilds_on_change(preview: Preview) -> None:
    builds = preview.builds
    edit(preview.project / "podcast.yaml", "title: Spotlight\n", "title: Spotlight Preview\n")
    deadline = time.monotonic() + 60
    while (
        time.monotonic() < deadline
        and b"Spotlight Preview" not in http("GET", preview.url + "feed.xml")[2]
    ):
        time.sleep(0.3)
    assert b"<title>Spotlight Preview</title>" in http("GET", preview.url + "feed.xml")[2]
    assert preview.builds > builds


@pytest.mark.browser
def test_chapter_links_seek_and_captions_load_in_chromium(preview: Preview) -> None:
    from pagekit import chromium

    page_url = preview.url + "episodes/always-alone/"
    with chromium() as browser:
        page = browser.new_page()
        failed: list[str] = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        page.goto(page_url, wait_until="load")
        page.wait_for_function("document.getElementById('player').readyState >= 1", timeout=15000)
        page.evaluate("document.getElementById('player').muted = true")
        links = page.locator(".chapter-list a")
        assert links.count() >= 3
        title = links.nth(2).inner_text().strip()
        target: Any = page.evaluate(
            "() => parseFloat(document.querySelectorAll('.chapter-list a')[2].hash.slice(3))"
        )
        links.nth(2).click()
        at = page.wait_for_function(
            f"() => {{ const p = document.getElementById('player');"
            f" return p.currentTime >= {target} && p.currentTime; }}",
            timeout=15000,
        ).json_value()
        assert at >= target and title
        cues = page.wait_for_function(
            "() => { const t = [...document.getElementById('player').textTracks]"
            ".find(t => t.kind === 'captions'); return t && t.cues && t.cues.length; }",
            timeout=15000,
        ).json_value()
        assert cues > 10
        assert failed == []
        page.close()


@pytest.mark.browser
def test_a_page_opened_from_a_file_says_how_to_preview(preview: Preview) -> None:
    from pagekit import chromium

    page_file = preview.out / "episodes" / "always-alone" / "index.html"
    with chromium() as browser:
        page = browser.new_page()
        page.goto(page_file.as_uri(), wait_until="load")
        note = page.locator("#preview-note")
        assert note.is_visible()
        assert "spotlight-feed serve" in note.inner_text()
        page.goto(preview.url + "episodes/always-alone/", wait_until="load")
        assert not page.locator("#preview-note").is_visible()
        page.close()
