"""Commands: guid (the spec's worked examples), schema, new, new-episode, python -m."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, make_mp3, write_cover

from spotlight_feed.cli import main
from spotlight_feed.guid import podcast_guid
from spotlight_feed.schemas import render_schemas


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # docs/tags/guid.md worked examples
        ("https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
        ("podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("http://podnews.net/rss//", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
    ],
)
def test_podcast_guid_spec_examples(url: str, expected: str) -> None:
    assert podcast_guid(url) == expected
    result = CliRunner().invoke(main, ["guid", url])
    assert result.exit_code == 0
    assert result.output.strip() == expected


def test_podcast_guid_keeps_case_and_query() -> None:
    assert podcast_guid("https://Example.com/Feed?x=1") != podcast_guid(
        "https://example.com/feed?x=1"
    )


def test_sample_guid_matches_its_feed_url() -> None:
    show = yaml.safe_load((REPO / "podcast.yaml").read_text(encoding="utf-8"))
    assert show["podcast_guid"] == podcast_guid(show["base_url"] + "feed.xml")


def test_shipped_schemas_are_current() -> None:
    shipped = REPO / "src" / "spotlight_feed" / "schemas"
    for name, text in render_schemas().items():
        assert (shipped / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run spotlight-feed schema -o src/spotlight_feed/schemas"
        )


def test_sample_yaml_validates_against_the_schemas() -> None:
    schemas = {k: json.loads(v) for k, v in render_schemas().items()}
    show = yaml.safe_load((REPO / "podcast.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(show, schemas["podcast.schema.json"])
    for meta in sorted((REPO / "episodes").glob("*/episode.yaml")):
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        data["published"] = data["published"].isoformat()
        jsonschema.validate(data, schemas["episode.schema.json"])
    bad = dict(show, tittle="x")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schemas["podcast.schema.json"])


def test_schema_documents_every_field() -> None:
    for text in render_schemas().values():
        schema = json.loads(text)
        models = [schema, *schema.get("$defs", {}).values()]
        for model in models:
            for name, prop in model.get("properties", {}).items():
                assert prop.get("description"), f"{model.get('title')}.{name} has no description"


def test_new_show_and_episode_scaffold_builds(tmp_path: Path) -> None:
    runner = CliRunner()
    root = tmp_path / "myshow"
    result = runner.invoke(
        main, ["new", str(root), "--title", "My Show", "--base-url", "https://pod.example.org/my"]
    )
    assert result.exit_code == 0, result.output
    show = yaml.safe_load((root / "podcast.yaml").read_text(encoding="utf-8"))
    assert show["podcast_guid"] == podcast_guid("https://pod.example.org/my/feed.xml")
    result = runner.invoke(main, ["new-episode", "ep-1", "-C", str(root), "--title", "Pilot"])
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((root / "episodes/ep-1/episode.yaml").read_text(encoding="utf-8"))
    guid1 = meta["guid"]
    assert len(guid1) == 36
    runner.invoke(main, ["new-episode", "ep-2", "-C", str(root), "--title", "Second"])
    meta2 = yaml.safe_load((root / "episodes/ep-2/episode.yaml").read_text(encoding="utf-8"))
    assert meta2["guid"] != guid1
    # The scaffold only lacks media; with it, it builds.
    make_mp3(root / "media" / "ep-1.mp3", 1.5)
    make_mp3(root / "media" / "ep-2.mp3", 1.5)
    write_cover(root / "media" / "cover.jpg")
    # write_cover writes PNG bytes; give it the right format for its name
    from PIL import Image

    Image.open(root / "media" / "cover.jpg").convert("RGB").save(
        root / "media" / "cover.jpg", "JPEG"
    )
    result = runner.invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 0, result.stderr
    # A second scaffold refuses to overwrite.
    result = runner.invoke(main, ["new-episode", "ep-1", "-C", str(root), "--title", "Again"])
    assert result.exit_code == 1
    assert "already exists; not overwriting it" in result.stderr
    assert yaml.safe_load((root / "episodes/ep-1/episode.yaml").read_text())["guid"] == guid1


def test_python_dash_m_reports_errors_without_traceback(tmp_path: Path) -> None:
    root = tmp_path / "broken"
    shutil.copytree(REPO / "episodes", root / "episodes")
    (root / "podcast.yaml").write_text("title: [oops\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "spotlight_feed", "build", "-C", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert any(
        line.startswith("podcast.yaml:2: YAML syntax error") for line in proc.stderr.splitlines()
    )
    assert not (root / "dist").exists()


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("spotlight-feed, version ")


def _broken_show(root: Path) -> Path:
    root.mkdir()
    (root / "podcast.yaml").write_text("title: [oops\n", encoding="utf-8")
    return root


def _file(root: Path) -> Path:
    """A plain file: a folder asked for beneath it cannot be made (ENOTDIR, even as root)."""
    root.mkdir()
    (root / "a-file").write_text("not a folder\n", encoding="utf-8")
    return root / "a-file"


def _cases(tmp: Path, busy_port: int) -> dict[str, tuple[list[str], str]]:
    """For every command: arguments that make it fail, and what its message must name."""
    broken = str(_broken_show(tmp / "broken"))
    blocker = _file(tmp / "blocker")
    empty = tmp / "empty"
    empty.mkdir()
    page = tmp / "page.html"
    page.write_text("<!doctype html><title>x</title><p>a page</p>\n", encoding="utf-8")
    yaml_error = "podcast.yaml:2: "
    return {
        "build": (["build", "-C", broken], yaml_error),
        "check": (["check", "-C", broken], yaml_error),
        "loudness": (["loudness", "-C", broken], yaml_error),
        "align": (["align", "-C", broken, "--all"], yaml_error),
        "publish": (["publish", str(tmp / "out"), "-C", broken], yaml_error),
        "guid": (["guid", " https:// "], "is not a feed URL"),
        "schema": (["schema", "-o", str(blocker / "schemas")], f"{blocker}/schemas: "),
        "new": (
            ["new", str(blocker / "show"), "--title", "T", "--base-url", "https://x.example/"],
            f"{blocker}/show",
        ),
        "new-episode": (["new-episode", "x", "-C", str(empty), "--title", "T"], "podcast.yaml"),
        "host-config": (["host-config", "-C", str(empty)], "manifest.json"),
        "redirects": (["redirects", "-C", str(empty)], "moved.tsv"),
        "serve": (
            ["serve", "-C", broken, "--port", str(busy_port)],
            f"cannot listen on 127.0.0.1:{busy_port}",
        ),
        "import": (["import", str(page), str(tmp / "imported")], "HTML page"),
    }


def test_every_command_fails_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    """The brief: bad input gets a clear message, a non-zero exit and no traceback.

    The table must name every command, so a new one cannot skip the rule.
    """
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        cases = _cases(tmp_path, busy.getsockname()[1])
        assert sorted(cases) == sorted(main.commands)
        before = {p for p in tmp_path.rglob("*")}
        for name, (args, named) in cases.items():
            result = CliRunner().invoke(main, args)
            assert isinstance(result.exception, SystemExit), (name, result.exception)
            assert result.exit_code == 1, (name, result.output)
            assert "Traceback" not in result.output, name
            assert named in result.output, (name, result.output)
    # Nothing was half-written by a failing command.
    assert {p for p in tmp_path.rglob("*")} == before
