"""Alignment of a plain script to audio: DTW, the excerpt accuracy check, bad inputs, CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, copy_sample
from systools import needs

from spotlight_feed.align import AlignError, align
from spotlight_feed.align.dtw import diagonal_band, dtw
from spotlight_feed.align.text import count_words, split_sentences
from spotlight_feed.cli import main
from spotlight_feed.transcript import read_transcript
from spotlight_feed.transcript.model import Transcript

pytestmark = needs("espeak-ng", "ffmpeg", "lame")

SAMPLE_TXT = REPO / "episodes" / "always-alone" / "transcript.txt"
TRUTH = json.loads((REPO / "media" / "always-alone.turns.json").read_text())
EXCERPT_TURNS = 4
EXCERPT_S = 111.6  # turn 4 ends at 110.803 s


def _sample() -> Transcript:
    transcript, problems = read_transcript(SAMPLE_TXT, "episodes/always-alone/transcript.txt")
    assert transcript is not None and not problems
    return transcript


def _cut(dest: Path, start_s: float, seconds: float) -> Path:
    """A piece of the sample re-encoded by the lame CLI (so it has a LAME header, like the sample)."""
    wav = dest.with_suffix(".wav")
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", str(start_s), "-t", str(seconds)),
            *("-i", str(REPO / "media" / "always-alone.mp3"), "-ac", "1", "-ar", "22050", str(wav)),
        ],
        check=True,
    )
    subprocess.run(
        ["lame", "--quiet", "-m", "m", "--cbr", "-b", "64", str(wav), str(dest)], check=True
    )
    wav.unlink()
    return dest


@pytest.fixture(scope="module")
def excerpt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _cut(tmp_path_factory.mktemp("excerpt") / "excerpt.mp3", 0, EXCERPT_S)


# --- dynamic time warping -------------------------------------------------------------


def _full_dtw_cost(a: np.ndarray, r: np.ndarray) -> float:
    """Textbook O(n·m) DTW with the same steps, as an independent reference."""
    cost = 1.0 - a @ r.T
    acc = np.full((len(a) + 1, len(r) + 1), np.inf)
    acc[0, 0] = 0.0
    for i in range(1, len(a) + 1):
        for j in range(1, len(r) + 1):
            acc[i, j] = cost[i - 1, j - 1] + min(acc[i - 1, j - 1], acc[i - 1, j], acc[i, j - 1])
    return float(acc[-1, -1])


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_banded_dtw_with_a_full_band_matches_the_textbook_algorithm() -> None:
    rng = np.random.default_rng(7)
    for n, m in ((30, 30), (41, 23), (17, 52)):
        a, r = _unit(rng.standard_normal((n, 5))), _unit(rng.standard_normal((m, 5)))
        path = dtw(a, r, np.zeros(n, np.int64), np.full(n, m, np.int64))
        assert path.costs.sum() == pytest.approx(_full_dtw_cost(a, r), rel=1e-5)
        assert (path.rows[0], path.cols[0]) == (0, 0)
        assert (path.rows[-1], path.cols[-1]) == (n - 1, m - 1)
        steps = np.stack([np.diff(path.rows), np.diff(path.cols)], axis=1)
        assert {tuple(s) for s in steps} <= {(1, 1), (1, 0), (0, 1)}


def test_banded_dtw_recovers_a_known_warp_and_stores_only_the_band() -> None:
    rng = np.random.default_rng(3)
    r = _unit(rng.standard_normal((400, 12)))
    # the "audio" plays the reference at a varying speed: each frame 1-3 times
    repeats = rng.integers(1, 4, len(r))
    truth = np.repeat(np.arange(len(r)), repeats)
    a = _unit(r[truth] + 0.1 * rng.standard_normal((len(truth), 12)))
    lo, hi = diagonal_band(len(a), len(r), 60)
    path = dtw(a, r, lo, hi)
    assert np.abs(path.cols - truth[path.rows]).max() <= 1
    assert path.cells <= len(a) * 121 < len(a) * len(r)


# --- text ------------------------------------------------------------------------------


def test_sentences_split_at_sentence_ends_only() -> None:
    text = "Welcome to Spotlight. I’m Roger Basick. Mr. Ito said “Why?” And he left… Then 3 more."
    assert [s.text for s in split_sentences(text)] == [
        "Welcome to Spotlight.",
        "I’m Roger Basick.",
        "Mr. Ito said “Why?”",
        "And he left…",
        "Then 3 more.",
    ]
    assert count_words("Ito’s life is the same, the next day.") == 8


# --- accuracy on an excerpt of the sample ------------------------------------------------


def test_excerpt_turn_starts_are_within_the_targets(excerpt: Path) -> None:
    transcript = Transcript(_sample().cues[:EXCERPT_TURNS], "excerpt.txt")
    result = align(transcript, excerpt, language="en")
    truth = np.array([t["start_ms"] for t in TRUTH[:EXCERPT_TURNS]])
    errors = np.abs(np.array([t.start_ms for t in result.turns]) - truth)
    assert errors.max() <= 1000, errors
    assert np.mean(errors <= 500) >= 0.9, errors
    ends = np.array([t.end_ms for t in result.turns])
    assert np.abs(ends - np.array([t["end_ms"] for t in TRUTH[:EXCERPT_TURNS]])).max() <= 1000
    assert all(a.end_ms <= b.start_ms for a, b in zip(result.turns, result.turns[1:], strict=False))
    assert result.score >= 0.2
    timed = result.timed(transcript)
    assert timed.timed and [c.text for c in timed.cues] == [c.text for c in transcript.cues]
    assert [c.speaker for c in timed.cues] == ["Voice 1", "Voice 2", "Voice 1", "Voice 2"]


def test_alignment_is_deterministic(excerpt: Path) -> None:
    transcript = Transcript(_sample().cues[:2], "two.txt")
    short = excerpt.with_name("two.mp3")
    if not short.exists():
        _cut(short, 0, 21.0)
    first = align(transcript, short, language="en", snap_policy="off")
    assert align(transcript, short, language="en", snap_policy="off") == first


# --- bad inputs --------------------------------------------------------------------------


def test_empty_transcript_is_refused(excerpt: Path) -> None:
    with pytest.raises(AlignError) as info:
        align(Transcript((), "episodes/e/transcript.txt"), excerpt)
    assert str(info.value) == (
        "episodes/e/transcript.txt has no speaker turns; there is nothing to align"
    )


def test_audio_too_short_for_the_text_is_refused(tmp_path: Path) -> None:
    clip = _cut(tmp_path / "clip.mp3", 0, 10.0)
    transcript = Transcript(_sample().cues[:EXCERPT_TURNS], "t.txt")
    with pytest.raises(AlignError) as info:
        align(transcript, clip, audio_display="media/clip.mp3")
    assert str(info.value) == (
        "media/clip.mp3 is too short for t.txt: 195 words in 0:10 of audio is 1170 words a "
        "minute, but the aligner accepts 40–300 (people speak about 100–200); is this the "
        "right audio for this transcript?"
    )


def test_audio_too_long_for_the_text_is_refused(excerpt: Path) -> None:
    transcript = Transcript(_sample().cues[:1], "t.txt")
    with pytest.raises(AlignError) as info:
        align(transcript, excerpt, audio_display="media/x.mp3")
    assert str(info.value).startswith(
        "media/x.mp3 is too long for t.txt: 6 words in 1:52 of audio is 3 words a minute"
    )


GERMAN = """\
Voice 1
Willkommen bei Spotlight. Ich bin Roger Basick.

