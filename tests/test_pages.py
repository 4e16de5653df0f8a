"""Show-notes pages: content, structure, links, overrides and template errors (issue #5).

Pages are parsed back with lxml.html and checked against the inputs they came
from; every relative link on every page must name a file in the release.
"""

from __future__ import annotations

import itertools
import json
import posixpath
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from click.testing import CliRunner
from pagekit import ROOT, copy_sample, episode_config, show_config, write_show

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.cli import main
from spotlight_feed.errors import InputError
from spotlight_feed.load.project import load_project
from spotlight_feed.plan.layout import Layout
from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.write.pages import env, fmt
from spotlight_feed.write.pages import views as pages

SLUG = "always-alone"


@pytest.fixture(scope="module")
def sample_project() -> Any:
    return load_project(ROOT)


def parse(path: Path) -> Any:
    return lxml.html.fromstring(path.read_bytes())


def text(el: Any) -> str:
    return " ".join(el.text_content().split())


def html_pages(dist: Path) -> list[Path]:
    return sorted(dist.rglob("*.html"))


# --- the sample episode page -------------------------------------------------------


def test_episode_page_head(sample_dist: Path, sample_project: Any) -> None:
    doc = parse(sample_dist / "episodes" / SLUG / "index.html")
    ep = sample_project.episodes[0]
    assert doc.get("lang") == "en"
    assert doc.findtext(".//title") == f"{ep.config.title} · Spotlight"
    meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.iter("meta")}
    url = "https://spotlight-feed.example/spotlight/episodes/always-alone/"
    assert meta["og:url"] == url
    assert meta["og:title"].startswith(ep.config.title)
    assert meta["og:description"] == ep.config.summary
    assert meta["og:image"].startswith("https://spotlight-feed.example/spotlight/cover-")
    assert meta["og:image:alt"] == sample_project.show.image_alt
    assert meta["twitter:card"] == "summary"
    assert meta["og:audio"] == url + "always-alone.mp3"
    assert doc.xpath("//link[@rel='canonical']/@href") == [url]
    alt = doc.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href")
    assert alt == ["https://spotlight-feed.example/spotlight/feed.xml"]


def test_episode_json_ld(sample_dist: Path, sample_project: Any) -> None:
    doc = parse(sample_dist / "episodes" / SLUG / "index.html")
    (raw,) = doc.xpath("//script[@type='application/ld+json']/text()")
    data = json.loads(raw)
    c = sample_project.episodes[0].config
    assert data["@type"] == "PodcastEpisode"
    assert data["name"] == c.title
    assert data["datePublished"] == c.published.isoformat()
    assert data["episodeNumber"] == c.number
    assert data["partOfSeries"]["@type"] == "PodcastSeries"
    assert data["partOfSeries"]["webFeed"] == Layout(sample_project.show.base_url).feed_url
    assert [p["name"] for p in data["actor"]] == ["Roger Basick", "Alice Irizarry"]
    assert [p["name"] for p in data["creator"]] == ["Dan Christmann"]
    assert [p["name"] for p in data["producer"]] == ["Michio Ozaki"]
    quoted = [v.name for v in c.voices.values() if v.quoted]
    assert [p["name"] for p in data["mentions"]] == quoted
    assert data["associatedMedia"]["contentUrl"].endswith("/always-alone.mp3")
    assert data["duration"] == fmt.iso_duration(sample_project.episodes[0].audio.duration_ms)


def test_episode_page_structure(sample_dist: Path) -> None:
    doc = parse(sample_dist / "episodes" / SLUG / "index.html")
    assert len(doc.xpath("//h1")) == 1
    for landmark in ("header", "main", "nav", "footer"):
        assert doc.xpath(f"//{landmark}"), landmark
    # heading levels never skip one on the way down
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    skip = doc.xpath("//a[@class='skip-link']")[0]
    assert skip.get("href") == "#main" and doc.xpath("//main[@id='main']")
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))
    img = doc.xpath("//img[contains(@class, 'hero__art')]")[0]
    assert img.get("alt") and img.get("width") == "1400" and img.get("height") == "1400"


