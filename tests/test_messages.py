"""Messages that say what is wrong (issue #17): build warnings, check warnings that are
true and relevant, and the wording of timed-transcript mismatches."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import copy_sample, edit
from lxml import etree
from PIL import Image

from spotlight_feed.align.verify import verify_timed
from spotlight_feed.cli import main
from spotlight_feed.transcript.model import Cue, Transcript

EP = "episodes/first/episode.yaml"


def _build(root: Path, *args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["build", "-C", str(root), *args])
    warnings = [
        line.removeprefix("warning: ")
        for line in result.stderr.splitlines()
        if line.startswith("warning: ")
    ]
    return result.exit_code, warnings, result.stdout


def _check(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["check", "-C", str(root)])
    return [
        line for line in result.stdout.splitlines() if ": warning: " in line or ": error: " in line
    ]


RULE = "(Apple artwork: square JPEG or PNG, 1400-3000 px, RGB, matching extension)"


def test_build_warns_about_cover_art_apple_refuses(tiny_project: Path) -> None:
    cover = tiny_project / "media" / "cover.png"
    Image.new("RGBA", (1200, 1000), (1, 2, 3, 0)).save(cover)
    code, warnings, _ = _build(tiny_project)
    assert code == 0
    assert warnings == [
        f"podcast.yaml:13: image: 1200x1000 px is not square {RULE}",
        f"podcast.yaml:13: image: 1200x1000 px is outside 1400-3000 px {RULE}",
        f"podcast.yaml:13: image: colour mode RGBA, not RGB {RULE}",
    ]
    # an RGB PNG with a transparent colour (tRNS) is refused too
    Image.new("RGB", (1400, 1400), (1, 2, 3)).save(cover, transparency=(1, 2, 3))
    code, warnings, _ = _build(tiny_project)
    assert warnings == [
        "podcast.yaml:13: image: has a transparent colour (PNG tRNS); Apple wants opaque RGB "
        f"art {RULE}"
    ]
    assert any(
        line.endswith("image: has a transparent colour (PNG tRNS); Apple wants opaque RGB art "
                      "[Apple: artwork: square JPEG or PNG, 1400-3000 px, RGB, matching extension]")
        for line in _check(tiny_project)
    )  # fmt: skip


def test_good_cover_gives_no_warning_even_when_up_to_date(tiny_project: Path) -> None:
    code, warnings, _ = _build(tiny_project)
    assert (code, warnings) == (0, [])
    Image.new("RGB", (1000, 1000)).save(tiny_project / "media" / "cover.png")
    _build(tiny_project)
    code, warnings, out = _build(tiny_project)  # the fast path warns as well
    assert "is up to date" in out
    assert warnings == [f"podcast.yaml:13: image: 1000x1000 px is outside 1400-3000 px {RULE}"]


def test_long_title_and_description_warn_with_limit_and_source(tiny_project: Path) -> None:
    edit(tiny_project / EP, "title: First Steps", "title: " + "Lighthouse " * 25 + "end")
    edit(tiny_project / EP, "summary: The first episode.", "summary: " + "\u5f15" * 1400)
    code, warnings, _ = _build(tiny_project)
    assert code == 0
    assert warnings == [
        f"{EP}:1: title: 278 characters, more than 255 (Apple: itunes: text values up to 255 "
        "characters (W3C Feed Validator))",
        f"{EP}:6: summary: 4200 bytes in UTF-8, more than 4000 (Apple: descriptions up to "
        "4000 bytes of UTF-8 (support article 823))",
    ]
    found = _check(tiny_project)
    assert (
        f"{EP}:1: warning: title: 278 characters, more than 255 (Apple: itunes: text values up "
        "to 255 characters (W3C Feed Validator)) [Apple: title length]"
    ) in found
    assert any(f.startswith(f"{EP}:6: error: summary: 4200 bytes in UTF-8") for f in found)


def test_cdata_end_is_no_warning_because_the_feed_escapes_it(tiny_project: Path) -> None:
    edit(tiny_project / EP, "Hello and welcome.", "a ]]> b")
    edit(tiny_project / EP, "summary: The first episode.", "summary: The ]]> end.")
    code, _, _ = _build(tiny_project)
    assert code == 0
    feed = etree.parse(str(tiny_project / "dist" / "feed.xml"))  # well-formed
    assert feed.findtext("channel/item/description") == "The ]]> end."
    encoded = feed.findtext("channel/item/{http://purl.org/rss/1.0/modules/content/}encoded")
    assert encoded is not None and "a ]]&gt; b" in encoded
    assert not [f for f in _check(tiny_project) if "]]>" in f]


def test_the_sample_show_has_no_false_warning(tmp_path: Path) -> None:
    """No text, art, transcript or feed warning on the sample; the one finding left is its
    measured loudness (-22 LUFS against Apple's -19 for mono), which is true: the sample's
    audio is quieter than Apple asks. (A new show with its placeholders replaced and audio at
    the target has none at all: tests/test_first_hour.py.)"""
    root = copy_sample(tmp_path / "sample")
    code, warnings, _ = _build(root)
    assert (code, warnings) == (0, [])
    result = CliRunner().invoke(main, ["check", "-C", str(root), "--strict"])
    findings = [line for line in result.stdout.splitlines()[:-1]]
    assert [f.split(": warning: ")[1].split(":")[0] for f in findings] == ["loudness"], findings
    assert result.stdout.splitlines()[-1] == "0 error(s), 1 warning(s)"


def _pair(timed_source: str) -> tuple[Transcript, Transcript]:
    timed = Transcript((Cue(0, 1000, "Host", "Hello there.", 3),), timed_source)
    plain = Transcript((Cue(None, None, "Guest", "Hello there.", 1),), "episodes/e/transcript.txt")
    return timed, plain


def test_a_script_that_was_never_aligned_gets_no_aligned_wording() -> None:
    timed, plain = _pair("episodes/e/transcript.srt")
    assert [str(p) for p in verify_timed(timed, plain)] == [
        "episodes/e/transcript.srt:3: turn 1: speaker 'Host' here, 'Guest' in the script "
        "(episodes/e/transcript.txt:1) (fix one of them by hand, or remove the script if it is "
        "not this episode's)"
    ]
    timed, plain = _pair("episodes/e/transcript.vtt")  # what align writes
    assert [str(p) for p in verify_timed(timed, plain)] == [
        "episodes/e/transcript.vtt:3: turn 1: speaker 'Host' here, 'Guest' in the script "
        "(episodes/e/transcript.txt:1) (re-run spotlight-feed align --force, or fix it by hand)"
    ]


def test_language_ja_reaches_the_id3_tag(tiny_project: Path) -> None:
    from mutagen.id3 import ID3

    edit(tiny_project / "podcast.yaml", "language: en", "language: ja")
    code, _, _ = _build(tiny_project)
    assert code == 0
    assert ID3(tiny_project / "dist/episodes/first/first.mp3")["TLAN"].text == ["jpn"]


def test_check_calls_a_bad_url_not_a_valid_url_rather_than_markup(tiny_project: Path) -> None:
    edit(
        tiny_project / "podcast.yaml",
        "link: https://tiny.example/",
        'link: "https://tiny.example/<b>"',
    )
    found = _check(tiny_project)
    assert (
        "podcast.yaml:3: error: link: not a valid URL: '<' cannot appear in a URL (percent-encode "
        "it as %3C), got 'https://tiny.example/<b>' [spotlight-feed: input schema]"
    ) in found
    assert not [f for f in found if "HTML markup" in f]


def test_the_old_stub_transcript_is_a_placeholder(tiny_project: Path) -> None:
    (tiny_project / "episodes/first/transcript.txt").write_text(
        "Host\nWelcome to the show.\n", encoding="utf-8"
    )
    edit(tiny_project / EP, "  Guest:\n    name: Gus Guest\n    role: guest\n", "")
    code, warnings, _ = _build(tiny_project)
    assert code == 0
    assert warnings == [
        "episodes/first/transcript.txt:1: still the template transcript; replace it or delete "
        "the file"
    ]
