"""Checks of a timed transcript against the plain script and the audio, for ``check``.

A timed transcript made by ``align`` drifts when the script is edited afterwards,
or when someone corrects times by hand. :func:`verify_timed` reports, as
:class:`~spotlight_feed.errors.Problem` entries naming the timed file, its line
and cue:

* text that no longer matches the script (turns compared in order, speaker
  labels and words; consecutive cues of one speaker count as one turn, so
  a transcript split into sentence cues still matches);
* cues out of order (a start before the previous cue's start) or ending before
  they start;
* cues past the audio's end;
* long stretches of speech with no cue: more than :data:`MAX_UNCOVERED_SPEECH_S`
  seconds of loud 10 ms frames inside a gap between cues (needs the audio's
  energy envelope, from :func:`speech_envelope`).

The first three need only the two transcripts and the duration; the last needs
numpy and ffmpeg (the ``align`` extra), so callers pass ``speech=None`` without it.
:func:`check_episode` does all of it for one loaded episode.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..model import Episode
from ..timefmt import hms
from ..transcript import read_transcript
from ..transcript.model import Cue, Transcript

MAX_UNCOVERED_SPEECH_S = 5.0
"""Speech outside every cue longer than this (in one gap) is reported."""
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class SpeechMap:
    """Which 10 ms frames of the audio are speech (loud), from the energy envelope."""

    loud: tuple[bool, ...]
    frame_ms: int = 10

    def speech_ms(self, start_ms: int, end_ms: int) -> int:
        """Milliseconds of loud frames in ``[start_ms, end_ms)``."""
        first = max(0, start_ms // self.frame_ms)
        last = min(len(self.loud), end_ms // self.frame_ms)
        return sum(self.loud[first:last]) * self.frame_ms


def speech_envelope(audio: Path, display: str) -> SpeechMap:
    """Decode *audio* and mark its speech frames (needs the ``align`` extra and ffmpeg)."""
    from .decode import RATE, decode
    from .snap import BELOW_LEVEL_DB, envelope

    env = envelope(decode(audio, display), RATE)
    threshold = max(env.level_db - BELOW_LEVEL_DB, env.floor_db + 10.0)
    return SpeechMap(tuple(bool(x) for x in (env.db > threshold)))


def verify_timed(
    timed: Transcript,
    plain: Transcript | None,
    *,
    audio_ms: int | None = None,
    speech: SpeechMap | None = None,
) -> list[Problem]:
    """Every problem of *timed* against *plain*, the audio's duration and its speech."""
    where = timed.source or "transcript"
    problems: list[Problem] = []
    if plain is not None:
        problems += _text_problems(timed, plain)
    previous: Cue | None = None
    for n, cue in enumerate(timed.cues, start=1):
        if cue.start_ms is None or cue.end_ms is None:
            problems.append(Problem(where, cue.line or None, f"cue {n}", "has no times"))
            continue
        if cue.end_ms <= cue.start_ms:
            problems.append(
                Problem(
                    where,
                    cue.line or None,
                    f"cue {n}",
                    f"ends at {hms(cue.end_ms)}, not after its start ({hms(cue.start_ms)})",
                )
            )
        if (
            previous is not None
            and previous.start_ms is not None
            and cue.start_ms < previous.start_ms
        ):
            problems.append(
                Problem(
                    where,
                    cue.line or None,
                    f"cue {n}",
                    f"starts at {hms(cue.start_ms)}, before cue {n - 1} "
                    f"({hms(previous.start_ms)}); cues must be in order",
                )
            )
        if audio_ms is not None and cue.end_ms > audio_ms:
            problems.append(
                Problem(
                    where,
                    cue.line or None,
                    f"cue {n}",
                    f"ends at {hms(cue.end_ms)}, after the end of the audio ({hms(audio_ms)})",
                )
            )
        previous = cue
    if speech is not None:
        problems += _uncovered(timed, speech, audio_ms, where)
    return problems


def _turns(transcript: Transcript) -> list[tuple[str | None, list[str], Cue]]:
    """Consecutive cues of one speaker merged: (speaker, words, first cue)."""
    out: list[tuple[str | None, list[str], Cue]] = []
    for cue in transcript.cues:
        words = _WORD.findall(cue.text.lower())
        if out and out[-1][0] == cue.speaker:
            out[-1][1].extend(words)
        else:
            out.append((cue.speaker, words, cue))
    return out


