#!/usr/bin/env python3
"""Build the sample episode's audio and its timed transcript from the plain transcript.

Reads ``episodes/always-alone/transcript.txt`` (blocks separated by a blank line; the first
line of a block is the speaker label ``Voice N``, the following line(s) the paragraph) and
writes:

* ``media/always-alone.mp3`` -- the spoken episode: CBR 64 kbit/s, mono, 22050 Hz, encoded
  by the ``lame`` CLI, which writes a Xing/LAME header so every decoder trims the encoder
  delay and padding (the timings below are exact in the decoded audio). No ID3 tag is
  written; the packager adds its own tags when it builds a release.
* ``episodes/always-alone/transcript.vtt`` -- the timed transcript source: one WebVTT cue
  per turn, ``<v Voice N>`` plus the turn's text exactly as published (paragraph lines joined
  with a single space, typos and curly quotes kept, only ``&``, ``<`` and ``>`` escaped).
  The committed file is this one refined by ``spotlight-feed align --refine always-alone``
  (the same cues plus the aligner's measured sentence starts as inline timestamps), so run
  that after this script.
* ``media/always-alone.turns.json`` -- ``[{"speaker", "start_ms", "end_ms"}, ...]`` per
  turn, the ground truth for the alignment benchmark.
* ``media/always-alone.sentences.json`` -- ``[{"turn", "sentence", "speaker", "start_ms",
  "end_ms", "text"}, ...]`` per sentence (the aligner's own sentence rule,
  ``spotlight_feed.align.text.split_sentences``), the ground truth for caption cue starts.
  The audio is not changed to get it: espeak-ng speaks a turn sentence by sentence, so the
  synthesis of the turn's first *k* sentences is, sample for sample, the start of the
  synthesis of the whole turn (the script checks that and fails otherwise). Sentence *k*
  starts at the first loud frame after the end of the first *k - 1* sentences' audio and
  ends at the end of the last loud frame before the first *k + 1* sentences' end.
* ``media/always-alone.phrases.json`` -- ``[{"turn", "sentence", "phrase", "start_ms",
  "text"}, ...]``: the true start of every phrase inside a sentence after its first (the
  aligner's rule, ``spotlight_feed.align.text.phrase_starts``: after a comma, semicolon or
  colon), found the same way from prefixes that end at a phrase break; the truth for
  captions that start inside a sentence.

Every turn is synthesized by Debian's ``espeak-ng`` CLI, one voice per speaker. The programme
says its voices came from the United States and the United Kingdom, so the hosts are US
voices and the quotes are read by US and UK "voice actors" (see ``VOICES``). The pace is a
slow, Spotlight-like ``-s 105`` (measured: about 110 words a minute of speech). The turns
are joined with a 0.5 s lead-in, 0.6 s pauses between turns and a 0.5 s tail (espeak-ng
ends each turn with its own sentence-final pause, so the audible gap between speakers is
about 1.3 s).

A turn's start is its speech onset: the first 10 ms frame of that turn's synthesized audio
whose RMS level is above -40 dBFS (turns that open with a quotation mark start with
0.2-0.3 s of silence inside the synthesizer's output); its end is the end of the last such
frame. Both are in milliseconds from the start of the final audio.

Requirements: ``apt-get install espeak-ng lame`` (measured with espeak-ng 1.51 and
LAME 3.100 on Debian 12). Only the Python standard library is used.

Usage, from anywhere (paths are relative to the repository root, found from this file)::

    python scripts/make_sample_audio.py

Determinism: espeak-ng 1.51 and LAME are deterministic for a fixed input, the turns are
synthesized in a fixed order, and nothing time- or host-dependent is written. Running the
script twice gives byte-identical MP3, VTT and JSON files (checked with ``sha256sum``).
Other espeak-ng versions (1.52 adds random breath noise to some variants) may give
different audio, so the MP3 and its timings are committed to the repository: builds and
tests need no synthesizer, and this script only has to be rerun when the transcript changes.
"""

from __future__ import annotations