def test_player(sample_dist: Path, sample_project: Any) -> None:
    doc = parse(sample_dist / "episodes" / SLUG / "index.html")
    (audio,) = doc.xpath("//audio")
    assert audio.get("controls") is not None
    assert audio.get("preload") == "metadata"
    assert audio.get("src") == "always-alone.mp3"
    assert (sample_dist / "episodes" / SLUG / "always-alone.mp3").is_file()
    tracks = {t.get("kind"): t for t in audio.xpath(".//track")}  # libxml2 nests void <track>
    assert sorted(tracks) == ["captions", "chapters"]
    assert tracks["captions"].get("src") == "transcript.vtt"
    assert tracks["captions"].get("default") is not None
    assert tracks["chapters"].get("src") == "chapters.vtt"
    for track in tracks.values():
        assert track.get("srclang") == "en" and track.get("label")
        assert (sample_dist / "episodes" / SLUG / track.get("src")).is_file()
    # both chapters files are offered for download
    downloads = doc.xpath("//ul[@aria-labelledby='chapter-downloads']/li/a/@href")
    assert downloads == ["chapters.json", "chapters.vtt"]


def test_chapters_link_to_their_times(sample_dist: Path, sample_project: Any) -> None:
    doc = parse(sample_dist / "episodes" / SLUG / "index.html")
    chapters = sample_project.episodes[0].config.chapters
    links = doc.xpath("//ol[@class='chapter-list']/li/a[@class='chapter-link']")
    assert len(links) == len(chapters)
    for link, ch in zip(links, chapters, strict=True):
        assert link.get("href") == f"always-alone.mp3#t={ch.start / 1000:g}"
        assert float(link.get("data-start")) == ch.start / 1000
        assert text(link.xpath("span[@class='chapter-title']")[0]) == ch.title
        assert text(link.xpath("time")[0]) == env.clock(ch.start)


def test_credits(sample_dist: Path, sample_project: Any) -> None:
    doc = parse(sample_dist / "episodes" / SLUG / "index.html")
    voices = sample_project.episodes[0].config.voices
    groups = {
        text(g.xpath("h3")[0]): [
            (text(li.xpath("*[@class='name']")[0]), text(li.xpath("*[@class='role']")[0]))
            for li in g.xpath(".//li")
        ]
        for g in doc.xpath("//section[@class='credit-group']")
    }
    assert groups["Hosts"] == [("Roger Basick", "Host"), ("Alice Irizarry", "Host")]
    assert groups["Made by"] == [("Dan Christmann", "Writer"), ("Michio Ozaki", "Producer")]
    assert [n for n, _ in groups["Quoted"]] == [
        "Masaki Ikegami",
        "Naohiro Kimura",
        "Vosot Ikeida",
        "Maika Elan",
    ]
    assert [r for _, r in groups["Quoted"]] == [
        f"Quoted from {v.source}" for v in voices.values() if v.quoted
    ]
    quoted = doc.xpath("//section[@class='credit-group'][h3='Quoted']")[0]
    assert "voiced by Spotlight" in text(quoted)
    notes = [text(n) for n in quoted.xpath(".//span[@class='note']")]
    assert notes == [v.description for v in voices.values() if v.quoted]
    # quoted people are never presented as cast
    assert "Masaki Ikegami" not in str(groups["Hosts"] + groups.get("Voices", []))


