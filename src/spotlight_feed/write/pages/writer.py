"""The only I/O of the pages: image sizes and :class:`PageWriter`, which renders and writes."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ...load.project import with_transcript
from ...model import Episode, Project
from ...plan.layout import Layout, safe_join
from ...plan.outputs import EpisodeOutputs
from ...plan.plan import ReleasePlan
from ..search import INDEX as SEARCH_INDEX
from ..search import PAGE as SEARCH_PAGE
from ..search import SearchDocs, write_search_index
from .context import episode_context, index_context, search_context
from .env import make_environment, render, stylesheet
from .views import ReleaseFiles


def image_size(path: Path) -> tuple[int, int]:
    """Pixel size of an image (Pillow reads only the header)."""
    from PIL import Image as PILImage

    with PILImage.open(path) as im:
        width, height = im.size
    return int(width), int(height)


@dataclass
class PageWriter:
    """Renders and writes the release's pages into *staging*, one page at a time.

    Built once per release and shared by every episode's stage (also in forked
    workers), so the Jinja environment and its compiled templates, the stylesheet
    hash and the show art's pixel size are made once per process, not per page.
    An episode page is written by that episode's stage (:meth:`write_episode`), so
    a build that reuses an episode reuses its page; the index and the stylesheet
    list every episode and are written on every build (:meth:`write_index`).
    """

    project: Project
    plan: ReleasePlan
    """The build's plan: every page reads its episode's :class:`~...plan.plan.EpisodePlan`."""
    staging: Path
    search_docs: SearchDocs | None = None
    """Where each episode stage leaves its transcript's search entries for the index."""
    _env: jinja2.Environment | None = field(default=None, init=False, repr=False)
    _css: bytes | None = field(default=None, init=False, repr=False)
    _sizes: dict[str, tuple[int, int]] = field(default_factory=dict, init=False, repr=False)

    @property
    def cover_rel(self) -> str:
        """The show art inside dist/, where the plan put it (already copied into *staging*)."""
        return self.plan.cover.rel

    @property
    def layout(self) -> Layout:
        """The plan's layout."""
        return self.plan.layout

    @property
    def env(self) -> jinja2.Environment:
        """The Jinja2 environment (:func:`make_environment`), made on first use."""
        if self._env is None:
            self._env = make_environment(self.project.root)
        return self._env

    @property
    def css(self) -> bytes:
        """The stylesheet's bytes."""
        if self._css is None:
            self._css = stylesheet()
        return self._css

    def files(self, outputs: Mapping[str, EpisodeOutputs]) -> ReleaseFiles:
        """What pages showing the episodes of *outputs* link to (images sized once)."""
        images = {self.cover_rel}
        images.update(art.rel for slug in outputs if (art := self.plan[slug].art) is not None)
        for rel in sorted(images - self._sizes.keys()):
            self._sizes[rel] = image_size(safe_join(self.staging, rel))
        return ReleaseFiles(
            cover_rel=self.cover_rel,
            image_sizes={rel: self._sizes[rel] for rel in sorted(images)},
            stylesheet_hash=hashlib.sha256(self.css).hexdigest(),
            outputs=outputs,
        )

    def render_episode(self, episode: Episode, out: EpisodeOutputs) -> tuple[str, bytes]:
        """One episode's page (its dist path and bytes), from that episode's outputs.

        Besides the show and the episode, the page shows the slug and title of the
        neighbouring episodes (:func:`spotlight_feed.release.keys.neighbours` keys them).
        """
        slug = episode.slug
        files = self.files({slug: out})
        context = episode_context(
            self.project,
            episode,
            self.plan[slug],
            self.layout,
            files,
            position=self.plan.position(slug),
        )
        html = render(self.env, "episode.html", context, self.project.root)
        return self.layout.page(slug), html.encode("utf-8")

    def render_index(self, outputs: Mapping[str, EpisodeOutputs]) -> list[tuple[str, bytes]]:
        """The index page, the stylesheet and the search page (its index: :meth:`write_index`)."""
        files = self.files(outputs)
        context = index_context(self.project, self.layout, files)
        html = render(self.env, "index.html", context, self.project.root)
        found = search_context(self.project, self.layout, files)
        search = render(self.env, "search.html", found, self.project.root)
        return [
            (self.layout.index, html.encode("utf-8")),
            (self.layout.stylesheet, self.css),
            (SEARCH_PAGE, search.encode("utf-8")),  # site search (issue #15)
        ]

    def write_episode(self, episode: Episode, out: EpisodeOutputs) -> str:
        """Write one episode's page; return its dist path.

        An episode whose transcript is in hand (its stage) also leaves the transcript's
        search entries for the index (:class:`~..search.SearchDocs`).
        """
        if episode.transcript is not None and self.search_docs is not None:
            self.search_docs.put(episode)
        return self.write([self.render_episode(with_transcript(episode), out)])[0]

    def write_index(self, outputs: Mapping[str, EpisodeOutputs]) -> list[str]:
        """Write the index page, the stylesheet, the search page and the search index.

        The search index is streamed to its file, one episode at a time
        (:func:`~..search.write_search_index`).
        """
        written = self.write(self.render_index(outputs))
        dst = safe_join(self.staging, SEARCH_INDEX)
        dst.parent.mkdir(parents=True, exist_ok=True)
        with dst.open("wb") as out:
            write_search_index(self.project, self.plan, out, self.search_docs)
        return [*written, SEARCH_INDEX]

    def write(self, rendered: list[tuple[str, bytes]]) -> list[str]:
        """Write rendered files into the staging folder (new files only, never in place)."""
        for rel, data in rendered:
            dst = safe_join(self.staging, rel)
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(data)
        return [rel for rel, _ in rendered]