import array
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TRANSCRIPT_TXT = REPO_ROOT / "episodes" / "always-alone" / "transcript.txt"
TRANSCRIPT_VTT = REPO_ROOT / "episodes" / "always-alone" / "transcript.vtt"
MP3_PATH = REPO_ROOT / "media" / "always-alone.mp3"
TURNS_JSON = REPO_ROOT / "media" / "always-alone.turns.json"
SENTENCES_JSON = REPO_ROOT / "media" / "always-alone.sentences.json"
PHRASES_JSON = REPO_ROOT / "media" / "always-alone.phrases.json"

#: espeak-ng voice (language voice file + variant) for each speaker label.
#: ``en`` is British English, ``en-gb-x-rp`` British Received Pronunciation, ``en-us``
#: American English. Note that ``en-gb+<variant>`` is *not* a valid name: the CLI silently
#: falls back to plain ``en`` and drops the variant, hence the check in ``check_voices``.
VOICES: dict[str, str] = {
    "Voice 1": "en-us+m3",  # Roger Basick, male host, US
    "Voice 2": "en-us+f3",  # Alice Irizarry, female host, US
    "Voice 3": "en-gb-x-rp+m1",  # quote (Masaki Ikegami), UK male
    "Voice 4": "en-us+m4",  # quote (Naohiro Kimura), US male, another variant
    "Voice 5": "en+m2",  # quote (Vosot Ikeida), UK male, another variant
    "Voice 6": "en+f2",  # quote (Maika Elanis), UK female
}

SPEED_WPM = 105  # espeak-ng -s: a slow, Spotlight-like pace
AMPLITUDE = 80  # espeak-ng -a (default 100): leaves headroom below 0 dBFS for the encoder
SAMPLE_RATE = 22050  # espeak-ng's native rate; the MP3 keeps it
LEAD_IN_S = 0.5
PAUSE_S = 0.6
TAIL_S = 0.5
FRAME_SAMPLES = round(SAMPLE_RATE * 0.010)  # 10 ms analysis frames
ONSET_DBFS = -40.0
BITRATE_KBPS = 64

FULL_SCALE = 32768.0
#: A frame is speech when its mean square exceeds this (RMS above ONSET_DBFS).
_ONSET_MEAN_SQUARE: float = (FULL_SCALE * 10.0 ** (ONSET_DBFS / 20.0)) ** 2
_VOICE_LABEL = re.compile(r"Voice [1-9][0-9]*")


@dataclass(frozen=True)
class Turn:
    """One speaker turn of the transcript."""

    speaker: str
    text: str


@dataclass(frozen=True)
class TimedTurn:
    """A turn with its speech onset and end in the final audio, in milliseconds."""

    speaker: str
    text: str
    start_ms: int
    end_ms: int


def parse_transcript(text: str) -> list[Turn]:
    """Split the plain transcript into turns: a ``Voice N`` line, then the paragraph."""
    turns: list[Turn] = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip("\n")):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        speaker = lines[0].strip()
        if not _VOICE_LABEL.fullmatch(speaker):
            raise ValueError(f"block does not start with a 'Voice N' label: {lines[0]!r}")
        if len(lines) < 2:
            raise ValueError(f"{speaker}: block has no text")
        # Join paragraph lines with a single space; keep the text itself as published.
        paragraph = " ".join(line.strip("\t\r\n ") for line in lines[1:])
        turns.append(Turn(speaker, paragraph))
    if not turns:
        raise ValueError("transcript has no turns")
    return turns


def _run(args: list[str], stdin: bytes | None = None) -> bytes:
    """Run a command, returning its stdout; raise with its stderr on failure."""
    proc = subprocess.run(args, input=stdin, capture_output=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} exited with {proc.returncode}: "
            f"{proc.stderr.decode('utf-8', 'replace').strip()}"
        )
    return proc.stdout


def _voice_files(listing: str) -> set[str]:
    """Return the (lower-case) file identifiers from an ``espeak-ng --voices`` listing."""
    files: set[str] = set()
    for line in listing.splitlines()[1:]:
        fields = line.split()
        # Pty Language Age/Gender VoiceName File [Other languages...]; only the File
        # column contains a "/" among the first five fields.
        for field in fields[3:5]:
            if "/" in field:
                files.add(field.lower())
    return files


