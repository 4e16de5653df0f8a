"""Drafts, scheduled episodes, ``--as-of``/``SOURCE_DATE_EPOCH``, lastBuildDate (#14),
and prefix analytics that never change an episode's identity."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
from release_util import make_show, run_cli

from spotlight_feed.build import build
from spotlight_feed.lint import check
from spotlight_feed.load.project import load_project
from spotlight_feed.plan.schedule import last_build_date
from spotlight_feed.release import state as cache
from spotlight_feed.write.feed.apps.prefix import prefixed, unprefixed
from spotlight_feed.write.feed.apps.size import size_warnings

# make_show's episodes: ep01 2024-03-02T01:30+01:00, ep02 03T02:30+01:00, ep03 04T03:30+01:00


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _guids(root: Path) -> list[str]:
    return [e.id for e in feedparser.parse((root / "dist" / "feed.xml").read_bytes()).entries]


def test_as_of_holds_back_later_episodes_and_says_so(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 3)
    done = run_cli("build", "-C", root, "--as-of", "2024-03-03T00:00:00Z")
    assert done.returncode == 0, done.stderr
    assert _guids(root) == ["tiny-0001"]
    assert (
        "note: episodes/ep02: published 2024-03-03T02:30:00+01:00 is after "
        "2024-03-03T00:00:00+00:00 (--as-of); held back until then"
    ) in done.stderr
    assert "episodes/ep03: published 2024-03-04T03:30:00+01:00" in done.stderr
    assert not (root / "dist" / "episodes" / "ep02").exists()
    feed = feedparser.parse((root / "dist" / "feed.xml").read_bytes()).feed
    assert feed.updated == "Sat, 02 Mar 2024 01:30:00 +0100"  # ep01's, not a future date
    lock = (root / "spotlight.lock").read_text(encoding="utf-8")
    assert "tiny-0001" in lock and "tiny-0002" not in lock
    later = run_cli("build", "-C", root, "--as-of", "2024-03-05T00:00:00Z")
    assert later.returncode == 0, later.stderr
    assert _guids(root) == ["tiny-0003", "tiny-0002", "tiny-0001"]
    assert "held back" not in later.stderr


def test_source_date_epoch_is_the_moment_too(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    moment = int(datetime(2024, 3, 3, tzinfo=UTC).timestamp())
    done = run_cli("build", "-C", root, SOURCE_DATE_EPOCH=str(moment))
    assert done.returncode == 0, done.stderr
    assert "(SOURCE_DATE_EPOCH); held back until then" in done.stderr
    assert _guids(root) == ["tiny-0001"]
    assert "<lastBuildDate>Sun, 03 Mar 2024 00:00:00 +0000</lastBuildDate>" in (
        root / "dist" / "feed.xml"
    ).read_text(encoding="utf-8")


def test_drafts_are_never_published(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    _edit(root / "episodes" / "ep02" / "episode.yaml", "number: 2\n", "number: 2\ndraft: true\n")
    report = build(root)
    assert report.episodes == 1
    assert "episodes/ep02: draft: true; not published" in report.notes
    assert _guids(root) == ["tiny-0001"]
    index = (root / "dist" / "index.html").read_text(encoding="utf-8")
    assert "Episode 2" not in index
    # publishing it later is a change the fast path sees (the draft's files are inputs)
    _edit(root / "episodes" / "ep02" / "episode.yaml", "draft: true\n", "draft: false\n")
    again = build(root)
    assert not again.up_to_date
    assert _guids(root) == ["tiny-0002", "tiny-0001"]


def test_a_release_held_back_by_the_clock_goes_stale_when_the_episode_is_due(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    _edit(root / "episodes" / "ep02" / "episode.yaml", "2024-03-03T02:30:00", "2099-01-01T00:00:00")
    first = build(root)
    assert any("(the clock); held back until then" in n for n in first.notes)
    quick = build(root)
    assert quick.up_to_date and quick.loaded_from_cache == []  # the stat-only fast path
    state = cache.load_state(root.resolve(), (root / "dist").resolve())
    assert state is not None
    assert state.until == datetime(2099, 1, 1, tzinfo=timezone(timedelta(hours=1))).timestamp()
    state.until = 0.0  # as if 2099 had come
    cache.save_state(root.resolve(), (root / "dist").resolve(), state)
    # the fast path no longer answers: the project is loaded and held back again (the
    # real clock still says 2026, so the release comes out the same)
    again = build(root)
    assert again.loaded_from_cache == ["ep01"]


def test_last_build_date_counts_updated_and_never_lies_in_the_future(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    _edit(
        root / "episodes" / "ep01" / "episode.yaml",
        "number: 1\n",
        "number: 1\nupdated: 2024-04-01T12:00:00Z\n",
    )
    project = load_project(root)
    as_of = datetime(2030, 1, 1, tzinfo=UTC)
    assert last_build_date(project, None, as_of) == datetime(2024, 4, 1, 12, tzinfo=UTC)
    early = datetime(2024, 3, 20, tzinfo=UTC)
    assert last_build_date(project, None, early) == early  # an updated later than the moment
    assert last_build_date(project, 86400, as_of) == datetime(1970, 1, 2, tzinfo=UTC)


def test_bad_as_of_is_a_usage_error(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    done = run_cli("build", "-C", root, "--as-of", "2024-03-03")
    assert done.returncode == 2
    assert "expected a date-time with a zone such as 2024-05-01T09:00:00Z" in done.stderr
    assert "Traceback" not in done.stderr


def test_prefix_analytics_never_change_identity(tmp_path: Path, tone_mp3: Path) -> None:
    plain = make_show(tmp_path / "plain", tone_mp3, 2)
    wrapped = make_show(tmp_path / "wrapped", tone_mp3, 2)
    with (wrapped / "podcast.yaml").open("a", encoding="utf-8") as f:
        f.write("analytics:\n  - prefix: https://op3.dev/e/\n")
    build(plain)
    build(wrapped)
    assert (plain / "spotlight.lock").read_bytes() == (wrapped / "spotlight.lock").read_bytes()
    entries = json.loads((wrapped / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert "op3.dev" not in json.dumps(entries)
    enclosures = [
        e.enclosures[0].href
        for e in feedparser.parse((wrapped / "dist" / "feed.xml").read_bytes()).entries
    ]
    assert enclosures == [
        "https://op3.dev/e/cdn.tiny.example/pod/episodes/ep02/ep02.mp3",
        "https://op3.dev/e/cdn.tiny.example/pod/episodes/ep01/ep01.mp3",
    ]
    # check sees through the prefix to the file in dist/
    findings = check(wrapped)
    assert not [f for f in findings if "enclosure" in f.message], findings
    assert [f for f in findings if f.severity == "error"] == []


def test_prefix_chain_round_trips() -> None:
    from spotlight_feed.config.apps import Analytics

    chain = [
        Analytics(prefix="https://op3.dev/e/"),
        Analytics(prefix="https://dts.podtrac.com/redirect.mp3/"),
    ]
    url = "https://cdn.example/a/ep.mp3"
    wrapped = prefixed(url, chain)
    assert wrapped == "https://dts.podtrac.com/redirect.mp3/op3.dev/e/cdn.example/a/ep.mp3"
    assert unprefixed(wrapped, chain) == url
    keep = [Analytics(prefix="https://pfx.example/x/", keep_scheme=True)]
    assert prefixed(url, keep) == "https://pfx.example/x/https://cdn.example/a/ep.mp3"
    assert prefixed(url, []) == url


def test_hidden_owner_is_explained_by_check(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    _edit(
        root / "podcast.yaml",
        "  email: owner@tiny.example\n",
        "  email: owner@tiny.example\n  public: false\n",
    )
    build(root)
    assert "itunes:owner" not in (root / "dist" / "feed.xml").read_text(encoding="utf-8")
    findings = check(root)
    owner = [f for f in findings if "owner.public is false" in f.message]
    assert len(owner) == 1 and owner[0].severity == "warning"
    assert "Spotify and YouTube send the code" in owner[0].message
    assert [f for f in findings if f.severity == "error"] == []


def test_size_warnings_name_who_breaks(tmp_path: Path) -> None:
    assert size_warnings(999_999) == []
    assert size_warnings(1_200_000) == [
        "1,200,000 bytes: over 1,000,000: FeedBurner refuses it and thane-ai-agent cuts it "
        "(1 MB limits)"
    ]
    assert len(size_warnings(11_000_000)) == 4
    dist = tmp_path / "dist"
    dist.mkdir()
    big = b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title>"
    big += b"<!--" + b"x" * 2_200_000 + b"--></channel></rss>"
    (dist / "feed.xml").write_bytes(big)
    found = [f.message for f in check(tmp_path, dist) if f.where == "dist/feed.xml"]
    assert any("over 2,097,152: goread stops reading at 2 MiB" in m for m in found)


def test_alternates_are_published_cached_and_checked(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    yaml = root / "episodes" / "ep01" / "episode.yaml"
    (root / "media" / "ep01.opus").write_bytes(b"OggS" + b"\0" * 1000)
    with yaml.open("a", encoding="utf-8") as f:
        f.write("alternates:\n  - file: media/ep01.opus\n    type: audio/opus\n")
    build(root)
    alt = root / "dist" / "episodes" / "ep01" / "ep01.alt1.opus"
    assert alt.read_bytes() == b"OggS" + b"\0" * 1000
    assert "ep01.alt1.opus" in (root / "dist" / "feed.xml").read_text(encoding="utf-8")
    assert build(root).up_to_date
    (root / "media" / "ep01.opus").write_bytes(b"OggS" + b"\1" * 2000)  # a new encode
    again = build(root)
    assert again.built == ["ep01"]
    assert 'length="2004"' in (root / "dist" / "feed.xml").read_text(encoding="utf-8")
    (root / "media" / "ep01.opus").unlink()
    done = run_cli("build", "-C", root)
    assert done.returncode == 1
    assert "episodes/ep01/episode.yaml:" in done.stderr
    assert "alternates[0].file: file not found: media/ep01.opus" in done.stderr


def test_feed_only_fields_rewrite_the_feed_not_the_episodes(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    with (root / "podcast.yaml").open("a", encoding="utf-8") as f:
        f.write("analytics:\n  - prefix: https://op3.dev/e/\npaging:\n  page_size: 1\n")
    report = build(root)
    assert report.built == [] and sorted(report.reused) == ["ep01", "ep02"]
    assert (root / "dist" / "feed-page-2.xml").is_file()
    assert "op3.dev/e/" in (root / "dist" / "feed.xml").read_text(encoding="utf-8")


def test_feed_only_names_are_show_fields() -> None:
    from spotlight_feed.config import ShowConfig
    from spotlight_feed.config.apps import FEED_ONLY

    assert set(FEED_ONLY) <= set(ShowConfig.model_fields)


def test_check_warns_about_non_latin_description_chapters(tmp_path: Path, tone_mp3: Path) -> None:
    from spotlight_feed.write.feed.apps.chapters import non_latin_stamps

    assert non_latin_stamps("Intro\n\n(00:00) Café\n(01:00) 引きこもり\n(1:00) x") == [
        "(01:00) 引きこもり"
    ]
    root = make_show(tmp_path / "show", tone_mp3, 1)
    _edit(
        root / "episodes" / "ep01" / "episode.yaml",
        "    title: Main\n",
        "    title: 引きこもり\n  - start: 2\n    title: End\n",
    )
    build(root)
    warned = [f for f in check(root) if "not in Latin script" in f.message]
    assert len(warned) == 1 and warned[0].severity == "warning"
    assert "'(00:01) 引きこもり'" in warned[0].message
