"""XML hygiene: forbidden and discouraged code points never reach the feed."""

from __future__ import annotations

from pathlib import Path

from conftest import edit
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.text import clean, forbidden_chars


def test_forbidden_characters_are_dropped_from_the_feed(tiny_project: Path) -> None:
    edit(
        tiny_project / "episodes/first/episode.yaml",
        "title: First Steps",
        'title: "First\\x0b Steps\\u0085\\ufffe"',
    )
    edit(
        tiny_project / "episodes/first/episode.yaml",
        "summary: The first episode.",
        'summary: "Caf\\u0065\\u0301 \\x01tonight"',
    )
    report = build(tiny_project, BuildOptions())
    root = etree.fromstring((report.out_dir / "feed.xml").read_bytes())
    item = root.find("channel/item")
    assert item is not None
    assert item.findtext("title") == "First Steps"
    # NFC-normalised: e + combining acute becomes one code point.
    assert item.findtext("description") == "Caf\u00e9 tonight"


def test_raw_control_character_in_yaml_is_a_located_error(tiny_project: Path) -> None:
    from click.testing import CliRunner

    from spotlight_feed.cli import main

    edit(tiny_project / "podcast.yaml", "author: Tiny Author", "author: Tiny\x07Author")
    result = CliRunner().invoke(main, ["build", "-C", str(tiny_project)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "podcast.yaml:6: YAML syntax error: unacceptable character #x0007: control characters are not allowed"
    )


@given(st.text())
def test_clean_output_is_always_xml_legal(text: str) -> None:
    cleaned = clean(text)
    assert forbidden_chars(cleaned) == []
    el = etree.Element("x")
    el.text = cleaned  # lxml raises on anything XML 1.0 forbids
    assert etree.fromstring(etree.tostring(el)).text in (cleaned, None)