def synthesize(text: str, voice: str, workdir: Path) -> array.array[int]:
    """Synthesize ``text`` with espeak-ng and return 16-bit mono samples at SAMPLE_RATE."""
    wav_path = workdir / "turn.wav"
    # Non-breaking spaces are plain spaces to the synthesizer.
    spoken = text.replace("\u00a0", " ")
    _run(
        [
            "espeak-ng",
            "-v",
            voice,
            "-s",
            str(SPEED_WPM),
            "-a",
            str(AMPLITUDE),
            "-b",
            "1",
            "-w",
            str(wav_path),
            "--stdin",
        ],
        stdin=spoken.encode("utf-8"),
    )
    with wave.open(str(wav_path), "rb") as wav:
        if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (1, 2, SAMPLE_RATE):
            raise RuntimeError(
                f"espeak-ng wrote {wav.getnchannels()} ch, {8 * wav.getsampwidth()} bit, "
                f"{wav.getframerate()} Hz; expected mono 16 bit {SAMPLE_RATE} Hz"
            )
        samples = array.array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder != "little":
        samples.byteswap()
    return samples


def check_voices(voices: dict[str, str], workdir: Path) -> None:
    """Fail unless every voice names an installed language voice and variant.

    The espeak-ng CLI silently falls back to another voice (and drops the variant) when a
    name does not match, so check the names against ``--voices`` and ``--voices=variant``
    and check that the six voices really sound different.
    """
    languages = {
        f.rsplit("/", 1)[1] for f in _voice_files(_run(["espeak-ng", "--voices"]).decode())
    }
    variants = {
        f.split("/", 1)[1]
        for f in _voice_files(_run(["espeak-ng", "--voices=variant"]).decode())
        if f.startswith("!v/")
    }
    for speaker, voice in voices.items():
        language, _, variant = voice.partition("+")
        if language.lower() not in languages:
            raise RuntimeError(f"{speaker}: espeak-ng has no voice file named {language!r}")
        if variant and variant.lower() not in variants:
            raise RuntimeError(f"{speaker}: espeak-ng has no variant named {variant!r}")
    probe = "Welcome to Spotlight."
    renders: dict[bytes, str] = {}
    for speaker, voice in voices.items():
        audio = synthesize(probe, voice, workdir).tobytes()
        if audio in renders:
            raise RuntimeError(f"{speaker} ({voice}) sounds exactly like {renders[audio]}")
        renders[audio] = f"{speaker} ({voice})"


def _speech_frames(samples: array.array[int]) -> tuple[int, int] | None:
    """Return the first and one-past-last sample index of frames above ONSET_DBFS."""
    n_frames = math.ceil(len(samples) / FRAME_SAMPLES)

    def loud(index: int) -> bool:
        frame = samples[index * FRAME_SAMPLES : (index + 1) * FRAME_SAMPLES]
        return sum(s * s for s in frame) > _ONSET_MEAN_SQUARE * len(frame)

    first = next((i for i in range(n_frames) if loud(i)), None)
    if first is None:
        return None
    last = next(i for i in range(n_frames - 1, first - 1, -1) if loud(i))
    return first * FRAME_SAMPLES, min((last + 1) * FRAME_SAMPLES, len(samples))


