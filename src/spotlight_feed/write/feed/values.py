"""What goes into ``feed.xml``, decided once: the project and its outputs -> plain values.

The feed stage is two steps. This module (pure) decides every value of the channel
(:func:`channel_data`) and of each item (:func:`feed_items`, one at a time; or
:func:`feed_data`, everything at once): text cleaned for XML (:func:`.text.clean`),
show notes rendered to Apple's HTML subset (:mod:`.notes`), the ``podcast:person``
list, transcript links, dates. :func:`.feed.write_feed` then only writes those
values with feedgen. Keeping the decisions out of the XML writer means each value is
computed exactly once and any writer of the same feed gets the same values
(``benchmarks/lxml_feed.py`` writes the same bytes with lxml alone).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ...model import Episode, Project
from ...plan.credits import Credit, Credits, show_people
from ...plan.outputs import EpisodeOutputs
from ...plan.plan import EpisodePlan, ReleasePlan
from ...plan.schedule import last_build_date
from ..notes import notes_html
from .apps import chapters as app_chapters
from .apps.prefix import prefixed
from .apps.values import ChannelApps, ItemApps, channel_apps, item_apps

GENERATOR = "spotlight-feed"
RSS_DOCS = "https://www.rssboard.org/rss-specification"
CHAPTERS_MIME = "application/json+chapters"
"""Podcasting 2.0 ``docs/tags/chapters.md``: the JSON chapters format's type."""


@dataclass(frozen=True, slots=True)
class PersonTag:
    """``podcast:person``: name, taxonomy role and group (lower case), optional href/img."""

    name: str
    role: str
    group: str
    href: str | None = None
    img: str | None = None


@dataclass(frozen=True, slots=True)
class TranscriptTag:
    """``podcast:transcript``: url, MIME type, language and optional rel."""

    url: str
    type: str
    language: str | None = None
    rel: str | None = None


@dataclass(frozen=True, slots=True)
class ChannelData:
    """Every value of ``<channel>`` apart from its items."""

    feed_url: str
    link: str
    title: str
    description: str
    language: str
    copyright: str | None
    last_build: datetime
    pub_date: datetime | None
    cover_url: str
    author: str
    owner_name: str
    owner_email: str
    category: str
    subcategory: str | None
    type: str
    explicit: bool
    keywords: tuple[str, ...]
    guid: str
    locked: bool
    locked_owner: str | None
    medium: str
    image_alt: str | None
    persons: tuple[PersonTag, ...]
    funding: tuple[tuple[str, str], ...]
    license: tuple[str, str | None] | None
    apple_title: str | None = None
    """Channel ``itunes:title``: set only when the show's Apple title differs from title."""
    owner_public: bool = True
    """``itunes:owner`` is written (``owner.public``)."""
    apps: ChannelApps = field(default_factory=ChannelApps)
    """The #14 tags (:mod:`.apps`)."""
    hubs: tuple[str, ...] = ()
    """WebSub hubs (``publish.notify.websub``): ``atom:link rel="hub"`` (W3C WebSub §4)."""
    podping: bool = False
    """``<podcast:podping usesPodping="true"/>``, only when pinging is configured (#19)."""


@dataclass(frozen=True, slots=True)
class ItemData:
    """Every value of one ``<item>``."""

    title: str
    link: str
    summary: str
    """``description`` (no ``itunes:summary``: Apple dropped it, and a copy of the
    description is what namespace ``docs/other-recommendations.md`` advises against)."""
    content_html: str
    """``content:encoded`` (CDATA)."""
    guid: str
    enclosure_url: str
    enclosure_length: int
    enclosure_type: str
    published: datetime
    duration_s: int
    episode_type: str
    number: int | None
    season: int | None
    image_url: str | None
    explicit: bool
    transcripts: tuple[TranscriptTag, ...]
    chapters_url: str | None
    persons: tuple[PersonTag, ...]
    apps: ItemApps = field(default_factory=ItemApps)
    """The #14 tags (:mod:`.apps`): psc:chapters, soundbites, season name, ..."""
    guid_is_permalink: bool = False
    """``isPermaLink`` of the guid (RSS 2.0 ``<guid>``): true only for imported permalink guids."""


@dataclass(frozen=True, slots=True)
class FeedData:
    """The whole feed as values: the channel and its items in feed order."""

    channel: ChannelData
    items: tuple[ItemData, ...]


def _person(c: Credit) -> PersonTag:
    return PersonTag(c.name, c.role, c.group, c.href, c.img)


def show_persons(project: Project) -> tuple[PersonTag, ...]:
    """The show's regular people (channel ``podcast:person``; :func:`.credits.show_people`)."""
    return tuple(_person(c) for c in show_people(project.show))


def episode_persons(credits: Credits) -> tuple[PersonTag, ...]:
    """An item's full ``podcast:person`` list (:meth:`.credits.Credits.persons`).

    Item persons replace the channel's list (Podcasting 2.0 ``docs/tags/person.md``),
    so the show's people present in the episode come first, then credited voices, writers
    (writing/writer), producers (creative direction/producer) and other credits.
    """
    return tuple(_person(c) for c in credits.persons())


def build_date(
    project: Project, source_date_epoch: int | None, as_of: datetime | None = None
) -> datetime:
    """``lastBuildDate``: :func:`...plan.schedule.last_build_date`."""
    return last_build_date(project, source_date_epoch, as_of)


