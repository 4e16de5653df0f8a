"""transcript/formats.py: one registry of the transcript formats, used by every stage."""

from __future__ import annotations

from pathlib import Path

import spotlight_feed
from spotlight_feed.plan.layout import Layout
from spotlight_feed.transcript import READERS, SOURCE_NAMES
from spotlight_feed.transcript.formats import BY_MIME, FORMATS
from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.write.transcripts import render


def test_every_table_comes_from_the_registry() -> None:
    assert [f.key for f in FORMATS] == ["vtt", "srt", "json", "html", "txt"]
    layout = Layout("https://x.example/")
    assert [layout.transcript("s", f.key) for f in FORMATS] == [
        f"episodes/s/{f.dist_name}" for f in FORMATS
    ]
    assert layout.transcript("s", "vtt", "es") == "episodes/s/transcript.es.vtt"
    assert sorted(READERS) == [".json", ".srt", ".txt", ".vtt"]
    assert SOURCE_NAMES == ("transcript.vtt", "transcript.srt", "transcript.json", "transcript.txt")
    assert BY_MIME["application/x-subrip"].key == "srt"


def test_every_format_is_written_and_untimed_sources_skip_captions() -> None:
    timed = Transcript((Cue(0, 1000, "Hana", "Hello."), Cue(1000, 2000, "Gus", "Hi.")))
    untimed = Transcript((Cue(None, None, "Hana", "Hello."),))
    assert set(render(timed, title="T", language="en")) == {f.key for f in FORMATS}
    assert set(render(untimed, title="T", language="en")) == {
        f.key for f in FORMATS if not f.timed_only
    }


def test_check_reads_published_transcripts_with_the_strict_readers(tiny_project: Path) -> None:
    vtt = (
        "WEBVTT\n\n00:00:00.100 --> 00:00:01.000\n<v Host>Hello and welcome.\n\n"
        "00:00:01.000 --> 00:00:02.500\n<v Guest>Thanks for having me.\n"
    )
    (tiny_project / "episodes" / "first" / "transcript.txt").unlink()
    (tiny_project / "episodes" / "first" / "transcript.vtt").write_text(vtt, encoding="utf-8")
    dist = spotlight_feed.build(tiny_project).out_dir
    assert not [
        f for f in spotlight_feed.check(tiny_project) if "transcript transcript" in f.message
    ]
    broken = "WEBVTT\n\n00:00:0x.100 --> 00:00:01.000\nHello.\n"
    (dist / "episodes" / "first" / "transcript.vtt").write_text(broken, encoding="utf-8")
    found = [
        f for f in spotlight_feed.check(tiny_project) if "transcript transcript.vtt" in f.message
    ]
    assert found and found[0].severity == "error", found
