"""Transcripts in a real build: files, names, feed links, notes and load-stage messages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
import srt as srt_lib
import webvtt
from click.testing import CliRunner
from conftest import edit
from transcript_support import SAMPLE_VTT, read

from spotlight_feed.audio.probe import probe
from spotlight_feed.build import BuildOptions, build
from spotlight_feed.cli import main
from spotlight_feed.errors import InputError
from spotlight_feed.load.project import load_project

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
SIX = [
    "Roger Basick",
    "Alice Irizarry",
    "Masaki Ikegami (quoted)",
    "Naohiro Kimura (quoted)",
    "Vosot Ikeida (quoted)",
    "Maika Elan (quoted)",
]
FORMATS = {
    "transcript.vtt": ("text/vtt", "captions"),
    "transcript.srt": ("application/x-subrip", "captions"),
    "transcript.json": ("application/json", "captions"),
    "transcript.html": ("text/html", None),
    "transcript.txt": ("text/plain", None),
}


@pytest.fixture(scope="module")
def ep(sample_dist: Path) -> Path:
    return sample_dist / "episodes" / "always-alone"


def test_sample_ships_all_five_formats(ep: Path) -> None:
    assert sorted(p.name for p in ep.glob("transcript.*")) == sorted(FORMATS)


def test_six_voices_named_the_same_in_every_format(ep: Path) -> None:
    vtt_names = [c.voice for c in webvtt.read(str(ep / "transcript.vtt")).captions]
    subs = list(srt_lib.parse((ep / "transcript.srt").read_text(encoding="utf-8")))
    srt_names = [n for s in subs for n in SIX if s.content.startswith(f"{n}: ")]
    segments = json.loads((ep / "transcript.json").read_text(encoding="utf-8"))["segments"]
    body = lxml.html.document_fromstring((ep / "transcript.html").read_bytes()).body
    html_names = [c.text_content().removesuffix(":") for c in body.iter("cite")]
    txt = (ep / "transcript.txt").read_text(encoding="utf-8").split("\n\n")
    txt_names = [block.split("\n", 1)[0] for block in txt]

    turn_names = [s["speaker"] for s in segments]
    assert [_first_seen(x) for x in (vtt_names, srt_names, html_names, txt_names)] == [SIX] * 4
    assert _first_seen(turn_names) == SIX
    assert html_names == txt_names == turn_names  # one turn per source cue in the sample
    assert _runs(vtt_names) == _runs(srt_names) == turn_names


def test_every_format_has_the_source_words_and_true_timings(ep: Path) -> None:
    source = read(SAMPLE_VTT)
    words = [w for c in source.cues for w in c.text.split()]
    captions = webvtt.read(str(ep / "transcript.vtt")).captions
    assert " ".join(c.text.replace("\n", " ") for c in captions).split() == words
    segments = json.loads((ep / "transcript.json").read_text(encoding="utf-8"))["segments"]
    assert " ".join(s["body"] for s in segments).split() == words
    assert [(round(s["startTime"] * 1000), round(s["endTime"] * 1000)) for s in segments] == [
        (c.start_ms, c.end_ms) for c in source.cues
    ]
    # Captions tile each turn: they start and end on the turn timings from the audio script.
    starts = {c.start_time.in_milliseconds() for c in captions}
    ends = {c.end_time.in_milliseconds() for c in captions}
    assert {c.start_ms for c in source.cues} <= starts
    assert {c.end_ms for c in source.cues} <= ends
    body = lxml.html.document_fromstring((ep / "transcript.html").read_bytes()).body
    assert " ".join(p.text_content() for p in body.iter("p")).split() == words
    txt = (ep / "transcript.txt").read_text(encoding="utf-8")
    assert [w for block in txt.split("\n\n") for w in block.split("\n", 1)[1].split()] == words


def test_feed_links_every_file(sample_dist: Path) -> None:
    root = lxml.etree.parse(str(sample_dist / "feed.xml"))
    links = root.findall(f".//item/{{{PODCAST_NS}}}transcript")
    base = "https://spotlight-feed.example/spotlight/"
    got = [(t.get("url"), t.get("type"), t.get("language"), t.get("rel")) for t in links]
    expected = []
    for name, (mime, rel) in FORMATS.items():
        url = f"{base}episodes/always-alone/{name}"
        expected.append((url, mime, "en", rel))
    assert got == expected
    assert len({u for u, *_ in got}) == len(got)  # each file linked once (#14)
    for url, *_ in got:
        assert url is not None
        assert (sample_dist / url.removeprefix(base)).is_file()
    parsed = feedparser.parse(str(sample_dist / "feed.xml"))
    assert not parsed.bozo
    assert "podcast_transcript" in parsed.entries[0]  # (feedparser keeps only the last one)


def _first_seen(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _runs(names: list[str | None]) -> list[str | None]:
    return [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]


# --- the tiny project with transcripts in other formats ---------------------------------

VTT = (
    "WEBVTT\n\n00:00.100 --> 00:01.000\n<v Host>Hello and welcome.\n\n"
    "00:01.000 --> 00:02.500\n<v Guest>Thanks for having me.\n"
)


def _use(project: Path, name: str, text: str) -> Path:
    folder = project / "episodes" / "first"
    (folder / "transcript.txt").unlink()
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_untimed_source_gives_untimed_formats_and_a_note(tiny_project: Path) -> None:
    report = build(tiny_project, BuildOptions())
    ep = report.out_dir / "episodes" / "first"
    # The JSON transcript spec requires startTime: an untimed source publishes none.
    assert sorted(p.name for p in ep.glob("transcript.*")) == [
        "transcript.html",
        "transcript.txt",
    ]
    assert report.notes == [
        "episodes/first: transcript is untimed; HTML and text only: no VTT/SRT captions and "
        "no JSON transcript, which requires startTime (run spotlight-feed align)"
    ]
    feed = lxml.etree.parse(str(report.out_dir / "feed.xml"))
    links = feed.findall(f".//{{{PODCAST_NS}}}transcript")
    assert [(t.get("type"), t.get("rel")) for t in links] == [
        ("text/html", None),
        ("text/plain", None),
    ]
    result = CliRunner().invoke(main, ["build", "-C", str(tiny_project)])
    assert result.exit_code == 0
    assert "transcript is untimed" in result.output


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("transcript.vtt", VTT),
        (
            "transcript.srt",
            "1\n00:00:00,100 --> 00:00:01,000\nHost: Hello and welcome.\n\n"
            "2\n00:00:01,000 --> 00:00:02,500\nGuest: Thanks for having me.\n",
        ),
        (
            "transcript.json",
            '{"version": "1.0.0", "segments": [\n'
            '{"speaker": "Host", "startTime": 0.1, "endTime": 1, "body": "Hello and welcome."},\n'
            '{"speaker": "Guest", "startTime": 1, "endTime": 2.5, "body": "Thanks for having me."}'
            "\n]}",
        ),
    ],
)
def test_each_timed_source_format_builds_all_five(tiny_project: Path, name: str, text: str) -> None:
    _use(tiny_project, name, text)
    report = build(tiny_project, BuildOptions())
    ep = report.out_dir / "episodes" / "first"
    assert report.notes == []
    # The first caption ends 83 ms early: the caption standard's minimum gap (2 frames).
    assert (ep / "transcript.vtt").read_text(encoding="utf-8") == (
        "WEBVTT\n\n00:00:00.100 --> 00:00:00.917\n<v Hana Host>Hello and welcome.\n\n"
        "00:00:01.000 --> 00:00:02.500\n<v Gus Guest>Thanks for having me.\n"
    )
    assert (ep / "transcript.srt").read_text(encoding="utf-8") == (
        "1\n00:00:00,100 --> 00:00:00,917\nHana Host: Hello and welcome.\n\n"
        "2\n00:00:01,000 --> 00:00:02,500\nGus Guest: Thanks for having me.\n"
    )
    assert (ep / "transcript.txt").read_text(encoding="utf-8") == (
        "Hana Host\nHello and welcome.\n\nGus Guest\nThanks for having me.\n"
    )


def test_build_is_byte_identical(tiny_project: Path, tmp_path: Path) -> None:
    _use(tiny_project, "transcript.vtt", VTT)
    a = build(tiny_project, BuildOptions(out_dir=tmp_path / "a")).out_dir
    b = build(tiny_project, BuildOptions(out_dir=tmp_path / "b")).out_dir
    files = sorted((a / "episodes" / "first").glob("transcript.*"))
    assert [f.name for f in files] == [
        f"transcript.{x}" for x in ("html", "json", "srt", "txt", "vtt")
    ]
    for f in files:
        assert f.read_bytes() == (b / "episodes" / "first" / f.name).read_bytes()


# --- load-stage checks on a timed source (messages from load.py) -------------------------


def _problems(project: Path) -> list[str]:
    with pytest.raises(InputError) as err:
        load_project(project)
    return [str(p) for p in err.value.problems]


def test_label_without_voice(tiny_project: Path) -> None:
    _use(tiny_project, "transcript.vtt", VTT.replace("<v Guest>", "<v Gueest>"))
    assert _problems(tiny_project) == [
        "episodes/first/episode.yaml:17: voices.Guest: no turn in the transcript uses this "
        "speaker label (episodes/first/transcript.vtt)",
        "episodes/first/transcript.vtt:6: speaker: speaker label 'Gueest' has no entry under "
        "voices: in episodes/first/episode.yaml (did you mean 'Guest'?)",
    ]


def test_voice_no_turn_uses(tiny_project: Path) -> None:
    _use(tiny_project, "transcript.vtt", VTT.replace("<v Guest>", "<v Host>"))
    assert _problems(tiny_project) == [
        "episodes/first/episode.yaml:17: voices.Guest: no turn in the transcript uses this "
        "speaker label (episodes/first/transcript.vtt)"
    ]


def test_cue_past_the_end_of_the_audio(tiny_project: Path) -> None:
    _use(tiny_project, "transcript.vtt", VTT.replace("00:02.500", "00:09.000"))
    audio, _ = probe(tiny_project / "media" / "first.mp3", "media/first.mp3")
    assert audio is not None
    s, ms = divmod(audio.duration_ms, 1000)
    assert _problems(tiny_project) == [
        "episodes/first/transcript.vtt:6: cue 2: ends at 00:00:09.000, after the end of the "
        f"audio (00:00:{s:02d}.{ms:03d})"
    ]


def test_reader_problems_stop_the_build_without_traceback(tiny_project: Path) -> None:
    _use(
        tiny_project,
        "transcript.vtt",
        VTT.replace("00:01.000 --> 00:02.500", "00:00.500 --> 00:02.500"),
    )
    result = CliRunner().invoke(main, ["build", "-C", str(tiny_project)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert (
        "episodes/first/transcript.vtt:6: cue 2: starts at 00:00:00.500, before cue 1 ends "
        "(00:00:01.000); cues must be in time order without overlap"
    ) in result.output
    assert not (tiny_project / "dist").exists()


def test_sample_source_is_the_timed_vtt() -> None:
    project = load_project(SAMPLE_VTT.parents[2], probe_audio=False)
    (episode,) = project.episodes
    assert episode.transcript_display == "episodes/always-alone/transcript.vtt"
    assert episode.transcript is not None and episode.transcript.timed


def test_quoted_voice_names_in_a_copy(tmp_path: Path) -> None:
    from conftest import copy_sample

    root = copy_sample(tmp_path / "show")
    edit(
        root / "episodes" / "always-alone" / "episode.yaml",
        "    name: Maika Elan\n    quoted: true\n",
        "    name: Maika Elan\n",
    )
    report = build(root, BuildOptions())
    vtt = (report.out_dir / "episodes" / "always-alone" / "transcript.vtt").read_text()
    assert "<v Maika Elan>" in vtt and "Maika Elan (quoted)" not in vtt
    shutil.rmtree(report.out_dir)


def test_episode_language_wins_for_links_and_html(tiny_project: Path) -> None:
    edit(
        tiny_project / "episodes" / "first" / "episode.yaml",
        "number: 1\n",
        "number: 1\nlanguage: fr\n",
    )
    report = build(tiny_project, BuildOptions())
    feed = lxml.etree.parse(str(report.out_dir / "feed.xml"))
    langs = {t.get("language") for t in feed.findall(f".//{{{PODCAST_NS}}}transcript")}
    assert langs == {"fr"}
    page = (report.out_dir / "episodes" / "first" / "transcript.html").read_bytes()
    assert lxml.html.document_fromstring(page).get("lang") == "fr"
