"""spotlight-feed check: each rule fires on a real broken input or release."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_cover
from release_util import make_show, run_cli

from spotlight_feed.build import build
from spotlight_feed.lint import check

ENC = "https://cdn.tiny.example/pod/episodes/ep01/ep01.mp3"


@pytest.fixture
def built(tmp_path: Path, tone_mp3: Path) -> Path:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    # The test tone measures -15.9 LUFS (mono); a clean release meets its loudness target.
    show = root / "podcast.yaml"
    show.write_text(show.read_text(encoding="utf-8") + "loudness:\n  integrated: -16\n")
    build(root)
    return root


def _feed_edit(root: Path, old: str, new: str) -> None:
    feed = root / "dist" / "feed.xml"
    text = feed.read_text(encoding="utf-8")
    assert old in text, old
    feed.write_text(text.replace(old, new, 1), encoding="utf-8")


def _yaml_edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_clean_release_passes_strict(built: Path) -> None:
    assert check(built) == []
    result = run_cli("check", "--strict", "-C", built)
    assert result.returncode == 0
    assert result.stdout == "0 error(s), 0 warning(s)\n"


def test_sample_show_passes(sample_dist: Path) -> None:
    # Only its loudness: the sample MP3 is 3 LU quieter than Apple's mono target (#16).
    assert [str(f) for f in check(sample_dist.parent)] == [
        "episodes/always-alone/episode.yaml: warning: loudness: -22.2 LUFS, 3.2 LU under the "
        "apple target of -19 LUFS for mono (±1); set encode.normalize (an MP3 source also "
        "needs encode.reencode_mp3, which costs quality; better export WAV or FLAC) "
        "[Apple: 893: about -16 LUFS stereo, -19 LUFS mono, true peak at most -1 dBTP]"
    ]


def test_not_built_yet(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    result = run_cli("check", "-C", root)
    assert result.returncode == 1
    assert "dist/feed.xml: error: not built yet [spotlight-feed: run build first]" in result.stdout


def test_warnings_are_fatal_only_with_strict(built: Path) -> None:
    _yaml_edit(built / "podcast.yaml", "explicit: false", "explicit: no")
    assert [str(f) for f in check(built)] == [
        "podcast.yaml:12: warning: explicit: write true or false, not 'no' "
        "[Apple: itunes:explicit takes the values true or false]"
    ]
    assert run_cli("check", "-C", built).returncode == 0
    strict = run_cli("check", "--strict", "-C", built)
    assert strict.returncode == 1
    assert strict.stdout.endswith("0 error(s), 1 warning(s)\n")


# (edit, expected finding) pairs: each rule of the linter, broken for real.
FeedCase = tuple[str, str, str]
FEED_CASES: list[FeedCase] = [
    (
        'length="',
        'length="1',
        "dist/feed.xml: item 1 'Episode 1': error: enclosure length 1",
    ),
    (
        'type="audio/mpeg"',
        'type="audio/ogg"',
        "enclosure type audio/ogg for a .mp3 file (want audio/mpeg) [Apple: enclosure length "
        "is the file's byte size and type its MIME type]",
    ),
    (
        "<itunes:duration>3</itunes:duration>",
        "<itunes:duration>1:03</itunes:duration>",
        "error: itunes:duration 1:03 but the audio plays 3.1 s [Apple: itunes:duration is the "
        "play time]",
    ),
    (
        'text="Technology"',
        'text="Tech"',
        "'Tech' is not an Apple Podcasts category [Apple: categories from Apple's list (1691)]",
    ),
    (
        "<itunes:email>owner@tiny.example</itunes:email>",
        "",
        "dist/feed.xml: channel: error: no itunes:owner e-mail",
    ),
    (
        'role="host" group="cast">Hana Host',
        'role="hostess" group="cast">Hana Host',
        "dist/feed.xml: channel: person 'Hana Host': error: role 'hostess' is not in group "
        "'cast' of the podcast:person taxonomy (did you mean 'host'?) [Podcasting 2.0: "
        "taxonomy.json]",
    ),
    (
        "<podcast:guid>5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b</podcast:guid>",
        "<podcast:guid>5bedcb2e-d1a2-4267-baa2-2a10e7b7cf6b</podcast:guid>",
        "podcast:guid '5bedcb2e-d1a2-4267-baa2-2a10e7b7cf6b' is not a lower-case UUIDv5",
    ),
    (
        "<itunes:explicit>false</itunes:explicit>",
        "<itunes:explicit>no</itunes:explicit>",
        "dist/feed.xml: channel: error: itunes:explicit is 'no' [Apple: true or false]",
    ),
    (
        "</item>",
        f'<podcast:transcript url="{ENC[:-8]}missing.vtt" type="text/vtt"/></item>',
        "error: transcript https://cdn.tiny.example/pod/episodes/ep01/missing.vtt is not in dist/",
    ),
    (
        'episodes/ep01/chapters.json" type="application/json+chapters"',
        'episodes/ep01/ep01.mp3" type="application/json+chapters"',
        "error: chapters https://cdn.tiny.example/pod/episodes/ep01/ep01.mp3: ",
    ),
    (
        "</item>",
        '<podcast:transcript url="http://elsewhere.example/t.vtt" type="text/vtt"/></item>',
        "warning: podcast:transcript is not https: http://elsewhere.example/t.vtt "
        "[Podcasting 2.0: use https URLs]",
    ),
    (
        '<guid isPermaLink="false">tiny-0001</guid>',
        "",
        "error: no guid [RSS Profile: every item needs a unique guid]",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), FEED_CASES)
def test_release_rules(built: Path, old: str, new: str, expected: str) -> None:
    _feed_edit(built, old, new)
    found = [str(f) for f in check(built)]
    assert any(expected in f for f in found), found
    # every edit of the release also breaks its manifest
    assert any(f.startswith("dist/manifest.json: error: feed.xml: ") for f in found), found


def test_cli_reports_release_errors_with_exit_1(built: Path) -> None:
    _feed_edit(built, 'length="', 'length="1')
    result = run_cli("check", "-C", built)
    assert result.returncode == 1
    assert "dist/feed.xml: item 1 'Episode 1': error: enclosure length 1" in result.stdout
    assert result.stdout.endswith("2 error(s), 0 warning(s)\n")


InputCase = tuple[Callable[[Path], None], str]


def _summary_too_long(root: Path) -> None:
    _yaml_edit(
        root / "episodes" / "ep01" / "episode.yaml",
        "summary: The first episode.",
        "summary: " + "x" * 4001,
    )


def _summary_cjk(root: Path) -> None:
    # 1,400 characters pass a character count; at 3 UTF-8 bytes each Apple cuts them.
    _yaml_edit(
        root / "episodes" / "ep01" / "episode.yaml",
        "summary: The first episode.",
        "summary: " + "\u5f15" * 1400,
    )


def _control_char(root: Path) -> None:
    _yaml_edit(root / "episodes" / "ep01" / "episode.yaml", "title: Episode 1", 'title: "A\\x01B"')


def _cover(size: tuple[int, int], mode: str = "RGB") -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        from PIL import Image

        Image.new(mode, size).save(root / "media" / "cover.png", format="PNG")

    return edit


def _jpeg_named_png(root: Path) -> None:
    from PIL import Image

    Image.new("RGB", (1400, 1400)).save(root / "media" / "cover.png", format="JPEG")


INPUT_CASES: list[InputCase] = [
    (
        _summary_too_long,
        "episodes/ep01/episode.yaml:6: error: summary: 4001 bytes in UTF-8 (4001 characters), "
        "more than 4000 [Apple: descriptions are limited to 4000 bytes (UTF-8), not characters]",
    ),
    (
        _summary_cjk,
        "episodes/ep01/episode.yaml:6: error: summary: 4200 bytes in UTF-8 (1400 characters), "
        "more than 4000 [Apple: descriptions are limited to 4000 bytes (UTF-8), not characters]",
    ),
    (
        _control_char,
        "episodes/ep01/episode.yaml:1: warning: title: contains characters XML forbids "
        "(U+0001)... ",
    ),
    (_cover((1400, 1500)), "podcast.yaml:13: error: image: 1400x1500 px is not square"),
    (_cover((1000, 1000)), "podcast.yaml:13: error: image: 1000x1000 px is outside 1400-3000"),
    (_cover((1400, 1400), "RGBA"), "podcast.yaml:13: error: image: colour mode RGBA, not RGB"),
    (_jpeg_named_png, "podcast.yaml:13: error: image: cover.png is JPEG but named .png"),
]


@pytest.mark.parametrize(("edit", "expected"), INPUT_CASES)
def test_input_rules(built: Path, edit: Callable[[Path], None], expected: str) -> None:
    edit(built)
    found = [str(f) for f in check(built)]
    prefix = expected.split("... ")[0]
    assert any(f.startswith(prefix) for f in found), found


def test_ascii_unsafe_file_name_in_dist(built: Path) -> None:
    (built / "dist" / "épisode.txt").write_text("x")
    found = [str(f) for f in check(built)]
    assert "dist/épisode.txt: error: file name is not ASCII-safe [Apple: ASCII file names]" in found
    assert "dist/manifest.json: error: épisode.txt: not listed in manifest.json" in found[0]


def test_cover_is_checked_in_the_release_too(built: Path) -> None:
    cover = next((built / "dist").glob("cover-*.png"))
    write_cover(cover, 1200)
    found = [str(f) for f in check(built)]
    assert f"dist/{cover.name}: error: image: 1200x1200 px is outside 1400-3000 px" in " ".join(
        found
    )
