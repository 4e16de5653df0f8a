"""schema.org JSON-LD of an episode page (https://schema.org/PodcastEpisode).

Serialised by :func:`.fmt.json_ld` with ``<``, ``>`` and ``&`` as unicode escapes, so no text
can close its ``<script>`` (HTML Standard §4.12.1.3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model import Project
from ...plan.layout import Layout

if TYPE_CHECKING:
    from .views import CreditEntry, EpisodeView


def _person(entry: CreditEntry) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": entry.name}
    if entry.href:
        person["url"] = entry.href
    if entry.note:
        person["description"] = entry.note
    return person


def _series_ref(project: Project, layout: Layout) -> dict[str, Any]:
    return {
        "@type": "PodcastSeries",
        "name": project.show.title,
        "url": layout.url(""),
        "webFeed": layout.feed_url,
    }


def episode_json_ld(
    project: Project, view: EpisodeView, lang: str, layout: Layout
) -> dict[str, Any]:
    """schema.org ``PodcastEpisode``: the people as actors, creators and producers."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "@id": view.url,
        "url": view.url,
        "name": view.title,
        "description": view.summary,
        "datePublished": view.published,
        "duration": view.duration_iso,
        "inLanguage": lang,
        "image": view.cover.url,
        "isFamilyFriendly": not view.explicit,
        "partOfSeries": _series_ref(project, layout),
    }
    if view.number is not None:
        data["episodeNumber"] = view.number
    if view.season is not None:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": view.season}
    audio: dict[str, Any] = {
        "@type": "AudioObject",
        "contentUrl": view.audio_url,
        "encodingFormat": view.audio_type,
        "duration": view.duration_iso,
    }
    data["associatedMedia"] = audio
    groups = {g.key: g.entries for g in view.credits}  # by kind, never by the heading shown
    actors = [*groups.get("hosts", ()), *groups.get("voices", ())]
    if actors:
        data["actor"] = [_person(p) for p in actors]
    crew = groups.get("crew", ())
    creators = [p for p in crew if not p.producer]
    producers = [p for p in crew if p.producer]
    if creators:
        data["creator"] = [_person(p) for p in creators]
    if producers:
        data["producer"] = [_person(p) for p in producers]
    if groups.get("quoted"):
        data["mentions"] = [_person(p) for p in groups["quoted"]]
    if project.show.copyright:
        data["copyrightNotice"] = project.show.copyright
    return data
