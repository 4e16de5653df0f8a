"""The ID3 tag built for an episode (audio.tags), checked by reading the rendered bytes back."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import edit, write_cover
from mutagen.id3 import ID3

from spotlight_feed.audio.tags import TagOptions, padding_for, render
from spotlight_feed.build import BuildOptions, build
from spotlight_feed.iso639 import iso639_2
from spotlight_feed.load.project import load_project
from spotlight_feed.plan.chapters import spans
from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.write.id3 import Picture, build_tag, tcop

COVER = Picture(b"\xff\xd8\xff\xe0fake-jpeg", "Tiny cover")


def read(data: bytes, *, translate: bool = False) -> ID3:
    return ID3(io.BytesIO(data), translate=translate)


def tiny_tag(root: Path, options: TagOptions | None = None, **changes: object) -> bytes:
    options = options or TagOptions()
    project = load_project(root)
    episode = project.episodes[0]
    if changes:
        episode = replace(episode, **changes)  # type: ignore[arg-type]
    assert episode.audio is not None
    tag = build_tag(
        project,
        episode,
        duration_ms=episode.audio.duration_ms,
        page_url="https://cdn.tiny.example/pod/episodes/first/",
        cover=COVER,
        chapters=spans(episode, episode.audio.duration_ms),
        options=options,
    )
    return render(tag, options)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("© 2021 Spotlight English", "2021 Spotlight English"),
        ("Copyright 2019 ACME Ltd.", "2019 ACME Ltd"),
        ("ACME Ltd 2020", "2020 ACME Ltd"),
        ("(c) 2018-2022 ACME", "2018 ACME"),
        ("© ACME", "2024 ACME"),
        ("Copyright © 2023, Jane Doe", "2023 Jane Doe"),
    ],
)
def test_tcop_starts_with_a_year_and_a_space(text: str, expected: str) -> None:
    assert tcop(text, 2024) == expected


def test_tcop_absent_without_a_notice() -> None:
    assert tcop(None, 2024) is None


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en", "eng"),
        ("en-GB", "eng"),
        ("de", "deu"),
        ("fr-CA", "fra"),
        ("ja", "jpn"),
        ("fil", "fil"),
        ("xx", "und"),
    ],
)
def test_language_codes(tag: str, code: str) -> None:
    assert iso639_2(tag) == code


@pytest.mark.parametrize("needed", [10, 4095, 4096, 50_000, 123_457, 290_000])
@pytest.mark.parametrize("offset", [0, 45, 4096, 70_000])
def test_padding_leaves_room_and_keeps_the_audio_alignment(needed: int, offset: int) -> None:
    pad = padding_for(needed, offset)
    assert pad >= 4096 and pad >= needed // 8
    assert (needed + pad - offset) % 65536 == 0
    assert pad < 4096 + needed // 8 + 65536


def test_tiny_episode_v23(tiny_project: Path) -> None:
    data = tiny_tag(tiny_project)
    tag = read(data)
    assert tag.version == (2, 3, 0)
    assert tag["TIT2"].text == ["First Steps"]
    assert tag["TPE1"].text == ["Hana Host/Gus Guest"]
    assert tag["TALB"].text == ["Tiny Show"] and tag["TPE2"].text == ["Tiny Author"]
    assert tag["TPUB"].text == ["Tiny Author"]  # no publisher: the author
    assert tag["TEXT"].text == ["Wanda Writer"]
    assert tag["IPLS"].people == [["producer", "Pete Producer"]]
    assert tag["TRCK"].text == ["1"] and tag["TPOS"].text == ["2"]
    # 2024-03-05T10:30:00+01:00, as written
    assert (tag["TYER"].text, tag["TDAT"].text, tag["TIME"].text) == (["2024"], ["0503"], ["1030"])
    assert "TCOP" not in tag  # no copyright notice in the show
    assert tag["TDES"].text == ["Hello and welcome.\n\n- one\n- two"]
    assert (
        tag.getall("USLT")[0].text
        == "Hana Host: Hello and welcome.\n\nGus Guest: Thanks for having me."
    )
    assert tag.getall("SYLT") == []  # untimed transcript
    (apic,) = tag.getall("APIC")
    assert (apic.desc, apic.data, apic.type) == ("Tiny cover", COVER.data, 3)
    chaps = tag.getall("CHAP")
    assert [(c.start_time, c.sub_frames["TIT2"].text[0]) for c in chaps] == [
        (0, "Intro"),
        (1500, "Main"),
    ]
    assert chaps[0].end_time == 1500
    # The frame order is deliberate: CTOC, then CHAPs in time order, large frames last.
    ids = [f.FrameID for f in ID3(io.BytesIO(data), translate=False).values()]
    assert ids.index("CTOC") < ids.index("CHAP") and ids[-1] == "APIC"
    raw = data[10:]
    assert raw.index(b"chp0") < raw.index(b"chp1")


def test_v24_option(tiny_project: Path) -> None:
    data = tiny_tag(tiny_project, TagOptions(version=4))
    assert data[3] == 4
    tag = read(data)
    assert tag.version == (2, 4, 0)
    assert b"TDRC\x00\x00\x00\x15\x00\x00\x032024-03-05T10:30:00\x00" in data
    assert tag["TIPL"].people == [["producer", "Pete Producer"]]
    assert tag["TPE1"].text == ["Hana Host", "Gus Guest"]  # v2.4: NUL-separated values
    assert tag["TIT2"].encoding == 3  # UTF-8
    assert not {"TYER", "TDAT", "IPLS"} & set(tag)


def test_sylt_when_timed(tiny_project: Path) -> None:
    timed = Transcript(
        (Cue(0, 1400, "Host", "Hello and welcome."), Cue(1500, 2900, "Guest", "Thanks.")),
        "transcript.vtt",
    )
    tag = read(tiny_tag(tiny_project, transcript=timed))
    (sylt,) = tag.getall("SYLT")
    assert (sylt.format, sylt.type, sylt.lang, sylt.desc) == (2, 2, "eng", "Transcript")
    assert sylt.text == [("Hana Host: Hello and welcome.", 0), ("Gus Guest: Thanks.", 1500)]


def test_no_credited_voice_falls_back_to_show_people(tiny_project: Path) -> None:
    ep = tiny_project / "episodes" / "first" / "episode.yaml"
    edit(
        ep,
        "    name: Hana Host\n    role: host\n  Guest:\n    name: Gus Guest\n    role: guest\n",
        "    name: Hana Host\n    quoted: true\n    description: x\n"
        "  Guest:\n    description: A caller\n",
    )
    tag = read(tiny_tag(tiny_project))
    assert tag["TPE1"].text == ["Hana Host"]  # the show's people


def test_chapter_links_art_and_long_titles_through_the_build(tiny_project: Path) -> None:
    ep = tiny_project / "episodes" / "first" / "episode.yaml"
    long_title = "A very long chapter title that goes on and on about many things at once"
    edit(
        ep,
        '  - start: "00:01.500"\n    title: Main\n',
        f'  - start: "00:01.500"\n    title: {long_title}\n'
        "    url: https://tiny.example/main\n    img: media/main.png\n",
    )
    write_cover(tiny_project / "media" / "main.png", 1000)
    report = build(tiny_project, BuildOptions())
    dist = report.out_dir / "episodes" / "first"
    tag = ID3(dist / "first.mp3", translate=False)
    chap = tag.getall("CHAP")[1]
    short = chap.sub_frames["TIT2"].text[0]
    assert short == "A very long chapter title that goes on and on about many things…"
    assert len(short) <= 64
    assert chap.sub_frames["WXXX:"].url == "https://tiny.example/main"
    from PIL import Image

    art = chap.sub_frames.getall("APIC")[0]
    assert Image.open(io.BytesIO(art.data)).size == (400, 400)
    assert art.desc == f"Chapter 2: {short}"
    import json

    doc = json.loads((dist / "chapters.json").read_text("utf-8"))
    img = doc["chapters"][1]["img"]
    assert img.startswith("https://cdn.tiny.example/pod/episodes/first/chapter-2-")
    assert (report.out_dir / img.removeprefix("https://cdn.tiny.example/pod/")).is_file()
    assert doc["chapters"][1]["url"] == "https://tiny.example/main"
    assert doc["chapters"][1]["title"] == short
    assert any("chapters[1].title: longer than 64 characters" in n for n in report.notes)
    # the show's art (1400 px PNG) is embedded as an 800 px JPEG
    cover = Image.open(io.BytesIO(tag.getall("APIC")[0].data))
    assert (cover.format, cover.size) == ("JPEG", (800, 800))
    assert tag.getall("APIC")[0].desc == "Tiny Show cover art"


def test_missing_chapter_art_is_a_file_line_error(tiny_project: Path) -> None:
    ep = tiny_project / "episodes" / "first" / "episode.yaml"
    edit(ep, "    title: Main\n", "    title: Main\n    img: media/nope.png\n")
    from spotlight_feed.errors import InputError

    with pytest.raises(InputError) as err:
        load_project(tiny_project)
    line = ep.read_text().splitlines().index("    img: media/nope.png") + 1
    assert [str(p) for p in err.value.problems] == [
        f"episodes/first/episode.yaml:{line}: chapters[1].img: file not found: media/nope.png"
    ]


def test_fast_v23_writer_matches_mutagen_byte_for_byte(tiny_project: Path) -> None:
    """encode_v23 is checked against mutagen's own ID3v2.3 writer on every frame kind."""
    from spotlight_feed.audio import frames as F

    project = load_project(tiny_project)
    episode = replace(
        project.episodes[0],
        transcript=Transcript(
            (Cue(0, 1400, "Host", "Hello, “world” ☃."), Cue(1500, 2900, "Guest", "Thanks."))
        ),
    )
    marks = spans(episode, 3000)
    marks = (replace(marks[0], url="https://tiny.example/ä?q=1"), *marks[1:])
    frames = build_tag(
        project,
        episode,
        duration_ms=3000,
        page_url="https://cdn.tiny.example/pod/episodes/first/",
        cover=COVER,
        chapters=marks,
        chapter_art={1: Picture(b"\xff\xd8chapter", "Chapter 2: Main")},
    )
    kinds = {type(f).__name__ for f in frames} | {
        type(s).__name__ for f in frames if isinstance(f, F.Chap) for s in f.subs
    }
    assert kinds == {
        "Text",
        "LangText",
        "Sylt",
        "People",
        "Url",
        "UserUrl",
        "Pic",
        "Pcst",
        "Chap",
        "Ctoc",
    }
    buf = io.BytesIO()
    F.to_mutagen(frames, 3).save(buf, v1=0, v2_version=3, padding=lambda info: 0)
    assert F.encode_v23(frames) == buf.getvalue()[10:]
    data = render(frames)
    assert data[:10] == F.tag_header(3, len(data) - 10)
    assert read(data).getall("CHAP")[0].sub_frames["WXXX:"].url == "https://tiny.example/%C3%A4?q=1"


