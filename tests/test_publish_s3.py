"""Publish to a real SeaweedFS S3 gateway and read the release back over HTTP.

Issue #19 "Done when": the sample show published, read back by feedparser and
podcastparser, a byte-range request per enclosure and a CORS preflight per
transcript, ``publish --verify`` clean, and a second publish uploading 0 bytes.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import feedparser
import podcastparser
import pytest
from conftest import copy_sample
from publish_support import (
    BUCKET,
    Seaweed,
    build_release,
    http,
    live_urls,
    publish_env,
    resolves,
    s3_env,
    seaweed,
)
from release_util import run_cli

__all__ = ["s3_env", "seaweed"]

ORIGIN = "https://web-player.example"


@pytest.fixture(scope="module")
def sample_published(
    seaweed: Seaweed, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, object]:
    root = copy_sample(tmp_path_factory.mktemp("pubsample") / "show")
    dist = build_release(root, root / "dist", seaweed.public("sample"))
    first = run_cli("publish", seaweed.target("sample"), "-C", root, **publish_env())
    return {"root": root, "dist": dist, "first": first}


def test_sample_show_is_published_and_reads_back(
    sample_published: dict[str, object], seaweed: Seaweed
) -> None:
    first = sample_published["first"]
    dist = sample_published["dist"]
    assert isinstance(dist, Path)
    assert first.returncode == 0, first.stderr  # type: ignore[union-attr]
    local = json.loads((dist / "manifest.json").read_text())
    files = {f["path"]: f for f in local["files"]}
    assert f"{len(files) + 1} object(s) uploaded" in first.stdout  # type: ignore[union-attr]
    # built with --base-url for the gateway, not podcast.yaml's base_url: publish says so
    assert "podcast.yaml says https://spotlight-feed.example/spotlight/" in first.stderr  # type: ignore[union-attr]
    keys = seaweed.keys("sample")
    assert set(keys) == (set(files) - {"manifest.json"}) | {".spotlight/published.json"}

    feed_url = seaweed.public("sample") + "feed.xml"
    parsed = feedparser.parse(feed_url)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Spotlight"
    with urllib.request.urlopen(feed_url) as resp:
        podcast = podcastparser.parse(feed_url, resp)
    assert len(podcast["episodes"]) == len(parsed.entries) == 1

    for entry in podcast["episodes"]:
        for enclosure in entry["enclosures"]:
            status, headers, body = http("GET", enclosure["url"], {"Range": "bytes=0-1"})
            assert status == 206
            assert headers["Content-Range"] == f"bytes 0-1/{enclosure['file_size']}"
            assert len(body) == 2
            assert headers["Content-Type"] == enclosure["mime_type"] == "audio/mpeg"
    ns = "https://podcastindex.org/namespace/1.0"
    from lxml import etree

    root = etree.fromstring(http("GET", feed_url)[2])
    sidecars = [e.get("url") for e in root.iter(f"{{{ns}}}transcript", f"{{{ns}}}chapters")]
    assert len(sidecars) >= 6
    for url in sidecars:
        status, headers, _ = http(
            "OPTIONS", url, {"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
        )
        assert status == 200, url
        assert headers["Access-Control-Allow-Origin"] in {"*", ORIGIN}
        assert "GET" in headers["Access-Control-Allow-Methods"]
    for url in live_urls(feed_url):
        assert resolves(url), url


def test_objects_carry_the_tools_headers(
    sample_published: dict[str, object], seaweed: Seaweed
) -> None:
    base = seaweed.public("sample")
    expected = {
        "feed.xml": ("application/rss+xml; charset=utf-8", "public, max-age=300"),
        "index.html": ("text/html; charset=utf-8", "public, max-age=300"),
        "episodes/always-alone/always-alone.mp3": ("audio/mpeg", "public, max-age=86400"),
        "episodes/always-alone/transcript.srt": (
            "application/x-subrip; charset=utf-8",
            "public, max-age=3600",
        ),
        "episodes/always-alone/transcript.vtt": ("text/vtt; charset=utf-8", "public, max-age=3600"),
        "episodes/always-alone/chapters.json": (
            "application/json+chapters",
            "public, max-age=3600",
        ),
        "episodes/always-alone/transcript.json": (
            "application/json; charset=utf-8",
            "public, max-age=3600",
        ),
    }
    for rel, (ctype, cache) in expected.items():
        status, headers, _ = http("HEAD", base + rel)
        assert status == 200, rel
        assert headers["Content-Type"] == ctype, rel
        assert headers["Cache-Control"] == cache, rel
    cover = next(k for k in seaweed.keys("sample") if k.startswith("cover-"))
    status, headers, _ = http("HEAD", base + cover)
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    dist = sample_published["dist"]
    assert isinstance(dist, Path)
    local = {
        f["path"]: f["sha256"] for f in json.loads((dist / "manifest.json").read_text())["files"]
    }
    head = seaweed.client().head_object(Bucket=BUCKET, Key="sample/feed.xml")
    assert head["Metadata"]["sha256"] == local["feed.xml"]


def test_verify_is_clean_and_second_publish_uploads_nothing(
    sample_published: dict[str, object], seaweed: Seaweed
) -> None:
    root = sample_published["root"]
    assert isinstance(root, Path)
    checked = run_cli("publish", "--verify", seaweed.public("sample") + "feed.xml", "-C", root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # A plain bucket serves episodes/always-alone/index.html, not the folder URL the item's
    # <link> names: the one warning, with what to do about it.
    assert "0 error(s), 1 warning(s)" in checked.stdout
    page = seaweed.public("sample") + "episodes/always-alone/"
    assert f"warning: page: {page}: the host answers {page}index.html" in checked.stdout
    assert "S3 website endpoint" in checked.stdout
    before = seaweed.keys("sample")
    again = run_cli("publish", seaweed.target("sample"), "-C", root, **publish_env())
    assert again.returncode == 0, again.stderr
    assert "0 object(s) uploaded (0 bytes)" in again.stdout
    assert seaweed.keys("sample") == before  # same ETags: nothing rewritten
    dry = run_cli("publish", seaweed.target("sample"), "-C", root, "--dry-run", **publish_env())
    assert dry.returncode == 0, dry.stderr
    assert "0 to upload (0 B)" in dry.stdout
