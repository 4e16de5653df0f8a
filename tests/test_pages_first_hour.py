"""Pages a listener reads (issue #17): absent hosts, serial order, another language, no
empty sections, long discussions folded, licence names, the whole feed URL."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import lxml.html
from click.testing import CliRunner
from lxml import etree
from pagekit import (
    build_show,
    chromium,
    episode_config,
    serve,
    show_config,
    vnu_messages,
    write_show,
)
from PIL import Image

from spotlight_feed.cli import main

PODCAST = "{https://podcastindex.org/namespace/1.0}"
TWO_HOSTS = [{"name": "Hana Host", "role": "host"}, {"name": "Cole Host", "role": "co-host"}]


def _page(dist: Path, slug: str | None = None) -> Any:
    path = dist / "index.html" if slug is None else dist / "episodes" / slug / "index.html"
    return lxml.html.fromstring(path.read_bytes())


def _json_ld(doc: Any) -> dict[str, Any]:
    (script,) = doc.xpath("//script[@type='application/ld+json']")
    data: dict[str, Any] = json.loads(script.text)
    return data


def test_a_host_marked_absent_is_not_credited_on_that_episode(tmp_path: Path) -> None:
    voices = {"Host": {"name": "Hana Host", "role": "host"}}
    root = write_show(
        tmp_path / "show",
        show_config(people=TWO_HOSTS),
        {
            "one": episode_config("one", 1, voices=voices),
            "two": episode_config("two", 2, voices=voices, absent=["Cole Host"]),
        },
    )
    dist = build_show(root)
    hosts = {
        slug: _page(dist, slug).xpath("//section[@data-group='hosts']//span[@class='name']")
        for slug in ("one", "two")
    }
    assert [h.text_content() for h in hosts["one"]] == ["Hana Host", "Cole Host"]
    assert [h.text_content() for h in hosts["two"]] == ["Hana Host"]
    actors = [a["name"] for a in _json_ld(_page(dist, "two"))["actor"]]
    assert actors == ["Hana Host"]
    feed = etree.parse(str(dist / "feed.xml"))
    persons = {
        item.findtext("guid"): [p.text for p in item.findall(f"{PODCAST}person")]
        for item in feed.iter("item")
    }
    assert persons == {"guid-one": ["Hana Host", "Cole Host"], "guid-two": ["Hana Host"]}
    # the channel still lists both regulars
    assert [p.text for p in feed.find("channel").findall(f"{PODCAST}person")] == [
        "Hana Host",
        "Cole Host",
    ]


def test_absent_must_name_one_of_the_show_people(tmp_path: Path) -> None:
    root = write_show(
        tmp_path / "show",
        show_config(people=TWO_HOSTS),
        {"one": episode_config("one", 1, absent=["Cole Hots"])},
    )
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "episodes/one/episode.yaml:17: absent[0]: 'Cole Hots' is not one of the show's people "
        "(podcast.yaml people:) (did you mean 'Cole Host'?)"
    )


def _titles(dist: Path) -> list[str]:
    return [a.text_content() for a in _page(dist).xpath("//li[@class='episode-card']//h3/a")]


def test_serial_shows_list_oldest_first_episodic_newest_first(tmp_path: Path) -> None:
    episodes = {f"e{n}": episode_config(f"e{n}", n) for n in (1, 2, 3)}
    serial = build_show(write_show(tmp_path / "serial", show_config(type="serial"), episodes))
    assert _titles(serial) == ["Episode 1", "Episode 2", "Episode 3"]
    episodic = build_show(write_show(tmp_path / "episodic", show_config(), episodes))
    assert _titles(episodic) == ["Episode 3", "Episode 2", "Episode 1"]


def test_an_episode_in_another_language_marks_only_its_content(tmp_path: Path) -> None:
    meta = episode_config(
        "fr",
        1,
        language="fr",
        title="Le phare",
        summary="Un épisode en français.",
        notes="Des notes.",
    )
    dist = build_show(write_show(tmp_path / "show", show_config(), {"fr": meta}))
    doc = _page(dist, "fr")
    assert doc.get("lang") == "en"  # the interface: "Listen", "Chapters", "Credits"...
    marked = {
        (el.tag, el.get("class") or el.get("id")): el.get("lang") for el in doc.xpath("//*[@lang]")
    }
    assert marked == {
        ("html", None): "en",
        ("h1", "episode-title"): "fr",
        ("p", "summary"): "fr",
        ("div", "notes__body"): "fr",
        ("ol", "chapter-list"): "fr",
        ("div", "turns"): "fr",
    }
    assert doc.xpath("//h2[@id='listen']")[0].get("lang") is None
    assert _json_ld(doc)["inLanguage"] == "fr"
    # an episode in the show's language has no lang of its own
    same = build_show(write_show(tmp_path / "same", show_config(), {"en": episode_config("en", 1)}))
    assert [el.tag for el in _page(same, "en").xpath("//*[@lang]")] == ["html"]


def test_empty_sections_are_not_rendered(tmp_path: Path) -> None:
    bare = episode_config("bare", 1, chapters=[])
    full = episode_config(
        "full", 2, notes="Some notes.", discussion={"question": "What now?", "comments": []}
    )
    dist = build_show(write_show(tmp_path / "show", show_config(), {"bare": bare, "full": full}))
    headings = {
        slug: [h.text_content() for h in _page(dist, slug).xpath("//h2")]
        for slug in ("bare", "full")
    }
    assert headings["bare"] == ["Listen", "Credits", "Transcript"]
    assert headings["full"] == [
        "Listen",
        "Show notes",
        "Chapters",
        "Credits",
        "Transcript",
        "Discussion",
    ]
    assert not _page(dist, "bare").xpath("//div[@class='overview']")
    assert not _page(dist, "full").xpath("//*[@id='comments']")  # no comments, no heading


def _discussion(n: int) -> dict[str, Any]:
    comments = [
        {
            "author": f"Listener {i}",
            "text": f"Comment number {i}. " + "A long thought about the episode. " * 12,
            **({"replies": [{"author": "Hana Host", "text": "Thank you!"}]} if i == 2 else {}),
        }
        for i in range(1, n + 1)
    ]
    return {"question": "What did you think?", "comments": comments}


def test_a_long_discussion_is_folded_after_the_first_comments(tmp_path: Path) -> None:
    meta = episode_config("talk", 1, discussion=_discussion(40))
    dist = build_show(write_show(tmp_path / "show", show_config(), {"talk": meta}))
    doc = _page(dist, "talk")
    shown = doc.xpath("//section[@class='discussion']/ol[@class='comments']/li")
    assert [li.xpath("string(p[@class='comment__author'])") for li in shown] == [
        "Listener 1",
        "Listener 2",
        "Listener 3",
    ]
    assert (
        shown[1]
        .xpath(".//ol[@class='comments replies']/li/p[@class='comment__author']")[0]
        .text_content()
        == "Hana Host"
    )
    (details,) = doc.xpath("//details[@class='more-comments']")
    assert details.get("open") is None
    assert details.xpath("string(summary)") == "Show 37 more comments"
    folded = details.xpath("ol[@class='comments']")[0]
    assert folded.get("start") == "4"
    assert [li.xpath("string(p[@class='comment__author'])") for li in folded.xpath("li")] == [
        f"Listener {i}" for i in range(4, 41)
    ]
    assert not [
        m for m in vnu_messages([dist / "episodes/talk/index.html"]) if m["type"] == "error"
    ]
    # a short discussion has nothing to fold
    short = build_show(
        write_show(
            tmp_path / "short",
            show_config(),
            {"talk": episode_config("talk", 1, discussion=_discussion(3))},
        )
    )
    assert not _page(short, "talk").xpath("//details")


def test_folded_comments_keep_the_page_short_in_chromium(tmp_path: Path) -> None:
    meta = episode_config("talk", 1, discussion=_discussion(40))
    dist = build_show(write_show(tmp_path / "show", show_config(), {"talk": meta}))
    with serve(dist) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "episodes/talk/")
        folded = Image.open(io.BytesIO(page.screenshot(full_page=True)))
        section = page.locator("section.discussion").bounding_box()
        assert section is not None and section["height"] < 1600, section
        page.locator("details.more-comments > summary").click()
        assert page.locator("details.more-comments").evaluate("d => d.open") is True
        opened = Image.open(io.BytesIO(page.screenshot(full_page=True)))
        expanded = page.locator("section.discussion").bounding_box()
        assert expanded is not None and expanded["height"] > 5 * section["height"]
        page.close()
    # the screenshots: folded, the whole page is a few screens; opened, many more
    assert folded.height < 5000, folded.size
    assert opened.height > folded.height + 8000, (folded.size, opened.size)


def test_the_licence_shows_its_name(tmp_path: Path) -> None:
    for identifier, text, href in [
        ("ARR", "License: All rights reserved.", None),
        ("CC-BY-4.0", "License: CC BY 4.0.", "https://creativecommons.org/licenses/by/4.0/"),
    ]:
        root = write_show(
            tmp_path / identifier,
            show_config(license={"identifier": identifier}),
            {"one": episode_config("one", 1)},
        )
        doc = _page(build_show(root))
        (p,) = [p for p in doc.xpath("//footer//p") if "License" in p.text_content()]
        assert " ".join(p.text_content().split()) == text
        assert [a.get("href") for a in p.xpath(".//a[@rel='license']")] == ([href] if href else [])


def test_the_feed_url_field_shows_the_whole_url(tmp_path: Path) -> None:
    base = "https://media.example-podcast-network.org/shows/the-long-named-show/feeds/main/"
    root = write_show(
        tmp_path / "show", show_config(base_url=base), {"one": episode_config("one", 1)}
    )
    dist = build_show(root)
    (address,) = _page(dist).xpath("//*[@id='feed-url']")
    assert address.text_content() == base + "feed.xml"
    with serve(dist) as url, chromium() as browser:
        for width in (1280, 360):
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto(url)
            box = page.locator("#feed-url")
            # nothing is cut off: the element is as wide as its text needs, within the page
            assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), width
            assert box.evaluate("e => e.getBoundingClientRect().right") <= width
            assert box.inner_text() == base + "feed.xml"
            page.close()
