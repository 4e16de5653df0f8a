"""Chapter spans, JSON and WebVTT chapters, and the loader's chapter errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import webvtt
from conftest import edit

from spotlight_feed.audio.probe import measure
from spotlight_feed.errors import InputError
from spotlight_feed.load.project import load_project
from spotlight_feed.plan.chapters import TITLE_LIMIT, short_title, spans
from spotlight_feed.write.chapters import chapters_json, chapters_vtt


def test_spans_end_at_the_next_start_and_the_audio_end(tiny_project: Path) -> None:
    project = load_project(tiny_project)
    ep = project.episodes[0]
    got = spans(ep, 2999)
    assert [(c.element_id, c.start_ms, c.end_ms, c.title) for c in got] == [
        ("chp0", 0, 1500, "Intro"),
        ("chp1", 1500, 2999, "Main"),
    ]


def test_json_and_vtt_documents(tiny_project: Path, tmp_path: Path) -> None:
    project = load_project(tiny_project)
    ep = project.episodes[0]
    marks = spans(ep, 3071)
    doc = json.loads(chapters_json(project, ep, marks, file_name="first.mp3"))
    assert doc == {
        "version": "1.2.0",
        "title": "First Steps",
        "podcastName": "Tiny Show",
        "fileName": "first.mp3",
        "chapters": [
            {"startTime": 0, "endTime": 1.5, "title": "Intro"},
            {"startTime": 1.5, "endTime": 3.071, "title": "Main"},
        ],
    }
    (tmp_path / "c.vtt").write_bytes(chapters_vtt(marks))
    cues = webvtt.read(str(tmp_path / "c.vtt"))
    assert [(c.identifier, c.start, c.end, c.text) for c in cues] == [
        ("chapter-1", "00:00:00.000", "00:00:01.500", "Intro"),
        ("chapter-2", "00:00:01.500", "00:00:03.071", "Main"),
    ]


def test_vtt_escapes_markup() -> None:
    from spotlight_feed.plan.chapters import ChapterSpan

    out = chapters_vtt((ChapterSpan(0, 0, 1000, "Q&A <live>"),)).decode()
    assert "Q&amp;A &lt;live&gt;" in out


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Short", "Short"),
        ("x" * 64, "x" * 64),
        ("x" * 65, "x" * 63 + "…"),
        ("word " * 20, "word word word word word word word word word word word word…"),
        ("  spaced\tout  ", "spaced out"),
    ],
)
def test_short_title(title: str, expected: str) -> None:
    got = short_title(title)
    assert got == expected and len(got) <= TITLE_LIMIT


def _line(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_chapter_past_the_end_of_the_audio_is_a_file_line_error(tiny_project: Path) -> None:
    ep = tiny_project / "episodes" / "first" / "episode.yaml"
    edit(ep, 'start: "00:01.500"', 'start: "00:05"')
    duration = measure(tiny_project / "media" / "first.mp3").duration_ms
    with pytest.raises(InputError) as err:
        load_project(tiny_project)
    s, ms = divmod(duration, 1000)
    line = _line(ep, '  - start: "00:05"')
    assert [str(p) for p in err.value.problems] == [
        f"episodes/first/episode.yaml:{line}: chapters[1].start: "
        f"starts at 00:00:05.000, at or after the end of the audio (00:00:{s:02d}.{ms:03d})"
    ]


def test_chapters_out_of_order_is_a_file_line_error(tiny_project: Path) -> None:
    ep = tiny_project / "episodes" / "first" / "episode.yaml"
    edit(ep, "  - start: 0\n", '  - start: "00:02"\n')
    with pytest.raises(InputError) as err:
        load_project(tiny_project)
    line = _line(ep, '  - start: "00:01.500"')
    assert [str(p) for p in err.value.problems] == [
        f"episodes/first/episode.yaml:{line}: chapters[1].start: "
        "starts at 00:00:01.500, not after chapter 0 (00:00:02.000); chapters must be in order"
    ]


def test_no_chapters_no_files_and_no_feed_tag(tiny_project: Path) -> None:
    from spotlight_feed.build import BuildOptions, build

    ep = tiny_project / "episodes" / "first" / "episode.yaml"
    text = ep.read_text(encoding="utf-8")
    ep.write_text(text[: text.index("chapters:")], encoding="utf-8")
    out = build(tiny_project, BuildOptions()).out_dir
    assert not (out / "episodes" / "first" / "chapters.json").exists()
    assert not (out / "episodes" / "first" / "chapters.vtt").exists()
    assert b"podcast:chapters" not in (out / "feed.xml").read_bytes()
    from mutagen.id3 import ID3

    tag = ID3(out / "episodes" / "first" / "first.mp3")
    assert tag.getall("CHAP") == [] and tag.getall("CTOC") == []
