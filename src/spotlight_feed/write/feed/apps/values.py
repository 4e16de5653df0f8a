"""The values of the #14 channel and item tags, decided once from the project (pure).

:func:`channel_apps` and :func:`item_apps` return plain frozen values that
:mod:`.tags` writes; :mod:`..feeddata` calls them beside its own values, so every
writer of the feed gets the same ones. Rules: Podcasting 2.0 ``docs/tags/<tag>.md``
(docs/sources.md §1.1), Apple's RSS guide for ``itunes:block``/``complete``/``new-feed-url``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from ....config.apps import Analytics, Location, RemoteItem, SocialInteract, Txt, Value
from ....model import Episode, Project
from ....plan.outputs import EpisodeOutputs
from ....plan.plan import EpisodePlan, ReleasePlan
from ...alternates import AlternateTag, tags_from_json
from .chapters import PscChapter
from .prefix import prefixed


@dataclass(frozen=True, slots=True)
class TrailerTag:
    """``podcast:trailer``: a trailer episode, linked from the channel."""

    title: str
    url: str
    pubdate: datetime
    length: int
    type: str
    season: int | None


@dataclass(frozen=True, slots=True)
class SoundbiteTag:
    """``podcast:soundbite``: start and duration in seconds, optional title."""

    start: str
    duration: str
    title: str


@dataclass(frozen=True, slots=True)
class ChannelApps:
    """The channel's #14 values; the defaults write nothing."""

    txt: tuple[Txt, ...] = ()
    trailers: tuple[TrailerTag, ...] = ()
    update_frequency: tuple[str, dict[str, str]] | None = None
    podroll: tuple[RemoteItem, ...] = ()
    publisher: RemoteItem | None = None
    locations: tuple[Location, ...] = ()
    social: tuple[SocialInteract, ...] = ()
    blocks: tuple[tuple[str | None, bool], ...] = ()
    itunes_block: bool = False
    complete: bool = False
    new_feed_url: str | None = None
    values: tuple[Value, ...] = ()
    """``podcast:value`` blocks of the channel."""
    links: tuple[tuple[str, str], ...] = ()
    """RFC 5005 ``atom:link`` (rel, href) pairs of a paged feed, set by :mod:`..paging`."""
    archive_complete: bool = False
    """``fh:complete``: this document is the complete archive (RFC 5005 §2)."""


@dataclass(frozen=True, slots=True)
class ItemApps:
    """One item's #14 values; the defaults write nothing."""

    psc: tuple[PscChapter, ...] = ()
    season_name: str | None = None
    episode_display: str | None = None
    soundbites: tuple[SoundbiteTag, ...] = ()
    locations: tuple[Location, ...] = ()
    social: tuple[SocialInteract, ...] = ()
    txt: tuple[Txt, ...] = ()
    itunes_block: bool = False
    alternates: tuple[AlternateTag, ...] = ()
    values: tuple[Value, ...] = ()
    """``podcast:value`` blocks of the item (they replace the channel's)."""


def _seconds(ms: int | float) -> str:
    """Seconds as the namespace writes them: a decimal, no trailing zeros (``73.5``)."""
    text = f"{ms / 1000:.3f}".rstrip("0").rstrip(".")
    return text if "." in text else text + ".0"


def trailers(
    project: Project,
    outputs: Mapping[str, EpisodeOutputs],
    plan: ReleasePlan,
    analytics: tuple[Analytics, ...],
) -> tuple[TrailerTag, ...]:
    """``podcast:trailer`` from each ``episode_type: trailer`` episode, newest first.

    ``docs/tags/trailer.md``: the newest ``pubdate`` is the default trailer;
    ``season`` ties it to that season. Its URL is the plan's enclosure URL, with the same
    analytics prefix as the episode's enclosure; its length what the write stage measured.
    """
    return tuple(
        TrailerTag(
            ep.config.title[:128],
            prefixed(plan[ep.slug].audio_url, analytics),
            ep.config.published,
            outputs[ep.slug].audio_size,
            "audio/mpeg",
            ep.config.season,
        )
        for ep in project.episodes
        if ep.config.episode_type == "trailer" and ep.slug in outputs
    )


def channel_apps(
    project: Project, outputs: Mapping[str, EpisodeOutputs], plan: ReleasePlan
) -> ChannelApps:
    """The channel's #14 values (the show's fields; trailers from its trailer episodes)."""
    show = project.show
    freq = None
    if show.update_frequency is not None:
        f = show.update_frequency
        attrs: dict[str, str] = {}
        if f.complete:
            attrs["complete"] = "true"
        if f.dtstart is not None:
            attrs["dtstart"] = f.dtstart.isoformat()
        if f.rrule:
            attrs["rrule"] = f.rrule
        freq = (f.label, attrs)
    return ChannelApps(
        txt=tuple(show.txt),
        trailers=trailers(project, outputs, plan, tuple(show.analytics)),
        update_frequency=freq,
        podroll=tuple(show.podroll),
        publisher=show.publisher_feed,
        locations=tuple(show.locations),
        social=tuple(show.social_interact),
        blocks=tuple((b.id, b.block) for b in show.block),
        itunes_block=show.itunes_block,
        complete=show.complete,
        # while moved_from is set the feed names itself (issue #13, moving hosts)
        new_feed_url=show.new_feed_url or (plan.layout.feed_url if show.moved_from else None),
        values=tuple(show.value),
    )


def item_apps(
    project: Project,
    episode: Episode,
    psc: tuple[PscChapter, ...],
    out: EpisodeOutputs,
    planned: EpisodePlan,
) -> ItemApps:
    """One item's #14 values; *out* gives the published alternate files, *planned* their URLs.

    Alternate files' URLs get the analytics prefix like the main enclosure.
    """
    c = episode.config
    season_name = project.show.season_names.get(c.season) if c.season is not None else None
    return ItemApps(
        psc=psc,
        season_name=season_name if season_name else None,
        episode_display=c.episode_display if c.episode_display else None,
        soundbites=tuple(
            SoundbiteTag(_seconds(s.start), _seconds(s.duration * 1000), s.title or "")
            for s in c.soundbites
        ),
        locations=tuple(c.locations),
        social=tuple(c.social_interact),
        txt=tuple(c.txt),
        itunes_block=c.itunes_block,
        alternates=tuple(
            replace(a, url=prefixed(a.url, project.show.analytics))
            for a in tags_from_json(out.alternates_json, planned)
        ),
        values=tuple(c.value),
    )
