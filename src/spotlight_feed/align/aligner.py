"""Align an untimed transcript to its audio: find when every turn and sentence is spoken.

Method (aeneas-style, measured in docs/benchmarks.md): speak the transcript with
a synthesizer (:mod:`.synth`), so the reference time of every sentence is known;
compute MFCC features of the reference and of the audio (:mod:`.features`); warp
one onto the other with banded DTW (:mod:`.dtw`); carry each sentence's reference
onset and end across the warping path (:mod:`.map`); optionally snap them to
pause edges (:mod:`.snap`). A turn starts where its first sentence starts and
ends where its last sentence ends.

Before any of that, and after it, the inputs are sanity-checked, and a clear
:class:`~.errors.AlignError` is raised instead of writing timings that cannot be
right: no words, audio far too short or too long for the words, or a poor match
between reference and audio (another language, another text).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..transcript.model import Cue, Transcript
from . import confidence
from .decode import RATE, decode
from .dtw import Path as WarpPath
from .dtw import coarse_path, refine
from .errors import AlignError
from .features import frame_at, mfcc
from .map import map_ends, map_starts
from .snap import SnapPolicy, envelope, leave_pauses, should_snap, snap
from .synth import synthesize
from .text import Sentence, speakable, speech_units, split_sentences

MIN_WPM = 40
MAX_WPM = 300
"""Words per minute of audio the aligner accepts (people speak about 100–200)."""
MIN_CPM = 60
MAX_CPM = 900
"""Characters per minute accepted for Chinese and Japanese (one kana or Han character is about
a syllable or mora: Mandarin is spoken at about 200–300 syllables a minute, Japanese at
about 300–450 morae)."""
MIN_SENTENCE_MS = 300
"""Sentences shorter than this in the audio are not given a cue of their own."""


@dataclass(frozen=True)
class Span:
    """When something is spoken in the audio, in milliseconds."""

    start_ms: int
    end_ms: int
    score: float
    """How well the text matched the audio inside it (see :mod:`.confidence`)."""


@dataclass(frozen=True)
class Alignment:
    """The result: one span per turn, one per sentence, and how sure the aligner is."""

    turns: tuple[Span, ...]
    sentences: tuple[tuple[Sentence, Span], ...]
    audio_ms: int
    score: float
    snr_db: float
    snapped: bool
    band_cells: int
    phrases: tuple[tuple[int, int, int], ...] = ()
    """``(sentence, offset, ms)``: the phrase at ``text[offset:]`` of sentence number
    *sentence* (an index into :attr:`sentences`) is spoken from *ms*; inside the sentence."""

    def timed(self, transcript: Transcript, *, by_sentence: bool = False) -> Transcript:
        """*transcript* with times filled in: one cue per turn, or per sentence where reliable.

        Text and labels are unchanged (sentence cues split a turn's text at the spaces
        between sentences). A sentence gets its own cue only when it lasts at least
        :data:`MIN_SENTENCE_MS` and its match score is at least
        :data:`~.confidence.TURN_MIN_SCORE`; otherwise it stays with the sentence before it.
        """
        cues: list[Cue] = []
        for k, (cue, span) in enumerate(zip(transcript.cues, self.turns, strict=True)):
            if not by_sentence:
                cues.append(Cue(span.start_ms, span.end_ms, cue.speaker, cue.text, cue.line))
                continue
            groups: list[list[tuple[Sentence, Span]]] = []
            for sentence, s_span in self.sentences:
                if sentence.turn != k:
                    continue
                if groups and not self._reliable(s_span):
                    groups[-1].append((sentence, s_span))
                else:
                    groups.append([(sentence, s_span)])
            for g, group in enumerate(groups):
                first_char = 0 if g == 0 else group[0][0].start_char
                last_char = (
                    len(cue.text) if g == len(groups) - 1 else groups[g + 1][0][0].start_char
                )
                start = span.start_ms if g == 0 else group[0][1].start_ms
                end = span.end_ms if g == len(groups) - 1 else groups[g + 1][0][1].start_ms
                text = cue.text[first_char:last_char].strip()
                cues.append(Cue(start, max(end, start + 1), cue.speaker, text, cue.line))
        return Transcript(tuple(cues), transcript.source)

    def marked(self, transcript: Transcript, *, keep_turn_times: bool = False) -> Transcript:
        """*transcript* one cue per turn, with the start of every sentence as a mark.

        The marks (``Cue.marks``, written as WebVTT inline timestamps) are what the caption
        cutter times captions from. Every sentence lasting at least :data:`MIN_SENTENCE_MS`
        gets one, whatever its match score: measured on the sample and its seven degraded
        copies, every sentence start was within 0.09 s of the truth, those with a negative
        score (1 to 11 a condition) within 0.06 s, so the score does not tell a good start
        from a bad one (docs/benchmarks.md, Caption timing). With
        *keep_turn_times* (``align --refine``), each turn keeps the times it had (an
        editor's measured turn times) and only marks strictly inside them are kept.
        """
        cues: list[Cue] = []
        for k, (cue, span) in enumerate(zip(transcript.cues, self.turns, strict=True)):
            start, end = span.start_ms, span.end_ms
            if keep_turn_times and cue.start_ms is not None and cue.end_ms is not None:
                start, end = cue.start_ms, cue.end_ms
            marks: list[tuple[int, int]] = []
            for at, ms in self._turn_marks(k):
                prev_at, prev_ms = marks[-1] if marks else (0, start)
                if prev_at < at < len(cue.text) and prev_ms < ms < end:
                    marks.append((at, ms))
            cues.append(
                Cue(start, end, cue.speaker, cue.text, cue.line, cue.emphasis, tuple(marks))
            )
        return Transcript(tuple(cues), transcript.source)

    def _turn_marks(self, turn: int) -> list[tuple[int, int]]:
        """Measured starts inside turn *turn*: sentences after its first, and phrases."""
        phrases: dict[int, list[tuple[int, int]]] = {}
        for k, at, ms in self.phrases:
            phrases.setdefault(k, []).append((at, ms))
        out: list[tuple[int, int]] = []
        for k, (sentence, s_span) in enumerate(self.sentences):
            if sentence.turn != turn:
                continue
            if sentence.index and s_span.end_ms - s_span.start_ms >= MIN_SENTENCE_MS:
                out.append((sentence.start_char, s_span.start_ms))
            out += [(sentence.start_char + at, ms) for at, ms in phrases.get(k, ())]
        return out

    @staticmethod
    def _reliable(span: Span) -> bool:
        return span.end_ms - span.start_ms >= MIN_SENTENCE_MS and span.score >= (
            confidence.TURN_MIN_SCORE
        )

    @property
    def doubtful_turns(self) -> list[int]:
        """0-based indices of turns matched poorly (worth a listen)."""
        limit = confidence.TURN_MIN_SCORE
        return [k for k, span in enumerate(self.turns) if span.score < limit]


def align(
    transcript: Transcript,
    audio: Path,
    *,
    language: str | None = "en",
    snap_policy: SnapPolicy = "auto",
    audio_display: str | None = None,
) -> Alignment:
    """Align *transcript* (untimed or timed; times are ignored) to the audio file *audio*."""
    shown = audio_display or str(audio)
    where = transcript.source or "the transcript"
    sentences = _sentences(transcript, where)
    pcm = decode(audio, shown)
    audio_s = len(pcm) / RATE
    _check_rate(speech_units(" ".join(c.text for c in transcript.cues)), audio_s, where, shown)
    # features and envelope first, then let the samples go: audio and reference
    # samples are never in memory together (an hour is 110 MB of 16 kHz audio)
    env = envelope(pcm, RATE)
    fa = mfcc(pcm, RATE)
    del pcm
    reference = synthesize(sentences, language)
    ref_rate, ref_starts, ref_ends = reference.rate, reference.starts, reference.ends
    ref_phrases = reference.phrases
    fr = mfcc(reference.samples, ref_rate)
    del reference
    ref_frames = (frame_at(ref_starts, ref_rate, len(fr)), frame_at(ref_ends, ref_rate, len(fr)))
    coarse = coarse_path(fa, fr)
    fake = coarse_path(fa, confidence.decoy(fr, *ref_frames))
    score = confidence.score(coarse, fake)
    if score < confidence.MIN_SCORE:
        raise AlignError(
            f"{where} does not match the speech in {shown} (match score {score:.2f}, at least "
            f"{confidence.MIN_SCORE:.2f} expected): is the transcript in the audio's language "
            f"({language or 'en'}) and is it the transcript of this audio?"
        )
    path = refine(coarse, fa, fr)
    n = len(ref_starts)
    onsets = np.concatenate([ref_starts, np.array([t for _, _, t in ref_phrases], np.float64)])
    starts = map_starts(path, onsets, ref_rate, RATE, len(fr))
    ends = map_ends(path, ref_ends, ref_rate, RATE, len(fr))
    snapped = should_snap(snap_policy, env)
    if snapped:
        starts = snap(starts, env, onsets=True)
        ends = snap(ends, env, onsets=False)
    elif snap_policy == "auto":
        starts = leave_pauses(starts, env)
    alignment = _assemble(
        sentences,
        starts[:n],
        ends,
        audio_s,
        (coarse, fake),
        ref_frames,
        score,
        env.snr_db,
        snapped,
        path.cells + coarse.cells,
    )
    return replace(alignment, phrases=_phrases(alignment, ref_phrases, starts[n:]))


def _phrases(
    alignment: Alignment, ref: tuple[tuple[int, int, float], ...], starts: NDArray[np.float64]
) -> tuple[tuple[int, int, int], ...]:
    """Phrase starts in ms, kept only strictly inside their sentence and in order."""
    out: list[tuple[int, int, int]] = []
    for (k, at, _), start in zip(ref, starts.tolist(), strict=True):
        span = alignment.sentences[k][1]
        ms = round(start * 1000)
        floor = out[-1][2] if out and out[-1][0] == k else span.start_ms
        if floor < ms < span.end_ms:
            out.append((k, at, ms))
    return tuple(out)


def _sentences(transcript: Transcript, where: str) -> list[Sentence]:
    if not transcript.cues:
        raise AlignError(f"{where} has no speaker turns; there is nothing to align")
    out: list[Sentence] = []
    for k, cue in enumerate(transcript.cues):
        found = [s for s in split_sentences(cue.text, k) if speakable(s.text)]
        if not found:
            raise AlignError(
                f"{where}:{cue.line}: turn {k + 1} has no words to speak; "
                "every turn needs text to align"
            )
        out += [Sentence(k, n, s.text, s.start_char, s.end_char) for n, s in enumerate(found)]
    return out


def _check_rate(units: tuple[int, str], audio_s: float, where: str, shown: str) -> None:
    count, unit = units
    if audio_s < 1.0:
        raise AlignError(f"{shown} has {audio_s:.1f} s of audio; there is nothing to align to")
    low, high, usual = (
        (MIN_CPM, MAX_CPM, "200–450") if unit == "characters" else (MIN_WPM, MAX_WPM, "100–200")
    )
    rate = count / (audio_s / 60)
    if low <= rate <= high:
        return
    verdict = "too short" if rate > high else "too long"
    raise AlignError(
        f"{shown} is {verdict} for {where}: {count} {unit} in {_clock(audio_s)} of audio is "
        f"{rate:.0f} {unit} a minute, but the aligner accepts {low}–{high} "
        f"(people speak about {usual}); is this the right audio for this transcript?"
    )


def _assemble(
    sentences: list[Sentence],
    starts: NDArray[np.float64],
    ends: NDArray[np.float64],
    audio_s: float,
    paths: tuple[WarpPath, WarpPath],
    ref_frames: tuple[NDArray[np.int64], NDArray[np.int64]],
    score: float,
    snr_db: float,
    snapped: bool,
    cells: int,
) -> Alignment:
    start_ms = np.rint(np.maximum.accumulate(np.clip(starts, 0, audio_s)) * 1000).astype(np.int64)
    end_ms = np.rint(np.clip(ends, 0, audio_s) * 1000).astype(np.int64)
    n = len(sentences)
    # a sentence ends after it starts and no later than the next one starts
    nxt = np.append(start_ms[1:], round(audio_s * 1000))
    end_ms = np.minimum(np.maximum(end_ms, start_ms + 1), np.maximum(nxt, start_ms + 1))
    sentence_scores = [
        confidence.score(*paths, int(ref_frames[0][k]), int(ref_frames[1][k])) for k in range(n)
    ]
    spans = [Span(int(start_ms[k]), int(end_ms[k]), sentence_scores[k]) for k in range(n)]
    turns: list[Span] = []
    n_turns = sentences[-1].turn + 1
    for t in range(n_turns):
        idx = [k for k, s in enumerate(sentences) if s.turn == t]
        first, last = idx[0], idx[-1]
        turns.append(
            Span(
                spans[first].start_ms,
                spans[last].end_ms,
                confidence.score(*paths, int(ref_frames[0][first]), int(ref_frames[1][last])),
            )
        )
    return Alignment(
        tuple(turns),
        tuple(zip(sentences, spans, strict=True)),
        round(audio_s * 1000),
        score,
        snr_db,
        snapped,
        cells,
    )


def _clock(seconds: float) -> str:
    s = round(seconds)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