def test_transcript_section(sample_dist: Path, sample_project: Any) -> None:
    doc = parse(sample_dist / "episodes" / SLUG / "index.html")
    ep = sample_project.episodes[0]
    turns = doc.xpath("//div[@class='turn']")
    cues = ep.transcript.cues
    # the sample's turns alternate speakers, so each cue is one turn
    assert len(turns) == len(cues)
    for turn, cue in zip(turns, cues, strict=True):
        assert text(turn.xpath(".//span[@class='speaker']")[0]) == ep.speaker_names[cue.speaker]
        assert " ".join(text(p) for p in turn.xpath("p[not(@class)]")) == " ".join(cue.text.split())
    # the sample is timed: every turn links to its start in the audio
    for turn, cue in zip(turns, cues, strict=True):
        (ts,) = turn.xpath(".//a[@class='ts']")
        assert ts.get("href") == f"always-alone.mp3#t={fmt.seconds(cue.start_ms)}"
        assert text(ts.xpath("time")[0]) == env.clock(cue.start_ms)
    # every published transcript file is offered for download, once
    downloads = doc.xpath("//ul[@aria-labelledby='transcript-downloads']/li/a/@href")
    published = sorted(p.name for p in (sample_dist / "episodes" / SLUG).glob("transcript.*"))
    assert sorted(downloads) == published
    speakers = {text(s) for s in doc.xpath("//span[@class='speaker']")}
    assert "Masaki Ikegami (quoted)" in speakers
    assert not any(s.startswith("Voice ") for s in speakers)


def test_discussion_escaped_and_complete(sample_dist: Path, sample_project: Any) -> None:
    doc = parse(sample_dist / "episodes" / SLUG / "index.html")
    d = sample_project.episodes[0].config.discussion
    assert text(doc.xpath("//p[@class='question']")[0]) == " ".join(d.question.split())
    total = len(d.comments) + sum(len(c.replies) for c in d.comments)
    assert len(doc.xpath("//li[@class='comment']")) == total
    assert text(doc.xpath("//h3[@id='comments']")[0]) == f"{total} listener comments"
    replies = doc.xpath("//ol[contains(@class, 'replies')]/li")
    assert len(replies) == sum(len(c.replies) for c in d.comments)
    # a comment with a blank line is two paragraphs; a single newline is a <br>
    multi = next(c for c in d.comments if "\n\n" in c.text)
    (li,) = [
        li
        for li in doc.xpath("//li[@class='comment']")
        if multi.text.split()[0] in text(li) and multi.text.split()[-1] in text(li)
    ]
    assert len(li.xpath("div[@class='comment__body']/p")) == multi.text.count("\n\n") + 1


def test_show_notes_are_the_sample_notes_as_html(sample_dist: Path) -> None:
    doc = parse(sample_dist / "episodes" / SLUG / "index.html")
    notes = doc.xpath("//section[@class='notes']")[0]
    got = [lxml.html.tostring(x, encoding="unicode", with_tail=False) for x in notes.xpath("p|ul")]
    assert got[1:4] == [
        '<p dir="auto">In this programme:</p>',
        '<ul dir="auto"><li>how Japanese family life can let people withdraw;</li>'
        "<li>the pain of failure, and the \u201clost decades\u201d after the economic crash of 1991;</li>"
        "<li>depression, and the shame parents feel;</li>"
        "<li>what helps hikikomori most: friends who try to understand them.</li></ul>",
        '<p dir="auto">Spotlight uses a special English method of broadcasting: it is easier '
        "for people to understand, no matter where in the world they live.</p>",
    ]
    assert got[0].startswith(
        '<p dir="auto">Ito wakes up at 6 in the evening, plays video games all day'
    )
    assert (
        got[4] == '<ul dir="auto"><li><a href="https://www.spotlightenglish.com/">'
        "Spotlight English</a></li></ul>"
    )
    assert len(got) == 5


def test_every_relative_link_resolves(sample_dist: Path) -> None:
    assert len(html_pages(sample_dist)) >= 3  # the index, the episode page, its transcript
    for page in html_pages(sample_dist):
        doc = parse(page)
        base = page.parent.relative_to(sample_dist).as_posix()
        for el, attr, url, _ in doc.iterlinks():
            parts = urlsplit(url)
            if parts.scheme or url.startswith("#"):
                continue
            target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            path = sample_dist / target
            if parts.path.endswith("/") or parts.path == "":
                path = path / "index.html"
            assert path.is_file(), f"{page.relative_to(sample_dist)}: {el.tag}@{attr}={url}"


