"""The build state in .spotlight-cache/ is data, never code; every input is in the key.

A show folder may come from anyone (a clone, a zip): a planted cache file must never
run, and a damaged one is discarded with a note. Transcripts that live outside the
episode folder are inputs like any other: editing one rebuilds without ``--force``.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import edit
from release_util import make_show

from spotlight_feed.build import build
from spotlight_feed.cli import main
from spotlight_feed.release.state import state_path


class _Plant:
    """Unpickling this creates the file named by ``target`` (os.system would work too)."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.target), "pwned"))  # type: ignore[return-value]


def _pickle_bomb(target: Path) -> bytes:
    data = pickle.dumps(_Plant(target))
    assert b"write_text" in data
    return data


def test_planted_pickles_are_never_loaded(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    target = tmp_path / "pwned"
    cache = root / ".spotlight-cache"
    bomb = _pickle_bomb(target)
    (cache / "dist.pickle").write_bytes(bomb)  # the old name
    for entry in (cache / "dist.episodes").iterdir():
        entry.with_suffix(".pickle").write_bytes(bomb)
        entry.write_bytes(bomb)  # the load cache's JSON entry, replaced by a pickle
    state_path(root, root / "dist").write_bytes(bomb)
    edit(root / "episodes" / "ep01" / "episode.yaml", "title: Episode 1", "title: One")
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert not target.exists(), "a planted pickle ran"
    assert (
        "note: .spotlight-cache/dist.json: discarded the build state, it is not one this "
        "tool wrote (not UTF-8 (invalid start byte)); every episode is built again"
    ) in result.output
    assert not (cache / "dist.pickle").exists()
    assert not list((cache / "dist.episodes").glob("*.pickle"))
    assert _state(state_path(root, root / "dist"))[0]["format"].startswith("spotlight-feed-state/")


def _state(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The state file's two lines: its head and the episodes' records (release/statejson.py)."""
    head, episodes = path.read_bytes().split(b"\n")
    return json.loads(head), json.loads(episodes)


def test_state_of_the_wrong_shape_is_discarded(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    build(root)
    path = state_path(root, root / "dist")
    state, episodes = _state(path)
    state["inputs"]["podcast.yaml"] = ["1", 2, 3]
    path.write_text(json.dumps(state) + "\n" + json.dumps(episodes))
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert (
        "note: .spotlight-cache/dist.json: discarded the build state, it is not one this "
        "tool wrote (inputs['podcast.yaml']: expected [size, mtime_ns, inode] or null); every "
        "episode is built again"
    ) in result.output
    again = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert "discarded" not in again.output
    assert "up to date" in again.output.lower(), again.output


def test_state_with_nan_or_deep_nesting_is_discarded(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    build(root)
    path = state_path(root, root / "dist")
    for bad, why in [
        (b'{"format": NaN}', "NaN is not a number this tool writes"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ]:
        path.write_bytes(bad)
        result = CliRunner().invoke(main, ["build", "-C", str(root)])
        assert result.exit_code == 0, result.output
        assert f"tool wrote ({why}); every" in result.output


def test_transcript_outside_the_episode_folder_is_an_input(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    ep = root / "episodes" / "ep01"
    (root / "scripts").mkdir()
    (ep / "transcript.txt").rename(root / "scripts" / "ep01.txt")
    edit(
        ep / "episode.yaml",
        "title: Episode 1",
        "title: Episode 1\ntranscript: ../../scripts/ep01.txt",
    )
    build(root)
    text = (root / "scripts" / "ep01.txt").read_text()
    (root / "scripts" / "ep01.txt").write_text(text.replace("Hello", "Howdy", 1))
    report = build(root)
    assert not report.up_to_date
    assert report.built == ["ep01"]
    assert "Howdy" in (root / "dist" / "episodes" / "ep01" / "transcript.txt").read_text()


def test_state_round_trips_every_field() -> None:
    from dataclasses import fields

    from spotlight_feed.plan.outputs import EpisodeOutputs, PublishedTranscript
    from spotlight_feed.release import statejson
    from spotlight_feed.release.records import BuildState, EpisodeRecord
    from spotlight_feed.release.statejson import StateError, decode_state, encode_state

    outputs = EpisodeOutputs(
        7, 8, (PublishedTranscript(None, True), PublishedTranscript("es", False)), '[{"a": 1}]'
    )
    assert all(getattr(outputs, f.name) != f.default for f in fields(EpisodeOutputs))
    assert tuple(f.name for f in fields(EpisodeOutputs)) == statejson.OUTPUT_FIELDS
    state = BuildState(
        "env",
        {"podcast.yaml": (1, 2, 3), "gone": None},
        {"feed.xml": (4, 5, 6)},
        {"ep01": EpisodeRecord("fp", ("a", "b"), outputs, ("note",), "page")},
        1,
        until=5.0,
        warnings=("podcast.yaml:1: title: a warning",),
    )
    assert all(
        getattr(state, f.name) != f.default for f in fields(BuildState) if f.name != "version"
    )
    assert decode_state(encode_state(state)) == state
    for bad in [b"{}", b"[]", b'{"format": "spotlight-feed-state/1", "version": true}']:
        with pytest.raises(StateError):
            decode_state(bad)


def test_a_state_of_the_old_version_is_a_clean_miss(tmp_path: Path, tone_mp3: Path) -> None:
    """Version 1 kept URLs in each episode's outputs (issue #11 made them measurements only):
    such a state, as the previous release wrote it, rebuilds every episode without a note."""
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    path = state_path(root, root / "dist")
    state, episodes = _state(path)
    assert state["version"] == 3
    state = {**state, "version": 1, "episodes": episodes}  # one line, as version 1 and 2 were
    for record in state["episodes"].values():
        record["outputs"] = {
            "audio_url": "https://old.example/a.mp3",
            "audio_size": 1,
            "duration_ms": 1,
            "page_url": "https://old.example/",
            "transcripts": [{"url": "https://old.example/t.vtt", "type": "text/vtt"}],
        }
    path.write_text(json.dumps(state))
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert "discarded" not in result.output
    assert "old.example" not in (root / "dist" / "feed.xml").read_text()
    assert _state(path)[0]["version"] == 3
    again = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert "up to date" in again.output.lower(), again.output


def test_load_cache_keeps_the_yaml_data_and_validates_it_again(
    tmp_path: Path, tone_mp3: Path
) -> None:
    """The load cache keeps each episode.yaml's parsed data (not its validated config).

    It is untrusted: read back, it goes through the same model as a fresh parse, and
    data the model refuses (or of the wrong shape) is a miss, the YAML read again.
    """
    from spotlight_feed.load.project import load_project
    from spotlight_feed.release.keys import code_fingerprint
    from spotlight_feed.release.state import LoadCache, decode_yaml_data, encode_yaml_data

    root = make_show(tmp_path / "show", tone_mp3, 3)
    build(root)
    entries = root / ".spotlight-cache" / "dist.episodes"
    fresh = load_project(root, keep_transcripts=False)
    for ep in fresh.episodes:
        kept = json.loads((entries / f"{ep.slug}.json").read_bytes())["episode"]["yaml"]
        assert kept == encode_yaml_data(ep.doc.data)
        assert kept["published"] == {"\0t": ep.doc.data["published"].isoformat()}
        assert repr(decode_yaml_data(json.dumps(kept))) == repr(ep.doc.data)
    cache = LoadCache(root, root / "dist", code_fingerprint())
    again = load_project(root, reuse=cache.lookup, keep_transcripts=False)
    assert cache.hits == ["ep01", "ep02", "ep03"]
    assert [e.config for e in again.episodes] == [e.config for e in fresh.episodes]
    assert repr(again.episodes[0].config) == repr(fresh.episodes[0].config)

    # tampered: ep01's number is refused by the model, ep02's data has the wrong shape,
    # ep03's time tag holds no time
    for slug in ["ep01", "ep02", "ep03"]:
        path = entries / f"{slug}.json"
        entry = json.loads(path.read_bytes())
        data = entry["episode"]["yaml"]
        if slug == "ep01":
            assert data["number"] == 1
            data["number"] = "one"
        elif slug == "ep02":
            entry["episode"]["yaml"] = "not a mapping"
        else:
            data["published"] = {"\0t": "not a time"}
        path.write_text(json.dumps(entry))
    cache = LoadCache(root, root / "dist", code_fingerprint())
    third = load_project(root, reuse=cache.lookup, keep_transcripts=False)
    assert cache.hits == []
    assert [e.config for e in third.episodes] == [e.config for e in fresh.episodes]
    assert decode_yaml_data('{"a": {"\\u0000t": "not a time"}}') is None
    assert decode_yaml_data('{"a": {"\\u0000d": 5}}') is None
    assert decode_yaml_data("not json") is None
    assert encode_yaml_data({"\0t": "x"}) is None  # a key that could be taken for a tag
    assert encode_yaml_data({1: "x"}) is None
    nested = "1"
    for _ in range(100_000):
        nested = f"[{nested}]"
    assert decode_yaml_data(nested) is None


def test_a_load_cache_entry_of_the_old_format_is_a_clean_miss(
    tmp_path: Path, tone_mp3: Path
) -> None:
    """An entry written by the version before (``spotlight-feed-load/1``, tagged pairs)."""
    from spotlight_feed.load.project import load_project
    from spotlight_feed.release.keys import code_fingerprint
    from spotlight_feed.release.state import LoadCache

    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    path = root / ".spotlight-cache" / "dist.episodes" / "ep01.json"
    entry = json.loads(path.read_bytes())
    entry["format"] = "spotlight-feed-load/1"
    entry["episode"]["yaml"] = {"m": [[k, v] for k, v in entry["episode"]["yaml"].items()]}
    path.write_text(json.dumps(entry))
    cache = LoadCache(root, root / "dist", code_fingerprint())
    load_project(root, reuse=cache.lookup, keep_transcripts=False)
    assert cache.hits == ["ep02"]
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--force"])
    assert result.exit_code == 0, result.output
    assert "discarded" not in result.output and "Traceback" not in result.output
    assert json.loads(path.read_bytes())["format"] == "spotlight-feed-load/2"
