"""Bad input: every problem reported as ``path:line: field: message``, exit 1,
no traceback, inputs and the previous dist/ untouched."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edit, make_mp3

from spotlight_feed.cli import main

EP = "episodes/first/episode.yaml"
Mutation = Callable[[Path], None]


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "dist" not in p.relative_to(root).parts
    }


def _run_bad(root: Path) -> list[str]:
    dist = root / "dist"
    dist.mkdir(exist_ok=True)
    (dist / "previous.txt").write_text("last good release", encoding="utf-8")
    before = _digest(root)
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert _digest(root) == before, "inputs were modified"
    assert sorted(p.name for p in dist.iterdir()) == ["previous.txt"]
    assert (dist / "previous.txt").read_text(encoding="utf-8") == "last good release"
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: ") and lines[-1].endswith("nothing was written to dist/")
    return lines[:-1]


def _ep(old: str, new: str) -> Mutation:
    return lambda root: edit(root / EP, old, new)


def _show(old: str, new: str) -> Mutation:
    return lambda root: edit(root / "podcast.yaml", old, new)


def _write(rel: str, text: str) -> Mutation:
    return lambda root: (root / rel).write_text(text, encoding="utf-8")


CASES: dict[str, tuple[Mutation, list[str]]] = {
    "yaml syntax error": (
        _ep("title: First Steps", "title: [First Steps"),
        [
            f"{EP}:2: YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']'"
        ],
    ),
    "unknown key with did-you-mean": (
        _show("title: Tiny Show", "tittle: Tiny Show\ntitle: Tiny Show"),
        ["podcast.yaml:1: tittle: unknown key (did you mean 'title'?)"],
    ),
    "unknown nested key": (
        _ep("    name: Gus Guest", "    nmae: Gus Guest\n    name: Gus Guest"),
        [f"{EP}:18: voices.Guest.nmae: unknown key (did you mean 'name'?)"],
    ),
    "missing field": (
        _ep("summary: The first episode.\n", ""),
        [f"{EP}:1: summary: required field is missing"],
    ),
    "ill-typed field": (
        _ep("number: 1", "number: one"),
        [f"{EP}:3: number: expected a whole number, got 'one'"],
    ),
    "explicit must be boolean": (
        _show("explicit: false", "explicit: clean"),
        ["podcast.yaml:12: explicit: expected true or false, got 'clean'"],
    ),
    "bad date": (
        _ep("published: 2024-03-05T10:30:00+01:00", "published: 2024-13-45T10:30:00+01:00"),
        [f"{EP}:5: published: '2024-13-45T10:30:00+01:00': month 13 is not a month (1-12)"],
    ),
    "date without time zone": (
        _ep("published: 2024-03-05T10:30:00+01:00", "published: 2024-03-05T10:30:00"),
        [
            f"{EP}:5: published: '2024-03-05T10:30:00' has no time zone; add one, e.g. "
            "2024-03-05T10:30:00+00:00"
        ],
    ),
    "bare date": (
        _ep("published: 2024-03-05T10:30:00+01:00", "published: 2024-03-05"),
        [
            f"{EP}:5: published: expected a date-time with a time zone, such as "
            "2024-03-05T09:00:00+00:00, got the bare date 2024-03-05"
        ],
    ),
    "category not in Apple's list": (
        _show("  category: Technology", "  category: Technolgy"),
        [
            "podcast.yaml:11: category.category: 'Technolgy' is not an Apple Podcasts category "
            "(did you mean 'Technology'?)"
        ],
    ),
    "subcategory not under its category": (
        _show("  category: Technology", "  category: Education\n  subcategory: Drama"),
        ["podcast.yaml:12: category.subcategory: 'Drama' is not a subcategory of 'Education'"],
    ),
    "day not in the month": (
        _ep("published: 2024-03-05T10:30:00+01:00", "published: 2023-02-29T10:30:00Z"),
        [f"{EP}:5: published: '2023-02-29T10:30:00Z': day 29 is not in February 2023 (1-28)"],
    ),
    "hour 24": (
        _ep("published: 2024-03-05T10:30:00+01:00", 'published: "2024-03-05T24:30:00+01:00"'),
        [f"{EP}:5: published: '2024-03-05T24:30:00+01:00': hour 24 is not an hour (0-23)"],
    ),
    "date that is not a date": (
        _ep("published: 2024-03-05T10:30:00+01:00", "published: next Tuesday"),
        [
            f"{EP}:5: published: 'next Tuesday' is not a date-time; write it like "
            "2024-05-01T09:00:00+00:00"
        ],
    ),
    "obsolete category": (
        _show("  category: Technology", "  category: Games & Hobbies"),
        [
            "podcast.yaml:11: category.category: 'Games & Hobbies' is an obsolete Apple "
            "Podcasts category (replaced in 2019); use Leisure › Games or Leisure › Hobbies"
        ],
    ),
    "obsolete subcategory": (
        _show("  category: Technology", "  category: Technology\n  subcategory: Tech News"),
        [
            "podcast.yaml:12: category.subcategory: 'Technology › Tech News' is an obsolete "
            "Apple Podcasts category (replaced in 2019); use News › Tech News"
        ],
    ),
    "country code for a language": (
        _show("language: en", "language: jp"),
        [
            "podcast.yaml:5: language: 'jp' is not an ISO 639 language code "
            "(did you mean 'ja', Japanese?)"
        ],
    ),
    "three-letter code where ISO 639-1 has two": (
        _ep("audio: media/first.mp3", "audio: media/first.mp3\nlanguage: jpn"),
        [
            f"{EP}:13: language: 'jpn': use 'ja', the two-letter ISO 639-1 code, as BCP 47 "
            "asks (RFC 5646 §2.2.1)"
        ],
    ),
    "not a language tag": (
        _show("language: en", "language: english"),
        [
            "podcast.yaml:5: language: 'english' is not a language tag; write an ISO 639 code "
            "such as 'en' or 'en-GB'"
        ],
    ),
    "tab in the indentation": (
        _show("  category: Technology", "\tcategory: Technology"),
        [
            "podcast.yaml:11: YAML syntax error: a tab character indents this line; YAML "
            "allows only spaces for indentation (YAML 1.2 §6.1), so replace the tab with spaces"
        ],
    ),
    "one typo is one problem": (
        _ep("summary: The first episode.", "sumary: The first episode."),
        [f"{EP}:6: sumary: unknown key (did you mean 'summary'?)"],
    ),
    "a URL with markup in it": (
        _show("link: https://tiny.example/", 'link: "https://tiny.example/<b>"'),
        [
            "podcast.yaml:3: link: not a valid URL: '<' cannot appear in a URL "
            "(percent-encode it as %3C), got 'https://tiny.example/<b>'"
        ],
    ),
    "a chapter art URL with a space": (
        _ep("    title: Intro", "    title: Intro\n    img: https://tiny.example/a b.jpg"),
        [
            f"{EP}:28: chapters[0].img: not a valid URL: a space cannot appear in a URL "
            "(percent-encode it as %20), got 'https://tiny.example/a b.jpg'"
        ],
    ),
    "person role not in the taxonomy": (
        _show("    role: host", "    role: hostess"),
        [
            "podcast.yaml:16: people[0]: role 'hostess' is not in group 'cast' of the "
            "podcast:person taxonomy (did you mean 'host'?)"
        ],
    ),
    "bad chapter time": (
        _ep('  - start: "00:01.500"', '  - start: "1:2:3:4"'),
        [f"{EP}:28: chapters[1].start: expected HH:MM:SS(.mmm), MM:SS or seconds, got '1:2:3:4'"],
    ),
    "chapters out of order": (
        _ep("  - start: 0\n", "  - start: 2\n"),
        [
            f"{EP}:28: chapters[1].start: starts at 00:00:01.500, not after chapter 0 "
            "(00:00:02.000); chapters must be in order"
        ],
    ),
    "chapter past the end of the audio": (
        _ep('  - start: "00:01.500"', '  - start: "00:09"'),
        [
            f"{EP}:28: chapters[1].start: starts at 00:00:09.000, at or after the end of the "
            "audio (00:00:03.0"
        ],
    ),
    "missing audio": (
        _ep("audio: media/first.mp3", "audio: media/missing.mp3"),
        [f"{EP}:12: audio: file not found: media/missing.mp3"],
    ),
    "audio that is not MP3": (
        lambda root: (root / "media" / "first.mp3").write_bytes(b"RIFF....WAVEfmt " * 64),
        [f"{EP}:12: audio: media/first.mp3: not an MP3 file (no MPEG audio frames found)"],
    ),
    "zero-byte audio": (
        lambda root: (root / "media" / "first.mp3").write_bytes(b""),
        [f"{EP}:12: audio: media/first.mp3: audio file is empty (0 bytes)"],
    ),
    "missing named transcript": (
        _ep("audio: media/first.mp3", "audio: media/first.mp3\ntranscript: script.vtt"),
        [f"{EP}:13: transcript: file not found: script.vtt"],
    ),
    "speaker label without a voice": (
        _write("episodes/first/transcript.txt", "Host\nHi.\n\nGuets\nHello.\n\nGuest\nBye.\n"),
        [
            "episodes/first/transcript.txt:4: speaker: speaker label 'Guets' has no entry under "
            f"voices: in {EP} (did you mean 'Guest'?)"
        ],
    ),
    "voice that no turn uses": (
        _write("episodes/first/transcript.txt", "Host\nHi.\n"),
        [
            f"{EP}:17: voices.Guest: no turn in the transcript uses this speaker label "
            "(episodes/first/transcript.txt)"
        ],
    ),
    "path escaping the project": (
        _ep("audio: media/first.mp3", "audio: ../outside.mp3"),
        [
            f"{EP}:12: audio: '../outside.mp3' points outside the project (paths must stay "
            "inside the project folder)"
        ],
    ),
    "bad podcast guid": (
        _show("podcast_guid: 6d5b7a0e-0c1f-5c4b-9a51-3c2b1d0e9f87", "podcast_guid: abc"),
        [
            "podcast.yaml:14: podcast_guid: expected a UUID such as "
            "917393e3-1b1e-5cef-ace4-edaa54e1f810, got 'abc' (run 'spotlight-feed guid' to "
            "compute it)"
        ],
    ),
    "duplicate key": (
        _ep("number: 1", "number: 1\nnumber: 2"),
        [f"{EP}:4: number: duplicate key (first given on line 3)"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_message(case: str, tiny_project: Path) -> None:
    mutate, expected = CASES[case]
    mutate(tiny_project)
    lines = _run_bad(tiny_project)
    assert len(lines) == len(expected), lines
    for got, want in zip(lines, expected, strict=True):
        assert got.startswith(want), f"\n got: {got}\nwant: {want}"


def _second_episode(root: Path, folder: str = "second") -> Path:
    dst = root / "episodes" / folder
    shutil.copytree(root / "episodes" / "first", dst)
    return dst / "episode.yaml"


def test_duplicate_guid_and_number(tiny_project: Path) -> None:
    _second_episode(tiny_project)
    lines = _run_bad(tiny_project)
    assert lines == [
        "episodes/second/episode.yaml:2: guid: duplicate episode guid 'tiny-0001' (also in "
        "episodes/first/episode.yaml)",
        "episodes/second/episode.yaml:3: number: duplicate episode number 1 (also in "
        "episodes/first/episode.yaml)",
    ]


def test_every_problem_in_every_file_in_one_run(tiny_project: Path) -> None:
    edit(tiny_project / "podcast.yaml", "title: Tiny Show", "titel: Tiny Show")
    meta = _second_episode(tiny_project)
    edit(tiny_project / EP, "number: 1", "number: -3")
    edit(meta, "guid: tiny-0001", "guid: tiny-0002")
    edit(meta, "number: 1", "number: 2")
    edit(meta, "audio: media/first.mp3", "audio: /etc/passwd")
    lines = _run_bad(tiny_project)
    assert lines == [
        f"{EP}:3: number: must be 1 or more, got -3",
        "episodes/second/episode.yaml:12: audio: '/etc/passwd' points outside the project "
        "(paths must stay inside the project folder)",
        "podcast.yaml:1: titel: unknown key (did you mean 'title'?)",
    ]


def test_symlink_out_of_the_project(tiny_project: Path, tmp_path: Path) -> None:
    outside = make_mp3(tmp_path / "elsewhere" / "x.mp3", 1.0)
    (tiny_project / "media" / "first.mp3").unlink()
    (tiny_project / "media" / "first.mp3").symlink_to(outside)
    assert _run_bad(tiny_project) == [
        f"{EP}:12: audio: 'media/first.mp3' is a symlink to {outside}, outside the project "
        "(copy the file into the project instead)"
    ]


def test_symlinked_folder_out_of_the_project(tiny_project: Path, tmp_path: Path) -> None:
    shutil.move(tiny_project / "media", tmp_path / "elsewhere")
    (tiny_project / "media").symlink_to(tmp_path / "elsewhere")
    assert _run_bad(tiny_project) == [
        f"{EP}:12: audio: 'media/first.mp3': media is a symlink to {tmp_path / 'elsewhere'}, "
        "outside the project (copy the file into the project instead)",
        f"podcast.yaml:13: image: 'media/cover.png': media is a symlink to "
        f"{tmp_path / 'elsewhere'}, outside the project (copy the file into the project instead)",
    ]


def test_every_chapter_problem_in_one_run(tiny_project: Path) -> None:
    """A malformed start no longer hides one out of order, nor one past the end (3 s audio)."""
    edit(
        tiny_project / EP,
        '  - start: "00:01.500"\n    title: Main\n',
        '  - start: "1:2:3:4"\n    title: Bad\n'
        '  - start: "00:02.500"\n    title: Later\n'
        '  - start: "00:01.500"\n    title: Earlier\n'
        '  - start: "00:09"\n    title: Past the end\n',
    )
    assert _run_bad(tiny_project) == [
        f"{EP}:28: chapters[1].start: expected HH:MM:SS(.mmm), MM:SS or seconds, got '1:2:3:4'",
        f"{EP}:32: chapters[3].start: starts at 00:00:01.500, not after chapter 2 "
        "(00:00:02.500); chapters must be in order",
        f"{EP}:34: chapters[4].start: starts at 00:00:09.000, at or after the end of the audio "
        "(00:00:03.056)",
    ]


def test_out_of_order_chapter_does_not_hide_the_transcript_problems(tiny_project: Path) -> None:
    edit(tiny_project / EP, 'start: "00:01.500"', "start: 0")
    edit(tiny_project / "episodes/first/transcript.txt", "Guest\n", "Gust\n")
    assert _run_bad(tiny_project) == [
        f"{EP}:17: voices.Guest: no turn in the transcript uses this speaker label "
        "(episodes/first/transcript.txt)",
        f"{EP}:28: chapters[1].start: starts at 00:00:00.000, not after chapter 0 "
        "(00:00:00.000); chapters must be in order",
        "episodes/first/transcript.txt:4: speaker: speaker label 'Gust' has no entry under "
        f"voices: in {EP} (did you mean 'Guest'?)",
    ]


def test_episode_folder_name_must_be_ascii(tiny_project: Path) -> None:
    (tiny_project / "episodes" / "first").rename(tiny_project / "episodes" / "première")
    lines = _run_bad(tiny_project)
    assert lines == [
        "episodes/première/episode.yaml: episode folder name 'première' must be ASCII letters, "
        "digits, '-', '_' or '.' (it becomes a URL)"
    ]


def test_serial_show_needs_numbers(tiny_project: Path) -> None:
    edit(tiny_project / "podcast.yaml", "explicit: false", "explicit: false\ntype: serial")
    edit(tiny_project / EP, "number: 1\n", "")
    assert _run_bad(tiny_project) == [
        f"{EP}:1: number: required: the show is serial (itunes:type), so every episode "
        "needs a number"
    ]


def test_valid_project_builds(tiny_project: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-C", str(tiny_project)])
    assert result.exit_code == 0, result.output
    assert (tiny_project / "dist" / "feed.xml").is_file()