def test_index_page(sample_dist: Path, sample_project: Any) -> None:
    doc = parse(sample_dist / "index.html")
    show = sample_project.show
    assert doc.get("lang") == show.language
    assert text(doc.xpath("//h1")[0]) == show.title
    assert (
        doc.xpath("string(//code[@id='feed-url'])") == Layout(sample_project.show.base_url).feed_url
    )
    assert doc.xpath("//span[@class='feed-url__label']")
    alt = doc.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href")
    assert alt == [Layout(sample_project.show.base_url).feed_url]
    data = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
    assert data["@type"] == "PodcastSeries"
    assert data["webFeed"] == Layout(sample_project.show.base_url).feed_url
    (card,) = doc.xpath("//li[@class='episode-card']")
    assert card.xpath("h3/a/@href") == [f"episodes/{SLUG}/"]
    assert "2 June 2021" in text(card) and "11 min 29 s" in text(card)


def test_stylesheet_is_shipped_and_linked(sample_dist: Path) -> None:
    css = (sample_dist / "style.css").read_bytes()
    assert css == env.stylesheet()
    assert b"prefers-color-scheme: dark" in css and b"@media print" in css
    assert b":focus-visible" in css


def test_feed_item_link_is_the_page(sample_dist: Path) -> None:
    from lxml import etree

    feed = etree.parse(str(sample_dist / "feed.xml"))
    assert feed.xpath("//item/link/text()") == [
        "https://spotlight-feed.example/spotlight/episodes/always-alone/"
    ]


def test_pages_are_deterministic(tmp_path: Path, sample_dist: Path) -> None:
    again = build(copy_sample(tmp_path / "show"), BuildOptions()).out_dir
    assert html_pages(sample_dist)
    for page in [*html_pages(sample_dist), sample_dist / "style.css"]:
        rel = page.relative_to(sample_dist)
        assert (again / rel).read_bytes() == page.read_bytes(), rel


# --- a show with several episodes --------------------------------------------------


def test_index_lists_episodes_newest_first(tmp_path: Path) -> None:
    root = write_show(
        tmp_path / "show",
        show_config(
            subscribe=[{"title": "Apple Podcasts", "url": "https://podcasts.example/show"}]
        ),
        {
            "one": episode_config("one", 1),
            "three": episode_config("three", 3, episode_type="bonus"),
            "two": episode_config("two", 2),
        },
    )
    build(root, BuildOptions())
    doc = parse(root / "dist" / "index.html")
    assert [text(a) for a in doc.xpath("//li[@class='episode-card']/h3/a")] == [
        "Episode 3",
        "Episode 2",
        "Episode 1",
    ]
    assert "Bonus" in text(doc.xpath("//li[@class='episode-card']")[0])
    links = {text(a): a.get("href") for a in doc.xpath("//ul[@class='subscribe-links']//a")}
    assert links["Apple Podcasts"] == "https://podcasts.example/show"
    for slug in ("one", "two", "three"):
        assert (root / "dist" / "episodes" / slug / "index.html").is_file()
    # each episode page links its neighbours in publication order
    pagers = {
        slug: {
            a.get("rel"): (a.get("href"), text(a))
            for a in parse(root / "dist" / "episodes" / slug / "index.html").xpath(
                "//nav[@class='pager']//a"
            )
        }
        for slug in ("one", "two", "three")
    }
    assert pagers["one"] == {"next": ("../two/", "Next episode Episode 2")}
    assert pagers["two"] == {
        "prev": ("../one/", "Previous episode Episode 1"),
        "next": ("../three/", "Next episode Episode 3"),
    }
    assert pagers["three"] == {"prev": ("../two/", "Previous episode Episode 2")}


def test_untimed_transcript_has_no_times_and_no_tracks(tmp_path: Path) -> None:
    root = write_show(tmp_path / "show", show_config(), {"one": episode_config("one", 1)})
    build(root, BuildOptions())
    doc = parse(root / "dist" / "episodes" / "one" / "index.html")
    assert doc.xpath("//div[@class='turn']//span[@class='speaker']/text()") == ["Hana Host"]
    assert not doc.xpath("//div[@class='turn']//a[@class='ts']")
    # no captions from an untimed transcript; the chapters track on its file
    assert doc.xpath("//audio/track/@kind") == ["chapters"]
    assert doc.xpath("//audio/track/@src") == ["chapters.vtt"]


