"""The package face: a small public API of plain imports, light to import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import spotlight_feed
import spotlight_feed.build
import spotlight_feed.lint
import spotlight_feed.load.project

HEAVY = ("pydantic", "feedgen", "lxml", "jinja2", "PIL", "mutagen")


def test_public_names_are_the_functions_not_the_modules() -> None:
    assert callable(spotlight_feed.build) and spotlight_feed.build.__name__ == "build"
    assert callable(spotlight_feed.check) and spotlight_feed.check.__name__ == "check"
    assert spotlight_feed.load_project.__module__ == "spotlight_feed"
    assert not hasattr(spotlight_feed, "__getattr__")
    for name in ("BuildOptions", "BuildReport", "InputError", "BuildError", "Problem"):
        assert isinstance(getattr(spotlight_feed, name), type), name


def test_importing_the_package_and_the_cli_stays_light() -> None:
    code = (
        "import json, sys; import spotlight_feed, spotlight_feed.cli; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []


def test_public_api_loads_builds_and_checks(tiny_project: Path) -> None:
    project = spotlight_feed.load_project(tiny_project)
    assert [e.slug for e in project.episodes] == ["first"]
    report = spotlight_feed.build(tiny_project, spotlight_feed.BuildOptions(source_date_epoch=None))
    assert (report.out_dir / "feed.xml").is_file()
    findings = spotlight_feed.check(tiny_project)
    assert all(f.severity != "error" for f in findings), findings


def test_a_no_op_rebuild_imports_no_heavy_module(tiny_project: Path) -> None:
    """The fast path answers from stat() alone: no YAML model, no feed, page or tag code."""
    spotlight_feed.build(tiny_project, spotlight_feed.BuildOptions(source_date_epoch=None))
    code = (
        "import json, sys; from pathlib import Path; import spotlight_feed; "
        f"r = spotlight_feed.build(Path({str(tiny_project)!r}), "
        "spotlight_feed.BuildOptions(source_date_epoch=None)); "
        f"print(json.dumps([r.up_to_date, [m for m in {HEAVY!r} if m in sys.modules], "
        "'spotlight_feed.transcript.vtt' in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == [True, [], False]
