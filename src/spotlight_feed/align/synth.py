"""Reference speech: the transcript spoken by Debian's ``espeak-ng``, sentence by sentence.

The aligner needs a recording of the transcript whose timing it knows. Each
sentence is synthesized by the ``espeak-ng`` program (GPL-3.0-or-later; run as a
separate process, so nothing of it is linked into this package), its leading and
trailing silence is trimmed, and the sentences are joined with fixed gaps, so the
reference onset and end of every sentence (and so of every turn) are known
exactly. espeak-ng 1.51 (Debian 12) is deterministic for a fixed input and voice, and
each sentence is a process of its own, so a few run at once and the reference is the same.

Phrases inside a sentence (after a comma, semicolon or colon:
:func:`~.text.phrase_starts`) get reference times too, without changing the reference:
espeak-ng speaks clause by clause, so the synthesis of a sentence's first phrases is,
sample for sample, the head of the whole sentence's synthesis (checked each time; a
phrase whose head differs is simply not timed), and the next phrase starts at the first
loud frame after that head. This costs one more synthesis per phrase (44 for the sample's
132 sentences).

The reference is deliberately unlike a podcast voice (``en-us`` at 175 words a
minute): the features compared are spectral shape, not voice, and a neutral,
fast reference keeps the dynamic-programming problem small. Other languages are
spoken by espeak-ng's voice for the episode's language (:func:`voice_for`:
Japanese ``ja``, Chinese ``cmn``, …), and a language it has no voice for is refused
with a clear message before any work is done.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import AlignError, ToolMissing
from .text import Sentence, for_synthesis, phrase_starts

SYNTH_RATE = 22050
"""espeak-ng's output sample rate."""
WORDS_PER_MINUTE = 175
SENTENCE_GAP_S = 0.25
TURN_GAP_S = 0.6
LEAD_S = 0.3
_TRIM_DBFS = -45.0
_TRIM_FRAME = 220  # 10 ms at 22.05 kHz


@dataclass(frozen=True)
class Reference:
    """The synthesized transcript and where each sentence's speech lies in it (seconds)."""

    samples: NDArray[np.int16]
    rate: int
    sentences: tuple[Sentence, ...]
    starts: NDArray[np.float64]
    ends: NDArray[np.float64]
    phrases: tuple[tuple[int, int, float], ...] = ()
    """``(sentence, offset, seconds)``: in sentence number *sentence*, the phrase starting at
    ``text[offset:]`` (:func:`~.text.phrase_starts`) is spoken from *seconds*."""


def voice_for(language: str | None, available: frozenset[str] | None = None) -> str:
    """The espeak-ng voice used as the reference for an ISO 639 language code.

    English is ``en-us``; Chinese (``zh``, ``zh-Hans``, ``zh-TW`` …) is espeak-ng's Mandarin
    ``cmn``; otherwise the code itself, else its primary language (``pt-BR`` -> ``pt-br``,
    then ``pt``). With *available* (the installed voices, :func:`installed_voices`), a
    language espeak-ng has no voice for is a clear :class:`AlignError`.
    """
    code = (language or "en").strip().lower().replace("_", "-")
    if code == "en" or code.startswith("en-"):
        return "en-us"
    if code == "zh" or code.startswith(("zh-", "cmn")):
        return "cmn"
    if available is None:
        return code
    primary = code.split("-", 1)[0]
    for candidate in (code, primary):
        if candidate in available:
            return candidate
    raise AlignError(
        f"espeak-ng has no voice for the language '{language}', so there is no reference "
        "speech to align to; set the episode's language: to one espeak-ng speaks "
        "(espeak-ng --voices lists them) or time the transcript by hand"
    )


def installed_voices(exe: str) -> frozenset[str]:
    """The language codes (and their aliases) of espeak-ng's installed voices."""
    proc = subprocess.run([exe, "--voices"], capture_output=True, check=False)
    codes: set[str] = set()
    for line in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 2:
            codes.add(fields[1].lower())
        codes.update(alias.lower() for alias in re.findall(r"\(([\w-]+) \d+\)", line))
    return frozenset(codes)