def test_cli_builds_id3v24_on_request(tiny_project: Path) -> None:
    import subprocess
    import sys

    import eyed3

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "spotlight_feed",
            "build",
            "-C",
            str(tiny_project),
            "--id3-version",
            "4",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    mp3 = tiny_project / "dist" / "episodes" / "first" / "first.mp3"
    assert mp3.read_bytes()[3] == 4
    tag = ID3(mp3, translate=False)
    assert tag.version == (2, 4, 0)
    assert tag["TIPL"].people == [["producer", "Pete Producer"]]
    assert tag["TPE1"].text == ["Hana Host", "Gus Guest"]
    t = eyed3.load(mp3).tag
    assert t.version == (2, 4, 0)
    d = t.recording_date
    assert (d.year, d.month, d.day, d.hour, d.minute) == (2024, 3, 5, 10, 30)
    assert [(c.title, c.times.start) for c in t.chapters] == [("Intro", 0), ("Main", 1500)]


def test_unreadable_chapter_art_is_a_file_line_error(tiny_project: Path) -> None:
    from spotlight_feed.errors import InputError

    ep = tiny_project / "episodes" / "first" / "episode.yaml"
    edit(ep, "    title: Main\n", "    title: Main\n    img: media/notes.png\n")
    (tiny_project / "media" / "notes.png").write_text("not a picture", encoding="utf-8")
    with pytest.raises(InputError) as err:
        build(tiny_project, BuildOptions())
    line = ep.read_text().splitlines().index("    img: media/notes.png") + 1
    (problem,) = err.value.problems
    assert str(problem).startswith(
        f"episodes/first/episode.yaml:{line}: chapters[1].img: cannot read the image notes.png: "
    )
    assert not (tiny_project / "dist").exists()


def test_episode_art_overrides_the_show_art(tiny_project: Path) -> None:
    from PIL import Image

    ep = tiny_project / "episodes" / "first" / "episode.yaml"
    edit(ep, "audio: media/first.mp3\n", "audio: media/first.mp3\nimage: media/ep.png\n")
    img = Image.new("RGB", (1600, 1200), (200, 30, 30))
    img.save(tiny_project / "media" / "ep.png")
    out = build(tiny_project, BuildOptions()).out_dir
    (apic,) = ID3(out / "episodes" / "first" / "first.mp3").getall("APIC")
    assert apic.desc == "First Steps: episode art"
    art = Image.open(io.BytesIO(apic.data))
    assert (art.format, art.size) == ("JPEG", (800, 600))
    assert art.getpixel((400, 300))[0] > 150  # the episode's red, not the show's blue
