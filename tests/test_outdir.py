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


def _project_keep(root: Path) -> None:
    """``keep/`` in the project: a CNAME and a .well-known/ folder, listed under ``keep:``."""
    edit(root / "podcast.yaml", "language: en", "language: en\nkeep: [CNAME, .well-known/]")
    (root / "keep" / ".well-known").mkdir(parents=True)
    (root / "keep" / "CNAME").write_text("pod.example\n")
    (root / "keep" / ".well-known" / "security.txt").write_text("Contact: mailto:a@b.example\n")


def test_keep_from_the_project_reaches_a_fresh_clone(tmp_path: Path, tone_mp3: Path) -> None:
    """No dist/ yet (a fresh clone): the kept files come from the project's keep/ folder."""
    root = make_show(tmp_path / "show", tone_mp3, 1)
    _project_keep(root)
    assert not (root / "dist").exists()
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 0, result.output
    dist = root / "dist"
    assert (dist / "CNAME").read_text() == "pod.example\n"
    assert (dist / ".well-known" / "security.txt").read_text().startswith("Contact:")
    assert manifest.verify(dist) == []
    listed = manifest.release_files(dist)
    assert listed is not None and {"CNAME", ".well-known/security.txt"} <= listed
    # An edit of a kept file is an input change: the next build (no --force) publishes it.
    (root / "keep" / "CNAME").write_text("new.example\n")
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert (dist / "CNAME").read_text() == "new.example\n"
    assert manifest.verify(dist) == []
    check = CliRunner().invoke(main, ["check", "-C", str(root)])
    assert "keep" not in check.output, check.output


def test_keep_from_the_project_wins_over_the_previous_release(
    tmp_path: Path, tone_mp3: Path
) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    edit(root / "podcast.yaml", "language: en", "language: en\nkeep: [CNAME]")
    build(root)
    (root / "dist" / "CNAME").write_text("old.example\n")  # put there by hand
    edit(root / "episodes" / "ep01" / "episode.yaml", "title: Episode 1", "title: One")
    build(root)
    assert (root / "dist" / "CNAME").read_text() == "old.example\n"  # carried along
    (root / "keep").mkdir()
    (root / "keep" / "CNAME").write_text("pod.example\n")
    build(root)
    assert (root / "dist" / "CNAME").read_text() == "pod.example\n"


def test_a_file_in_keep_that_keep_does_not_list_is_named(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    (root / "keep").mkdir()
    (root / "keep" / "CNAME").write_text("pod.example\n")
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert (
        "keep/CNAME: not listed under keep: in podcast.yaml, so not published (add keep: [CNAME])"
    ) in result.output
    assert not (root / "dist" / "CNAME").exists()


def test_a_link_in_keep_is_never_followed(tmp_path: Path, tone_mp3: Path) -> None:
    """keep/ is copied into a public folder: a link there could publish any file."""
    root = make_show(tmp_path / "show", tone_mp3, 1)
    build(root)
    before = sorted(manifest.walk(root / "dist"))
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY\n")
    edit(root / "podcast.yaml", "language: en", "language: en\nkeep: [.well-known/]")
    (root / "keep" / ".well-known").mkdir(parents=True)
    (root / "keep" / ".well-known" / "key.txt").symlink_to(secret)
    for command in ("build", "check"):
        result = CliRunner().invoke(main, [command, "-C", str(root)])
        assert result.exit_code == 1, result.output
        assert "keep/.well-known/key.txt: " in result.output
        assert "is a symlink; files kept from the project are copied, never followed" in (
            result.output
        )
    assert sorted(manifest.walk(root / "dist")) == before
    assert not any("PRIVATE" in p.read_text() for p in (root / "dist").rglob("*.txt"))


def test_output_inside_keep_is_refused(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    (root / "keep").mkdir()
    result = CliRunner().invoke(main, ["build", "-C", str(root), "-o", str(root / "keep" / "o")])
    assert result.exit_code == 1
    assert f"is inside the project's keep/ ({root / 'keep'})" in result.output, result.output