def synthesize(sentences: list[Sentence], language: str | None) -> Reference:
    """Speak every sentence with espeak-ng and join them; see the module docstring."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise ToolMissing(
            "espeak-ng is not installed; alignment needs it to speak the transcript "
            "(Debian/Ubuntu: apt-get install espeak-ng)"
        )
    voice = voice_for(language, installed_voices(exe))
    lead = round(LEAD_S * SYNTH_RATE)
    pieces: list[NDArray[np.int16]] = []
    gaps: list[int] = []
    length = lead
    starts: list[float] = []
    ends: list[float] = []
    phrases: list[tuple[int, int, float]] = []
    previous_turn: int | None = None
    # espeak-ng runs as a separate process per sentence: run a few at once (the order of the
    # results is the order of the sentences, and each run is deterministic on its own)
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        spoken = pool.map(lambda s: _sentence_audio(exe, voice, s.text), sentences)
        for sentence, (speech, onsets) in zip(sentences, spoken, strict=True):
            gap = 0
            if previous_turn is not None:
                gap_s = TURN_GAP_S if sentence.turn != previous_turn else SENTENCE_GAP_S
                gap = round(gap_s * SYNTH_RATE)
            previous_turn = sentence.turn
            length += gap
            starts.append(length / SYNTH_RATE)
            phrases += [(len(starts) - 1, at, (length + on) / SYNTH_RATE) for at, on in onsets]
            length += len(speech)
            ends.append(length / SYNTH_RATE)
            pieces.append(speech)
            gaps.append(gap)
    # assemble into one buffer, freeing each piece once copied (one copy in memory, not two)
    samples = np.zeros(length + round(LEAD_S * SYNTH_RATE), np.int16)
    at = lead
    pieces.reverse()
    for gap in gaps:
        piece = pieces.pop()
        at += gap
        samples[at : at + len(piece)] = piece
        at += len(piece)
    return Reference(
        samples,
        SYNTH_RATE,
        tuple(sentences),
        np.asarray(starts, np.float64),
        np.asarray(ends, np.float64),
        tuple(phrases),
    )


def _sentence_audio(
    exe: str, voice: str, text: str
) -> tuple[NDArray[np.int16], list[tuple[int, int]]]:
    """A sentence's trimmed speech, and ``(offset, sample)`` of each timed phrase in it."""
    raw = _speak(exe, voice, text)
    speech, first = _trim(raw)
    onsets = []
    for at in phrase_starts(text):
        onset = _phrase_onset(exe, voice, text[:at], raw)
        if onset is not None and first < onset < first + len(speech):
            onsets.append((at, onset - first))
    return speech, onsets


def _phrase_onset(exe: str, voice: str, head_text: str, whole: NDArray[np.int16]) -> int | None:
    """Sample in *whole* (a sentence's synthesis) where the phrase after *head_text* starts.

    espeak-ng speaks clause by clause, so the synthesis of the sentence's first phrases is
    the exact head of the sentence's: the next phrase starts at the first loud frame after
    it. ``None`` when the head is not exact (then the phrase is simply not timed).
    """
    head = _speak(exe, voice, head_text.rstrip())
    if len(head) >= len(whole) or not np.array_equal(whole[: len(head)], head):
        return None
    rest = whole[len(head) :]
    n = len(rest) // _TRIM_FRAME
    frames = rest[: n * _TRIM_FRAME].reshape(n, _TRIM_FRAME).astype(np.float64) / 32768.0
    loud = np.flatnonzero(np.mean(frames * frames, axis=1) > 10 ** (_TRIM_DBFS / 10))
    return None if len(loud) == 0 else len(head) + int(loud[0]) * _TRIM_FRAME


def _speak(exe: str, voice: str, text: str) -> NDArray[np.int16]:
    proc = subprocess.run(
        [exe, "-v", voice, "-s", str(WORDS_PER_MINUTE), "--stdout", "--stdin"],
        input=for_synthesis(text).encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip()
        raise AlignError(f"espeak-ng cannot speak language voice '{voice}': {detail}")
    return _wav_samples(proc.stdout)


def _wav_samples(data: bytes) -> NDArray[np.int16]:
    """16-bit mono PCM from espeak-ng's WAV on stdout (its size fields are not filled in)."""
    at = data.find(b"data", 12)
    if not data.startswith(b"RIFF") or at < 0:
        raise AlignError("espeak-ng wrote no WAV audio")
    pcm = data[at + 8 :]
    pcm = pcm[: len(pcm) // 2 * 2]
    return np.frombuffer(pcm, "<i2").astype(np.int16)


def _trim(samples: NDArray[np.int16]) -> tuple[NDArray[np.int16], int]:
    """Drop leading and trailing 10 ms frames below -45 dBFS (speech onset to end).

    Returns the speech and the index of its first sample in *samples*.
    """
    n = len(samples) // _TRIM_FRAME
    if n == 0:
        return samples, 0
    frames = samples[: n * _TRIM_FRAME].reshape(n, _TRIM_FRAME).astype(np.float64) / 32768.0
    loud = np.flatnonzero(np.mean(frames * frames, axis=1) > 10 ** (_TRIM_DBFS / 10))
    if len(loud) == 0:
        return samples[:0], 0
    first = int(loud[0]) * _TRIM_FRAME
    return samples[first : (int(loud[-1]) + 1) * _TRIM_FRAME], first
