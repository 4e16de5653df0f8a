"""The output folder: what a build may replace, and ``keep:`` carrying foreign files along."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import edit
from release_util import make_show

from spotlight_feed.build import build
from spotlight_feed.cli import main
from spotlight_feed.release import manifest


def test_keep_carries_files_into_every_release(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    edit(root / "podcast.yaml", "language: en", "language: en\nkeep: [CNAME, .well-known/]")
    build(root)
    dist = root / "dist"
    (dist / "CNAME").write_text("pod.example\n")
    (dist / ".well-known").mkdir()
    (dist / ".well-known" / "security.txt").write_text("Contact: mailto:a@b.example\n")
    edit(root / "episodes" / "ep01" / "episode.yaml", "title: Episode 1", "title: One")
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert (dist / "CNAME").read_text() == "pod.example\n"
    assert (dist / ".well-known" / "security.txt").read_text().startswith("Contact:")
    assert manifest.verify(dist) == []  # carried files are part of the release now
    listed = manifest.release_files(dist)
    assert listed is not None and {"CNAME", ".well-known/security.txt"} <= listed
    # once listed, a release without keep: still owns them (no refusal), and drops them
    edit(root / "podcast.yaml", "keep: [CNAME, .well-known/]", "keep: []")
    edit(root / "episodes" / "ep01" / "episode.yaml", "title: One", "title: Two")
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert not (dist / "CNAME").exists()


def test_keep_of_a_file_the_tool_writes_is_refused(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    build(root)
    edit(root / "podcast.yaml", "language: en", "language: en\nkeep: [feed.xml]")
    before = (root / "dist" / "feed.xml").read_bytes()
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: keep: 'feed.xml' is also a file this tool writes into the release"
    ), result.output
    assert (root / "dist" / "feed.xml").read_bytes() == before


def test_manifest_marks_the_release(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    build(root)
    text = (root / "dist" / manifest.MANIFEST).read_text()
    assert f'"format": "{manifest.FORMAT}"' in text
    assert manifest.release_files(root / "dist") == frozenset(
        [*manifest.walk(root / "dist"), manifest.MANIFEST]
    )
    (tmp_path / "pwa").mkdir()
    (tmp_path / "pwa" / "manifest.json").write_text('{"name": "x", "files": []}')
    assert manifest.release_files(tmp_path / "pwa") is None
