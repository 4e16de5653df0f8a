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
