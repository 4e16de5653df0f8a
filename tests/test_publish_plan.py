"""The planner and the remote manifest as pure functions (no target involved)."""

from __future__ import annotations

import json

import pytest

from spotlight_feed.publish import PublishError
from spotlight_feed.publish.headers import kind_of, same_type
from spotlight_feed.publish.order import Wave, wave_of
from spotlight_feed.publish.plan import plan
from spotlight_feed.publish.remote import PATH, Published, RemoteManifest, parse, render
from spotlight_feed.release.manifest import FileEntry

GUID, BASE = "5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b", "https://cdn.example/pod/"


def local(*pairs: tuple[str, str]) -> dict[str, FileEntry]:
    return {p: FileEntry(p, len(sha) * 10, sha) for p, sha in pairs}


def published(files: dict[str, FileEntry]) -> RemoteManifest:
    return RemoteManifest(
        GUID,
        BASE,
        {
            p: Published(e.size, e.sha256, kind_of(p).content_type, kind_of(p).cache_control)
            for p, e in files.items()
        },
    )


def test_first_publish_uploads_everything_in_wave_order() -> None:
    files = local(
        ("feed.xml", "f1"),
        ("index.html", "i1"),
        ("episodes/a/a.mp3", "m1"),
        ("episodes/a/index.html", "p1"),
        ("episodes/a/transcript.vtt", "t1"),
        ("cover-abc.jpg", "c1"),
        ("manifest.json", "x"),
    )
    p = plan(files, None, [], podcast_guid=GUID, base_url=BASE)
    assert [put.path for _, puts in p.waves() for put in puts] == [
        "cover-abc.jpg",
        "episodes/a/a.mp3",
        "episodes/a/transcript.vtt",
        "episodes/a/index.html",
        "index.html",
        "feed.xml",
    ]
    assert "manifest.json" not in p.manifest.files and p.manifest_changed
    assert wave_of(PATH) == Wave.MANIFEST


def test_unchanged_relabel_delete_keep() -> None:
    old = local(
        ("feed.xml", "f1"),
        ("episodes/a/a.mp3", "m1"),
        ("episodes/b/b.mp3", "m2"),
        ("episodes/c/c.mp3", "m3"),
        ("style.css", "s1"),
    )
    remote = published(old)
    remote.files["style.css"] = Published(20, "s1", "text/css", "max-age=1")  # old headers
    new = local(("feed.xml", "f2"), ("episodes/a/a.mp3", "m1"), ("style.css", "s1"))
    p = plan(
        new, remote, [*old, PATH], podcast_guid=GUID, base_url=BASE, referenced={"episodes/c/c.mp3"}
    )
    assert [u.path for u in p.uploads] == ["feed.xml"]
    assert [r.path for r in p.relabels] == ["style.css"]
    assert p.unchanged == ["episodes/a/a.mp3"]
    assert p.deletes == ["episodes/b/b.mp3"]
    assert p.kept == ["episodes/c/c.mp3"]  # a feed still links it
    assert set(p.manifest.files) == {*new, "episodes/b/b.mp3", "episodes/c/c.mp3"}
    after = p.after_deletes(p.deletes)
    assert after is not None and "episodes/b/b.mp3" not in after.files
    assert not p.foreign and not p.collisions


def test_nothing_changed_writes_nothing() -> None:
    files = local(("feed.xml", "f1"), ("episodes/a/a.mp3", "m1"))
    p = plan(files, published(files), [*files, PATH], podcast_guid=GUID, base_url=BASE)
    assert not p.uploads and not p.relabels and not p.deletes and not p.manifest_changed


def test_foreign_objects_and_collisions() -> None:
    files = local(("feed.xml", "f1"), ("episodes/a/a.mp3", "m1"))
    p = plan(files, None, ["feed.xml", "notes/mine.txt"], podcast_guid=GUID, base_url=BASE)
    assert p.collisions == ["feed.xml"] and p.foreign == ["notes/mine.txt"]
    # an object carrying our SHA-256 (left by a killed publish) is adopted, not re-sent
    adopted = {
        "feed.xml": Published(
            20, "f1", kind_of("feed.xml").content_type, kind_of("feed.xml").cache_control
        )
    }
    p = plan(files, None, ["feed.xml"], podcast_guid=GUID, base_url=BASE, adopted=adopted)
    assert not p.collisions and p.unchanged == ["feed.xml"]
    assert [u.path for u in p.uploads] == ["episodes/a/a.mp3"]


