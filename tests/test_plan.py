"""plan/plan.py: every path, URL and value of an episode, decided once and read by every output."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lxml import etree

import spotlight_feed
from spotlight_feed.load.project import load_project
from spotlight_feed.plan.layout import Layout
from spotlight_feed.plan.plan import episode_values, plan_episode


def test_plan_names_every_file_and_url(tiny_project: Path) -> None:
    project = load_project(tiny_project)
    episode = project.episodes[0]
    plan = plan_episode(project, episode, Layout("https://cdn.example/pod/"))
    assert (plan.audio_rel, plan.audio_url) == (
        "episodes/first/first.mp3",
        "https://cdn.example/pod/episodes/first/first.mp3",
    )
    assert (plan.page_rel, plan.page_url) == (
        "episodes/first/index.html",
        "https://cdn.example/pod/episodes/first/",
    )
    assert plan.chapters_json_url == "https://cdn.example/pod/episodes/first/chapters.json"
    assert plan.chapters_vtt_rel == "episodes/first/chapters.vtt"
    assert [(c.title, c.start_ms, c.end_ms) for c in plan.chapters] == [
        ("Intro", 0, 1500),
        ("Main", 1500, episode.audio.duration_ms if episode.audio else -1),
    ]


def test_language_and_explicit_fall_back_to_the_show(tiny_project: Path) -> None:
    project = load_project(tiny_project)
    episode = project.episodes[0]
    assert (
        episode_values(project, episode).language,
        episode_values(project, episode).explicit,
    ) == (
        "en",
        False,
    )
    own = replace(
        episode, config=episode.config.model_copy(update={"language": "de", "explicit": True})
    )
    values = episode_values(project, own)
    assert (values.language, values.explicit) == ("de", True)


def test_no_chapters_no_chapter_files(tiny_project: Path) -> None:
    project = load_project(tiny_project)
    episode = project.episodes[0]
    bare = replace(episode, config=episode.config.model_copy(update={"chapters": []}))
    plan = plan_episode(project, bare, Layout("https://cdn.example/pod/"))
    assert (plan.chapters, plan.chapters_json_rel, plan.chapters_vtt_url) == ((), None, None)


def test_the_release_uses_the_planned_urls(tiny_project: Path) -> None:
    dist = spotlight_feed.build(
        tiny_project, spotlight_feed.BuildOptions(source_date_epoch=None)
    ).out_dir
    project = load_project(tiny_project)
    plan = plan_episode(project, project.episodes[0], Layout(project.show.base_url))
    item = etree.parse(str(dist / "feed.xml")).xpath("//item")[0]
    assert item.xpath("enclosure/@url") == [plan.audio_url]
    assert item.xpath("link/text()") == [plan.page_url]
    for rel in (plan.audio_rel, plan.page_rel, plan.chapters_json_rel, plan.chapters_vtt_rel):
        assert rel and (dist / rel).is_file(), rel


GOLDEN_FULL = Path(__file__).resolve().parent / "golden" / "full"


def test_release_plan_names_content_named_art_before_anything_is_written(tmp_path: Path) -> None:
    """The episode's art and a chapter's art are named by the plan (from the digests the
    load stage took), and the names are those of the golden release's manifest."""
    import json

    from test_golden import copy_full

    from spotlight_feed.plan.plan import plan_release

    project = load_project(copy_full(tmp_path / "full"))
    plan = plan_release(project, Layout(project.show.base_url))
    ep = plan["art-and-chapters"]
    assert ep.art is not None
    assert ep.art.rel == "episodes/art-and-chapters/art-73deba326d.png"
    assert ep.art.url == "https://cdn.full.example/pod/episodes/art-and-chapters/art-73deba326d.png"
    assert {i: f.rel for i, f in ep.chapter_art.items()} == {
        0: "episodes/art-and-chapters/chapter-1-e8eaacf4ac.png"
    }
    manifest = json.loads((GOLDEN_FULL / "dist" / "manifest.json").read_text("utf-8"))
    published = {f["path"] for f in manifest["files"]}
    assert {ep.art.rel, *(f.rel for f in ep.chapter_art.values())} <= published
    assert plan["trailer"].art is None and plan["trailer"].chapter_art == {}


def test_alternate_suffixes_are_the_encoders() -> None:
    from spotlight_feed.audio.alternate import KINDS
    from spotlight_feed.plan.layout import ALTERNATE_SUFFIXES

    assert {name: kind.suffix for name, kind in KINDS.items()} == ALTERNATE_SUFFIXES