def channel_data(
    project: Project,
    *,
    cover_url: str,
    site_url: str | None,
    source_date_epoch: int | None,
    plan: ReleasePlan,
    outputs: Mapping[str, EpisodeOutputs] | None = None,
    as_of: datetime | None = None,
) -> ChannelData:
    """The channel's values (RSS 2.0, Apple ``itunes:``, Podcasting 2.0 channel tags).

    *outputs* give the trailer episodes' sizes and *plan* their URLs for ``podcast:trailer``.
    """
    show = project.show
    return ChannelData(
        feed_url=plan.layout.feed_url,
        link=site_url or show.link,
        title=show.title,
        apple_title=show.apple_title
        if show.apple_title and show.apple_title != show.title
        else None,
        description=show.description,
        language=show.language,
        copyright=show.copyright if show.copyright else None,
        last_build=build_date(project, source_date_epoch, as_of),
        pub_date=max(e.config.published for e in project.episodes) if project.episodes else None,
        cover_url=cover_url,
        author=show.author,
        owner_name=show.owner.name,
        owner_email=show.owner.email,
        category=show.category.category,
        subcategory=show.category.subcategory,
        type=show.type,
        explicit=show.explicit,
        keywords=tuple(show.keywords),
        guid=show.podcast_guid,
        locked=show.locked.locked,
        locked_owner=show.locked.owner,
        medium=show.medium,
        image_alt=show.image_alt if show.image_alt else None,
        persons=show_persons(project),
        funding=tuple((f.url, f.label) for f in show.funding),
        license=(show.license.identifier, show.license.url) if show.license else None,
        owner_public=show.owner.public,
        apps=channel_apps(project, outputs or {}, plan),
        hubs=tuple(show.publish.notify.websub) if show.publish else (),
        podping=bool(show.publish and show.publish.notify.podping),
    )


def item_data(
    project: Project, episode: Episode, out: EpisodeOutputs, planned: EpisodePlan
) -> ItemData:
    """One item's values.

    ``content:encoded`` carries the notes (or, without notes, the summary) in the
    HTML Apple renders; ``itunes:explicit`` falls back to the show's value; transcript
    languages fall back to the episode's, then the show's language. *planned* is the
    episode's entry in the build's plan (:class:`...plan.plan.EpisodePlan`): every URL
    comes from the plan; sizes, duration and which transcripts exist from what the write
    stage measured (*out*).
    """
    plan = planned.values
    c = episode.config
    summary = c.summary
    language = plan.language
    marks = plan.chapters
    listed = (
        project.show.chapter_timestamps if c.chapter_timestamps is None else c.chapter_timestamps
    )
    lines = app_chapters.timestamp_lines(marks, out.duration_ms) if listed else ()
    return ItemData(
        title=c.title,
        link=planned.page_url,
        summary=app_chapters.with_timestamps(summary, lines),
        content_html=app_chapters.html_with_timestamps(
            notes_html(c.notes if c.notes else summary, c.links), lines
        ),
        guid=c.guid,
        guid_is_permalink=c.guid_is_permalink,
        enclosure_url=prefixed(planned.audio_url, project.show.analytics),
        enclosure_length=out.audio_size,
        enclosure_type="audio/mpeg",
        published=c.published,
        duration_s=out.duration_s,
        episode_type=c.episode_type,
        number=c.number,
        season=c.season,
        image_url=planned.art.url if planned.art is not None else None,
        explicit=plan.explicit,
        transcripts=tuple(
            TranscriptTag(t.url, t.type, t.language or language, t.rel)
            for t in planned.transcript_links(out.transcripts)
        ),
        chapters_url=planned.chapters_json_url,
        persons=episode_persons(plan.credits),
        apps=item_apps(project, episode, app_chapters.psc_chapters(marks), out, planned),
    )


def feed_items(
    project: Project, outputs: Mapping[str, EpisodeOutputs], plan: ReleasePlan
) -> Iterator[ItemData]:
    """The items' values in feed order, one at a time (a writer can stream them)."""
    for ep in project.episodes:
        yield item_data(project, ep, outputs[ep.slug], plan[ep.slug])


@dataclass(frozen=True, slots=True)
class ItemSource:
    """One item before its values are decided: everything :func:`item_data` reads.

    A writer that has the item's bytes from an earlier build for the same
    :meth:`inputs` need not decide its values at all (:mod:`.item_cache`).
    """

    project: Project
    episode: Episode
    out: EpisodeOutputs
    planned: EpisodePlan
    show: bytes
    """The SHA-256 of the show config as JSON (:func:`feed_sources`: once for all items)."""

    def data(self) -> ItemData:
        """The item's values (:func:`item_data`)."""
        return item_data(self.project, self.episode, self.out, self.planned)

    def inputs(self) -> bytes:
        """A complete spelling of what :func:`item_data` reads (equal text, equal values).

        :func:`item_data` and the functions it calls read only the episode's config,
        its outputs, its plan (with the layout its transcript URLs come from) and the
        show config: the config models as pydantic writes them as JSON (every field: no
        model excludes one or has a serializer of its own), the plan and outputs as
        their dataclass ``repr`` (every field but the plan's layout, spelled here), the
        show as :attr:`show`. tests/test_feed_items.py checks those type trees.
        """
        c = self.episode.config
        return b"\0".join(
            (
                self.show,
                type(c).__qualname__.encode(),
                c.model_dump_json().encode(),
                repr(self.out).encode("utf-8", "backslashreplace"),
                repr(self.planned).encode("utf-8", "backslashreplace"),
                repr(self.planned.layout).encode("utf-8", "backslashreplace"),
            )
        )


def feed_sources(
    project: Project, outputs: Mapping[str, EpisodeOutputs], plan: ReleasePlan
) -> Iterator[ItemSource]:
    """:func:`feed_items` with each item's values left to decide (:class:`ItemSource`)."""
    show = hashlib.sha256(project.show.model_dump_json().encode()).digest()
    for ep in project.episodes:
        yield ItemSource(project, ep, outputs[ep.slug], plan[ep.slug], show)
