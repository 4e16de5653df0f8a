"""Incremental builds: no-op rebuilds write nothing, one change redoes one episode."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from release_util import add_episode, make_show, run_cli, stat_snapshot, tree_digest

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.release import keys
from spotlight_feed.release import state as cache


def test_noop_rebuild_writes_nothing_anywhere(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 4)
    build(root)
    before = stat_snapshot(tmp_path)
    report = build(root)
    assert report.up_to_date
    assert report.episodes == 4
    assert stat_snapshot(tmp_path) == before  # not one file or folder touched


def test_noop_rebuild_does_not_read_the_yaml(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    # the fast path decides from stat() alone: make the YAML unreadable, keep its stat
    meta = root / "episodes" / "ep01" / "episode.yaml"
    st = meta.stat()
    data = meta.read_bytes()
    meta.write_bytes(b"x" * len(data))
    os.utime(meta, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert build(root).up_to_date
    # ...and --force does read it
    result = run_cli("build", "--force", "-C", root)
    assert result.returncode == 1
    assert "episodes/ep01/episode.yaml:1: expected a mapping of fields, got str" in result.stderr


def test_one_changed_episode_is_the_only_one_redone(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 5)
    build(root)
    inode = {p: p.stat().st_ino for p in (root / "dist").rglob("*.mp3")}
    meta = root / "episodes" / "ep03" / "episode.yaml"
    meta.write_text(meta.read_text().replace("title: Episode 3", "title: Third"))
    report = build(root)
    assert report.built == ["ep03"]
    assert sorted(report.reused) == ["ep01", "ep02", "ep04", "ep05"]
    for p, ino in inode.items():
        # reused files are hard links to the previous release's, redone ones are new
        now = p.stat().st_ino
        assert (now == ino) == ("ep03" not in p.name), p
    feed = (root / "dist" / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Third</title>" in feed
    # the incremental result is byte-identical to a clean build of the same inputs
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("dist", ".*"))
    build(clean)
    assert tree_digest(clean / "dist") == tree_digest(root / "dist")


def test_audio_change_is_seen_by_size_and_mtime(tmp_path: Path, tone_mp3: Path) -> None:
    from conftest import make_mp3

    root = make_show(tmp_path / "show", tone_mp3, 3)
    build(root)
    make_mp3(root / "media" / "ep02.mp3", 2.0)
    report = build(root)
    assert report.built == ["ep02"]
    # the tagged copy carries the new source's audio frames byte for byte
    assert (
        (root / "dist" / "episodes" / "ep02" / "ep02.mp3")
        .read_bytes()
        .endswith((root / "media" / "ep02.mp3").read_bytes())
    )


def test_new_episode_and_show_change(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    add_episode(root, tone_mp3, 3)
    report = build(root)
    assert report.built == ["ep03"] and sorted(report.reused) == ["ep01", "ep02"]
    show = root / "podcast.yaml"
    show.write_text(show.read_text().replace("author: Tiny Author", "author: Other"))
    assert sorted(build(root).built) == ["ep01", "ep02", "ep03"]


def test_a_damaged_previous_file_is_redone_not_reused(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    good = tree_digest(root / "dist")
    victim = root / "dist" / "episodes" / "ep01" / "ep01.mp3"
    victim.write_bytes(victim.read_bytes()[:100])
    report = build(root)
    assert report.built == ["ep01"] and report.reused == ["ep02"]
    assert tree_digest(root / "dist") == good


def test_parallel_and_serial_builds_are_identical(tmp_path: Path, tone_mp3: Path) -> None:
    a = make_show(tmp_path / "a", tone_mp3, 6)
    b = tmp_path / "b"
    shutil.copytree(a, b)
    ra = build(a, BuildOptions(jobs=1))
    rb = build(b, BuildOptions(jobs=2))
    assert ra.files == rb.files and sorted(rb.built) == [f"ep{i:02d}" for i in range(1, 7)]
    assert tree_digest(a / "dist") == tree_digest(b / "dist")


def test_verbose_says_what_was_reused_and_redone(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    first = run_cli("build", "-v", "-C", root)
    assert first.returncode == 0
    assert "2 episode(s): 0 reused, 2 to build" in first.stderr
    assert "  built ep01 (no previous build)" in first.stderr
    meta = root / "episodes" / "ep02" / "episode.yaml"
    meta.write_text(meta.read_text().replace("title: Episode 2", "title: Two"))
    second = run_cli("build", "-v", "-C", root)
    # ep01's page links to ep02 by title: rendered again, its other files reused
    assert " reused ep01 (inputs unchanged; page rendered again)" in second.stderr
    assert "  built ep02 (inputs changed)" in second.stderr
    assert "(1 redone, 1 reused)" in second.stdout
    third = run_cli("build", "-C", root)
    assert third.stdout.strip().endswith("is up to date (2 episode(s)); not rewritten")
    # not a terminal: no progress bar, only the transcript notes
    assert all(line.startswith("note: ") for line in third.stderr.splitlines())


def test_code_and_options_are_part_of_the_key(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    build(root)
    assert not build(root, BuildOptions(source_date_epoch=2_000_000_000)).up_to_date
    assert build(root, BuildOptions(source_date_epoch=2_000_000_000)).up_to_date
    assert not build(root, BuildOptions(base_url="https://other.example/")).up_to_date
    assert not build(root, BuildOptions(id3_version=4)).up_to_date
    assert build(root, BuildOptions(id3_version=4)).up_to_date
    key = keys.env_key(root / "dist", "")
    keys._CODE[:] = ["pretend the code changed"]
    try:
        assert keys.env_key(root / "dist", "") != key
    finally:
        keys._CODE.clear()


def test_other_out_dir_has_its_own_state(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    out = tmp_path / "public"
    build(root, BuildOptions(out_dir=out))
    assert cache.state_path(root, out.resolve()).is_file()
    assert build(root, BuildOptions(out_dir=out)).up_to_date
    assert not build(root).up_to_date


def test_cold_build_spreads_episodes_over_worker_processes(
    tmp_path: Path, tone_mp3: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    build_module = importlib.import_module("spotlight_feed.write.episode")

    root = make_show(tmp_path / "show", tone_mp3, 8)
    pids = tmp_path / "pids"
    pids.mkdir()
    real = build_module.write_episode

    def recording(*args: object, **kwargs: object) -> object:
        (pids / f"{os.getpid()}-{args[1].slug}").touch()  # type: ignore[attr-defined]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "write_episode", recording)
    build(root, BuildOptions(jobs=2))
    workers = {p.name.split("-")[0] for p in pids.iterdir()}
    assert len(list(pids.iterdir())) == 8
    assert len(workers) == 2 and str(os.getpid()) not in workers


def test_load_stage_reuses_unchanged_episodes_and_rereads_changed_ones(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 3)
    first = build(root)
    assert first.loaded_from_cache == []
    (root / "episodes" / "ep02" / "transcript.txt").write_text(
        "Host\nA new first line.\n\nGuest\nAnd a reply.\n", encoding="utf-8"
    )
    second = build(root)
    assert second.loaded_from_cache == ["ep01", "ep03"]
    assert second.built == ["ep02"]
    html = (root / "dist" / "episodes" / "ep02" / "transcript.txt").read_text(encoding="utf-8")
    assert "A new first line." in html
    # a broken transcript in a cached-looking folder is still found (its digest changed)
    (root / "episodes" / "ep03" / "transcript.txt").write_text("Nobody\nHi.\n", encoding="utf-8")
    result = run_cli("build", "-C", root)
    assert result.returncode == 1
    assert "episodes/ep03/transcript.txt:1: speaker: speaker label 'Nobody'" in result.stderr
    # the project moved: cached absolute paths must not be used
    moved = tmp_path / "moved"
    (root / "episodes" / "ep03" / "transcript.txt").write_text(
        "Host\nHi.\n\nGuest\nHello.\n", encoding="utf-8"
    )
    build(root)
    root.rename(moved)
    assert build(moved).loaded_from_cache == []


# --- episode pages are part of their episode's stage ----------------------------------


def _pages(root: Path) -> dict[str, int]:
    """Inode of every episode page in dist/ (a reused page is a hard link: same inode)."""
    dist = root / "dist"
    return {p.parent.name: p.stat().st_ino for p in (dist / "episodes").glob("*/index.html")}


def _same_as_clean_build(root: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("dist", ".*"))
    build(clean)
    assert tree_digest(clean / "dist") == tree_digest(root / "dist")


def test_summary_change_rerenders_only_that_episodes_page_and_the_index(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 3)
    build(root)
    pages = _pages(root)
    index = (root / "dist" / "index.html").stat().st_ino
    meta = root / "episodes" / "ep02" / "episode.yaml"
    meta.write_text(meta.read_text().replace("summary: The first episode.", "summary: Newer."))
    report = build(root)
    assert report.built == ["ep02"] and sorted(report.reused) == ["ep01", "ep03"]
    now = _pages(root)
    assert now["ep01"] == pages["ep01"] and now["ep03"] == pages["ep03"]  # hard links
    assert now["ep02"] != pages["ep02"]
    assert (root / "dist" / "index.html").stat().st_ino != index  # always rewritten
    assert "Newer." in (root / "dist" / "episodes" / "ep02" / "index.html").read_text()
    assert "Newer." in (root / "dist" / "index.html").read_text()
    assert report.repaged == []
    _same_as_clean_build(root, tmp_path)


def test_title_change_rerenders_the_neighbours_pages_too(tmp_path: Path, tone_mp3: Path) -> None:
    # newest first: ep05 ep04 ep03 ep02 ep01; ep03's page links to ep04 and ep02 and theirs to it
    root = make_show(tmp_path / "show", tone_mp3, 5)
    build(root)
    pages = _pages(root)
    meta = root / "episodes" / "ep03" / "episode.yaml"
    meta.write_text(meta.read_text().replace("title: Episode 3", "title: Renamed Third"))
    mp3s = {p: p.stat().st_ino for p in (root / "dist").rglob("*.mp3")}
    report = build(root)
    assert report.built == ["ep03"]  # only its stage ran...
    assert sorted(report.repaged) == ["ep02", "ep04"]  # ...its neighbours got new pages
    assert sorted(report.reused) == ["ep01", "ep02", "ep04", "ep05"]
    now = _pages(root)
    assert {s for s in now if now[s] == pages[s]} == {"ep01", "ep05"}
    for p, ino in mp3s.items():  # the neighbours' other files are hard links
        assert (p.stat().st_ino == ino) == ("ep03" not in p.name), p
    for slug in ("ep02", "ep04"):
        page = (root / "dist" / "episodes" / slug / "index.html").read_text(encoding="utf-8")
        assert "Renamed Third" in page
    _same_as_clean_build(root, tmp_path)
    # a new newest episode gets a neighbour, and so does the previous newest
    add_episode(root, tone_mp3, 6)
    report = build(root)
    assert report.built == ["ep06"] and report.repaged == ["ep05"]
    assert 'href="../ep06/"' in (root / "dist/episodes/ep05/index.html").read_text()


def test_template_change_rerenders_every_page(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 3)
    build(root)
    pages = _pages(root)
    (root / "templates").mkdir()
    (root / "templates" / "episode.html").write_text(
        '{% extends "default/episode.html" %}'
        "{% block notes %}<p>Project notes block</p>{% endblock %}",
        encoding="utf-8",
    )
    report = build(root)
    assert sorted(report.built) == ["ep01", "ep02", "ep03"]
    now = _pages(root)
    assert all(now[s] != pages[s] for s in pages)
    for slug in pages:
        page = (root / "dist" / "episodes" / slug / "index.html").read_text(encoding="utf-8")
        assert "Project notes block" in page
    assert build(root).up_to_date
    _same_as_clean_build(root, tmp_path)


def test_new_code_redoes_every_episode(tmp_path: Path, tone_mp3: Path) -> None:
    # An upgrade may change any stage (tags, captions, the packaged templates and
    # stylesheet): nothing made by the old code is reused.
    root = make_show(tmp_path / "show", tone_mp3, 3)
    build(root)
    pages = _pages(root)
    keys._CODE[:] = ["pretend the code changed"]
    try:
        report = build(root)
    finally:
        keys._CODE.clear()
    assert sorted(report.built) == ["ep01", "ep02", "ep03"]
    # the pretend upgrade changed no byte: the release is identical and dist/ left alone
    assert report.up_to_date and _pages(root) == pages


def test_a_library_upgrade_redoes_every_episode(
    tmp_path: Path, tone_mp3: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new Jinja2 or mutagen may write other bytes: files from the old one are not reused.
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    assert build(root).up_to_date
    monkeypatch.setattr(keys, "library_fingerprint", lambda: "jinja2-9.9.9.dist-info")
    report = build(root)
    assert sorted(report.built) == ["ep01", "ep02"]


def test_library_fingerprint_follows_the_installed_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "fakelib").mkdir(parents=True)
    (site / "fakelib" / "__init__.py").write_text("", encoding="utf-8")
    (site / "fakelib-1.0.dist-info").mkdir()
    (site / "otherlib-5.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(keys, "LIBRARIES", {"fakelib": "fakelib"})
    before = keys.library_fingerprint()
    (site / "otherlib-5.0.dist-info").rename(site / "otherlib-6.0.dist-info")
    assert keys.library_fingerprint() == before  # unrelated packages do not count
    (site / "fakelib-1.0.dist-info").rename(site / "fakelib-1.1.dist-info")
    assert keys.library_fingerprint() != before


def test_changing_an_output_option_redoes_the_episodes(tiny_project: Path) -> None:
    """A build with other output options must not reuse files made with the old ones."""
    from mutagen.id3 import ID3

    mp3 = tiny_project / "dist" / "episodes" / "first" / "first.mp3"
    build(tiny_project, BuildOptions())
    assert ID3(mp3).version[:2] == (2, 3)
    report = build(tiny_project, BuildOptions(id3_version=4))
    assert not report.up_to_date
    assert ID3(mp3).version[:2] == (2, 4)
    report = build(tiny_project, BuildOptions(id3_version=4))
    assert report.up_to_date
