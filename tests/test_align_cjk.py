"""Alignment in scripts without spaces (issue #15): Japanese and Chinese episodes.

Each episode is synthesized here by espeak-ng in its language with another voice
variant and pace than the aligner's reference, so the true start of every turn is
known; it is aligned, published and read back by webvtt-py and srt. Rates are
measured in characters a minute (once refused as "13 words a minute"), and a
language espeak-ng has no voice for is refused with a clear message.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import lameenc
import numpy as np
import pytest
import srt as srt_lib
import webvtt

from spotlight_feed.align import align
from spotlight_feed.align.errors import AlignError
from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.transcript.srt import write_srt
from spotlight_feed.transcript.vtt import write_vtt

pytestmark = pytest.mark.slow

RATE = 22050
TURNS = {
    "ja": [
        ("A", "こんにちは。今日は引きこもりについて話します。"),
        ("B", "引きこもりとは、家から出ない人のことです。日本には多くいます。"),
        ("A", "なぜそうなるのでしょうか。理由はいろいろあります。"),
        ("B", "家族の支えが大切です。ありがとうございました。"),
    ],
    "zh": [
        ("A", "大家好。今天我们谈谈孤独的问题。"),
        ("B", "很多年轻人不愿意出门。他们在家里待很久。"),
        ("A", "为什么会这样呢？原因有很多。"),
        ("B", "家人的理解很重要。谢谢大家收听。"),
    ],
}
VOICE = {"ja": "ja+f3", "zh": "cmn+m3"}


def _speak(text: str, voice: str) -> np.ndarray:
    out = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", "140", "--stdout"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    ).stdout
    at = out.find(b"data", 12)
    pcm = out[at + 8 :]
    return np.frombuffer(pcm[: len(pcm) // 2 * 2], "<i2")


def _onset(samples: np.ndarray) -> int:
    frame = RATE // 100
    n = len(samples) // frame
    power = (samples[: n * frame].reshape(n, frame).astype(float) / 32768) ** 2
    loud = np.flatnonzero(power.mean(axis=1) > 10 ** (-40 / 10))
    return int(loud[0]) * frame


def _episode(lang: str, folder: Path) -> tuple[Path, Transcript, list[float]]:
    pieces: list[np.ndarray] = [np.zeros(RATE // 2, np.int16)]
    starts: list[float] = []
    at = len(pieces[0])
    for _, text in TURNS[lang]:
        speech = _speak(text, VOICE[lang])
        starts.append((at + _onset(speech)) / RATE)
        pieces += [speech, np.zeros(int(0.8 * RATE), np.int16)]
        at += len(speech) + int(0.8 * RATE)
    pcm = np.concatenate(pieces).astype("<i2").tobytes()
    enc = lameenc.Encoder()
    enc.set_bit_rate(64)
    enc.set_in_sample_rate(RATE)
    enc.set_channels(1)
    enc.set_quality(2)
    mp3 = folder / f"{lang}.mp3"
    mp3.write_bytes(bytes(enc.encode(pcm) + enc.flush()))
    cues = tuple(Cue(None, None, who, text, k + 1) for k, (who, text) in enumerate(TURNS[lang]))
    return mp3, Transcript(cues, f"{lang}.txt"), starts


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_cjk_episode_aligns_and_reads_back(lang: str, tmp_path: Path) -> None:
    mp3, script, truth = _episode(lang, tmp_path)
    result = align(script, mp3, language=lang)
    errors = [abs(t.start_ms / 1000 - s) for t, s in zip(result.turns, truth, strict=True)]
    assert max(errors) < 0.5, errors
    assert len(result.sentences) == 2 * len(TURNS[lang])  # split at 。！？ without spaces
    timed = result.timed(script, by_sentence=True)
    vtt = write_vtt(timed)
    back = list(webvtt.from_buffer(io.StringIO(vtt), format="vtt"))
    assert "".join(c.text.replace("\n", "") for c in back) == "".join(t for _, t in TURNS[lang])
    subs = list(srt_lib.parse(write_srt(timed)))
    assert subs[0].content.startswith("A: ")
    assert all(s.start < s.end for s in subs)


def test_a_language_without_an_espeak_voice_is_refused_clearly(tmp_path: Path) -> None:
    mp3, script, _ = _episode("ja", tmp_path)
    with pytest.raises(AlignError, match="espeak-ng has no voice for the language 'tlh'"):
        align(script, mp3, language="tlh")


def test_cjk_rate_is_counted_in_characters(tmp_path: Path) -> None:
    mp3, script, _ = _episode("zh", tmp_path)
    long_script = Transcript(
        tuple(Cue(None, None, c.speaker, c.text * 30, c.line) for c in script.cues), "zh.txt"
    )
    with pytest.raises(AlignError, match=r"characters a minute, but the aligner accepts 60–900"):
        align(long_script, mp3, language="zh")