def _samples_to_ms(samples: int) -> int:
    """Convert a sample count to whole milliseconds, rounding half up."""
    return (samples * 1000 + SAMPLE_RATE // 2) // SAMPLE_RATE


def render(turns: list[Turn], workdir: Path) -> tuple[array.array[int], list[TimedTurn]]:
    """Synthesize and concatenate all turns; return the audio and the timed turns."""
    audio = array.array("h", bytes(2 * round(LEAD_IN_S * SAMPLE_RATE)))
    pause = array.array("h", bytes(2 * round(PAUSE_S * SAMPLE_RATE)))
    timed: list[TimedTurn] = []
    for index, turn in enumerate(turns):
        if turn.speaker not in VOICES:
            raise RuntimeError(f"no voice configured for {turn.speaker!r}")
        if index:
            audio.extend(pause)
        samples = synthesize(turn.text, VOICES[turn.speaker], workdir)
        bounds = _speech_frames(samples)
        if bounds is None:
            raise RuntimeError(f"turn {index + 1} ({turn.speaker}) synthesized to silence")
        offset = len(audio)
        audio.extend(samples)
        timed.append(
            TimedTurn(
                turn.speaker,
                turn.text,
                _samples_to_ms(offset + bounds[0]),
                _samples_to_ms(offset + bounds[1]),
            )
        )
    audio.extend(array.array("h", bytes(2 * round(TAIL_S * SAMPLE_RATE))))
    return audio, timed


def sentence_truth(
    turns: list[Turn], timed: list[TimedTurn], workdir: Path
) -> list[dict[str, object]]:
    """The true start and end of every sentence, in ms of the final audio (see the docstring).

    Each turn is synthesized again in full and then sentence prefix by sentence prefix;
    every prefix must be the exact head of the full synthesis.
    """
    sys.path.insert(0, str(REPO_ROOT / "src"))
    from spotlight_feed.align.text import split_sentences

    rows: list[dict[str, object]] = []
    offset = round(LEAD_IN_S * SAMPLE_RATE)
    pause = round(PAUSE_S * SAMPLE_RATE)
    for index, (turn, t) in enumerate(zip(turns, timed, strict=True)):
        voice = VOICES[turn.speaker]
        full = synthesize(turn.text, voice, workdir)
        sentences = split_sentences(turn.text, index)
        ends = [0]
        for k in range(1, len(sentences)):
            head = synthesize(" ".join(x.text for x in sentences[:k]), voice, workdir)
            if full[: len(head)] != head:
                raise RuntimeError(f"turn {index + 1}: sentence prefix {k} is not the turn's head")
            ends.append(len(head))
        ends.append(len(full))
        for k, sentence in enumerate(sentences):
            bounds = _speech_frames(full[ends[k] : ends[k + 1]])
            if bounds is None:
                raise RuntimeError(f"turn {index + 1}: sentence {k + 1} synthesized to silence")
            rows.append(
                {
                    "turn": index,
                    "sentence": k,
                    "speaker": turn.speaker,
                    "start_ms": _samples_to_ms(offset + ends[k] + bounds[0]),
                    "end_ms": _samples_to_ms(offset + ends[k] + bounds[1]),
                    "text": sentence.text,
                }
            )
        if rows[-len(sentences)]["start_ms"] != t.start_ms:
            raise RuntimeError(f"turn {index + 1}: first sentence does not start the turn")
        offset += len(full) + pause
    return rows


def phrase_truth(turns: list[Turn], workdir: Path) -> list[dict[str, object]]:
    """The true start of every phrase after a sentence's first, in ms of the final audio.

    Phrases are the aligner's (``spotlight_feed.align.text.phrase_starts``: after a comma,
    semicolon or colon). espeak-ng speaks clause by clause, so the synthesis of a turn up to
    a phrase break is the exact head of the turn's synthesis (checked: the script fails
    otherwise); the phrase starts at the first loud frame after that head.
    """
    sys.path.insert(0, str(REPO_ROOT / "src"))
    from spotlight_feed.align.text import phrase_starts, split_sentences

    rows: list[dict[str, object]] = []
    offset = round(LEAD_IN_S * SAMPLE_RATE)
    pause = round(PAUSE_S * SAMPLE_RATE)
    for index, turn in enumerate(turns):
        voice = VOICES[turn.speaker]
        full = synthesize(turn.text, voice, workdir)
        sentences = split_sentences(turn.text, index)
        for k, sentence in enumerate(sentences):
            starts = phrase_starts(sentence.text)
            for n, at in enumerate(starts, start=1):
                before = " ".join([*(x.text for x in sentences[:k]), sentence.text[:at].rstrip()])
                head = synthesize(before, voice, workdir)
                if full[: len(head)] != head:
                    raise RuntimeError(
                        f"turn {index + 1}: sentence {k + 1}, phrase {n + 1}: the prefix is "
                        "not the turn's head"
                    )
                bounds = _speech_frames(full[len(head) :])
                if bounds is None:
                    raise RuntimeError(f"turn {index + 1}: nothing spoken after phrase {n}")
                end = starts[n] if n < len(starts) else len(sentence.text)
                rows.append(
                    {
                        "turn": index,
                        "sentence": k,
                        "phrase": n,
                        "start_ms": _samples_to_ms(offset + len(head) + bounds[0]),
                        "text": sentence.text[at:end].strip(),
                    }
                )
        offset += len(full) + pause
    return rows


def encode_mp3(audio: array.array[int], out_path: Path, workdir: Path) -> None:
    """Encode mono 16-bit audio to a CBR MP3 with the lame CLI (LAME header, no ID3 tag)."""
    wav_path = workdir / "episode.wav"
    data = array.array("h", audio)
    if sys.byteorder != "little":
        data.byteswap()  # WAV samples are little-endian
    with wave.open(str(wav_path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(data.tobytes())
    tmp_mp3 = workdir / "episode.mp3"
    # No tag options are given, so lame writes no ID3 tag; -t is *not* used, so the
    # Xing/LAME header (with the encoder delay and padding) is written.
    _run(
        [
            "lame",
            "--quiet",
            "-m",
            "m",
            "--cbr",
            "-b",
            str(BITRATE_KBPS),
            "-q",
            "2",
            "--noreplaygain",
            str(wav_path),
            str(tmp_mp3),
        ]
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tmp_mp3, out_path)


def _vtt_timestamp(ms: int) -> str:
    """Format milliseconds as a WebVTT ``HH:MM:SS.mmm`` timestamp."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _vtt_escape(text: str) -> str:
    """Escape the characters that are special in a WebVTT cue payload."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_vtt(timed: list[TimedTurn]) -> str:
    """Return the WebVTT transcript: one ``<v Voice N>`` cue per turn."""
    cues = [
        f"{_vtt_timestamp(t.start_ms)} --> {_vtt_timestamp(t.end_ms)}\n"
        f"<v {t.speaker}>{_vtt_escape(t.text)}"
        for t in timed
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def build_turns_json(timed: list[TimedTurn]) -> str:
    """Return the alignment ground truth as JSON text."""
    rows = [{"speaker": t.speaker, "start_ms": t.start_ms, "end_ms": t.end_ms} for t in timed]
    return json.dumps(rows, indent=2) + "\n"


def main() -> int:
    """Build the MP3, the VTT transcript and the turn timings; print a summary."""
    for tool in ("espeak-ng", "lame"):
        if shutil.which(tool) is None:
            print(f"error: {tool} not found; run: apt-get install espeak-ng lame", file=sys.stderr)
            return 1
    turns = parse_transcript(TRANSCRIPT_TXT.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="spotlight-audio-") as tmp:
        workdir = Path(tmp)
        check_voices(VOICES, workdir)
        audio, timed = render(turns, workdir)
        encode_mp3(audio, MP3_PATH, workdir)
        sentences = sentence_truth(turns, timed, workdir)
        phrases = phrase_truth(turns, workdir)
    TRANSCRIPT_VTT.write_text(build_vtt(timed), encoding="utf-8", newline="\n")
    TURNS_JSON.parent.mkdir(parents=True, exist_ok=True)
    TURNS_JSON.write_text(build_turns_json(timed), encoding="utf-8", newline="\n")
    SENTENCES_JSON.write_text(
        json.dumps(sentences, indent=1, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )
    PHRASES_JSON.write_text(
        json.dumps(phrases, indent=1, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )

    duration_s = len(audio) / SAMPLE_RATE
    words = sum(len(t.text.split()) for t in turns)
    speech_s = sum(t.end_ms - t.start_ms for t in timed) / 1000
    print(f"turns:    {len(timed)} ({', '.join(f'{s}={v}' for s, v in VOICES.items())})")
    print(f"duration: {int(duration_s // 60)}:{duration_s % 60:06.3f} ({duration_s:.3f} s)")
    print(f"pace:     {words} words, {60 * words / speech_s:.0f} words/min of speech")
    print(f"mp3:      {MP3_PATH.relative_to(REPO_ROOT)} ({MP3_PATH.stat().st_size:,} bytes)")
    print(f"truth:    {len(sentences)} sentences, {len(phrases)} phrases inside them")
    for path in (TRANSCRIPT_VTT, TURNS_JSON, SENTENCES_JSON, PHRASES_JSON):
        print(f"wrote:    {path.relative_to(REPO_ROOT)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
