"""verify_timed: a timed transcript checked against the script, the duration and the speech."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO
from systools import needs

from spotlight_feed.align.verify import SpeechMap, speech_envelope, verify_timed
from spotlight_feed.errors import Problem
from spotlight_feed.transcript import read_transcript
from spotlight_feed.transcript.model import Cue, Transcript

VTT = "episodes/always-alone/transcript.vtt"
TXT = "episodes/always-alone/transcript.txt"


def _pair() -> tuple[Transcript, Transcript]:
    timed, p1 = read_transcript(REPO / VTT, VTT)
    plain, p2 = read_transcript(REPO / TXT, TXT)
    assert timed is not None and plain is not None and not p1 and not p2
    return timed, plain


def _with(t: Transcript, k: int, **changes: object) -> Transcript:
    cues = list(t.cues)
    c = cues[k]
    fields = {"start_ms": c.start_ms, "end_ms": c.end_ms, "speaker": c.speaker, "text": c.text}
    fields.update(changes)
    cues[k] = Cue(line=c.line, **fields)  # type: ignore[arg-type]
    return Transcript(tuple(cues), t.source)


def test_the_committed_sample_is_clean() -> None:
    timed, plain = _pair()
    assert verify_timed(timed, plain, audio_ms=689_050) == []


def test_a_script_edit_after_aligning_is_reported_at_the_first_changed_word() -> None:
    timed, plain = _pair()
    edited = _with(plain, 1, text=plain.cues[1].text.replace("special English", "plain English"))
    assert verify_timed(timed, edited) == [
        Problem(
            VTT,
            6,
            "turn 2",
            f"text differs from the script ({TXT}:4) at word 8: 'uses a special english method' "
            "here, 'uses a plain english method' there (re-run spotlight-feed align --force, or "
            "fix it by hand)",
        )
    ]


def test_a_new_turn_in_the_script_is_reported() -> None:
    timed, plain = _pair()
    extra = Transcript((*plain.cues, Cue(None, None, "Voice 1", "Goodbye.", 99)), plain.source)
    assert [str(p) for p in verify_timed(timed, extra)] == [
        f"{VTT}: has 20 speaker turns but the script ({TXT}) has 21 "
        "(re-run spotlight-feed align --force, or fix it by hand)"
    ]


def test_sentence_cues_of_one_speaker_still_match_the_script() -> None:
    timed, plain = _pair()
    first = timed.cues[1]
    assert first.start_ms is not None and first.end_ms is not None
    head, tail = first.text.split(". ", 1)
    mid = (first.start_ms + first.end_ms) // 2
    split = Transcript(
        (
            timed.cues[0],
            Cue(first.start_ms, mid, first.speaker, head + ".", first.line),
            Cue(mid, first.end_ms, first.speaker, tail, first.line),
            *timed.cues[2:],
        ),
        timed.source,
    )
    assert verify_timed(split, plain) == []


def test_order_and_audio_end_are_checked() -> None:
    timed, _ = _pair()
    bad = _with(_with(timed, 3, start_ms=20_000), 19, end_ms=700_000)
    assert [str(p) for p in verify_timed(bad, None, audio_ms=689_050)] == [
        f"{VTT}:12: cue 4: starts at 00:00:20.000, before cue 3 (00:00:21.720); "
        "cues must be in order",
        f"{VTT}:60: cue 20: ends at 00:11:40.000, after the end of the audio (00:11:29.050)",
    ]


def test_speech_outside_every_cue_is_reported() -> None:
    # 12 s of 10 ms frames: loud from 2.0 s to 9.0 s, and only cues after 10 s
    loud = tuple(200 <= k < 900 for k in range(1200))
    late = Transcript((Cue(10_000, 12_000, "A", "x", 3),), "t.vtt")
    assert [str(p) for p in verify_timed(late, None, speech=SpeechMap(loud))] == [
        "t.vtt: 7.0 s of speech between 00:00:00.000 and 00:00:10.000 is in no cue "
        "(a turn missing from the transcript, or times that are off)"
    ]
    covered = Transcript((Cue(1_500, 9_500, "A", "x", 3),), "t.vtt")
    assert verify_timed(covered, None, speech=SpeechMap(loud)) == []


@needs("ffmpeg")
def test_a_dropped_turn_shows_up_as_uncovered_speech() -> None:
    timed, _ = _pair()
    speech = speech_envelope(REPO / "media/always-alone.mp3", "media/always-alone.mp3")
    assert verify_timed(timed, None, speech=speech) == []
    dropped = Transcript(timed.cues[:2] + timed.cues[3:], timed.source)
    problems = [str(p) for p in verify_timed(dropped, None, speech=speech)]
    assert len(problems) == 1
    assert problems[0].startswith(f"{VTT}: ")
    assert "s of speech between 00:00:20.419 and 00:01:18.426 is in no cue" in problems[0]


def test_check_episode_compares_the_timed_source_with_the_script_beside_it(tmp_path: Path) -> None:
    from conftest import copy_sample, edit

    from spotlight_feed.align.verify import check_episode
    from spotlight_feed.load.project import load_project

    root = copy_sample(tmp_path / "show")
    (episode,) = load_project(root).episodes
    assert check_episode(episode, listen=False) == []
    edit(root / TXT, "Welcome to Spotlight.", "Welcome back to Spotlight.")
    (episode,) = load_project(root).episodes
    assert [str(p) for p in check_episode(episode, listen=False)] == [
        f"{VTT}:3: turn 1: text differs from the script ({TXT}:1) at word 2: 'welcome to "
        "spotlight i’m' here, 'welcome back to spotlight' there (re-run spotlight-feed "
        "align --force, or fix it by hand)"
    ]


def test_check_warns_when_the_script_changed_after_aligning(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from conftest import copy_sample, edit

    from spotlight_feed.cli import main

    root = copy_sample(tmp_path / "show")
    edit(root / TXT, "Welcome to Spotlight.", "Welcome back to Spotlight.")
    result = CliRunner().invoke(main, ["check", "-C", str(root)])
    assert (
        f"{VTT}:3: warning: turn 1: text differs from the script ({TXT}:1) at word 2: "
        "'welcome to spotlight i’m' here, 'welcome back to spotlight' there (re-run "
        "spotlight-feed align --force, or fix it by hand) [spotlight-feed: timed transcript "
        "(align)]"
    ) in result.output
