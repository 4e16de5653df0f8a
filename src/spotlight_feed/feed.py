"""Feed stage: the project and its release outputs -> ``feed.xml`` bytes.

RSS 2.0 with Apple's ``itunes:`` tags (feedgen's podcast extension) and the
Podcasting 2.0 namespace (:mod:`.feedext`). Deterministic: dates come from the
inputs (``lastBuildDate`` = ``SOURCE_DATE_EPOCH`` when set, else the newest
episode's date), items are added in our order with ``order='append'`` (feedgen
prepends by default), and feedgen's clock-based defaults are overridden.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from .feedext import PersonTag, Podcast2EntryExtension, Podcast2Extension, TranscriptTag
from .model import Episode, Project
from .notes import notes_html
from .outputs import EpisodeOutputs
from .text import clean

GENERATOR = "spotlight-feed"


def show_persons(project: Project) -> list[PersonTag]:
    """The show's regular people (channel ``podcast:person``)."""
    return [PersonTag(clean(p.name), p.role, p.group, p.href, p.img) for p in project.show.people]


def episode_persons(project: Project, episode: Episode) -> list[PersonTag]:
    """An item's full ``podcast:person`` list.

    Hosts are restated (item persons replace the channel's),
    credited voices, writers (writing/writer), producers (creative direction/producer)
    and other credits; each person once per role.
    """
    out: list[PersonTag] = []
    seen: set[tuple[str, str, str]] = set()

    def add(tag: PersonTag) -> None:
        key = (tag.name, tag.role.lower(), tag.group.lower())
        if key not in seen:
            seen.add(key)
            out.append(tag)

    for p in project.show.people:
        add(PersonTag(clean(p.name), p.role, p.group, p.href, p.img))
    for voice in episode.config.voices.values():
        if voice.credited and voice.name:
            add(PersonTag(clean(voice.name), voice.role, voice.group, voice.href, voice.img))
    credits = episode.config.credits
    for c in credits.writers:
        add(PersonTag(clean(c.name), "writer", "writing", c.href, c.img))
    for c in credits.producers:
        add(PersonTag(clean(c.name), "producer", "creative direction", c.href, c.img))
    for o in credits.others:
        add(PersonTag(clean(o.name), o.role, o.group, o.href, o.img))
    return out


def build_date(project: Project, source_date_epoch: int | None) -> datetime:
    """``lastBuildDate``: ``SOURCE_DATE_EPOCH`` if given, else the newest publication date."""
    if source_date_epoch is not None:
        return datetime.fromtimestamp(source_date_epoch, tz=UTC)
    if project.episodes:
        return max(e.config.published for e in project.episodes)
    return datetime(1970, 1, 1, tzinfo=UTC)


def build_feed(
    project: Project,
    outputs: Mapping[str, EpisodeOutputs],
    *,
    cover_url: str,
    site_url: str | None = None,
    source_date_epoch: int | None = None,
) -> bytes:
    """Render ``feed.xml`` for *project* whose files are described by *outputs* (by slug)."""
    show = project.show
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcast2", Podcast2Extension, Podcast2EntryExtension)
    # The self link must come before the alternate one: feedgen's <link> is the
    # last link() call whatever its rel (spec notes §7.4).
    fg.link(href=project.feed_url, rel="self", type="application/rss+xml")
    fg.link(href=site_url or show.link, rel="alternate")
    fg.title(clean(show.title))
    fg.description(clean(show.description))
    fg.language(show.language)
    if show.copyright:
        fg.copyright(clean(show.copyright))
    fg.generator(GENERATOR)
    fg.docs("https://www.rssboard.org/rss-specification")
    fg.lastBuildDate(build_date(project, source_date_epoch))
    if project.episodes:
        fg.pubDate(max(e.config.published for e in project.episodes))
    fg.image(url=cover_url, title=clean(show.title), link=show.link)

    it = fg.podcast
    it.itunes_author(clean(show.author))
    it.itunes_owner(name=clean(show.owner.name), email=show.owner.email)
    cat = {"cat": show.category.category}
    if show.category.subcategory:
        cat["sub"] = show.category.subcategory
    it.itunes_category([cat])
    it.itunes_image(cover_url)
    it.itunes_type(show.type)
    it.itunes_summary(clean(show.description))

    ext: Podcast2Extension = fg.podcast2
    d = ext.data
    d.itunes_title = clean(show.title)
    d.explicit = show.explicit
    d.keywords = [clean(k) for k in show.keywords]
    d.guid = show.podcast_guid
    d.locked = show.locked.locked
    d.locked_owner = show.locked.owner
    d.medium = show.medium
    d.image = (cover_url, clean(show.image_alt) if show.image_alt else None)
    d.persons = show_persons(project)
    d.funding = [(f.url, clean(f.label)) for f in show.funding]
    if show.license:
        d.license = (show.license.identifier, show.license.url)

    for episode in project.episodes:
        _add_item(fg, project, episode, outputs[episode.slug])
    xml: bytes = fg.rss_str(pretty=True, xml_declaration=True, encoding="UTF-8")
    return xml


def _add_item(fg: FeedGenerator, project: Project, episode: Episode, out: EpisodeOutputs) -> None:
    c = episode.config
    fe = fg.add_entry(order="append")
    fe.title(clean(c.title))
    fe.link(href=out.page_url)
    fe.description(clean(c.summary))
    html = notes_html(clean(c.notes) if c.notes else clean(c.summary), c.links)
    fe.content(html, type="CDATA")
    fe.guid(c.guid, permalink=False)
    fe.enclosure(out.audio_url, str(out.audio_size), "audio/mpeg")
    fe.pubDate(c.published)

    pe = fe.podcast
    pe.itunes_title(clean(c.title))
    pe.itunes_duration(out.duration_s)
    pe.itunes_episode_type(c.episode_type)
    if c.number is not None:
        pe.itunes_episode(c.number)
    if c.season is not None:
        pe.itunes_season(c.season)
    if out.image_url:
        pe.itunes_image(out.image_url)
    pe.itunes_summary(clean(c.summary))

    d = fe.podcast2.data
    d.explicit = project.show.explicit if c.explicit is None else c.explicit
    d.season = c.season
    d.episode = c.number
    language = c.language or project.show.language
    d.transcripts = [
        TranscriptTag(t.url, t.type, t.language or language, t.rel) for t in out.transcripts
    ]
    if out.chapters_url:
        d.chapters = (out.chapters_url, "application/json+chapters")
    if out.image_url:
        d.image = out.image_url
    d.persons = episode_persons(project, episode)