def test_remote_manifest_round_trip_and_hand_edits() -> None:
    m = published(local(("feed.xml", "f1"), ("episodes/a/a.mp3", "m1")))
    data = render(m)
    assert parse(data, "x") == m
    assert render(parse(data, "x")) == data
    doc = json.loads(data)
    doc["files"]["feed.xml"]["sha256"] = "0" * 64
    with pytest.raises(PublishError, match="edited by hand"):
        parse(json.dumps(doc).encode(), "s3://b/.spotlight/published.json")
    with pytest.raises(PublishError, match="not valid JSON"):
        parse(b"{", "x")
    with pytest.raises(PublishError, match="not a spotlight-feed remote manifest"):
        parse(b'{"generator": "hugo"}', "x")
    del doc["checksum"]
    with pytest.raises(PublishError, match="missing or malformed"):
        parse(json.dumps(doc).encode(), "x")


def test_types_follow_the_feed() -> None:
    assert kind_of("episodes/a/transcript.srt").content_type.startswith("application/x-subrip")
    assert same_type("application/x-subrip; charset=utf-8", "application/srt")
    assert not same_type("text/plain", "application/x-subrip")
    assert kind_of("episodes/a/chapters.json").content_type == "application/json+chapters"
    assert kind_of("episodes/a/transcript.json").content_type.startswith("application/json;")
    assert kind_of("cover-0123456789.jpg").cache_control.endswith("immutable")
    assert kind_of("unknown.bin").content_type == "application/octet-stream"
    assert kind_of("moved.tsv").content_type.startswith("text/tab-separated-values")


def test_every_alternate_the_build_encodes_is_served_as_the_feed_types_it() -> None:
    """audio/alternate.py names the type podcast:alternateEnclosure declares; publish must
    store the file under that type (not application/octet-stream), in the media wave."""
    from spotlight_feed.audio.alternate import KINDS
    from spotlight_feed.publish.order import Wave, wave_of

    for kind in KINDS.values():
        path = f"episodes/a/a.alt1{kind.suffix}"
        assert same_type(kind_of(path).content_type, kind.mime), kind
        assert kind_of(path).cache_control == kind_of("episodes/a/a.mp3").cache_control
        assert wave_of(path) == Wave.MEDIA


def test_keep_removed_waits_then_deletes() -> None:
    old = local(("feed.xml", "f1"), ("episodes/a/a.mp3", "m1"), ("episodes/b/b.mp3", "m2"))
    new = local(("feed.xml", "f2"), ("episodes/a/a.mp3", "m1"))
    day = 86400
    first = plan(
        new, published(old), None, podcast_guid=GUID, base_url=BASE, now=1000, keep_removed=7 * day
    )
    assert first.waiting == ["episodes/b/b.mp3"] and not first.deletes
    assert first.manifest.files["episodes/b/b.mp3"].removed_at == 1000
    # the stamp survives the manifest's round trip, and its checksum covers it
    again = parse(render(first.manifest), "x")
    assert again.files["episodes/b/b.mp3"].removed_at == 1000
    later = plan(
        new, again, None, podcast_guid=GUID, base_url=BASE, now=1000 + 6 * day, keep_removed=7 * day
    )
    assert later.waiting == ["episodes/b/b.mp3"]
    assert not later.manifest_changed and not later.uploads
    due = plan(
        new, again, None, podcast_guid=GUID, base_url=BASE, now=1000 + 7 * day, keep_removed=7 * day
    )
    assert due.deletes == ["episodes/b/b.mp3"] and not due.waiting
    # a file that comes back loses its stamp and is not re-sent
    back = plan(old, again, None, podcast_guid=GUID, base_url=BASE, now=2000, keep_removed=7 * day)
    assert "episodes/b/b.mp3" in back.unchanged
    assert back.manifest.files["episodes/b/b.mp3"].removed_at is None


def test_the_progress_bar_counts_bytes() -> None:
    import io

    from rich.console import Console

    from spotlight_feed.publish.command import RichBytes, plan_lines

    out = io.StringIO()
    bar = RichBytes(Console(file=out, force_terminal=True, width=100))
    bar.start(3, 3 * 1024 * 1024)
    for i in range(3):
        bar.advance(f"f{i}", 1024 * 1024)
    assert bar._bar.tasks[0].completed == 3 * 1024 * 1024
    bar.finish()
    assert "publishing 3 object(s)" in out.getvalue()
    files = local(("feed.xml", "f1"), ("episodes/a/a.mp3", "m" * 300))
    lines = plan_lines(plan(files, None, [], podcast_guid=GUID, base_url=BASE), "s3://b/p/")
    assert lines[0] == "plan for s3://b/p/:"
    assert "  upload   episodes/a/a.mp3  2.9 KiB  (wave 1)" in lines
    assert lines[-1].startswith("2 to upload (")