def _text_problems(timed: Transcript, plain: Transcript) -> list[Problem]:
    where = timed.source or "transcript"
    script = plain.source or "the script"
    mine, theirs = _turns(timed), _turns(plain)
    for k, ((speaker, words, cue), (p_speaker, p_words, p_cue)) in enumerate(
        zip(mine, theirs, strict=False), start=1
    ):
        at = f"{script}:{p_cue.line}" if p_cue.line else script
        if speaker != p_speaker:
            return [
                Problem(
                    where,
                    cue.line or None,
                    f"turn {k}",
                    f"speaker '{speaker}' here, '{p_speaker}' in the script ({at}) {_hint(where)}",
                )
            ]
        if words != p_words:
            i = next(
                (i for i, (a, b) in enumerate(zip(words, p_words, strict=False)) if a != b),
                min(len(words), len(p_words)),
            )
            got = " ".join(words[max(0, i - 2) : i + 3]) or "(end of turn)"
            want = " ".join(p_words[max(0, i - 2) : i + 3]) or "(end of turn)"
            return [
                Problem(
                    where,
                    cue.line or None,
                    f"turn {k}",
                    f"text differs from the script ({at}) at word {i + 1}: '{got}' here, "
                    f"'{want}' there {_hint(where)}",
                )
            ]
    if len(mine) != len(theirs):
        return [
            Problem(
                where,
                None,
                "",
                f"has {len(mine)} speaker turns but the script ({script}) has {len(theirs)} "
                f"{_hint(where)}",
            )
        ]
    return []


def _hint(timed_source: str) -> str:
    """What to do about a timed transcript that disagrees with the script beside it.

    Only ``transcript.vtt`` can be ``align``'s output; for any other timed file
    (an ``.srt`` from a captioning service, say) re-aligning is no advice.
    """
    if timed_source.endswith("/transcript.vtt") or timed_source == "transcript.vtt":
        return "(re-run spotlight-feed align --force, or fix it by hand)"
    return "(fix one of them by hand, or remove the script if it is not this episode's)"


def _uncovered(
    timed: Transcript, speech: SpeechMap, audio_ms: int | None, where: str
) -> list[Problem]:
    end = audio_ms if audio_ms is not None else len(speech.loud) * speech.frame_ms
    spans = sorted(
        (c.start_ms, c.end_ms)
        for c in timed.cues
        if c.start_ms is not None and c.end_ms is not None
    )
    gaps: list[tuple[int, int]] = []
    covered = 0
    for start, stop in spans:
        if start > covered:
            gaps.append((covered, start))
        covered = max(covered, stop)
    if end > covered:
        gaps.append((covered, end))
    out = []
    for first, last in gaps:
        loud = speech.speech_ms(first, last)
        if loud > MAX_UNCOVERED_SPEECH_S * 1000:
            out.append(
                Problem(
                    where,
                    None,
                    "",
                    f"{loud / 1000:.1f} s of speech between {hms(first)} and {hms(last)} "
                    "is in no cue (a turn missing from the transcript, or times that are off)",
                )
            )
    return out


def check_episode(episode: Episode, *, listen: bool = True) -> list[Problem]:
    """All :func:`verify_timed` problems of one loaded episode, for ``spotlight-feed check``.

    Applies when the episode's transcript source is timed; the script it is compared
    with is ``transcript.txt`` in the episode folder, if there is one. With *listen*
    (and numpy and ffmpeg available) the audio is decoded to find uncovered speech.
    """
    timed = episode.transcript
    if timed is None or not timed.timed:
        return []
    plain = None
    script = episode.folder / "transcript.txt"
    if episode.transcript_path != script and script.is_file():
        plain, problems = read_transcript(script, f"episodes/{episode.slug}/transcript.txt")
        if problems:
            return problems
    speech = None
    if listen and shutil.which("ffmpeg"):
        try:
            speech = speech_envelope(episode.audio_path, episode.audio_display)
        except ImportError:  # numpy is the optional align extra
            speech = None
    audio_ms = episode.audio.duration_ms if episode.audio is not None else None
    return verify_timed(timed, plain, audio_ms=audio_ms, speech=speech)
