"""Notifications after publishing, against a recording HTTP server on 127.0.0.1:
WebSub, Podcast Index pubnotify and Podping, each off unless configured."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import edit
from publish_support import build_release
from release_util import make_show, run_cli

BASE = "https://cdn.tiny.example/pod/"
FEED = BASE + "feed.xml"


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _record(self, body: bytes = b"") -> None:
            seen.append(
                {
                    "method": self.command,
                    "path": urlsplit(self.path).path,
                    "query": parse_qs(urlsplit(self.path).query),
                    "headers": dict(self.headers),
                    "body": parse_qs(body.decode()),
                }
            )
            status = 404 if self.path.startswith("/broken") else 202
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            self._record()

        def do_POST(self) -> None:
            self._record(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def _show(tmp_path: Path, mp3: Path, notify: str) -> Path:
    root = make_show(tmp_path / "show", mp3, episodes=1)
    with (root / "podcast.yaml").open("a", encoding="utf-8") as f:
        f.write("publish:\n  notify:\n" + notify)
    build_release(root, root / "dist", BASE)
    return root


def test_pings_go_out_after_a_changing_publish_only(
    tmp_path: Path, tone_mp3: Path, recorder: tuple[str, list[dict[str, Any]]]
) -> None:
    url, seen = recorder
    root = _show(
        tmp_path,
        tone_mp3,
        f"    websub: ['{url}/hub']\n"
        f"    podcast_index: true\n    podcast_index_url: '{url}/api/1.0/hub/pubnotify'\n"
        f"    podping: true\n    podping_url: '{url}/podping/'\n",
    )
    feed = (root / "dist" / "feed.xml").read_text()
    assert f'<atom:link href="{url}/hub" rel="hub"/>' in feed
    assert '<podcast:podping usesPodping="true"/>' in feed
    www = tmp_path / "www"
    result = run_cli("publish", str(www), "-C", root, PODPING_TOKEN="secret-token")
    assert result.returncode == 0, result.stderr
    by_path = {r["path"]: r for r in seen}
    assert by_path["/hub"]["method"] == "POST"
    assert by_path["/hub"]["body"] == {"hub.mode": ["publish"], "hub.url": [FEED]}
    assert by_path["/api/1.0/hub/pubnotify"]["query"] == {"url": [FEED]}
    assert by_path["/podping/"]["query"] == {"url": [FEED]}
    assert by_path["/podping/"]["headers"]["Authorization"] == "secret-token"
    assert result.stderr.count("notified") == 3
    seen.clear()
    again = run_cli("publish", str(www), "-C", root, PODPING_TOKEN="secret-token")
    assert again.returncode == 0 and seen == []  # nothing changed: no stampede


def test_no_notify_section_means_no_pings_and_no_tags(
    tmp_path: Path, tone_mp3: Path, recorder: tuple[str, list[dict[str, Any]]]
) -> None:
    _url, seen = recorder
    root = make_show(tmp_path / "show", tone_mp3, episodes=1)
    build_release(root, root / "dist", BASE)
    feed = (root / "dist" / "feed.xml").read_text()
    assert 'rel="hub"' not in feed and "podcast:podping" not in feed
    assert run_cli("publish", str(tmp_path / "www"), "-C", root).returncode == 0
    assert seen == []


def test_failed_pings_are_warnings(
    tmp_path: Path, tone_mp3: Path, recorder: tuple[str, list[dict[str, Any]]]
) -> None:
    url, _seen = recorder
    root = _show(tmp_path, tone_mp3, f"    websub: ['{url}/broken']\n    podping: true\n")
    result = run_cli("publish", str(tmp_path / "www"), "-C", root, PODPING_TOKEN="")
    assert result.returncode == 0, result.stderr
    assert f"warning: WebSub hub {url}/broken: {url}/broken answered 404" in result.stderr
    assert "warning: Podping: set PODPING_TOKEN" in result.stderr
    edit(root / "podcast.yaml", "podping: true", "podping: maybe")
    bad = run_cli("publish", str(tmp_path / "www"), "-C", root)
    assert bad.returncode != 0 and "podping" in bad.stderr and "Traceback" not in bad.stderr
