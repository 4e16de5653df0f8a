"""Host configuration: a real nginx (Debian nginx-light) on 127.0.0.1 serving a folder
published by the folder target with the emitted snippet passes ``publish --verify``;
``_headers`` and ``.htaccess`` carry the same table."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from publish_support import build_release, http, publish_now
from release_util import make_show, run_cli
from webservers import apache, free_port, nginx, nobody_readable_root

from spotlight_feed.publish.headers import kind_of
from spotlight_feed.publish.hostconfig import render_headers_file, render_htaccess
from spotlight_feed.publish.run import read_release
from spotlight_feed.publish.verify import verify_live


@pytest.fixture
def nginx_site(tmp_path: Path, tone_mp3: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    root = make_show(tmp_path / "show", tone_mp3, episodes=2)
    build_release(root, root / "dist", base)
    result = run_cli("host-config", "-C", root, "-o", tmp_path / "host")
    assert result.returncode == 0, result.stderr
    www = tmp_path / "www"
    publish_now(root, str(www))
    with nginx(tmp_path, port, www, f"    include {tmp_path}/host/nginx-spotlight.conf;"):
        yield base, root


def test_nginx_with_the_snippet_passes_verify(nginx_site: tuple[str, Path]) -> None:
    base, root = nginx_site
    findings = verify_live(base + "feed.xml", root / "dist")
    assert [f for f in findings if f.severity == "error"] == [], findings
    assert [f for f in findings if f.kind == "page"] == [], findings  # index.html for folders
    status, headers, _ = http("HEAD", base + "episodes/ep01/chapters.json")
    assert status == 200
    assert headers["Content-Type"] == "application/json+chapters"
    assert headers["Cache-Control"] == "public, max-age=3600"
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = http("HEAD", base + "feed.xml")
    assert headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert http("HEAD", base + ".spotlight/published.json")[1]["Cache-Control"] == "no-store"


def test_nginx_without_the_snippet_fails_verify(
    nginx_site: tuple[str, Path], tmp_path: Path
) -> None:
    """The checks can fail: without the snippet nginx sends no CORS and text/xml."""
    base, root = nginx_site
    (tmp_path / "host" / "nginx-spotlight.conf").write_text("")
    pid = int((tmp_path / "nginx.pid").read_text())
    import os
    import signal

    os.kill(pid, signal.SIGHUP)  # reload the configuration
    time.sleep(1.0)
    errors = [f for f in verify_live(base + "feed.xml", root / "dist") if f.severity == "error"]
    assert any("CORS" in f.message for f in errors)


def test_headers_file_and_htaccess_cover_every_file(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, episodes=2)
    build_release(root, root / "dist", "https://cdn.tiny.example/pod/")
    files = [p for p in read_release(root / "dist").files if p != "manifest.json"]
    text = render_headers_file(files)
    blocks = {b.split("\n", 1)[0]: b for b in text.split("\n/")[1:]}
    for path in files:
        parts = path.split("/")
        key = path if len(parts) != 3 or parts[1] in parts[2] else f"episodes/:slug/{parts[2]}"
        block = blocks[key]
        assert f"Content-Type: {kind_of(path).content_type}" in block
        assert f"Cache-Control: {kind_of(path).cache_control}" in block
        assert ("Access-Control-Allow-Origin: *" in block) == kind_of(path).cors
    htaccess = render_htaccess()
    assert 'ForceType "application/x-subrip; charset=utf-8"' in htaccess
    assert 'Header set Access-Control-Allow-Origin "*"' in htaccess
    assert htaccess.index("chapters\\.json") > htaccess.index('"\\.json$"')  # last one wins


@pytest.fixture
def apache_site(tmp_path: Path, tone_mp3: Path) -> Iterator[tuple[str, Path, Path]]:
    """Apache (Debian apache2-bin) on 127.0.0.1 serving a folder with AllowOverride All."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    root = make_show(tmp_path / "show", tone_mp3, episodes=2)
    build_release(root, root / "dist", base)
    with nobody_readable_root() as www:
        publish_now(root, str(www))
        # the .htaccess in the web root
        assert run_cli("host-config", "-C", root, "-o", www).returncode == 0
        modules = ("mime", "headers", "dir")
        with apache(
            tmp_path, port, www, modules, "TypesConfig /dev/null\nDirectoryIndex index.html"
        ):
            yield base, root, www


def test_apache_with_the_htaccess_passes_verify(apache_site: tuple[str, Path, Path]) -> None:
    base, root, www = apache_site
    findings = verify_live(base + "feed.xml", root / "dist")
    assert [f for f in findings if f.severity == "error"] == [], findings
    assert [f for f in findings if f.kind == "page"] == [], findings  # index.html for folders
    status, headers, _ = http("HEAD", base + "episodes/ep01/chapters.json")
    assert status == 200 and headers["Content-Type"] == "application/json+chapters"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert http("HEAD", base + "feed.xml")[1]["Cache-Control"] == "public, max-age=300"
    # and without it, verify fails (no CORS, no types from an empty TypesConfig)
    (www / ".htaccess").unlink()
    errors = [f for f in verify_live(base + "feed.xml", root / "dist") if f.severity == "error"]
    assert any("CORS" in f.message for f in errors)
    assert any("Content-Type" in f.message for f in errors)
