"""Each episode folder's files are read once a build, and the cache's path check holds.

Issue #11 ("each value decided once"): the load cache's key, the reuse fingerprint and the
search index's key each read and hashed the episode folder's files themselves, so a
rebuild read every ``episode.yaml`` twice and every transcript three times. The load
stage now takes the digests once (:func:`spotlight_feed.load.digests.folder_files`) and
the episode carries them. An audit hook (PEP 578, ``open`` events) counts the reads of a
real rebuild.

:class:`spotlight_feed.load.checks.InsideRoot` answers what
:func:`spotlight_feed.load.checks.inside_real` answers, for every kind of path a cache
entry can name (plain, through a symlink in or out of the project, a loop, dangling,
``..``, a NUL), with fewer system calls.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from release_util import make_show

import spotlight_feed
from spotlight_feed.load.checks import InsideRoot, inside_real
from spotlight_feed.load.project import load_project
from spotlight_feed.model import Project
from spotlight_feed.release import state, statejson
from spotlight_feed.release.keys import episode_files, input_paths

_OPENED: Counter[str] = Counter()
_WATCH: list[str] = []


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _WATCH and isinstance(args[0], str | bytes | os.PathLike):
        path = os.fsdecode(args[0])  # type: ignore[arg-type]
        if path.startswith(_WATCH[0]):
            _OPENED[path] += 1


sys.addaudithook(_hook)  # hooks cannot be removed; this one counts only while watching


def test_a_rebuild_reads_each_reused_episode_file_once(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 4)
    opts = spotlight_feed.BuildOptions(source_date_epoch=None, jobs=1)
    spotlight_feed.build(root, opts)
    meta = root / "episodes/ep02/episode.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("title:", "title: New"), "utf-8")
    episodes = os.fspath(root / "episodes") + os.sep
    _OPENED.clear()
    _WATCH.append(episodes)
    try:
        report = spotlight_feed.build(root, opts)
    finally:
        _WATCH.clear()
    assert report.built == ["ep02"]
    seen = {k[len(episodes) :]: n for k, n in _OPENED.items()}
    # ep04 is reused whole; ep01 and ep03 are ep02's neighbours, whose pages (which show
    # their transcripts) are rendered again with the new title: one more transcript read.
    assert {k: n for k, n in seen.items() if not k.startswith("ep02/")} == {
        "ep01/episode.yaml": 1,
        "ep01/transcript.txt": 2,
        "ep03/episode.yaml": 1,
        "ep03/transcript.txt": 2,
        "ep04/episode.yaml": 1,
        "ep04/transcript.txt": 1,
    }


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "show"
    (root / "episodes/ep1").mkdir(parents=True)
    (root / "media").mkdir()
    (root / "media/a.mp3").write_bytes(b"x")
    (root / "episodes/ep1/t.vtt").write_text("WEBVTT\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.mp3").write_bytes(b"y")
    (root / "media/in.mp3").symlink_to(root / "media/a.mp3")
    (root / "media/out.mp3").symlink_to(outside / "b.mp3")
    (root / "linked").symlink_to(outside)
    (root / "inner").symlink_to(root / "media")
    (root / "media/loop.mp3").symlink_to(root / "media/loop.mp3")
    (root / "media/dangling.mp3").symlink_to(root / "media/nothing.mp3")
    return root, outside


def test_inside_root_agrees_with_inside_real(tmp_path: Path) -> None:
    root, outside = _tree(tmp_path)
    real = os.path.realpath(root)
    names = [
        "media/a.mp3",
        "media/missing.mp3",
        "episodes/ep1/t.vtt",
        "episodes/ep2/missing.vtt",
        "media/in.mp3",
        "media/out.mp3",
        "linked/b.mp3",
        "inner/a.mp3",
        "media/loop.mp3",
        "media/dangling.mp3",
        "media/../media/a.mp3",
        "media/../../outside/b.mp3",
        "media/./a.mp3",
        "media//a.mp3",
        "media/a\0.mp3",
    ]
    candidates = [os.path.join(real, n) for n in names] + [
        real,
        os.fspath(outside / "b.mp3"),
        real + "-sibling/a.mp3",
    ]
    check = InsideRoot(real)
    verdicts = {c: check(c) for c in candidates}
    assert verdicts == {c: inside_real(real, c) for c in candidates}
    # The rule's answers themselves, so that agreeing cannot hide a wrong rule.
    assert verdicts[os.path.join(real, "media/a.mp3")] is True
    assert verdicts[os.path.join(real, "media/out.mp3")] is False
    assert verdicts[os.path.join(real, "linked/b.mp3")] is False
    assert verdicts[os.path.join(real, "inner/a.mp3")] is True
    assert verdicts[os.path.join(real, "media/loop.mp3")] is False
    assert verdicts[os.path.join(real, "media/../../outside/b.mp3")] is False
    assert verdicts[real + "-sibling/a.mp3"] is False


def test_inside_root_sees_a_folder_that_became_a_link(tmp_path: Path) -> None:
    """A folder is looked at once per check object (one build), not once per process."""
    root, outside = _tree(tmp_path)
    real = os.path.realpath(root)
    assert InsideRoot(real)(os.path.join(real, "media/a.mp3"))
    (root / "media").rename(root / "media-old")
    (root / "media").symlink_to(outside)
    assert not InsideRoot(real)(os.path.join(real, "media/b.mp3"))


def _input_paths_walked(project: Project) -> list[str]:
    """Every input path as found by walking the folders again (what the build did before)."""
    root = project.root
    rels = {"podcast.yaml", "spotlight.lock", "templates", "keep", "episodes"}
    rels.add(project.image_path.relative_to(root).as_posix())
    for top in ("templates", "keep"):
        for dirpath, dirnames, filenames in os.walk(root / top):
            rels.update((Path(dirpath) / n).relative_to(root).as_posix() for n in dirnames)
            rels.update((Path(dirpath) / n).relative_to(root).as_posix() for n in filenames)
    for folder in (root / "episodes").iterdir():
        rels.add(folder.relative_to(root).as_posix())
        if folder.is_dir():
            rels.update(p.relative_to(root).as_posix() for p in folder.iterdir())
    for ep in project.episodes:
        rels.update(p.relative_to(root).as_posix() for p in episode_files(project, ep))
    return sorted(rels)


def test_the_input_paths_are_every_file_the_build_reads(tmp_path: Path, tone_mp3: Path) -> None:
    """The load stage's listings give the same inputs as walking the folders again."""
    root = make_show(tmp_path / "show", tone_mp3, 3)
    (root / "episodes/README.txt").write_text("notes", encoding="utf-8")
    (root / "episodes/ep02/notes.md").write_text("draft", encoding="utf-8")
    (root / "episodes/ep02/sub").mkdir()
    (root / "templates").mkdir()
    (root / "templates/page.html").write_text("<p>", encoding="utf-8")
    project = load_project(root)
    paths = input_paths(project)
    assert paths == _input_paths_walked(project)
    for rel in ("episodes/README.txt", "episodes/ep02/notes.md", "episodes/ep02/sub"):
        assert rel in paths
    assert "templates/page.html" in paths and "media/ep01.mp3" in paths


