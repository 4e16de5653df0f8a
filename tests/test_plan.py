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


def test_reused_outputs_take_every_url_from_the_plan(tmp_path: Path) -> None:
    """The write stage's outputs are measurements only (no URL is kept in the build state):
    the outputs of a finished build, with a plan served from another base URL, give the new
    plan's URLs in the feed item, its #14 app values (alternate enclosures), the channel's
    trailer and the episode page, and none of the old ones."""
    from io import BytesIO

    from test_golden import copy_full

    from spotlight_feed.plan.plan import plan_release
    from spotlight_feed.release.state import read_state
    from spotlight_feed.write.feed.apps.prefix import prefixed
    from spotlight_feed.write.feed.feedgen import write_project_feed
    from spotlight_feed.write.pages.writer import PageWriter

    root = copy_full(tmp_path / "full")
    dist = spotlight_feed.build(root).out_dir
    state, why = read_state(root, dist)
    assert state is not None, why
    outputs = {slug: record.outputs for slug, record in state.episodes.items()}
    loaded = load_project(root)  # as published: the scheduled episode is held back
    project = replace(loaded, episodes=tuple(e for e in loaded.episodes if e.slug in outputs))
    old, new = project.show.base_url, "https://moved.example/elsewhere/"
    plan = plan_release(project, Layout(new))
    buf = BytesIO()
    write_project_feed(project, outputs, buf, plan=plan, cover_url=plan.cover.url)
    feed = etree.fromstring(buf.getvalue())
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "p": feed.nsmap["podcast"]}
    items = {i.findtext("link"): i for i in feed.iter("item")}
    assert len(items) == len(project.episodes) == 2
    for slug, ep in plan.episodes.items():
        item = items[ep.page_url]
        assert item.xpath("enclosure/@url") == [prefixed(ep.audio_url, project.show.analytics)]
        assert item.xpath("p:transcript/@url", namespaces=ns) == [
            link.url for link in ep.transcript_links(outputs[slug].transcripts)
        ]
        if ep.art is not None:
            assert item.xpath("itunes:image/@href", namespaces=ns) == [ep.art.url]
            assert item.xpath("p:image/@href", namespaces=ns) == [ep.art.url]
        if ep.chapters_json_url:
            assert item.xpath("p:chapters/@url", namespaces=ns) == [ep.chapters_json_url]
    sources = feed.xpath("//item/p:alternateEnclosure/p:source/@uri", namespaces=ns)
    trailers = feed.xpath("/rss/channel/p:trailer/@url", namespaces=ns)
    transcripts = feed.xpath("//item/p:transcript/@url", namespaces=ns)
    assert sources and trailers and transcripts
    moved = new.split("://", 1)[1]  # analytics prefixes drop the scheme
    assert all(moved in url for url in [*sources, *trailers, *transcripts])
    gone = old.split("://", 1)[1]
    for item in items.values():
        assert gone not in etree.tostring(item).decode()
    assert trailers == [prefixed(plan["trailer"].audio_url, project.show.analytics)]

    pages = PageWriter(project, plan, dist)  # reads the art's pixel sizes only
    for episode in project.episodes:
        _, page = pages.render_episode(episode, outputs[episode.slug])
        html = page.decode()
        assert gone not in html
        assert f'<link rel="canonical" href="{plan[episode.slug].page_url}">' in html
        assert plan[episode.slug].audio_url in html


def test_the_show_cover_is_planned_from_the_load_stage_digest(tmp_path: Path) -> None:
    """The load stage hashes the show art once; the plan names the cover by that digest, and
    the channel image (all three tags), the pages' icon and the manifest use that name."""
    import hashlib
    import json

    from test_golden import copy_full

    from spotlight_feed.plan.plan import plan_release

    root = copy_full(tmp_path / "full")
    project = load_project(root)
    assert project.image_digest == hashlib.sha256(project.image_path.read_bytes()).hexdigest()
    plan = plan_release(project, Layout(project.show.base_url))
    assert plan.cover.rel == f"cover-{project.image_digest[:10]}.jpg"
    assert plan.cover.url == project.show.base_url + plan.cover.rel
    manifest = json.loads((GOLDEN_FULL / "dist" / "manifest.json").read_text("utf-8"))
    assert plan.cover.rel in {f["path"] for f in manifest["files"]}
    feed = etree.parse(str(GOLDEN_FULL / "dist" / "feed.xml")).getroot()
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "p": feed.nsmap["podcast"]}
    channel = feed.find("channel")
    assert channel is not None
    assert channel.xpath("image/url/text()") == [plan.cover.url]
    assert channel.xpath("itunes:image/@href", namespaces=ns) == [plan.cover.url]
    assert channel.xpath("p:image/@href", namespaces=ns) == [plan.cover.url]
    index = (GOLDEN_FULL / "dist" / "index.html").read_text("utf-8")
    assert f'<link rel="icon" href="{plan.cover.rel}">' in index
    # a new cover: a new name, from the new digest (the old file is not named again)
    project.image_path.write_bytes(project.image_path.read_bytes() + b"\0")
    again = plan_release(load_project(root), Layout(project.show.base_url))
    assert again.cover.rel != plan.cover.rel
    dist = spotlight_feed.build(root).out_dir
    assert (dist / again.cover.rel).read_bytes() == project.image_path.read_bytes()
    assert not (dist / plan.cover.rel).exists()


def test_chapter_art_is_a_url_or_a_file_by_one_rule(tiny_project: Path) -> None:
    """``chapters[].img`` is a URL when it has a scheme (the validator's own test), else a
    project file: the load stage hashes, the plan names and the ID3 tag embeds the file; the
    JSON chapters and ``psc:chapter`` link the URL as given. The span carries the decision."""
    from spotlight_feed.config import Chapter
    from spotlight_feed.plan.plan import plan_release

    url = Chapter(start=0, title="Remote", img="https://art.example/a.png")
    file = Chapter(start=0, title="Local", img="media/cover.png")
    assert (url.img_url, url.img_file) == ("https://art.example/a.png", None)
    assert (file.img_url, file.img_file) == (None, "media/cover.png")
    edit_chapters = (
        "chapters:\n  - start: 0\n    title: Intro\n    img: media/cover.png\n"
        '  - start: "00:01.500"\n    title: Main\n    img: https://art.example/main.png\n'
    )
    meta = tiny_project / "episodes" / "first" / "episode.yaml"
    text = meta.read_text()
    meta.write_text(text[: text.index("chapters:")] + edit_chapters)
    project = load_project(tiny_project)
    episode = project.episodes[0]
    assert [rel for rel, _ in episode.art_digests] == ["media/cover.png"]  # the file only
    plan = plan_release(project, Layout(project.show.base_url))["first"]
    assert [s.img_url for s in plan.chapters] == [None, "https://art.example/main.png"]
    assert list(plan.chapter_art) == [0]
    dist = spotlight_feed.build(tiny_project).out_dir
    import json

    doc = json.loads((dist / "episodes" / "first" / "chapters.json").read_text())
    assert [c.get("img") for c in doc["chapters"]] == [
        plan.chapter_art[0].url,
        "https://art.example/main.png",
    ]
