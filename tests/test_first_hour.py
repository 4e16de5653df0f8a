"""The first hour of a new podcaster: new -> new-episode -> build -> check --strict (issue #17).

Run as a person would, through the real command line in a subprocess, in a temporary
folder: the scaffold builds at once, the placeholders it leaves are warnings in
``build`` and fatal in ``check --strict``, and once they are replaced the show passes
``check --strict`` with 0 warnings.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from conftest import make_mp3
from jsonschema import Draft202012Validator
from PIL import Image
from release_util import run_cli

from spotlight_feed.guid import podcast_guid

PLACEHOLDER_WARNINGS = [
    "episodes/pilot/episode.yaml:6: summary: 'One or two sentences about the episode.' is the "
    "template summary from the scaffold; replace it",
    "podcast.yaml:10: author: 'Your Name' is a placeholder name from the scaffold; replace it",
    "podcast.yaml:12: owner.name: 'Your Name' is a placeholder name from the scaffold; replace it",
    "podcast.yaml:13: owner.email: 'you@example.com' is a placeholder e-mail address "
    "(directories send ownership codes there) from the scaffold; replace it",
    "podcast.yaml:18: image: media/cover.jpg is the placeholder cover from 'spotlight-feed new'; "
    "replace it with the show's art",
    "podcast.yaml:6: description: 'Describe the show in a few sentences.' is the template "
    "description from the scaffold; replace it",
]
RULE = " [Apple: no placeholder text or art (support article 823)]"


def _warnings(stderr: str) -> list[str]:
    return sorted(
        line.removeprefix("warning: ")
        for line in stderr.splitlines()
        if line.startswith("warning:")
    )


def _check_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if ": warning: " in line or ": error: " in line]


def test_new_user_session(tmp_path: Path) -> None:
    recordings = tmp_path / "Recordings"
    # at Apple's -19 LUFS for mono, so that check's loudness test passes too
    audio = make_mp3(recordings / "pilot take 3.mp3", 2.5, amplitude=5900)
    show = tmp_path / "lighthouse"

    # 1. new: everything the first build needs
    proc = run_cli(
        "new", show, "--title", "Lighthouse Radio", "--base-url", "https://pod.example.org/lh"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"created {show / p}"
        for p in (
            "podcast.yaml",
            "episodes",
            "media",
            "media/cover.jpg",
            ".gitignore",
            "schemas/podcast.schema.json",
            "schemas/episode.schema.json",
        )
    ]
    with Image.open(show / "media/cover.jpg") as img:
        assert (img.format, img.mode, img.size) == ("JPEG", "RGB", (3000, 3000))
    ignored = (show / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/dist/", "/.spotlight-cache/", "/.dist-staging-*/", "/.dist-old-*/"} <= set(ignored)
    # the yaml-language-server comment points at a schema file that exists, by relative path
    first = (show / "podcast.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schemas/podcast.schema.json"
    show_schema = json.loads((show / "schemas/podcast.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((show / "podcast.yaml").read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(show_schema).iter_errors(data))
    assert data["podcast_guid"] == podcast_guid("https://pod.example.org/lh/feed.xml")

    # 2. new-episode with the recording, date, numbers; no placeholder transcript
    proc = run_cli(
        "new-episode", "pilot", "-C", show, "--title", "The Keeper", "--audio", audio,
        "--published", "2024-05-01T09:00:00+02:00", "--number", "1", "--season", "1",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"created {show / 'episodes/pilot/episode.yaml'}",
        f"created {show / 'media/pilot.mp3'}",
    ]
    folder = show / "episodes/pilot"
    assert sorted(p.name for p in folder.iterdir()) == ["episode.yaml"]
    meta_text = (folder / "episode.yaml").read_text(encoding="utf-8")
    assert meta_text.splitlines()[0] == (
        "# yaml-language-server: $schema=../../schemas/episode.schema.json"
    )
    assert (folder / "../../schemas/episode.schema.json").resolve().is_file()
    meta = yaml.safe_load(meta_text)
    assert meta["audio"] == "media/pilot.mp3"  # an ASCII-safe copy, named after the slug
    assert (meta["number"], meta["season"]) == (1, 1)
    assert meta["published"].isoformat() == "2024-05-01T09:00:00+02:00"
    assert (show / "media/pilot.mp3").read_bytes() == audio.read_bytes()

    # 3. build works at once, and warns about every placeholder
    proc = run_cli("build", "-C", show)
    assert proc.returncode == 0, proc.stderr
    assert _warnings(proc.stderr) == sorted(PLACEHOLDER_WARNINGS)
    assert (show / "dist/feed.xml").is_file()

    # 4. check --strict fails on them, each named
    proc = run_cli("check", "-C", show, "--strict")
    assert proc.returncode == 1
    lines = _check_lines(proc.stdout)
    # in file order, lines as numbers: podcast.yaml:6 before podcast.yaml:18
    by_line = [PLACEHOLDER_WARNINGS[i] for i in (0, 5, 1, 2, 3, 4)]
    assert lines == [w.replace(": ", ": warning: ", 1) + RULE for w in by_line]
    assert proc.stdout.splitlines()[-1] == "0 error(s), 6 warning(s)"

    # 5. replace them as the comments say, then build and check --strict pass with 0 warnings
    text = (show / "podcast.yaml").read_text(encoding="utf-8")
    text = text.replace("Your Name", "Ana Lima").replace("you@example.com", "ana@lima.example.org")
    text = text.replace("Describe the show in a few sentences.", "Stories from the coast.")
    (show / "podcast.yaml").write_text(text, encoding="utf-8")
    meta_text = meta_text.replace(
        "One or two sentences about the episode.", "We meet the last keeper."
    )
    (folder / "episode.yaml").write_text(meta_text, encoding="utf-8")
    Image.new("RGB", (1400, 1400), (10, 60, 90)).save(show / "media/cover.jpg", quality=85)
    proc = run_cli("build", "-C", show)
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr
    proc = run_cli("check", "-C", show, "--strict")
    assert proc.stdout.splitlines() == ["0 error(s), 0 warning(s)"]
    assert proc.returncode == 0


def test_help_short_option() -> None:
    for args in (["-h"], ["new-episode", "-h"], ["build", "-h"]):
        proc = run_cli(*args)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("Usage: "), args
    assert "--published" in run_cli("new-episode", "-h").stdout


def test_new_episode_refuses_a_date_without_time_zone(tmp_path: Path) -> None:
    show = tmp_path / "s"
    assert run_cli("new", show, "--title", "S", "--base-url", "https://s.example/").returncode == 0
    proc = run_cli(
        "new-episode", "one", "-C", show, "--title", "One", "--published", "2024-05-01T09:00:00"
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "error: --published: '2024-05-01T09:00:00' has no time zone; "
        "add one, e.g. 2024-05-01T09:00:00+00:00"
    )
    assert not (show / "episodes/one").exists()


def test_schema_write_refreshes_the_show_schemas(tmp_path: Path) -> None:
    show = tmp_path / "s"
    assert run_cli("new", show, "--title", "S", "--base-url", "https://s.example/").returncode == 0
    (show / "schemas/podcast.schema.json").write_text("{}", encoding="utf-8")
    proc = run_cli("schema", "--write", "-C", show)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((show / "schemas/podcast.schema.json").read_text())["title"] == "ShowConfig"


def test_build_force_does_not_say_up_to_date(tmp_path: Path) -> None:
    show = tmp_path / "s"
    assert run_cli("new", show, "--title", "S", "--base-url", "https://s.example/").returncode == 0
    make_mp3(show / "media/one.mp3", 1.5)
    assert run_cli("new-episode", "one", "-C", show, "--title", "One").returncode == 0
    assert run_cli("build", "-C", show).returncode == 0
    again = run_cli("build", "-C", show)
    assert again.stdout.strip() == f"{show / 'dist'} is up to date (1 episode(s)); not rewritten"
    forced = run_cli("build", "-C", show, "--force")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.strip() == (
        f"rebuilt 1 episode(s): the result is identical to {show / 'dist'}, "
        "which was left as it was"
    )


def test_base_url_option_replaces_a_missing_base_url(tmp_path: Path) -> None:
    show = tmp_path / "s"
    assert run_cli("new", show, "--title", "S", "--base-url", "https://s.example/").returncode == 0
    make_mp3(show / "media/one.mp3", 1.5)
    assert run_cli("new-episode", "one", "-C", show, "--title", "One").returncode == 0
    text = (show / "podcast.yaml").read_text(encoding="utf-8")
    (show / "podcast.yaml").write_text(text.replace("base_url: https://s.example/\n", ""))
    proc = run_cli("build", "-C", show)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-2:] == [
        "podcast.yaml:5: base_url: required field is missing: set it to the public URL of "
        "dist/, or build with --base-url URL",
        "error: 1 problem in 1 file; nothing was written to dist/",
    ]
    proc = run_cli("build", "-C", show, "--base-url", "https://cdn.example.net/s")
    assert proc.returncode == 0, proc.stderr
    feed = (show / "dist/feed.xml").read_text(encoding="utf-8")
    assert 'href="https://cdn.example.net/s/feed.xml"' in feed
    assert "https://s.example/" not in feed.replace("<link>https://s.example/</link>", "")
    # the release's own address: the lock is written, as for a base_url in the YAML
    assert "https://cdn.example.net/s/episodes/one/one.mp3" in (show / "spotlight.lock").read_text()


def test_an_episode_without_a_transcript_builds(tiny_project: Path) -> None:
    (tiny_project / "episodes/first/transcript.txt").unlink()
    proc = run_cli("build", "-C", tiny_project)
    assert proc.returncode == 0, proc.stderr
    feed = (tiny_project / "dist/feed.xml").read_text(encoding="utf-8")
    assert "<podcast:transcript" not in feed
    assert sorted(p.name for p in (tiny_project / "dist/episodes/first").iterdir()) == [
        "chapters.json",
        "chapters.vtt",
        "first.mp3",
        "index.html",
    ]
