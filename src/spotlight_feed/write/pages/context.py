"""The template contexts of the pages: episode page, index page, search page (pure)."""

from __future__ import annotations

from typing import Any

from ...model import Episode, Project
from ...plan.layout import Layout
from ...plan.plan import EpisodePlan
from .fmt import human_date, human_duration, iso_duration, json_ld, relative
from .jsonld import episode_json_ld
from .views import EpisodeSummary, LinkItem, ReleaseFiles, _image, _site, episode_view


def episode_context(
    project: Project,
    episode: Episode,
    plan: EpisodePlan,
    layout: Layout,
    files: ReleaseFiles,
    *,
    position: int,
) -> dict[str, Any]:
    """Everything ``episode.html`` is rendered with.

    ``lang`` (``<html lang>``) is the show's: the interface text around the episode
    is in the show's language. An episode in another language gets ``content_lang``
    on its own content only (title, summary, notes, chapters, transcript), as
    HTML §3.2.6.2 "The lang attribute" asks of text in another language. *position*:
    :func:`.views.episode_view`.
    """
    view = episode_view(project, episode, plan, layout, files, position=position)
    lang = plan.language
    return {
        "lang": project.show.language,
        "content_lang": lang if lang != project.show.language else None,
        "site": _site(project, layout, layout.episode_dir(episode.slug), files),
        "page": {
            "title": f"{view.title} · {project.show.title}",
            "description": view.summary,
            "url": view.url,
            "image": view.cover,
            "type": "article",
        },
        "episode": view,
        "json_ld": json_ld(episode_json_ld(project, view, lang, layout)),
    }


def search_context(project: Project, layout: Layout, files: ReleaseFiles) -> dict[str, Any]:
    """Everything ``search.html`` is rendered with (:mod:`..search`)."""
    show = project.show
    alt = show.image_alt or f"{show.title} cover art"
    return {
        "lang": show.language,
        "site": _site(project, layout, "search", files),
        "page": {
            "title": f"Search: {show.title}",
            "description": f"Search every episode of {show.title}.",
            "url": layout.url("search/"),
            "image": _image(layout, "search", files.cover_rel, alt, files),
            "type": "website",
        },
        "json_ld": json_ld(
            {
                "@context": "https://schema.org",
                "@type": "SearchResultsPage",
                "name": f"Search: {show.title}",
                "url": layout.url("search/"),
            }
        ),
    }


def listing_order(project: Project) -> list[Episode]:
    """The index page's order: newest first, or for a serial show by season and number."""
    if project.show.type != "serial":
        return list(project.episodes)  # the loader sorts them newest first
    return sorted(
        project.episodes,
        key=lambda e: (e.config.season or 0, e.config.number or 0, e.config.published),
    )


def index_context(project: Project, layout: Layout, files: ReleaseFiles) -> dict[str, Any]:
    """Everything ``index.html`` is rendered with: the show and its episodes.

    Episodic shows list their episodes newest first; serial shows in order, oldest
    first (Apple ``itunes:type``: "serial: episodes are intended to be consumed in
    sequential order", and apps list them so).
    """
    show = project.show
    site = _site(project, layout, "", files)
    alt = show.image_alt or f"{show.title} cover art"
    cover = _image(layout, "", files.cover_rel, alt, files)
    episodes = []
    for ep in listing_order(project):
        out = files.outputs[ep.slug]
        c = ep.config
        episodes.append(
            EpisodeSummary(
                title=c.title,
                href=relative("", layout.episode_dir(ep.slug)) + "/",
                number=c.number,
                season=c.season,
                episode_type=c.episode_type,
                published=c.published.isoformat(),
                published_display=human_date(c.published),
                duration_iso=iso_duration(out.duration_ms),
                duration_display=human_duration(out.duration_ms),
                summary=c.summary,
            )
        )
    url = layout.url("")
    hosts = [
        {"@type": "Person", "name": p.name, **({"url": p.href} if p.href else {})}
        for p in show.people
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "@id": url,
        "url": url,
        "name": show.title,
        "description": show.description,
        "webFeed": layout.feed_url,
        "image": cover.url,
        "inLanguage": show.language,
        "author": {"@type": "Organization", "name": show.author},
        "isFamilyFriendly": not show.explicit,
        "genre": [show.category.category, *filter(None, [show.category.subcategory])],
    }
    if show.publisher:
        data["publisher"] = {"@type": "Organization", "name": show.publisher}
    if hosts:
        data["actor"] = hosts
    if show.copyright:
        data["copyrightNotice"] = show.copyright
    return {
        "lang": show.language,
        "site": site,
        "page": {
            "title": show.title,
            "description": show.description,
            "url": url,
            "image": cover,
            "type": "website",
        },
        "show": {
            "title": show.title,
            "description": show.description,
            "author": show.author,
            "cover": cover,
            "subscribe": tuple(LinkItem(s.title, s.url) for s in show.subscribe),
            "category": show.category.category,
            "subcategory": show.category.subcategory,
        },
        "episodes": tuple(episodes),
        "json_ld": json_ld(data),
    }
