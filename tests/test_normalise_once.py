"""Text is normalised once, at read time (issue #18), and the writers take it as it is.

Three halves of one contract (src/spotlight_feed/transcript/model.py):

* every reader returns normalised cue text (``normalise(text) == text``) from raw text
  with runs of spaces, tabs, no-break and ideographic spaces, line breaks inside a cue
  (between wide characters too), decomposed accents and emphasis tags;
* :func:`~spotlight_feed.transcript.words.normalise` is idempotent, so that text is
  final, and :func:`~spotlight_feed.transcript.words.join_normalised` joins it exactly as
  the readers' :func:`~spotlight_feed.transcript.words.join_lines` would;
* no writer normalises again: a transcript built without a reader, its text not in NFC
  (``e`` + U+0301 where NFC has ``é``), comes out of the five formats, the ID3 lyrics and
  the page's turns with that text unchanged. A writer that normalised would compose it.
"""

from __future__ import annotations

import json
import unicodedata
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from spotlight_feed.transcript.html_transcript import write_html
from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.transcript.plain import read_plain, write_plain
from spotlight_feed.transcript.podcast_json import read_podcast_json, write_podcast_json
from spotlight_feed.transcript.srt import read_srt, write_srt
from spotlight_feed.transcript.vtt import read_vtt, write_vtt
from spotlight_feed.transcript.words import join_lines, join_normalised, normalise
from spotlight_feed.write.id3 import _lines as id3_lines
from spotlight_feed.write.pages.views import transcript_turns
from spotlight_feed.write.search_cache import transcript_docs

WORDS = st.sampled_from(
    ["Cafe\u0301", "caf\u00e9", "word", "漢字", "か", "\u3099", "日本", "Ünïcödé", "ab"]
)
SEPARATORS = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u3000", "\n", " \n "])


@st.composite
def raw_texts(draw: st.DrawFn, tags: bool = False) -> str:
    """Raw cue text as a person types it: no ``<``, ``&``, digits or colons."""
    words = draw(st.lists(WORDS, min_size=1, max_size=12))
    out = [words[0]]
    for word in words[1:]:
        if tags and draw(st.booleans()):
            word = f"<i>{word}</i>"
        out += [draw(SEPARATORS), word]
    return "".join(out)


def _normalised(transcript: Transcript, problems: list[object]) -> None:
    assert not problems, problems
    assert transcript.cues
    for cue in transcript.cues:
        assert cue.text and normalise(cue.text) == cue.text
        assert cue.speaker is None or normalise(cue.speaker) == cue.speaker


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(raw_texts(tags=True), min_size=1, max_size=4))
def test_the_caption_readers_normalise(texts: list[str]) -> None:
    vtt = ["WEBVTT", ""]
    srt = []
    for n, text in enumerate(texts):
        vtt += [f"00:00:0{n}.000 --> 00:00:0{n}.900", f"<v  Ana\u00a0 Lee >{text}", ""]
        srt += [str(n + 1), f"00:00:0{n},000 --> 00:00:0{n},900", f"Ana  Lee: {text}", ""]
    _normalised(*read_vtt("\n".join(vtt), "t.vtt"))
    _normalised(*read_srt("\n".join(srt), "t.srt"))


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(raw_texts(), min_size=1, max_size=4))
def test_the_json_and_plain_readers_normalise(texts: list[str]) -> None:
    segments = [{"speaker": " Ana  Lee", "body": t} for t in texts]
    _normalised(*read_podcast_json(json.dumps({"version": "1.0.0", "segments": segments}), "j"))
    plain = "\n\n".join(f"Ana  Lee\n{t.replace(chr(10), ' ')}" for t in texts)
    _normalised(*read_plain(plain + "\n", "t.txt"))


def test_a_mark_before_a_combining_mark_is_composed_at_read_time() -> None:
    """``e<i>`` + U+0301: the reader's text is NFC (``é``), its emphasis dropped."""
    transcript, problems = read_vtt("WEBVTT\n\n00:00.000 --> 00:01.000\ne<i>\u0301x</i>\n", "v")
    assert not problems
    assert transcript.cues[0].text == "\u00e9x" == normalise("e\u0301x")
    assert transcript.cues[0].emphasis == ()


@settings(max_examples=500, deadline=None)
@given(st.text() | raw_texts(tags=True))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def test_normalise_composes_a_voiced_mark_joined_to_its_kana() -> None:
    """か, a line break, U+3099: the break between wide characters goes, and NFC gives が."""
    assert normalise("か\n\u3099") == "が" == normalise(normalise("か\n\u3099"))


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.text() | raw_texts(), max_size=5))
def test_join_normalised_joins_as_the_readers_join(parts: list[str]) -> None:
    texts = [normalise(p) for p in parts]
    assert join_normalised(texts) == join_lines(texts)


DECOMPOSED = "Cafe\u0301 au lait"
"""Text no reader makes (not NFC): a writer that normalised would write ``Café``."""


def _built_without_a_reader() -> Transcript:
    assert not unicodedata.is_normalized("NFC", DECOMPOSED)
    return Transcript(
        (
            Cue(0, 2000, "Ana", DECOMPOSED),
            Cue(2000, 4000, "Ben", f"{DECOMPOSED} again"),
        )
    )


def test_no_writer_normalises_the_text_again() -> None:
    transcript = _built_without_a_reader()
    outputs = {
        "vtt": write_vtt(transcript),
        "vtt unsplit": write_vtt(transcript, split=False),
        "srt": write_srt(transcript),
        "html": write_html(transcript),
        "txt": write_plain(transcript),
    }
    for name, text in outputs.items():
        assert DECOMPOSED in text and "Café" not in text, name
    bodies = [s["body"] for s in json.loads(write_podcast_json(transcript))["segments"]]
    assert bodies == [DECOMPOSED, f"{DECOMPOSED} again"]
    assert [text for _, text, _ in id3_lines(transcript)] == bodies
    episode = SimpleNamespace(named=transcript)  # the page reads the relabelled transcript
    turns = transcript_turns(episode, "a.mp3")  # type: ignore[arg-type]
    assert [t.paragraphs for t in turns] == [(DECOMPOSED,), (f"{DECOMPOSED} again",)]
    assert [doc[3] for doc in transcript_docs(episode)] == bodies  # type: ignore[arg-type]
