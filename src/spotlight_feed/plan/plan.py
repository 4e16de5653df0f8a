"""The plan of one episode: every value decided once, before any file is written (pure).

:func:`plan_episode` decides, from the loaded project and the layout alone, what every stage
of the episode would otherwise decide again: the dist path and public URL of its MP3, page and
chapters files, its chapter spans with their final (shortened) titles, its credits
(:mod:`.credits`) and its effective language and ``explicit`` flag (the episode's own value,
else the show's; Apple 823 ``<itunes:explicit>``, RSS 2.0 ``<language>``). The ID3 tag, the
chapters files, the feed item, the page and the GUID guard all read these values, so they
cannot drift apart.

The plan names every file the episode may publish, content-named art, transcripts and
alternates included; what can only be known after writing (sizes, durations, hashes, whether
a transcript was timed) is measured by the write stage and travels in
:class:`.outputs.EpisodeOutputs`, which holds no path and no URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Episode, Project, effective_language
from .chapters import ChapterSpan, spans
from .credits import Credit, Credits, episode_credits, show_people
from .layout import ALTERNATE_SUFFIXES, Layout
from .outputs import PublishedTranscript


@dataclass(frozen=True, slots=True)
class EpisodeValues:
    """What an episode says wherever it is shown, whatever the host (no paths or URLs)."""

    chapters: tuple[ChapterSpan, ...]
    """The chapter spans (ends resolved, titles shortened) shown everywhere."""
    language: str
    """The episode's language, else the show's."""
    explicit: bool
    """The episode's ``explicit``, else the show's."""
    credits: Credits
    """Everyone credited (:mod:`.credits`): the feed's persons, the ID3 people, the page."""


def episode_values(
    project: Project, episode: Episode, people: tuple[Credit, ...] | None = None
) -> EpisodeValues:
    """The :class:`EpisodeValues` of *episode*; no I/O.

    *people* is :func:`.credits.show_people` when a caller with many episodes computed it once.
    """
    assert episode.audio is not None, "the load stage measures every episode's audio"
    c = episode.config
    return EpisodeValues(
        chapters=spans(episode, episode.audio.duration_ms),
        language=effective_language(c, project.show.language),
        explicit=project.show.explicit if c.explicit is None else c.explicit,
        credits=episode_credits(project.show, c, people),
    )


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """One file of the release: its dist path and its public URL."""

    rel: str
    url: str


@dataclass(frozen=True, slots=True)
class TranscriptLink:
    """One ``podcast:transcript`` (Podcasting 2.0 ``docs/tags/transcript.md``)."""

    url: str
    type: str
    """Exact MIME type, e.g. text/vtt, application/x-subrip."""
    language: str
    rel: str | None = None
    """``captions`` for timed files."""
    rel_path: str = ""
    """Path inside dist/ (for pages)."""
    label: str = ""
    """Human name of the format (for download links)."""


MP3 = "mp3"
"""The key of the tagged MP3 among an episode's alternate files (:meth:`EpisodePlan.file`)."""


@dataclass(frozen=True, slots=True)
class EpisodePlan:
    """What one episode's files are called, where they are served, and what they say."""

    slug: str
    audio_rel: str
    audio_url: str
    page_rel: str
    page_url: str
    values: EpisodeValues
    chapters_json_rel: str | None
    chapters_vtt_rel: str | None
    chapters_json_url: str | None
    chapters_vtt_url: str | None
    art: PlannedFile | None = None
    """The episode's own art (``image:``; Apple 823 ``<itunes:image>``), content-named."""
    chapter_art: dict[int, PlannedFile] = field(default_factory=dict)
    """Chapter index -> its art, for chapter ``img:`` files in the project (content-named)."""
    alternates: dict[str, PlannedFile] = field(default_factory=dict)
    """``encode.alternates`` kind -> where that encoding goes, should the source allow it."""
    given_alternates: tuple[PlannedFile, ...] = ()
    """The podcaster's own alternate files (``alternates:`` in episode.yaml), in order."""
    transcript_languages: tuple[str | None, ...] = ()
    """The transcripts the episode may publish: ``None`` (its own), then each translation's
    language; which are published, timed or not, the write stage measures."""
    layout: Layout | None = field(default=None, repr=False, compare=False)
    """The release's layout: :meth:`transcript_file` names a transcript when asked (five
    formats per language are not worth keeping for every episode of a big show)."""

    def transcript_file(self, language: str | None, key: str) -> PlannedFile:
        """Where format *key* of the transcript in *language* goes (``None``: the episode's own).

        One rule (:meth:`.layout.Layout.transcript`) for the writer and every link to it.
        """
        assert self.layout is not None, "plan_episode gives every plan its layout"
        assert language in self.transcript_languages, (self.slug, language)
        rel = self.layout.transcript(self.slug, key, language)
        return PlannedFile(rel, self.layout.url(rel))

    def file(self, key: str) -> PlannedFile:
        """An alternate file by the key its measurement names.

        :data:`MP3`, an ``encode.alternates`` kind, or ``alt<N>`` for the podcaster's N-th
        (1-based) file.
        """
        if key == MP3:
            return PlannedFile(self.audio_rel, self.audio_url)
        if key.startswith("alt") and key[3:].isdigit():
            return self.given_alternates[int(key[3:]) - 1]
        return self.alternates[key]

    def transcript_links(
        self, published: Iterable[PublishedTranscript]
    ) -> tuple[TranscriptLink, ...]:
        """The ``podcast:transcript`` links of the *published* transcripts, in feed order.

        Captions (VTT, SRT) exist only for a timed transcript; timed files carry
        ``rel="captions"`` (docs/sources.md §1.1); each file is linked once, under the type the
        transcript spec names (:mod:`..transcript.formats`). A translation's label names its
        language.
        """
        from ..transcript.formats import FORMATS  # the readers stay off the fast path
        from ..transcript.languages import language_name

        links: list[TranscriptLink] = []
        for p in published:
            language = p.language or self.language
            for fmt in FORMATS:
                if fmt.timed_only and not p.timed:
                    continue
                f = self.transcript_file(p.language, fmt.key)
                rel_attr = "captions" if fmt.carries_times and p.timed else None
                label = f"{fmt.label} ({language_name(language)})" if p.language else fmt.label
                links.append(TranscriptLink(f.url, fmt.mime, language, rel_attr, f.rel, label))
        return tuple(links)

    @property
    def chapters(self) -> tuple[ChapterSpan, ...]:
        """:attr:`EpisodeValues.chapters`."""
        return self.values.chapters

    @property
    def language(self) -> str:
        """:attr:`EpisodeValues.language`."""
        return self.values.language

    @property
    def explicit(self) -> bool:
        """:attr:`EpisodeValues.explicit`."""
        return self.values.explicit


