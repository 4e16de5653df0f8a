"""Every writer of the format registry, read back by its reader, with hostile names and texts.

Issue #12: "for any transcript the readers accept, every writer's output is accepted by the
matching reader and reads back the same speakers and words". The writers and readers come
from :data:`spotlight_feed.transcript.formats.FORMATS` (HTML has no reader in the project:
lxml reads it, :func:`transcript_support.read_html`). Speaker names are arbitrary text of
any length (colons of every form, backslashes, brackets, ``-->``, right-to-left scripts);
texts mix in spoken timing lines (``00:02:35,857 --> 00:02:40,924``) and bare numbers.
What "the same" means is what the formats document: names and text normalised
(:func:`~spotlight_feed.transcript.words.normalise`), SRT and plain text always name a
speaker (a cue without one continues the previous speaker there), SRT's ``<i> <b> <u>``
are emphasis, not text. The SRT output is also read by the lenient ``srt`` package, which
must find the same cues: no caption line is taken for a cue number or a timing line.
"""

from __future__ import annotations

import re
from datetime import timedelta

import srt as srt_package
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from transcript_support import assert_covers, read_html, turns

from spotlight_feed.transcript import srt
from spotlight_feed.transcript.formats import FORMATS
from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.transcript.plain import LABEL_WIDTH, read_plain, write_plain
from spotlight_feed.transcript.srtlines import looks_like_structure
from spotlight_feed.transcript.words import normalise

STRUCTURE = [
    "00:02:35,857 --> 00:02:40,924",
    "00:00:01,000 --> 00:00:02,000",
    "0:00:01.000 --> 0:00:02.000",
    "00:00:01,000-->00:00:02,000",
    "01:02:03,004 --> 01:02:03,005 X1:10 X2:20",
    "12",
    "1",
    "2024",
    "-->",
    "--> -->",
    "00:00:01,000",
]
NAME_PARTS = [
    ":",
    "：",
    "﹕",
    "꞉",
    "\\",
    "\\:",
    ": ",
    "-->",
    "[",
    "]",
    "<",
    ">",
    "&amp;",
    "Dr",
    " ",
    "12",
    "伊藤",
    "מרים",
    "NOTE",
    "00:00:01,000 --> 00:00:02,000",
]
MS = timedelta(milliseconds=1)
SRT_TAG = re.compile(r"</?(?:i|b|u)>|<font(?:\s[^>]*)?>|</font>", re.I)

MARKERS = "\ue000\ue001\ue002\ue003\ue004\ue005\ue010"
"""This tool's emphasis markers: every reader drops them, so no transcript it accepts has
them (tested below)."""
name_piece = st.one_of(
    st.sampled_from(NAME_PARTS),
    st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters=MARKERS),
        min_size=1,
        max_size=12,
    ),
)


@st.composite
def names(draw: st.DrawFn) -> str:
    """A speaker name: up to ~300 characters of anything, some of it hostile."""
    parts = draw(st.lists(name_piece, min_size=1, max_size=8))
    name = "".join(parts) * draw(st.sampled_from([1, 1, 1, 10, 40]))
    assume(normalise(name))
    return name


word = st.one_of(
    st.sampled_from(STRUCTURE),
    st.sampled_from(["the", "time", "is", "said", "at", "Name:", "x:", "日本語の文章です。", "—"]),
    st.text(
        st.characters(
            exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), exclude_characters=MARKERS
        ),
        min_size=1,
        max_size=10,
    ),
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(word, min_size=1, max_size=30))
    text = " ".join(words)
    assume(normalise(text))
    return text


@st.composite
def transcripts(draw: st.DrawFn) -> Transcript:
    speakers = draw(st.lists(names(), min_size=1, max_size=3))
    cues = []
    t = draw(st.integers(0, 3_600_000))
    for _ in range(draw(st.integers(1, 5))):
        start = t + draw(st.integers(0, 2000))
        end = start + draw(st.integers(1, 30_000))
        cues.append(Cue(start, end, draw(st.sampled_from(speakers)), draw(texts())))
        t = end
    return Transcript(tuple(cues))


def published(t: Transcript) -> Transcript:
    return Transcript(
        tuple(
            Cue(c.start_ms, c.end_ms, normalise(c.speaker or ""), normalise(c.text)) for c in t.cues
        )
    )


def read_back(key: str, text: str) -> Transcript:
    fmt = next(f for f in FORMATS if f.key == key)
    if fmt.reader is None:
        return read_html(text)
    transcript, problems = fmt.reader(text, f"out{fmt.suffix}")
    assert problems == [], [str(p) for p in problems]
    return transcript