Voice 2
Und ich bin Alice Irizarry. Spotlight verwendet eine besondere englische Methode des \
Rundfunks. Sie ist für Menschen leichter zu verstehen, egal wo auf der Welt sie leben.

Voice 1
Ito wacht um sechs Uhr abends auf. Er trägt dieselbe Kleidung wie gestern. Sein \
vollgestopftes Zimmer ist voller leerer Getränkeflaschen und Essensverpackungen. Ein \
riesiger Schreibtisch nimmt eine Seite des Zimmers ein. Wenn Ito aufwacht, macht er sich \
nicht für den Unterricht fertig. Er macht sich nicht für die Arbeit fertig. Stattdessen \
geht er zu seinem Computer. Und er spielt den ganzen Tag Videospiele. Manchmal kommt seine \
Mutter und bringt ihm Essen. Er dankt ihr, sagt aber sonst nichts. Itos Leben ist am \
nächsten Tag und am übernächsten Tag dasselbe. Er hat seit drei Jahren keine anderen \
Menschen gesehen.

Voice 2
Ito ist einer der Hikikomori Japans. Ein Hikikomori ist jemand in Japan, der sich aus der \
Gesellschaft zurückzieht. Meistens sind es junge Männer. Sie isolieren sich von anderen \
Menschen. Und sie sind auf ihre Eltern angewiesen, um zu überleben. Heute leben vielleicht \
eine Million Menschen wie Ito. Aber warum? Im heutigen Spotlight geht es um die Hikikomori.
"""


@pytest.mark.parametrize("language", ["en", "de"])
def test_transcript_in_another_language_is_refused(
    excerpt: Path, tmp_path: Path, language: str
) -> None:
    path = tmp_path / "transcript.txt"
    path.write_text(GERMAN, encoding="utf-8")
    german, problems = read_transcript(path, "episodes/e/transcript.txt")
    assert german is not None and not problems
    with pytest.raises(AlignError) as info:
        align(german, excerpt, language=language, audio_display="media/e.mp3")
    message = str(info.value)
    assert message.startswith("episodes/e/transcript.txt does not match the speech in media/e.mp3")
    assert message.endswith(
        f"is the transcript in the audio's language ({language}) and is it the transcript "
        "of this audio?"
    )


def test_wrong_part_of_the_script_is_refused(excerpt: Path) -> None:
    other = Transcript(_sample().cues[8:12], "other.txt")
    with pytest.raises(AlignError, match=r"^other.txt does not match the speech in "):
        align(other, excerpt)


# --- the command --------------------------------------------------------------------------


def _excerpt_show(root: Path, excerpt: Path) -> Path:
    """The sample show cut down to its first four turns (audio, script, voices, chapters)."""
    copy_sample(root)
    folder = root / "episodes" / "always-alone"
    meta = yaml.safe_load((folder / "episode.yaml").read_text(encoding="utf-8"))
    meta["voices"] = {k: v for k, v in meta["voices"].items() if k in ("Voice 1", "Voice 2")}
    meta["chapters"] = meta["chapters"][:3]
    meta["transcript"] = "transcript.txt"
    (folder / "episode.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    blocks = SAMPLE_TXT.read_text(encoding="utf-8").strip().split("\n\n")[:EXCERPT_TURNS]
    (folder / "transcript.txt").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    (folder / "transcript.vtt").unlink()
    shutil.copyfile(excerpt, root / "media" / "always-alone.mp3")
    return root


def test_align_command_writes_a_timed_vtt_and_never_touches_the_script(
    tmp_path: Path, excerpt: Path
) -> None:
    import webvtt

    root = _excerpt_show(tmp_path / "show", excerpt)
    folder = root / "episodes" / "always-alone"
    script_hash = hashlib.sha256((folder / "transcript.txt").read_bytes()).hexdigest()
    runner = CliRunner()
    result = runner.invoke(main, ["align", "-C", str(root), "always-alone"])
    assert result.exit_code == 0, result.output
    assert "wrote episodes/always-alone/transcript.vtt: 4 turns, match score" in result.output
    assert "sets transcript: transcript.txt; set it to transcript.vtt" in result.output
    assert hashlib.sha256((folder / "transcript.txt").read_bytes()).hexdigest() == script_hash
    captions = webvtt.read(str(folder / "transcript.vtt"))
    assert [c.voice for c in captions] == ["Voice 1", "Voice 2", "Voice 1", "Voice 2"]
    starts = [c.start_in_seconds * 1000 + int(c.start.split(".")[1]) for c in captions]
    truth = [t["start_ms"] for t in TRUTH[:EXCERPT_TURNS]]
    assert max(abs(a - b) for a, b in zip(starts, truth, strict=True)) <= 1000
    written = (folder / "transcript.vtt").read_bytes()

    again = runner.invoke(main, ["align", "-C", str(root), "always-alone"])
    assert again.exit_code == 1
    assert again.output.strip().endswith(
        "error: episodes/always-alone/transcript.vtt already exists; it is the episode's "
        "timed transcript (--force replaces it)"
    )
    skipped = runner.invoke(main, ["align", "-C", str(root), "--all"])
    assert skipped.exit_code == 0
    assert "skipped always-alone: episodes/always-alone/transcript.vtt exists" in skipped.output
    forced = runner.invoke(main, ["align", "-C", str(root), "--all", "--force"])
    assert forced.exit_code == 0, forced.output
    assert (folder / "transcript.vtt").read_bytes() == written  # deterministic


def test_align_command_reports_an_unknown_episode(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "show")
    result = CliRunner().invoke(main, ["align", "-C", str(root), "nope"])
    assert result.exit_code == 1
    assert "episodes/: no episode folder named 'nope'" in result.output


def test_a_missing_synthesizer_is_named_with_its_package(
    excerpt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None
    (bin_dir / "ffmpeg").symlink_to(ffmpeg)
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(AlignError) as info:
        align(Transcript(_sample().cues[:EXCERPT_TURNS], "t.txt"), excerpt)
    assert str(info.value) == (
        "espeak-ng is not installed; alignment needs it to speak the transcript "
        "(Debian/Ubuntu: apt-get install espeak-ng)"
    )


def test_music_before_the_first_words_is_skipped(excerpt: Path, tmp_path: Path) -> None:
    """Audio the script does not contain (a 20 s jingle) must not pull turn 1 to 0:00."""
    import wave

    jingle = tmp_path / "jingle.wav"
    rate = 22050
    t = np.arange(20 * rate) / rate
    chord = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.0, 330.0))
    tone = 0.05 * chord * (0.6 + 0.4 * np.sin(2 * np.pi * 0.5 * t))
    with wave.open(str(jingle), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((tone * 32767).astype("<i2").tobytes())
    joined = tmp_path / "with-intro.mp3"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(jingle), "-i", str(excerpt)),
            *("-filter_complex", "[0:a][1:a]concat=n=2:v=0:a=1", "-ac", "1", "-ar", "22050"),
            *("-c:a", "libmp3lame", "-b:a", "64k", str(joined)),
        ],
        check=True,
    )
    transcript = Transcript(_sample().cues[:EXCERPT_TURNS], "excerpt.txt")
    result = align(transcript, joined)
    truth = np.array([t["start_ms"] for t in TRUTH[:EXCERPT_TURNS]]) + 20_000
    errors = np.abs(np.array([t.start_ms for t in result.turns]) - truth)
    assert errors.max() <= 1000, errors
