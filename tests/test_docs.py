"""The README documents every CLI command and every option (sqlite-utils keeps its docs honest so).

Each Click command of ``spotlight-feed`` must appear in the README's "Commands" section as
``spotlight-feed NAME``, and each of its options under one of its spellings (``-C`` or
``--project``) in that section. A new command or option fails here until it is documented.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
from conftest import REPO

from spotlight_feed.cli import main


def commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from commands(cmd, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", cmd


def commands_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Commands\n(.*?)^## ", readme, re.S | re.M)
    assert match, "README.md has no '## Commands' section"
    return match.group(1)


ALL = list(commands(main))


def test_there_are_commands_to_check() -> None:
    assert {"build", "check", "new", "new-episode", "guid", "schema"} <= {n for n, _ in ALL}


@pytest.mark.parametrize(("name", "command"), ALL, ids=[n for n, _ in ALL])
def test_command_and_its_options_are_in_the_readme(name: str, command: click.Command) -> None:
    section = commands_section()
    assert f"spotlight-feed {name}" in section, f"README Commands lacks `spotlight-feed {name}`"
    missing = [
        "/".join(p.opts)
        for p in command.params
        if isinstance(p, click.Option)
        and not p.hidden
        and not any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", section) for o in p.opts)
    ]
    assert not missing, f"spotlight-feed {name}: options not in README Commands: {missing}"


def test_docstrings_cite_sources_that_exist() -> None:
    """``docs/sources.md §N`` names a section of that file; no notes outside the repo are cited."""
    sources = (REPO / "docs" / "sources.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^## ([0-9.]+) ", sources, re.M))
    sections |= set(re.findall(r"^- \*\*([0-9.]+) ", sources, re.M))
    cited: dict[str, str] = {}
    for path in sorted((REPO / "src" / "spotlight_feed").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for outside in ("spec-notes", "platforms-and-hosting", "shared/docs"):
            assert outside not in text, f"{path}: cites {outside}, which is not in the repo"
        for refs in re.findall(r"docs/sources\.md\s+((?:§[0-9.]*[0-9](?:,\s*)?)+)", text):
            for ref in re.findall(r"§([0-9.]*[0-9])", refs):
                cited[ref] = path.name
    assert len(cited) >= 8, cited  # the citations are found at all
    missing = {ref: where for ref, where in cited.items() if ref not in sections}
    assert not missing, f"docs/sources.md has no section for {missing}"
