"""``spotlight-feed publish --verify [URL]``: the online half of ``check``.

Fetches the live feed and every file it links and reports, per kind
(issue #19, "publish --verify"; docs/sources.md §8.3, §8.4):

- feed: parses, is byte for byte what was published (SHA-256 of
  ``dist/manifest.json``, else of the remote manifest), an RSS/XML type,
  Cache-Control, a conditional GET answered 304, CORS for web players;
- enclosures: HEAD 200, ``Range: bytes=0-1`` answered 206 with the
  ``Content-Range`` total equal to the enclosure ``length`` (Apple asks for
  byte ranges: https://podcasters.apple.com/support/823), ``Content-Length``
  equal to ``length``, Content-Type equal to the feed's ``type``, at most one
  redirect, no white space in the URL;
- transcripts and chapters: 200, the feed's type, and a real CORS preflight
  (podcast-namespace#430);
- art: HEAD 200 with an image type;
- pages (the channel's and items' ``<link>`` inside the release): GET 200 as
  ``text/html``. A folder URL (``episodes/a/``) that the host answers only as
  ``episodes/a/index.html`` is a warning: plain S3 and R2 buckets do not map a
  folder to its index document (only the S3 *website* endpoint does,
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/IndexDocumentSupport.html),
  so the episode links apps show lead nowhere.

Errors make the exit code 1; warnings (missing cache headers, extra hops) do not.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..release import manifest
from . import PublishError
from .feedrefs import FeedRefs, Link, read_feed, release_path
from .headers import same_type
from .http import HttpError, Response, request
from .remote import PATH as REMOTE_PATH

ORIGIN = "https://player.example"
"""The origin the CORS checks pretend to be (any foreign origin will do)."""
FEED_TYPES = {"application/rss+xml", "application/xml", "text/xml"}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem with the live release."""

    severity: str
    kind: str
    url: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.kind}: {self.url}: {self.message}"


def verify_live(feed_url: str, dist: Path | None = None, jobs: int = 8) -> list[Finding]:
    """Every finding for the release whose feed is at *feed_url* (empty: all good)."""
    out: list[Finding] = []
    try:
        feed = request("GET", feed_url)
    except HttpError as exc:
        return [Finding("error", "feed", feed_url, f"no response: {exc}")]
    if feed.status != 200:
        return [Finding("error", "feed", feed_url, f"HTTP {feed.status}, expected 200")]
    try:
        refs = read_feed(feed.body, feed_url)
    except PublishError as exc:
        return [Finding("error", "feed", feed_url, str(exc))]
    out += _check_feed(feed_url, feed, refs, dist)
    links = [
        *refs.of_kind("enclosure"),
        *refs.of_kind("transcript"),
        *refs.of_kind("chapters"),
        *refs.of_kind("image"),
        *_release_pages(refs, feed_url),
    ]
    with ThreadPoolExecutor(jobs) as pool:
        for found in pool.map(_check_link, links, [refs] * len(links)):
            out += found
    return sorted(out)


def _published_sha(feed_url: str, dist: Path | None, refs: FeedRefs) -> tuple[str, str] | None:
    base = feed_url.rsplit("/", 1)[0] + "/"
    rel = release_path(feed_url, base) or "feed.xml"
    if dist is not None:
        entries = manifest.read(dist)
        if entries and rel in entries:
            return entries[rel].sha256, str(dist / manifest.MANIFEST)
    try:
        resp = request("GET", base + REMOTE_PATH)
        if resp.status == 200:
            doc = json.loads(resp.body)
            return str(doc["files"][rel]["sha256"]), base + REMOTE_PATH
    except (HttpError, ValueError, KeyError, TypeError):
        pass
    return None


def _check_feed(url: str, resp: Response, refs: FeedRefs, dist: Path | None) -> list[Finding]:
    out: list[Finding] = []

    def err(message: str, severity: str = "error") -> None:
        out.append(Finding(severity, "feed", url, message))

    if resp.hops:
        err(f"{len(resp.hops)} redirect(s), final URL {resp.url}", "warning")
    published = _published_sha(url, dist, refs)
    digest = hashlib.sha256(resp.body).hexdigest()
    if published is None:
        err("no manifest to compare with; cannot tell whether it is what was published", "warning")
    elif published[0] != digest:
        err(f"the live feed is not what was published (SHA-256 differs from {published[1]})")
    ctype = resp.header("Content-Type").split(";")[0].strip().lower()
    if ctype not in FEED_TYPES:
        err(f"Content-Type {ctype or '(none)'}, expected application/rss+xml")
    out += _cache(resp, "feed", url)
    age = _max_age(resp.header("Cache-Control"))
    if age is not None and age > 3600:
        err(
            f"Cache-Control max-age={age}: caches and CDNs may serve a stale feed for that long",
            "warning",
        )
    etag = resp.header("ETag")
    if etag:
        again = request("GET", url, {"If-None-Match": etag}, read=0)
        if again.status != 304:
            err(f"a conditional GET (If-None-Match) got {again.status}, expected 304", "warning")
    else:
        err(
            "no ETag: apps cannot make a conditional GET and download the feed every time",
            "warning",
        )
    out += _cors(url, "feed")
    if refs.self_url and refs.self_url != url:
        err(f"atom:link rel=self is {refs.self_url}", "warning")
    return out


def _cache(resp: Response, kind: str, url: str) -> list[Finding]:
    if resp.header("Cache-Control"):
        return []
    return [Finding("warning", kind, url, "no Cache-Control header")]


