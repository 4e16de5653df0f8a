"""Captions timed from the speech (issue #15): align --refine, the truth, the build note.

``media/always-alone.sentences.json`` is the true start of every sentence of the sample
(``scripts/make_sample_audio.py``, recorded without changing the audio).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import copy_sample
from release_util import run_cli

from spotlight_feed.align.text import split_sentences
from spotlight_feed.build import BuildOptions, build
from spotlight_feed.transcript import read_transcript
from spotlight_feed.transcript.captions import captions, estimated
from spotlight_feed.transcript.style import NETFLIX
from spotlight_feed.transcript.words import normalise

REPO = Path(__file__).resolve().parents[1]
TRUTH = json.loads((REPO / "media" / "always-alone.sentences.json").read_text(encoding="utf-8"))
SLUG = "always-alone"


def test_sentence_truth_matches_the_turn_truth() -> None:
    turns = json.loads((REPO / "media" / "always-alone.turns.json").read_text(encoding="utf-8"))
    firsts = [r for r in TRUTH if r["sentence"] == 0]
    assert [r["start_ms"] for r in firsts] == [t["start_ms"] for t in turns]
    starts = [r["start_ms"] for r in TRUTH]
    assert starts == sorted(starts) and len(TRUTH) == 132


def test_the_turn_timed_sample_says_its_cue_starts_are_estimated(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "show")
    report = build(root, BuildOptions())
    (note,) = [n for n in report.notes if "captions:" in n]
    assert note.startswith(f"episodes/{SLUG}: captions: ")
    assert "cue starts are estimated by characters inside a timed cue" in note
    assert "align --refine" in note


@pytest.mark.slow
def test_refine_times_every_sentence_within_the_target(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "show")
    before, _ = read_transcript(root / "episodes" / SLUG / "transcript.vtt", "before.vtt")
    assert before is not None
    result = run_cli("align", "--refine", SLUG, "-C", root)
    assert result.returncode == 0, result.stderr
    assert f"wrote episodes/{SLUG}/transcript.vtt" in result.stdout
    after, problems = read_transcript(root / "episodes" / SLUG / "transcript.vtt", "after.vtt")
    assert after is not None and problems == []
    # the same words and speakers, timed sentence by sentence
    assert " ".join(c.text for c in after.cues) == " ".join(c.text for c in before.cues)
    assert len(after.cues) >= 120
    errors_list: list[float] = []
    k = 0
    for cue in after.cues:  # in order: a cue is one sentence, or several merged
        n = len(split_sentences(cue.text))
        if n == 1 and normalise(TRUTH[k]["text"]) == cue.text:
            errors_list.append(abs(cue.start_ms - TRUTH[k]["start_ms"]) / 1000)
        k += n
    assert k == len(TRUTH)
    errors = np.array(errors_list)
    assert len(errors) >= 110  # cues that are exactly one sentence
    assert np.mean(errors <= 0.2) >= 0.95 and errors.max() <= 0.5
    # captions now start at measured times far more often; the build says how many are not
    caps_before = captions(before, NETFLIX)
    caps_after = captions(after, NETFLIX)
    assert estimated(caps_after, after) < estimated(caps_before, before) / 2
    report = build(root, BuildOptions())
    assert not any(
        "cue starts are estimated" in n and f" {estimated(caps_before, before)} of" in n
        for n in report.notes
    )
