"""The sample show builds both ways: from the committed timed VTT, and from the script + align."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, copy_sample, edit
from systools import needs

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.cli import main

TRUTH = [t["start_ms"] for t in json.loads((REPO / "media/always-alone.turns.json").read_text())]


def _segment_starts(dist: Path) -> list[float]:
    data = json.loads((dist / "episodes/always-alone/transcript.json").read_text("utf-8"))
    return [s["startTime"] for s in data["segments"]]


def _turn_errors_ms(starts: list[float]) -> list[float]:
    """For every true turn start, the distance to the nearest published segment start."""
    return [min(abs(s * 1000 - t) for s in starts) for t in TRUTH]


def test_sample_builds_from_the_committed_timed_vtt(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "show")
    meta = (root / "episodes/always-alone/episode.yaml").read_text("utf-8")
    assert "\ntranscript: transcript.vtt\n" in meta
    report = build(root, BuildOptions())
    assert max(_turn_errors_ms(_segment_starts(report.out_dir))) <= 1


@pytest.mark.slow
@needs("espeak-ng", "ffmpeg")
def test_sample_builds_from_the_plain_script_plus_align(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "show")
    folder = root / "episodes/always-alone"
    (folder / "transcript.vtt").unlink()
    edit(folder / "episode.yaml", "transcript: transcript.vtt", "transcript: transcript.txt")
    untimed = build(root, BuildOptions())
    assert any("always-alone" in note for note in untimed.notes), untimed.notes
    script = (folder / "transcript.txt").read_bytes()
    result = CliRunner().invoke(main, ["align", "-C", str(root), "always-alone"])
    assert result.exit_code == 0, result.output
    assert (folder / "transcript.txt").read_bytes() == script
    edit(folder / "episode.yaml", "transcript: transcript.txt", "transcript: transcript.vtt")
    report = build(root, BuildOptions())
    errors = _turn_errors_ms(_segment_starts(report.out_dir))
    assert max(errors) <= 1000, errors
    assert sum(e <= 500 for e in errors) >= 0.9 * len(errors), errors