def enclosure_url(layout: Layout, slug: str) -> str:
    """The public URL of an episode's MP3 (the feed's ``<enclosure url>``, spotlight.lock's)."""
    return layout.url(layout.audio(slug))


def plan_episode(
    project: Project, episode: Episode, layout: Layout, people: tuple[Credit, ...] | None = None
) -> EpisodePlan:
    """The plan of *episode* (see the module docstring); no I/O."""
    slug = episode.slug
    values = episode_values(project, episode, people)
    json_rel = layout.chapters_json(slug) if values.chapters else None
    vtt_rel = layout.chapters_vtt(slug) if values.chapters else None

    def planned(rel: str) -> PlannedFile:
        return PlannedFile(rel, layout.url(rel))

    image = episode.config.image
    art = (
        planned(layout.episode_art(slug, Path(image), episode.art_digest(image))) if image else None
    )
    chapter_art = {
        ch.index: planned(
            layout.chapter_art(slug, ch.index, Path(ch.img), episode.art_digest(ch.img))
        )
        for ch in values.chapters
        if ch.img and ch.img_url is None  # a file in the project (config.Chapter.img_file)
    }
    alternates: dict[str, PlannedFile] = {
        kind: planned(layout.audio_alternate(slug, ALTERNATE_SUFFIXES[kind]))
        for kind in project.show.encode.alternates
    }
    given = tuple(
        planned(layout.given_alternate(slug, n, Path(alt.file).suffix))
        for n, alt in enumerate(episode.config.alternates, 1)
    )
    languages: list[str | None] = [None] if episode.transcript_path is not None else []
    languages += [tr.language for tr in episode.translations]
    return EpisodePlan(
        slug=slug,
        audio_rel=layout.audio(slug),
        audio_url=enclosure_url(layout, slug),
        page_rel=layout.page(slug),
        page_url=layout.page_url(slug),
        values=values,
        chapters_json_rel=json_rel,
        chapters_vtt_rel=vtt_rel,
        chapters_json_url=layout.url(json_rel) if json_rel else None,
        chapters_vtt_url=layout.url(vtt_rel) if vtt_rel else None,
        art=art,
        chapter_art=chapter_art,
        alternates=alternates,
        given_alternates=given,
        transcript_languages=tuple(languages),
        layout=layout,
    )


@dataclass(frozen=True, slots=True)
class ReleasePlan:
    """Every published episode's plan: made once per build by :func:`plan_release`.

    :func:`spotlight_feed.build.build` makes it right after loading and hands it down: the
    episode stage (MP3, chapters, transcripts), its page and the feed all read the same
    :class:`EpisodePlan`, so nothing is decided twice.
    """

    layout: Layout
    episodes: Mapping[str, EpisodePlan]
    """By slug."""
    cover: PlannedFile
    """The show art, content-named (:meth:`.layout.Layout.cover`; Apple 823 ``<itunes:image>``):
    the channel image, the pages' cover and icon."""
    positions: Mapping[str, int] = field(default_factory=dict, repr=False)
    """Slug -> its place in ``project.episodes`` (newest first): an episode page's newer
    and older links (:meth:`position`), found in O(1) rather than by a scan of the
    catalogue (issue #18: the scan made cold builds quadratic)."""

    def __getitem__(self, slug: str) -> EpisodePlan:
        """The plan of the episode *slug*."""
        return self.episodes[slug]

    def position(self, slug: str) -> int:
        """Where the episode *slug* is in the newest-first list ``project.episodes``."""
        return self.positions[slug]


def plan_release(project: Project, layout: Layout) -> ReleasePlan:
    """The :class:`ReleasePlan` of *project* served from *layout*; no I/O."""
    people = show_people(project.show)
    rel = layout.cover(project.image_path, project.image_digest)
    return ReleasePlan(
        layout,
        {e.slug: plan_episode(project, e, layout, people) for e in project.episodes},
        PlannedFile(rel, layout.url(rel)),
        {e.slug: i for i, e in enumerate(project.episodes)},
    )