def _episode(tmp_path: Path, cues: list[Cue]) -> tuple[Any, Any]:
    root = write_show(tmp_path / "show", show_config(), {"one": episode_config("one", 1)})
    project = load_project(root)
    ep = replace(project.episodes[0], transcript=Transcript(tuple(cues), "t.vtt"))
    return project, ep


def test_timed_cues_merge_into_turns_and_paragraphs(tmp_path: Path) -> None:
    cues = [
        Cue(0, 1000, "Host", "Hello there."),
        Cue(1100, 2000, "Host", "Welcome."),  # same turn, same paragraph
        Cue(5000, 6000, "Host", "After a pause."),  # gap > 2 s: new paragraph
        Cue(6100, 7000, "Guest", "Hi!"),  # new speaker: new turn
        Cue(7100, 7500, None, "(music)"),
    ]
    _, ep = _episode(tmp_path, cues)
    turns = pages.transcript_turns(ep, "one.mp3")
    assert [(t.speaker, t.start_ms, t.paragraphs) for t in turns] == [
        ("Hana Host", 0, ("Hello there. Welcome.", "After a pause.")),
        ("Guest", 6100, ("Hi!",)),
        (None, 7100, ("(music)",)),
    ]
    assert turns[1].href == "one.mp3#t=6.1"


def test_long_turns_are_split_into_readable_paragraphs(tmp_path: Path) -> None:
    sentence = "This sentence is about sixty characters long, give or take. "
    # A cue's text as a reader makes it (normalised: no trailing space, transcript/model.py)
    cues = [Cue(i * 1000, i * 1000 + 900, "Host", sentence.strip()) for i in range(30)]
    _, ep = _episode(tmp_path, cues)
    (turn,) = pages.transcript_turns(ep, "one.mp3")
    assert len(turn.paragraphs) > 1
    assert all(len(p) <= pages.PARAGRAPH_CHARS + len(sentence) for p in turn.paragraphs)
    assert " ".join(turn.paragraphs) == " ".join(sentence.strip() for _ in range(30))


# --- formatting helpers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("ms", "clock", "secs", "iso", "human"),
    [
        (0, "0:00", "0", "PT0S", "0 s"),
        (21_500, "0:21", "21.5", "PT22S", "22 s"),
        (689_000, "11:29", "689", "PT11M29S", "11 min 29 s"),
        (3_720_250, "1:02:00", "3720.25", "PT1H2M", "1 h 2 min"),
    ],
)
def test_time_formats(ms: int, clock: str, secs: str, iso: str, human: str) -> None:
    assert env.clock(ms) == clock
    assert fmt.seconds(ms) == secs
    assert fmt.iso_duration(ms) == iso
    assert fmt.human_duration(ms) == human


