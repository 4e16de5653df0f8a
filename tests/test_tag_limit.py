"""An ID3v2 tag never exceeds what its 28-bit size field can say (issue #12).

ID3v2.3.0 §3.1 / ID3v2.4.0-structure §3.1: the tag size is four synchsafe bytes, 7 bits
each, so at most 2^28 - 1 bytes after the header. A bigger tag would be written with a
wrapped size and every reader would mistake audio for tag (or tag for audio). The renderer
refuses it with the sizes of the largest frames; the build turns that into a message naming
the episode. The first two tests use real 256 MiB pictures, read back by mutagen.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from conftest import TRANSCRIPT_TXT
from mutagen.id3 import ID3

from spotlight_feed.audio import frames as F
from spotlight_feed.audio import tags
from spotlight_feed.audio.tags import MAX_TAG_SIZE, TagTooBig, render
from spotlight_feed.build import build
from spotlight_feed.errors import InputError
from spotlight_feed.release.manifest import sha256_file


def _synchsafe(b: bytes) -> int:
    return (b[0] << 21) | (b[1] << 14) | (b[2] << 7) | b[3]


def _frames(data_size: int) -> tuple[F.Frame, ...]:
    return (F.Text("TIT2", ("Big",)), F.Pic("Cover art", b"\xab" * data_size))


def _overhead() -> int:
    return len(F.encode_v23(_frames(0)))


def test_limit_is_the_28_bit_size_field() -> None:
    assert MAX_TAG_SIZE == 0x0FFFFFFF == 268_435_455


def test_a_tag_of_exactly_the_limit_is_written_and_reads_back() -> None:
    size = MAX_TAG_SIZE - _overhead()
    data = render(_frames(size))
    # The padding shrinks to nothing rather than pushing the size field past 28 bits.
    assert len(data) == MAX_TAG_SIZE + 10
    assert _synchsafe(data[6:10]) == MAX_TAG_SIZE
    tag = ID3(io.BytesIO(data + b"\xff\xfb\x90\x00"))
    assert tag.size == MAX_TAG_SIZE + 10
    assert len(tag.getall("APIC")[0].data) == size
    assert str(tag["TIT2"]) == "Big"


def test_one_byte_more_is_refused_with_the_frame_that_made_it_big() -> None:
    size = MAX_TAG_SIZE - _overhead() + 1
    with pytest.raises(TagTooBig) as info:
        render(_frames(size))
    exc = info.value
    assert exc.size == MAX_TAG_SIZE + 1
    title_frame = len(F.encode_v23(_frames(0)[:1]))
    assert exc.largest[0] == ("APIC (picture 'Cover art')", size + _overhead() - title_frame)
    assert exc.largest[1] == ("TIT2", title_frame)
    assert str(exc).startswith(
        "the ID3 tag would take 268,435,456 bytes (256.0 MiB), more than the "
        "268,435,455 bytes (256.0 MiB) an ID3v2 tag can hold; the largest frames: "
        "APIC (picture 'Cover art'): "
    )


def test_frame_sizes_match_the_encoder() -> None:
    frames = (
        F.Text("TIT2", ("Title",)),
        F.LangText("USLT", "eng", "Transcript", "words " * 100),
        F.Chap("chp0", 0, 1000, (F.Text("TIT2", ("Intro",)),)),
    )
    for version in (3, 4):
        opts = tags.TagOptions(version=version)
        sizes = [tags.frame_size(f, opts) for f in frames]
        whole = render(frames, opts)
        assert sum(sizes) == _synchsafe(whole[6:10]) - tags.padding_for(10 + sum(sizes))
    largest = tags.largest_frames(frames)
    assert [label for label, _ in largest] == [
        "USLT (Transcript, language eng)",
        "CHAP chp0 (chapter 'Intro')",
        "TIT2",
    ]
    # The v2.3 header gives each frame's size: the labels' sizes are those sizes + 10.
    body = F.encode_v23(frames)
    (uslt_size,) = struct.unpack(">I", body[len(F.encode_v23(frames[:1])) + 4 :][:4])
    assert largest[0][1] == uslt_size + 10


def test_build_names_the_episode_and_the_transcript(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the real build, with the limit lowered so the test needs no 256 MiB transcript.

    The same check runs at the real limit (the tests above); lowering it here only checks the
    build's message and that nothing is published.
    """
    build(tiny_project)
    dist = tiny_project / "dist"
    before = {p: sha256_file(p) for p in dist.rglob("*") if p.is_file()}
    transcript = tiny_project / "episodes" / "first" / "transcript.txt"
    transcript.write_text(TRANSCRIPT_TXT * 4000, encoding="utf-8")
    monkeypatch.setattr(tags, "MAX_TAG_SIZE", 200_000)
    with pytest.raises(InputError) as info:
        build(tiny_project)
    (line,) = info.value.report().splitlines()[:-1]
    assert line.startswith("episodes/first/episode.yaml: episode 'first': the ID3 tag would take ")
    assert "more than the 200,000 bytes (0.2 MiB) an ID3v2 tag can hold" in line
    assert "; the largest frames: USLT (Transcript, language eng): " in line
    assert line.endswith(". Give this episode a shorter transcript or fewer translations")
    assert {p: sha256_file(p) for p in dist.rglob("*") if p.is_file()} == before
    assert not list(tiny_project.glob(".dist-staging-*"))