def test_the_state_is_parsed_once_a_build(
    tmp_path: Path, tone_mp3: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path parses the state; the build it falls through to takes that parse."""
    root = make_show(tmp_path / "show", tone_mp3, 3)
    opts = spotlight_feed.BuildOptions(source_date_epoch=None, jobs=1)
    spotlight_feed.build(root, opts)
    parsed: list[int] = []
    real = statejson.parse_state

    def counting(data: bytes) -> dict[str, object]:
        parsed.append(len(data))
        return real(data)

    monkeypatch.setattr(statejson, "parse_state", counting)
    meta = root / "episodes/ep02/episode.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("title:", "title: New"), "utf-8")
    assert spotlight_feed.build(root, opts).built == ["ep02"]
    assert len(parsed) == 1
    # A state file written again (same bytes, another inode) is parsed again.
    out = root / "dist"
    path = state.state_path(root, out)
    parsed.clear()
    assert state.read_summary(root, out) is not None
    copy = path.with_name("copy")
    copy.write_bytes(path.read_bytes())
    os.replace(copy, path)
    again = state.read_state(root, out)[0]
    assert again is not None and len(parsed) == 2
    assert state.read_summary(root, out) is not None and len(parsed) == 3
    assert state.read_state(root, out)[0] == again and len(parsed) == 3  # the summary's
    assert state.read_state(root, out)[0] == again and len(parsed) == 4  # used once


def test_the_summary_says_what_the_state_says(tmp_path: Path, tone_mp3: Path) -> None:
    """The fast path's view of the state agrees with the whole state, and checks alike."""
    root = make_show(tmp_path / "show", tone_mp3, 3)
    spotlight_feed.build(root, spotlight_feed.BuildOptions(source_date_epoch=None, jobs=1))
    data = state.state_path(root, root / "dist").read_bytes()
    whole = statejson.decode_state(data)
    summary = statejson.decode_summary(data)

    def as_read(stats: Mapping[str, Any]) -> dict[str, Any]:  # as the checked state has them
        return {k: None if v is None else tuple(v) for k, v in stats.items()}

    assert (summary.env, as_read(summary.inputs), as_read(summary.dist)) == (
        whole.env, whole.inputs, whole.dist
    )  # fmt: skip
    assert state.same_stats(root, summary.inputs) and state.same_stats(root / "dist", summary.dist)
    assert (summary.episode_count, summary.until) == (whole.episode_count, whole.until)
    assert summary.slugs == tuple(sorted(whole.episodes))
    assert summary.notes == tuple(n for r in whole.episodes.values() for n in r.notes)
    assert summary.warnings == whole.warnings
    first, rest = data.split(b"\n")  # the head, then the records the fast path never reads
    assert statejson.decode_summary(first + b"\n" + b"{not JSON") == summary
    doc = json.loads(first)
    doc["notes"] = [1]
    with pytest.raises(statejson.StateError, match="notes: expected a string"):
        statejson.decode_summary(json.dumps(doc).encode() + b"\n" + rest)
    doc["notes"] = ["a note no episode has"]
    with pytest.raises(statejson.StateError, match="slugs and notes"):
        statejson.decode_state(json.dumps(doc).encode() + b"\n" + rest)


def test_stats_of_the_wrong_shape_are_a_change_never_an_error(tmp_path: Path) -> None:
    """The fast path compares the state's stats unchecked (:func:`.state.same_stats`)."""
    (tmp_path / "a").write_bytes(b"x")
    st = os.stat(tmp_path / "a")
    good = [st.st_size, st.st_mtime_ns, st.st_ino]
    assert state.same_stats(tmp_path, {"a": good, "gone": None})
    assert state.same_stats(tmp_path, {"a": tuple(good)})
    for bad in ([1, 2], [*good, 4], "abc", 7, {"0": 1}, [str(v) for v in good], [None] * 3):
        assert not state.same_stats(tmp_path, {"a": bad}), bad
    assert not state.same_stats(tmp_path, {"gone": good})
    assert not state.same_stats(tmp_path, {"a": None})
    assert not state.same_stats(tmp_path, {"a\0b": None})  # a NUL: stat refuses, not a crash


@pytest.mark.parametrize("name", ["search.lines", "search.lines.seal", "search/ep02.line"])
def test_a_fifo_in_the_search_cache_does_not_block_the_build(
    tmp_path: Path, tone_mp3: Path, name: str
) -> None:
    """Cache files are opened without blocking and read only when regular (issue #12)."""
    import subprocess

    from release_util import cli_env

    root = make_show(tmp_path / "show", tone_mp3, 2)
    spotlight_feed.build(root, spotlight_feed.BuildOptions(source_date_epoch=None, jobs=1))
    fifo = root / ".spotlight-cache" / name
    fifo.parent.mkdir(parents=True, exist_ok=True)
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    meta = root / "episodes/ep01/episode.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("title:", "title: New"), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "spotlight_feed", "build", "-C", str(root)],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
