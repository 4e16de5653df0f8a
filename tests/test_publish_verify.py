"""``publish --verify`` finds what bad hosts get wrong (each check can fail).

A plain ``http.server`` (no byte ranges, no CORS preflight, ``.xml`` as
text/xml) serves a copy of a release on 127.0.0.1; then the copy is
spoiled further: a feed that differs from what was published, an MP3 whose
length is not the enclosure's.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from publish_support import build_release
from release_util import make_show, run_cli

from spotlight_feed.publish.verify import verify_live


@pytest.fixture
def plain_host(tmp_path: Path, tone_mp3: Path) -> Iterator[tuple[str, Path, Path]]:
    www = tmp_path / "www"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    root = make_show(tmp_path / "show", tone_mp3, episodes=1)
    build_release(root, root / "dist", base)
    shutil.copytree(root / "dist", www)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, root, www
    server.shutdown()
    server.server_close()


def test_a_plain_server_fails_verify(plain_host: tuple[str, Path, Path]) -> None:
    base, root, _www = plain_host
    findings = verify_live(base + "feed.xml", root / "dist")
    errors = {(f.kind, f.message.split(" ")[0]) for f in findings if f.severity == "error"}
    text = "\n".join(map(str, findings))
    assert "Range: bytes=0-1 got 200, expected 206" in text
    assert "CORS preflight" in text
    assert any(k == "transcript" for k, _ in errors)
    result = run_cli("publish", "--verify", base + "feed.xml", "-C", root)
    assert result.returncode == 1 and "error(s)" in result.stdout


def test_a_changed_feed_and_a_wrong_length_are_errors(plain_host: tuple[str, Path, Path]) -> None:
    base, root, www = plain_host
    feed = www / "feed.xml"
    feed.write_bytes(
        feed.read_bytes().replace(b"<title>Tiny Show</title>", b"<title>Edited</title>", 1)
    )
    mp3 = www / "episodes" / "ep01" / "ep01.mp3"
    mp3.write_bytes(mp3.read_bytes() + b"\0" * 10)
    text = "\n".join(map(str, verify_live(base + "feed.xml", root / "dist")))
    assert "the live feed is not what was published" in text
    assert "but the enclosure length is" in text


def test_nothing_there(tmp_path: Path) -> None:
    findings = verify_live("http://127.0.0.1:9/feed.xml")
    assert findings and findings[0].severity == "error" and "no response" in findings[0].message


def test_redirect_chains_to_media_are_counted(tmp_path: Path, tone_mp3: Path) -> None:
    www = tmp_path / "www"

    class Redirecting(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a: object, **k: object) -> None:
            super().__init__(*a, directory=str(www), **k)  # type: ignore[arg-type]

        def log_message(self, *a: object) -> None:
            pass

        def send_head(self):  # type: ignore[no-untyped-def]
            hops = {
                "/episodes/ep01/ep01.mp3": "/hop1",
                "/hop1": "/hop2",
                "/hop2": "/episodes/ep01/real.mp3",
            }
            if self.path in hops:
                self.send_response(302)
                self.send_header("Location", hops[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return super().send_head()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    root = make_show(tmp_path / "show", tone_mp3, episodes=1)
    build_release(root, root / "dist", base)
    shutil.copytree(root / "dist", www)
    (www / "episodes/ep01/ep01.mp3").rename(www / "episodes/ep01/real.mp3")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        findings = verify_live(base + "feed.xml", root / "dist")
    finally:
        server.shutdown()
        server.server_close()
    assert any(
        f.kind == "enclosure"
        and f.message.startswith("3 redirects before the media")
        and f.message.endswith(f"{base}episodes/ep01/real.mp3)")
        for f in findings
    ), findings


def test_a_long_cached_feed_is_a_warning(tmp_path: Path, tone_mp3: Path) -> None:
    from spotlight_feed.publish.serve import PreviewHandler

    www = tmp_path / "www"

    class LongCache(PreviewHandler):
        root = www

        def send_header(self, keyword: str, value: str) -> None:
            if keyword == "Cache-Control" and self.path.endswith(".xml"):
                value = "public, max-age=86400"
            super().send_header(keyword, value)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), LongCache)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    root = make_show(tmp_path / "show", tone_mp3, episodes=1)
    build_release(root, root / "dist", base)
    shutil.copytree(root / "dist", www)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        findings = verify_live(base + "feed.xml", root / "dist")
    finally:
        server.shutdown()
        server.server_close()
    assert [f.severity for f in findings if "stale feed" in f.message] == ["warning"]
    assert not [f for f in findings if f.severity == "error"], findings


def test_a_missing_episode_page_is_an_error(plain_host: tuple[str, Path, Path]) -> None:
    """The item's <link> names a page of the release: served (http.server maps the folder
    to index.html), then gone with its folder (http.server would list a folder)."""
    base, root, www = plain_host
    page = base + "episodes/ep01/"
    served = [f for f in verify_live(base + "feed.xml", root / "dist") if f.kind == "page"]
    assert [(f.severity, f.message) for f in served] == [("warning", "no Cache-Control header")]
    shutil.rmtree(www / "episodes" / "ep01")
    pages = [f for f in verify_live(base + "feed.xml", root / "dist") if f.kind == "page"]
    assert [(f.severity, f.url) for f in pages] == [("error", page)]
    assert "expected 200 text/html" in pages[0].message
