"""Publish rules against the real SeaweedFS gateway: what is uploaded, in which order,
what is deleted and when, conditional writes, and the refusals of issue #19."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import edit
from publish_support import (
    BUCKET,
    Seaweed,
    build_release,
    http,
    live_urls,
    publish_env,
    publish_now,
    resolves,
    s3_env,
    seaweed,
)
from release_util import make_show, run_cli

from spotlight_feed.publish import PublishError
from spotlight_feed.publish.order import Wave, wave_of
from spotlight_feed.publish.run import Progress, PublishOptions, publish, read_release
from spotlight_feed.publish.targets import open_target

__all__ = ["s3_env", "seaweed"]


@pytest.fixture
def show(
    tmp_path: Path, tone_mp3: Path, seaweed: Seaweed, request: pytest.FixtureRequest
) -> dict[str, Any]:
    prefix = "rules-" + request.node.name.replace("[", "-").replace("]", "")
    root = make_show(tmp_path / "show", tone_mp3, episodes=3)
    base = seaweed.public(prefix)
    build_release(root, root / "dist", base)
    return {"root": root, "prefix": prefix, "target": seaweed.target(prefix), "base": base}


def _rebuild(show: dict[str, Any], **kw: Any) -> None:
    build_release(show["root"], show["root"] / "dist", show["base"], **kw)


def test_one_episode_change_uploads_only_its_files(
    show: dict[str, Any], s3_env: Any, seaweed: Seaweed
) -> None:
    first = publish_now(show["root"], show["target"])
    assert first.uploaded > 10
    # Episodes are published by date: ep01 (03-02), ep02 (03-03), ep03 (03-04); ep02's
    # neighbours are ep01 and ep03.
    edit(
        show["root"] / "episodes" / "ep02" / "episode.yaml",
        "title: Episode 2",
        "title: Episode Two",
    )
    _rebuild(show)
    report = publish_now(show["root"], show["target"])
    written = set(report.written)
    assert {"feed.xml", "index.html", ".spotlight/published.json"} <= written
    assert any(p.startswith("episodes/ep02/") for p in written)
    allowed = {"feed.xml", "index.html", ".spotlight/published.json"}
    allowed |= {"episodes/ep01/index.html", "episodes/ep03/index.html"}
    allowed |= {"search/index.json"}  # the pages' search index lists every title too
    assert {p for p in written if not p.startswith("episodes/ep02/")} <= allowed, written
    assert report.uploaded_bytes < sum(
        e.size for e in read_release(show["root"] / "dist").files.values()
    )
    nothing = publish_now(show["root"], show["target"])
    assert nothing.uploaded == 0 and nothing.uploaded_bytes == 0 and not nothing.written


class Recorder(Progress):
    def __init__(self, seaweed: Seaweed, prefix: str) -> None:
        self.seen: list[tuple[str, set[str]]] = []
        self.seaweed, self.prefix = seaweed, prefix

    def advance(self, path: str, nbytes: int) -> None:
        self.seen.append((path, set(self.seaweed.keys(self.prefix))))


def test_waves_go_live_in_order_and_deletes_come_last(
    show: dict[str, Any], s3_env: Any, seaweed: Seaweed
) -> None:
    release = read_release(show["root"] / "dist")
    target = open_target(show["target"])
    rec = Recorder(seaweed, show["prefix"])
    publish(release, target, "5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b", progress=rec)
    order = [wave_of(p) if p != ".spotlight/published.json" else Wave.MANIFEST for p, _ in rec.seen]
    assert order == sorted(order)
    feed_at = next(i for i, (p, _) in enumerate(rec.seen) if p == "feed.xml")
    # when the feed went live, everything it names was already there
    present = rec.seen[feed_at][1]
    for url in live_urls(show["base"] + "feed.xml"):
        rel = url[len(show["base"]) :]
        assert (rel + "index.html" if rel.endswith("/") else rel) in present, rel

    # drop ep01: its files are deleted only after the new feed and manifest are live
    import shutil

    shutil.rmtree(show["root"] / "episodes" / "ep01")
    _rebuild(show, allow_removal=True)
    release = read_release(show["root"] / "dist")
    rec = Recorder(seaweed, show["prefix"])
    report = publish(
        release, open_target(show["target"]), "5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b", progress=rec
    )
    assert report.deleted and all(p.startswith("episodes/ep01/") for p in report.deleted)
    first_delete = next(i for i, (p, _) in enumerate(rec.seen) if p in report.deleted)
    written_before = [p for p, _ in rec.seen[:first_delete]]
    assert "feed.xml" in written_before and ".spotlight/published.json" in written_before
    assert not any(k.startswith("episodes/ep01/") for k in seaweed.keys(show["prefix"]))
    remote = json.loads(http("GET", show["base"] + ".spotlight/published.json")[2])
    assert not any(p.startswith("episodes/ep01/") for p in remote["files"])


def test_max_deletes_and_no_delete_keep_objects(
    show: dict[str, Any], s3_env: Any, seaweed: Seaweed
) -> None:
    import shutil

    publish_now(show["root"], show["target"])
    shutil.rmtree(show["root"] / "episodes" / "ep03")
    _rebuild(show, allow_removal=True)
    before = {k for k in seaweed.keys(show["prefix"]) if k.startswith("episodes/ep03/")}
    assert before
    capped = publish_now(show["root"], show["target"], max_deletes=1)
    assert not capped.deleted
    assert any("--max-deletes 1" in n for n in capped.notes)
    assert before <= set(seaweed.keys(show["prefix"]))
    kept = publish_now(show["root"], show["target"], delete=False)
    assert not kept.deleted and kept.uploaded == 0
    assert before <= set(seaweed.keys(show["prefix"]))
    # they stay delete candidates in the remote manifest until really deleted
    done = publish_now(show["root"], show["target"])
    assert set(done.deleted) == before
    assert not before & set(seaweed.keys(show["prefix"]))


def test_foreign_objects_are_never_deleted(
    show: dict[str, Any], s3_env: Any, seaweed: Seaweed
) -> None:
    client = seaweed.client()
    client.put_object(Bucket=BUCKET, Key=f"{show['prefix']}/notes/readme.txt", Body=b"mine")
    first = publish_now(show["root"], show["target"])
    assert any("not published by spotlight-feed" in n and "left alone" in n for n in first.notes)
    import shutil

    shutil.rmtree(show["root"] / "episodes" / "ep02")
    _rebuild(show, allow_removal=True)
    publish_now(show["root"], show["target"])
    assert "notes/readme.txt" in seaweed.keys(show["prefix"])


def test_a_concurrent_feed_write_is_refused(
    show: dict[str, Any], s3_env: Any, seaweed: Seaweed
) -> None:
    publish_now(show["root"], show["target"])
    edit(show["root"] / "episodes" / "ep02" / "episode.yaml", "title: Episode 2", "title: Changed")
    _rebuild(show)
    client = seaweed.client()

    class Racer(Progress):
        def advance(self, path: str, nbytes: int) -> None:
            if path.startswith("episodes/"):  # another machine publishes its feed meanwhile
                client.put_object(Bucket=BUCKET, Key=f"{show['prefix']}/feed.xml", Body=b"<rss/>")

    release = read_release(show["root"] / "dist")
    with pytest.raises(PublishError, match="changed at the target since this publish planned"):
        publish(
            release,
            open_target(show["target"]),
            "5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b",
            progress=Racer(),
        )
    assert http("GET", show["base"] + "feed.xml")[2] == b"<rss/>"


def test_dry_run_changes_nothing(show: dict[str, Any], seaweed: Seaweed) -> None:
    result = run_cli("publish", show["target"], "-C", show["root"], "--dry-run", **publish_env())
    assert result.returncode == 0, result.stderr
    assert "upload   feed.xml" in result.stdout
    assert "episodes/ep01/ep01.mp3" in result.stdout
    assert "to upload" in result.stdout and "0 to delete" in result.stdout
    assert seaweed.keys(show["prefix"]) == {}


# --- bad input: a clear message, non-zero exit, no traceback, nothing deleted ---------------


def _refused(result: Any, *needles: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def test_unknown_scheme(show: dict[str, Any]) -> None:
    _refused(run_cli("publish", "ftp://host/x", "-C", show["root"]), "unknown target scheme 'ftp'")


def test_missing_credentials(show: dict[str, Any], seaweed: Seaweed) -> None:
    env = publish_env(AWS_ACCESS_KEY_ID="", AWS_SECRET_ACCESS_KEY="")
    result = run_cli("publish", show["target"], "-C", show["root"], **env)
    _refused(result, "no S3 credentials", "AWS_ACCESS_KEY_ID")
    assert seaweed.keys(show["prefix"]) == {}


def test_wrong_credentials(show: dict[str, Any], seaweed: Seaweed) -> None:
    env = publish_env(AWS_SECRET_ACCESS_KEY="not-the-secret")
    _refused(
        run_cli("publish", show["target"], "-C", show["root"], **env), "credentials were refused"
    )


def test_missing_bucket(show: dict[str, Any], seaweed: Seaweed) -> None:
    spec = show["target"].replace(f"s3://{BUCKET}/", "s3://no-such-bucket/")
    _refused(
        run_cli("publish", spec, "-C", show["root"], **publish_env()),
        "bucket 'no-such-bucket' does not exist",
    )


def test_network_error(show: dict[str, Any]) -> None:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    spec = f"s3://{BUCKET}/x?endpoint=http://127.0.0.1:{port}&addressing=path"
    _refused(run_cli("publish", spec, "-C", show["root"], **publish_env()), "cannot reach")


def test_objects_at_release_paths_are_not_overwritten(
    show: dict[str, Any], seaweed: Seaweed
) -> None:
    client = seaweed.client()
    client.put_object(Bucket=BUCKET, Key=f"{show['prefix']}/feed.xml", Body=b"someone else's feed")
    result = run_cli("publish", show["target"], "-C", show["root"], **publish_env())
    _refused(result, "did not publish", "feed.xml", "--force")
    assert set(seaweed.keys(show["prefix"])) == {"feed.xml"}
    assert http("GET", show["base"] + "feed.xml")[2] == b"someone else's feed"


def test_hand_edited_remote_manifest(show: dict[str, Any], s3_env: Any, seaweed: Seaweed) -> None:
    import shutil

    publish_now(show["root"], show["target"])
    key = f"{show['prefix']}/.spotlight/published.json"
    client = seaweed.client()
    doc = json.loads(client.get_object(Bucket=BUCKET, Key=key)["Body"].read())
    doc["files"]["episodes/ep01/ep01.mp3"]["size"] += 1
    client.put_object(Bucket=BUCKET, Key=key, Body=json.dumps(doc).encode())
    shutil.rmtree(show["root"] / "episodes" / "ep01")
    _rebuild(show, allow_removal=True)
    before = seaweed.keys(show["prefix"])
    result = run_cli("publish", show["target"], "-C", show["root"], **publish_env())
    _refused(result, "published.json", "edited by hand", "nothing was uploaded or deleted")
    assert seaweed.keys(show["prefix"]) == before


def test_another_shows_prefix_is_refused(
    show: dict[str, Any], s3_env: Any, seaweed: Seaweed
) -> None:
    publish_now(show["root"], show["target"])
    edit(
        show["root"] / "podcast.yaml",
        "podcast_guid: 5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b",
        "podcast_guid: 917393e3-1b1e-5cef-ace4-edaa54e1f810",
    )
    with pytest.raises(PublishError, match="another show"):
        publish_now(show["root"], show["target"])


def test_a_release_for_another_url_is_refused(
    show: dict[str, Any], s3_env: Any, seaweed: Seaweed
) -> None:
    release = read_release(show["root"] / "dist")
    target = open_target(show["target"], {"public_url": "https://cdn.elsewhere.example/pod/"})
    with pytest.raises(PublishError, match="was built for"):
        publish(release, target, "5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b", PublishOptions())
    assert seaweed.keys(show["prefix"]) == {}


def test_every_live_url_resolves_after_an_update(show: dict[str, Any], s3_env: Any) -> None:
    publish_now(show["root"], show["target"])
    for url in live_urls(show["base"] + "feed.xml"):
        assert resolves(url), url


def test_large_files_go_multipart_and_keep_our_sha256(
    seaweed: Seaweed, s3_env: Any, tmp_path: Path
) -> None:
    import hashlib
    import os as _os

    from spotlight_feed.publish.plan import Put
    from spotlight_feed.publish.targets.s3 import MULTIPART

    data = _os.urandom(MULTIPART + 1234)
    (tmp_path / "episodes" / "big").mkdir(parents=True)
    (tmp_path / "episodes" / "big" / "big.mp3").write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    put = Put(
        "episodes/big/big.mp3", len(data), sha, "audio/mpeg", "public, max-age=86400", Wave.MEDIA
    )
    target = open_target(seaweed.target("rules-multipart"))
    target.connect()
    target.upload([put], tmp_path, lambda p: None)
    head = seaweed.client().head_object(Bucket=BUCKET, Key="rules-multipart/episodes/big/big.mp3")
    assert "-" in head["ETag"]  # a multipart ETag: not an MD5, which is why we keep our own hash
    assert head["Metadata"]["sha256"] == sha == target.fingerprint("episodes/big/big.mp3")
    assert head["ContentType"] == "audio/mpeg" and head["ContentLength"] == len(data)