LONG = "Professor Doctor " * 10 + "of the Royal Institution: Department of Very Long Names"
SETTINGS = settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@SETTINGS
@given(transcripts())
@example(
    Transcript(
        (
            Cue(0, 4000, "Ana", "we start at"),
            Cue(4000, 9000, LONG, "00:02:35,857 --> 00:02:40,924"),
            Cue(9000, 12000, "Dr: Who", "12"),
            Cue(12000, 15000, "伊藤：x", "chapter 12 is 00:00:01,000 --> 00:00:02,000 then 12"),
            Cue(15000, 19000, "A\\", "a 00:00:01,000 --> 00:00:02,000 12 b"),
        )
    )
)
def test_every_writer_reads_back_the_same_speakers_and_words(t: Transcript) -> None:
    expected = published(t)
    for fmt in FORMATS:
        if fmt.key == "srt":
            assume(not any(SRT_TAG.search(c.text) for c in expected.cues))
        out = fmt.writer(t)
        back = read_back(fmt.key, out)
        assert turns(back) == turns(expected), fmt.key
        if fmt.key in ("vtt", "srt"):
            assert_covers(expected, back)


@SETTINGS
@given(transcripts())
def test_no_srt_caption_line_looks_like_a_number_or_a_timing_line(t: Transcript) -> None:
    assume(not any(SRT_TAG.search(c.text) for c in t.cues))
    out = srt.write_srt(t)
    ours = read_back("srt", out)
    for block in out.split("\n\n"):
        lines = block.split("\n")
        if len(lines) < 3:
            continue
        body = lines[2:]
        for k, line in enumerate(body):
            # The one exception (srtlines docstring): a caption of a single word.
            if len(body) == 1 and " " not in line:
                continue
            assert not looks_like_structure(line), (k, body)
    lenient = list(srt_package.parse(out))
    assert len(lenient) == len(ours.cues)
    for theirs, cue in zip(lenient, ours.cues, strict=True):
        assert theirs.start // MS == cue.start_ms
        assert theirs.end // MS == cue.end_ms


def test_a_spoken_timing_line_gets_the_name_before_it_or_is_cut() -> None:
    said = "00:02:35,857 --> 00:02:40,924"
    t = Transcript((Cue(0, 3000, "Ana", "hello"), Cue(3000, 6000, "Ana", said)))
    out = srt.write_srt(t)
    # A continuation of Ana's turn: her name is shown (on every cue, #15), so no line is a
    # timing line; the name counts toward the 32 columns, so the text takes two lines.
    assert out.split("\n\n")[1].split("\n")[2:] == ["Ana: 00:02:35,857", "--> 00:02:40,924", ""]
    assert [(c.speaker, c.text) for c in read_back("srt", out).cues] == [
        ("Ana", "hello"),
        ("Ana", said),
    ]
    # No speaker to name: the line is cut after its first word.
    alone = srt.write_srt(Transcript((Cue(0, 3000, None, said),)))
    assert alone.split("\n")[2:4] == ["00:02:35,857", "--> 00:02:40,924"]
    assert [c.text for c in read_back("srt", alone).cues] == [said]


def test_a_bare_number_line_is_joined_to_the_line_before() -> None:
    t = Transcript((Cue(0, 4000, "Ana", "the answer to everything is 42"),))
    caps = srt.srt_captions(t, srt.NETFLIX_SRT)
    assert all(not looks_like_structure(line) for c in caps for line in c.lines)
    assert " ".join(line for c in caps for line in c.lines) == "the answer to everything is 42"


def test_srt_names_with_colons_and_backslashes_are_escaped() -> None:
    assert srt.name_prefix("Dr: Who") == "Dr\\: Who: "
    assert srt.name_prefix("伊藤：x") == "伊藤\\：x: "
    assert srt.name_prefix("AC\\DC") == "AC\\DC: "  # a backslash before a letter is literal
    assert srt.name_prefix("A\\") == "A\\\\: "
    m = srt.SPEAKER_PREFIX.match("Dr\\: Who: hello")
    assert m is not None and srt.speaker_name(m) == "Dr: Who"


def test_plain_text_labels_of_any_length() -> None:
    long = "N" * (LABEL_WIDTH + 40)
    t = Transcript((Cue(None, None, long, "first"), Cue(None, None, "Who:", "second")))
    out = write_plain(t)
    assert out.splitlines()[0] == long + ":"
    assert "Who::" in out.splitlines()
    back, problems = read_plain(out, "t.txt")
    assert problems == []
    assert [(c.speaker, c.text) for c in back.cues] == [(long, "first"), ("Who:", "second")]
    # Without its colon, a long first line is still a paragraph that lost its label.
    _, problems = read_plain(long + "\nfirst\n", "t.txt")
    assert [p.message for p in problems] == [
        "expected a speaker label line (a name) before the paragraph, got a long line of text"
    ]


def test_every_reader_drops_the_emphasis_markers() -> None:
    """U+E000-U+E005 and U+E010 mark emphasis and times inside the readers; sources lose them."""
    sources = {
        "vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v A\ue000na>he\ue010llo &#xE001;x\n",
        "srt": "1\n00:00:00,000 --> 00:00:01,000\nA\ue000na: he\ue000llo \ue001x\n",
        "json": '{"version": "1.0.0", "segments": [{"startTime": 0, "endTime": 1, '
        '"speaker": "A\\ue000na", "body": "he\\ue000llo \\ue001x"}]}',
        "txt": "A\ue000na\nhe\ue000llo \ue001x\n",
    }
    for key, text in sources.items():
        back = read_back(key, text)
        assert [(c.speaker, c.text, c.emphasis) for c in back.cues] == [("Ana", "hello x", ())], key
