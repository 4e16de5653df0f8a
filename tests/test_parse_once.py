"""Each transcript is parsed once per build (issue #18), and every problem is still reported.

The load stage leaves each main transcript to the episode stage (``load_project(...,
keep_transcripts=False)``); the stage reads and checks it once. These tests count the
parses of a real cold build, and check that a bad transcript still fails the build with
``file:line: field: message`` for every bad transcript in one run, leaving dist/ as it was,
whether the episodes are built in-process or by forked workers, and when no stage runs for
the episode (held back) or the build stops before the stage (the output folder refused).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TRANSCRIPT_TXT
from release_util import make_show, run_cli

import spotlight_feed
from spotlight_feed.load import project as load_project_module

BAD = "episodes/{slug}/transcript.txt:4: speaker: speaker label 'Gust' has no entry under voices"


def _break(root: Path, slug: str) -> None:
    path = root / "episodes" / slug / "transcript.txt"
    path.write_text(TRANSCRIPT_TXT.replace("Guest\n", "Gust\n"), encoding="utf-8")


def test_a_cold_build_parses_each_transcript_once(
    tmp_path: Path, tone_mp3: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 5)
    parsed: list[str] = []
    real = load_project_module.read_transcript

    def counting(path: Path, display: str) -> object:
        parsed.append(display)
        return real(path, display)

    monkeypatch.setattr(load_project_module, "read_transcript", counting)
    opts = spotlight_feed.BuildOptions(source_date_epoch=None, jobs=1)
    spotlight_feed.build(root, opts)
    assert sorted(parsed) == [f"episodes/ep{i:02d}/transcript.txt" for i in range(1, 6)]
    # A changed transcript: that episode's stage reads it, and nothing else does.
    parsed.clear()
    (root / "episodes/ep03/transcript.txt").write_text(
        TRANSCRIPT_TXT.replace("Thanks", "Many thanks"), encoding="utf-8"
    )
    report = spotlight_feed.build(root, opts)
    assert report.built == ["ep03"]
    assert parsed == ["episodes/ep03/transcript.txt"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_bad_transcript_is_reported_in_one_run(
    tmp_path: Path, tone_mp3: Path, jobs: str
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 6)
    for slug in ("ep02", "ep05"):
        _break(root, slug)
    result = run_cli("build", "-j", jobs, "-C", root)  # cold: six stages, forked with -j 2
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[:-1] == [
        line
        for s in ("ep02", "ep05")
        for line in (
            f"episodes/{s}/episode.yaml:17: voices.Guest: no turn in the transcript uses this "
            f"speaker label (episodes/{s}/transcript.txt)",
            f"{BAD.format(slug=s)}: in episodes/{s}/episode.yaml (did you mean 'Guest'?)",
        )
    ]
    assert lines[-1] == "error: 4 problems in 4 files; nothing was written to dist/"
    assert not (root / "dist").exists()
    assert not list(root.glob(".dist-staging*"))


def test_a_held_back_episodes_bad_transcript_fails_the_build(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    meta = root / "episodes/ep02/episode.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "draft: true\n", encoding="utf-8")
    _break(root, "ep02")
    result = run_cli("build", "-C", root)
    assert result.returncode == 1, result.stderr
    assert BAD.format(slug="ep02") in result.stderr
    assert not (root / "dist").exists()


def test_bad_transcripts_come_before_the_refused_output_folder(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 2)
    (root / "dist").mkdir()
    (root / "dist/notes.txt").write_text("mine", encoding="utf-8")
    _break(root, "ep01")
    result = run_cli("build", "-C", root)
    assert result.returncode == 1, result.stderr
    assert BAD.format(slug="ep01") in result.stderr
    assert result.stderr.strip().endswith("nothing was written to dist/")
    assert [p.name for p in (root / "dist").iterdir()] == ["notes.txt"]