def _max_age(cache_control: str) -> int | None:
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        if name.lower() in {"max-age", "s-maxage"} and value.strip().isdigit():
            return int(value)
    return None


def _cors(url: str, kind: str, severity: str = "error") -> list[Finding]:
    try:
        pre = request(
            "OPTIONS",
            url,
            {"Origin": ORIGIN, "Access-Control-Request-Method": "GET"},
            follow=False,
        )
        got = request("GET", url, {"Origin": ORIGIN}, read=0)
    except HttpError as exc:
        return [Finding(severity, kind, url, f"CORS check failed: {exc}")]
    out = []
    allowed = pre.header("Access-Control-Allow-Origin")
    if pre.status not in {200, 204} or allowed not in {"*", ORIGIN}:
        out.append(
            Finding(
                severity,
                kind,
                url,
                f"CORS preflight from {ORIGIN} got {pre.status} without "
                "Access-Control-Allow-Origin; web players cannot fetch it",
            )
        )
    elif "GET" not in pre.header("Access-Control-Allow-Methods").upper():
        out.append(Finding(severity, kind, url, "CORS preflight does not allow GET"))
    if got.header("Access-Control-Allow-Origin") not in {"*", ORIGIN}:
        out.append(
            Finding(severity, kind, url, "GET with Origin has no Access-Control-Allow-Origin")
        )
    return out


def _check_link(link: Link, refs: FeedRefs) -> list[Finding]:
    try:
        if link.kind == "enclosure":
            return _check_enclosure(link)
        if link.kind in {"transcript", "chapters"}:
            return _check_sidecar(link, refs)
        if link.kind == "page":
            return _check_page(link)
        return _check_image(link)
    except HttpError as exc:
        return [Finding("error", link.kind, link.url, f"no response: {exc}")]


def _check_enclosure(link: Link) -> list[Finding]:
    url = link.url
    out: list[Finding] = []

    def err(message: str, severity: str = "error") -> None:
        out.append(Finding(severity, "enclosure", url, message))

    if any(c.isspace() for c in url):
        err("white space in the URL (apps fail to fetch it)")
    head = request("HEAD", url)
    if len(head.hops) > 1:
        err(f"{len(head.hops)} redirects before the media (final URL {head.url})", "warning")
    if head.status != 200:
        err(f"HEAD got {head.status}, expected 200")
        return out
    length = head.header("Content-Length")
    if link.length is not None and length != str(link.length):
        err(f"Content-Length {length or '(none)'} but the enclosure length is {link.length}")
    if not same_type(head.header("Content-Type"), link.type):
        err(f"Content-Type {head.header('Content-Type') or '(none)'}, the feed says {link.type}")
    out += _cache(head, "enclosure", url)
    rng = request("GET", url, {"Range": "bytes=0-1"})
    expected = f"bytes 0-1/{link.length}" if link.length is not None else None
    if rng.status != 206:
        err(f"Range: bytes=0-1 got {rng.status}, expected 206 (seeking fails; Apple requires it)")
    elif expected and rng.header("Content-Range") != expected:
        err(f"Content-Range {rng.header('Content-Range') or '(none)'}, expected {expected}")
    elif len(rng.body) != 2:
        err(f"Range: bytes=0-1 returned {len(rng.body)} bytes")
    if "bytes" not in head.header("Accept-Ranges"):
        err("no Accept-Ranges: bytes on HEAD", "warning")
    return out


def _check_sidecar(link: Link, refs: FeedRefs) -> list[Finding]:
    url = link.url
    out: list[Finding] = []
    resp = request("GET", url)
    if resp.status != 200:
        return [Finding("error", link.kind, url, f"GET got {resp.status}, expected 200")]
    declared = {x.type for x in refs.links if x.url == url}
    served = resp.header("Content-Type")
    if not any(same_type(served, t) for t in declared):
        out.append(
            Finding(
                "error",
                link.kind,
                url,
                f"Content-Type {served or '(none)'}, the feed says {' or '.join(sorted(declared))}",
            )
        )
    out += _cache(resp, link.kind, url)
    out += _cors(url, link.kind)
    return out


def _check_image(link: Link) -> list[Finding]:
    head = request("HEAD", link.url)
    if head.status != 200:
        return [Finding("error", "image", link.url, f"HEAD got {head.status}, expected 200")]
    if not head.header("Content-Type").startswith("image/"):
        return [Finding("error", "image", link.url, f"Content-Type {head.header('Content-Type')}")]
    return _cache(head, "image", link.url)


def _release_pages(refs: FeedRefs, feed_url: str) -> list[Link]:
    """The page links that lie inside the release (not the show's own website)."""
    base = feed_url.rsplit("/", 1)[0] + "/"
    return [link for link in refs.of_kind("page") if link.url.startswith(base)]


def _check_page(link: Link) -> list[Finding]:
    url = link.url
    resp = request("GET", url, read=0)
    if resp.status == 200 and resp.header("Content-Type").startswith("text/html"):
        return _cache(resp, "page", url)
    if url.endswith("/"):
        index = request("HEAD", url + "index.html")
        if index.status == 200:
            return [
                Finding(
                    "warning",
                    "page",
                    url,
                    f"the host answers {url}index.html but not the folder URL the feed "
                    f"links (GET got {resp.status} {resp.header('Content-Type') or ''}); "
                    "plain S3/R2 buckets do not serve index documents: publish behind the "
                    "S3 website endpoint, a CDN rule that adds index.html, or a web server",
                )
            ]
    ctype = resp.header("Content-Type") or "(none)"
    return [Finding("error", "page", url, f"GET got {resp.status} {ctype}, expected 200 text/html")]
