"""The sample episode's MP3 in dist/, read back by mutagen, eyeD3 and ffprobe."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import eyed3
import pytest
import webvtt
from lxml import etree
from mutagen.id3 import ID3
from PIL import Image
from systools import needs

from spotlight_feed.load.project import load_project
from spotlight_feed.model import Episode, Project

REPO = Path(__file__).resolve().parents[1]
SLUG = "always-alone"
TITLE = "Always Alone: The Story of Japan’s Hikikomori"
PAGE = "https://spotlight-feed.example/spotlight/episodes/always-alone/"
CHAPTERS = [  # from episodes/always-alone/episode.yaml
    (0, "Welcome to Spotlight"),
    (21_500, "A day in Ito’s life"),
    (78_200, "What is a hikikomori?"),
    (111_900, "Families that live together"),
    (162_000, "The pain of failure: Masaki Ikegami"),
    (247_800, "The lost decades"),
    (380_400, "Depression"),
    (478_400, "Parents and shame"),
    (551_300, "Finding a way back"),
    (634_600, "Credits and goodbye"),
]


@pytest.fixture(scope="module")
def project(sample_dist: Path) -> Project:
    return load_project(sample_dist.parent)


@pytest.fixture(scope="module")
def episode(project: Project) -> Episode:
    return project.episodes[0]


@pytest.fixture(scope="module")
def mp3(sample_dist: Path) -> Path:
    return sample_dist / "episodes" / SLUG / f"{SLUG}.mp3"


@pytest.fixture(scope="module")
def tag(mp3: Path) -> ID3:
    return ID3(mp3, translate=False)


def tag_size(data: bytes) -> int:
    assert data[:3] == b"ID3"
    h = data[6:10]
    return 10 + ((h[0] << 21) | (h[1] << 14) | (h[2] << 7) | h[3])


def test_audio_frames_are_byte_identical_and_source_untouched(mp3: Path) -> None:
    out = mp3.read_bytes()
    size = tag_size(out)
    source = (REPO / "media" / "always-alone.mp3").read_bytes()
    assert source[:3] != b"ID3"  # the source is untagged and stays so
    assert out[size:] == source
    assert out[-128:-125] != b"TAG"  # no ID3v1
    assert size % 4096 == 0 and size < 300_000  # block-aligned audio; PRX's 300 KB budget


def test_header_is_v23_and_text_is_utf16(mp3: Path, tag: ID3) -> None:
    assert mp3.read_bytes()[3:5] == b"\x03\x00"
    assert tag.version == (2, 3, 0)
    for frame in tag.values():
        if hasattr(frame, "encoding") and frame.FrameID != "PCST":
            assert frame.encoding == 1, frame.FrameID  # UTF-16 with BOM


def test_text_frames(tag: ID3, episode: Episode) -> None:
    def text(fid: str) -> str:
        return "\x00".join(str(t) for t in tag[fid].text)

    assert text("TIT2") == TITLE
    assert text("TALB") == "Spotlight"
    assert text("TPE2") == "Spotlight English"
    assert text("TPE1") == "Roger Basick/Alice Irizarry"  # credited voices, not quotations
    assert text("TEXT") == "Dan Christmann"
    assert tag["IPLS"].people == [["producer", "Michio Ozaki"]]
    assert text("TRCK") == "1"
    assert text("TPOS") == "1"
    assert text("TYER") == "2021"
    assert text("TDAT") == "0206"  # DDMM
    assert text("TIME") == "0900"
    assert text("TCON") == "Podcast"
    assert text("TPUB") == "Spotlight English"
    assert text("TLAN") == "eng"
    assert text("TCOP") == "2021 Spotlight English"
    assert text("TGID") == "b9c2f7a4-6a0e-4c57-9d8e-1f3a2c5d7e90"
    assert text("TDES") == episode.config.notes
    assert tag["PCST"].value == 1
    assert tag["WOAF"].url == PAGE
    assert "WFED" not in {f.FrameID for f in tag.values()}
    assert not any(fid.startswith("TDRC") for fid in tag)


def test_duration_frames_and_feed_agree(tag: ID3, mp3: Path, sample_dist: Path) -> None:
    from mutagen.mp3 import MP3

    length_ms = round(MP3(mp3).info.length * 1000)
    assert tag["TLEN"].text == [str(length_ms)]
    feed = etree.parse(str(sample_dist / "feed.xml"))
    enclosure = feed.find(".//item/enclosure")
    assert enclosure is not None
    assert int(enclosure.get("length", "")) == mp3.stat().st_size
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    assert feed.findtext(".//item/itunes:duration", namespaces=ns) == str(round(length_ms / 1000))
    chapters = feed.find(".//item/{https://podcastindex.org/namespace/1.0}chapters")
    assert chapters is not None
    assert chapters.get("url") == PAGE + "chapters.json"
    assert chapters.get("type") == "application/json+chapters"


def test_summary_and_transcript(tag: ID3, episode: Episode) -> None:
    comm = tag.getall("COMM")
    assert len(comm) == 1 and comm[0].lang == "eng" and comm[0].desc == ""
    assert comm[0].text == [" ".join(episode.config.summary.split())]
    (uslt,) = tag.getall("USLT")
    assert uslt.lang == "eng" and uslt.desc == "Transcript"
    # Independent reading of the plain transcript: blocks of "Voice N" then the paragraph.
    names = {label: v.display for label, v in episode.config.voices.items()}
    blocks = (REPO / "episodes" / SLUG / "transcript.txt").read_text(encoding="utf-8").split("\n\n")
    expected = []
    for block in blocks:
        label, *lines = block.strip().splitlines()
        expected.append(f"{names[label]}: {' '.join(' '.join(lines).split())}")
    assert uslt.text == "\n\n".join(expected)
    assert "Masaki Ikegami (quoted): “The Japanese society" in uslt.text
    sylt = tag.getall("SYLT")
    assert episode.transcript is not None
    if episode.transcript.timed:
        assert len(sylt) == 1 and sylt[0].format == 2 and sylt[0].type == 2
        assert [t for _, t in sylt[0].text] == [c.start_ms for c in episode.transcript.cues]
    else:
        assert sylt == []


def test_cover_art(tag: ID3) -> None:
    (apic,) = tag.getall("APIC")
    assert apic.type == 3 and apic.mime == "image/jpeg"
    assert apic.desc == (
        "Spotlight cover art: the word Spotlight under a beam of light on deep blue"
    )
    img = Image.open(io.BytesIO(apic.data))
    assert img.format == "JPEG" and img.mode == "RGB"
    assert img.size == (800, 800)


def test_chapters_in_the_tag(tag: ID3, episode: Episode) -> None:
    assert episode.audio is not None
    chaps = tag.getall("CHAP")
    assert [c.element_id for c in chaps] == [f"chp{i}" for i in range(len(CHAPTERS))]
    ends = [s for s, _ in CHAPTERS[1:]] + [episode.audio.duration_ms]
    for chap, (start, title), end in zip(chaps, CHAPTERS, ends, strict=True):
        assert (chap.start_time, chap.end_time) == (start, end)
        assert (chap.start_offset, chap.end_offset) == (0xFFFFFFFF, 0xFFFFFFFF)
        assert chap.sub_frames["TIT2"].text == [title]
    (toc,) = tag.getall("CTOC")
    assert toc.flags == 3  # top-level | ordered
    assert toc.child_element_ids == [c.element_id for c in chaps]


def test_eyed3_reads_the_same(mp3: Path, episode: Episode) -> None:
    audio = eyed3.load(mp3)
    assert audio is not None and audio.tag is not None
    t = audio.tag
    assert t.version == (2, 3, 0)
    assert t.title == TITLE
    assert t.artist == "Roger Basick/Alice Irizarry"
    assert t.album == "Spotlight"
    assert t.album_artist == "Spotlight English"
    assert tuple(t.track_num) == (1, None)
    assert tuple(t.disc_num) == (1, None)
    assert t.genre.name == "Podcast"
    assert t.publisher == "Spotlight English"
    assert t.copyright == "2021 Spotlight English"
    assert str(t.recording_date) == "2021"  # eyeD3 cannot parse TDAT/TIME (its bug)
    assert t.audio_file_url == PAGE
    assert [(c.description, c.lang) for c in t.comments] == [("", b"eng")]
    assert [(ly.description, ly.lang) for ly in t.lyrics] == [("Transcript", b"eng")]
    assert t.lyrics[0].text.startswith("Roger Basick: Welcome to Spotlight.")
    (img,) = t.images
    assert (img.picture_type, img.mime_type) == (3, "image/jpeg")
    assert img.description.startswith("Spotlight cover art")
    assert t.frame_set[b"TGID"][0].text == episode.config.guid
    assert t.frame_set[b"TLAN"][0].text == "eng"
    assert t.frame_set[b"TEXT"][0].text == "Dan Christmann"
    assert t.frame_set[b"PCST"][0].data == b"\x00\x00\x00\x01"
    assert t.frame_set[b"TDES"][0].text == episode.config.notes
    ipls = t.frame_set[b"IPLS"][0].data  # eyeD3 has no IPLS class; decode the raw frame
    assert ipls[0] == 1 and [x.lstrip("\ufeff") for x in ipls[1:].decode("utf-16").split("\x00")][
        :2
    ] == [
        "producer",
        "Michio Ozaki",
    ]
    assert [(c.element_id, tuple(c.times), c.title) for c in t.chapters] == [
        (f"chp{i}".encode(), (s, e), title)
        for i, ((s, title), e) in enumerate(
            zip(
                CHAPTERS,
                [s for s, _ in CHAPTERS[1:]] + [episode.audio.duration_ms if episode.audio else 0],
                strict=True,
            )
        )
    ]
    (toc,) = t.table_of_contents
    assert toc.toplevel and toc.ordered and toc.child_ids == [c.element_id for c in t.chapters]


@needs("ffprobe")
def test_ffprobe_reads_the_same(mp3: Path, episode: Episode) -> None:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_chapters", "-of", "json", str(mp3)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)
    tags = {k.lower(): v for k, v in info["format"]["tags"].items()}
    assert tags["title"] == TITLE
    assert tags["album"] == "Spotlight"
    assert tags["artist"] == "Roger Basick/Alice Irizarry"
    assert tags["album_artist"] == "Spotlight English"
    assert tags["genre"] == "Podcast"
    assert tags["track"] == "1" and tags["disc"] == "1"
    assert tags["publisher"] == "Spotlight English"
    assert tags["copyright"] == "2021 Spotlight English"
    assert tags["language"] == "eng"
    assert episode.audio is not None
    # ffprobe does not trim the LAME encoder delay (50 ms at 22.05 kHz).
    assert abs(float(info["format"]["duration"]) * 1000 - episode.audio.duration_ms) < 120
    got = [(round(float(c["start_time"]) * 1000), c["tags"]["title"]) for c in info["chapters"]]
    assert got == CHAPTERS
    assert round(float(info["chapters"][-1]["end_time"]) * 1000) == episode.audio.duration_ms


def test_chapters_json_and_vtt(sample_dist: Path, episode: Episode) -> None:
    assert episode.audio is not None
    doc = json.loads((sample_dist / "episodes" / SLUG / "chapters.json").read_text("utf-8"))
    assert doc["version"] == "1.2.0"
    assert doc["title"] == TITLE and doc["podcastName"] == "Spotlight"
    assert doc["fileName"] == f"{SLUG}.mp3"
    starts = [c["startTime"] for c in doc["chapters"]]
    assert starts == [s / 1000 for s, _ in CHAPTERS]
    assert [c["endTime"] for c in doc["chapters"]] == [
        *starts[1:],
        episode.audio.duration_ms / 1000,
    ]
    assert [c["title"] for c in doc["chapters"]] == [t for _, t in CHAPTERS]
    vtt = webvtt.read(str(sample_dist / "episodes" / SLUG / "chapters.vtt"))
    assert [(c.start, c.text) for c in vtt][:2] == [
        ("00:00:00.000", "Welcome to Spotlight"),
        ("00:00:21.500", "A day in Ito’s life"),
    ]
    assert [c.text for c in vtt] == [t for _, t in CHAPTERS]
    ms = episode.audio.duration_ms
    assert vtt[-1].end == f"00:{ms // 60000:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def test_build_is_byte_identical_across_runs(sample_dist: Path, tmp_path: Path) -> None:
    from conftest import copy_sample

    from spotlight_feed.build import BuildOptions, build

    root = copy_sample(tmp_path / "show")
    out = build(root, BuildOptions()).out_dir
    for rel in (f"{SLUG}.mp3", "chapters.json", "chapters.vtt"):
        a = (sample_dist / "episodes" / SLUG / rel).read_bytes()
        assert a == (out / "episodes" / SLUG / rel).read_bytes(), rel