def test_json_ld_cannot_close_its_script() -> None:
    out = fmt.json_ld({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"name": "</script><script>alert(1)</script> & <!--"}


def test_relative_urls() -> None:
    assert fmt.relative("episodes/a", "style.css") == "../../style.css"
    assert fmt.relative("", "episodes/a") == "episodes/a"
    assert fmt.relative("episodes/a", "") == "../.."
    assert fmt.relative("episodes/a", "episodes/a/x y.vtt") == "x%20y.vtt"


# --- template overrides and errors -------------------------------------------------


def test_project_template_overrides_one_block(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "show")
    (root / "templates").mkdir()
    (root / "templates" / "episode.html").write_text(
        '{% extends "default/episode.html" %}\n'
        "{% block credits %}<section><h2>Thanks</h2><p>{{ episode.title }}</p></section>"
        "{% endblock %}\n",
        encoding="utf-8",
    )
    (root / "templates" / "base.html").write_text(
        '{% extends "default/base.html" %}\n'
        '{% block footer_extra %}<p class="hosted">Hosted by us</p>{% endblock %}\n',
        encoding="utf-8",
    )
    build(root, BuildOptions())
    doc = parse(root / "dist" / "episodes" / SLUG / "index.html")
    assert doc.xpath("//h2[.='Thanks']")
    assert not doc.xpath("//section[@class='credits']")  # the block was replaced
    assert doc.xpath("//div[@class='turn']")  # other blocks kept
    # the base override applies to the default index too
    index = parse(root / "dist" / "index.html")
    assert index.xpath("//p[@class='hosted']/text()") == ["Hosted by us"]


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        (
            '{% extends "default/episode.html" %}\n{% block notes %}\n<p>{{ episode.titel }}</p>\n'
            "{% endblock %}\n",
            3,
            "undefined: 'spotlight_feed.write.pages.views.EpisodeView object' has no attribute 'titel'",
        ),
        (
            '{% extends "default/episode.html" %}\n\n{% block notes %}{{ nothing_here }}'
            "{% endblock %}\n",
            3,
            "undefined: 'nothing_here' is undefined",
        ),
        (
            '{% extends "default/episode.html" %}\n{% block notes %}\n{% if %}\n{% endblock %}\n',
            3,
            "Expected an expression, got 'end of statement block'",
        ),
        (
            '{% extends "default/nope.html" %}\n',
            1,
            "template not found: default/nope.html",
        ),
        (
            '{% extends "default/episode.html" %}\n{% block notes %}{{ episode.number + "x" }}'
            "{% endblock %}\n",
            2,
            "unsupported operand type(s) for +: 'int' and 'str'",
        ),
        (
            '{% extends "default/episode.html" %}\n{% block notes %}\n{% include "part.html" %}'
            "{% endblock %}\n",
            3,
            "template not found: part.html",
        ),
    ],
)
def test_template_errors_name_file_and_line(
    tmp_path: Path, source: str, line: int, message: str
) -> None:
    root = copy_sample(tmp_path / "show")
    (root / "templates").mkdir()
    (root / "templates" / "episode.html").write_text(source, encoding="utf-8")
    with pytest.raises(InputError) as info:
        build(root, BuildOptions())
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == ("templates/episode.html", line)
    assert problem.message == message
    assert not (root / "dist").exists()


def test_template_error_on_the_command_line(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "show")
    (root / "templates").mkdir()
    (root / "templates" / "index.html").write_text(
        '{% extends "default/index.html" %}\n{% block episodes %}{{ show.nope }}{% endblock %}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "templates/index.html:2: undefined: 'dict object' has no attribute 'nope'"
    )
    assert "Traceback" not in result.output + result.stderr


def test_packaged_templates_are_package_data() -> None:
    from importlib import resources

    base = resources.files("spotlight_feed")
    for name in ("base.html", "episode.html", "index.html"):
        assert (base / "templates" / "default" / name).is_file()
    assert (base / "static" / "style.css").is_file()


def test_readme_override_example_works(tmp_path: Path) -> None:
    """The two templates of the README's "Changing the templates" build as documented."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Changing the templates", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```jinja\n")[1:]]
    assert len(blocks) == 2
    root = copy_sample(tmp_path / "show")
    (root / "templates").mkdir()
    (root / "templates" / "episode.html").write_text(blocks[0], encoding="utf-8")
    (root / "templates" / "base.html").write_text(blocks[1], encoding="utf-8")
    build(root, BuildOptions())
    doc = parse(root / "dist" / "episodes" / SLUG / "index.html")
    assert doc.xpath("//h2[@id='thanks']/text()") == ["Thanks"]
    assert doc.xpath("//section[@class='credits']")  # {{ super() }} kept the default block
    for page in (doc, parse(root / "dist" / "index.html")):
        assert "--hero-bg: #3b0a45" in page.xpath("//head/style/text()")[0]
        assert "Hosted by Example Radio." in text(page.xpath("//footer")[0])


def test_index_of_a_show_without_episodes(tmp_path: Path) -> None:
    root = write_show(tmp_path / "show", show_config(), {})
    (root / "episodes").mkdir()
    build(root, BuildOptions())
    doc = parse(root / "dist" / "index.html")
    assert text(doc.xpath("//section[@id='episodes']/p")[0]) == "No episodes yet."
    assert not doc.xpath("//ol[@class='episode-list']")
