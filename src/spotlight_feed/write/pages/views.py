"""Pages stage: the project and its release outputs -> HTML show-notes pages.

One Jinja2 environment (:func:`make_environment`) renders every page. Its search
path is the project's own ``templates/`` folder first, then the packaged
templates, which are also reachable under the ``default/`` prefix, so a project
can override one template, or one block of it, with
``{% extends "default/episode.html" %}`` (Pelican's ``!theme/`` prefix, MkDocs'
``custom_dir``). Autoescaping is on for ``.html`` and ``StrictUndefined`` makes a
misspelt variable a build error that names the template file and line.

Each page's data is built by one pure function (:func:`episode_context`,
:func:`index_context`) from the project and the :class:`~.outputs.EpisodeOutputs`
of the write stages; :class:`PageWriter` is
the only code here that writes. Each episode's page is written by that episode's
stage of the build, so an incremental build re-renders only the pages whose
inputs changed (see :func:`spotlight_feed.release.keys.neighbours` for what else a page shows).
Links between files of the release are relative, so ``dist/`` can be previewed
from any folder or host; the canonical, Open Graph and JSON-LD URLs are absolute
(Open Graph protocol: ``og:url`` and ``og:image`` must be absolute URLs).

Everything a podcaster or a listener typed is passed to the templates as text
and escaped there; the only markup handed over is :func:`~.notes.notes_html`
(itself escaped, Apple's tags only) and the JSON-LD, which is serialised with
``<``, ``>`` and ``&`` as unicode escapes so no text can close its ``<script>``
(HTML Standard §4.12.1.3, "Restrictions for contents of script elements").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from ...config import Comment
from ...config.vocab import license_name
from ...model import Episode, Project
from ...plan.credits import Credit, Credits
from ...plan.layout import Layout
from ...plan.outputs import EpisodeOutputs
from ...plan.plan import EpisodePlan
from ...transcript.languages import language_name
from ...transcript.words import normalise
from ...transcript.words import turns as speaker_turns
from ..notes import notes_html
from .fmt import (
    human_date,
    human_duration,
    human_size,
    iso_duration,
    paragraphs,
    relative,
    seconds,
)

PARAGRAPH_GAP_MS = 2000
"""A pause longer than this between two cues of one speaker starts a new paragraph."""
PARAGRAPH_CHARS = 600
"""A paragraph is closed at the next cue boundary once it is this long."""

# ---------------------------------------------------------------------------
# Environment and rendering


# ---------------------------------------------------------------------------
# Formatting helpers (pure)


# ---------------------------------------------------------------------------
# Page data


@dataclass(frozen=True)
class Image:
    """An image on a page."""

    src: str
    """Relative URL from the page."""
    url: str
    """Absolute URL (Open Graph, JSON-LD)."""
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class LinkItem:
    """A labelled link (downloads, subscribe buttons, related links)."""

    label: str
    href: str
    type: str = ""
    """MIME type, for the ``type`` attribute of downloads."""


@dataclass(frozen=True)
class Site:
    """What every page shows about the show (header, footer, head links)."""

    title: str
    description: str
    home: str
    """Relative URL of the index page."""
    link: str
    """The show's own web site."""
    feed_url: str
    stylesheet: str
    """Relative URL of style.css (with a content hash query, so a change busts caches)."""
    icon: str
    """Relative URL of the show art, used as the page icon."""
    copyright: str | None
    license: LinkItem | None
    funding: tuple[LinkItem, ...]
    author: str


@dataclass(frozen=True)
class Chapter:
    """One chapter in the list and its seek link."""

    title: str
    start_ms: int
    end_ms: int
    start: str
    """Seconds for ``#t=`` and the player script."""
    href: str
    """The audio with a media fragment (works without JavaScript)."""
    url: str | None
    """A page about the chapter."""


@dataclass(frozen=True)
class CreditEntry:
    """One credited person."""

    name: str
    role: str
    href: str | None = None
    note: str = ""
    producer: bool = False
    """Produced the episode (JSON-LD ``producer``): decided where the entry is made, from the
    credit's kind or role, never from the text shown."""


@dataclass(frozen=True)
class CreditGroup:
    """A heading-worthy group of credits: hosts, voices, quoted people..."""

    title: str
    entries: tuple[CreditEntry, ...]
    intro: str = ""
    key: str = ""
    """Stable name for styling: hosts, voices, crew, quoted."""


@dataclass(frozen=True)
class Turn:
    """One speaker turn of the transcript, in readable paragraphs."""

    speaker: str | None
    start_ms: int | None
    start: str | None
    """Seconds for ``#t=``; ``None`` when the transcript is untimed."""
    href: str | None
    id: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class CommentView:
    """A listener comment, its text split into paragraphs of lines, and its replies."""

    author: str | None
    paragraphs: tuple[tuple[str, ...], ...]
    replies: tuple[CommentView, ...] = ()


@dataclass(frozen=True)
class Track:
    """A ``<track>`` of the player."""

    src: str
    srclang: str
    label: str


@dataclass(frozen=True)
class EpisodeView:
    """Everything the episode template shows."""

    slug: str
    title: str
    number: int | None
    season: int | None
    episode_type: str
    published: str
    """ISO 8601 date-time for ``<time datetime>``."""
    published_display: str
    duration_iso: str
    duration_display: str
    summary: str
    notes_html: Markup
    cover: Image
    audio_src: str
    audio_url: str
    audio_type: str
    audio_size: str
    captions: Track | None
    chapters_track: Track | None
    chapters: tuple[Chapter, ...]
    chapter_downloads: tuple[LinkItem, ...]
    transcript_downloads: tuple[LinkItem, ...]
    transcript_timed: bool
    turns: tuple[Turn, ...]
    credits: tuple[CreditGroup, ...]
    discussion_question: str | None
    comments: tuple[CommentView, ...]
    comment_count: int
    url: str
    explicit: bool
    other_captions: tuple[Track, ...] = ()
    """Captions in further languages (``transcript.<lang>.vtt``), one ``<track>`` each."""
    transcript_languages: tuple[LinkItem, ...] = ()
    """The language switch of the transcript section: each translation's HTML transcript."""
    newer: LinkItem | None = None
    """The next episode in publication order (its title and relative URL)."""
    audio_alternates: tuple[LinkItem, ...] = ()
    """The alternate encodings (AAC, Opus) with their sizes (issue #16)."""
    older: LinkItem | None = None
    """The previous episode in publication order."""


@dataclass(frozen=True)
class EpisodeSummary:
    """An episode in the index list."""

    title: str
    href: str
    number: int | None
    season: int | None
    episode_type: str
    published: str
    published_display: str
    duration_iso: str
    duration_display: str
    summary: str


@dataclass(frozen=True)
class ReleaseFiles:
    """Release files every page links to, decided before the pages are written."""

    cover_rel: str
    """The show art inside dist/."""
    image_sizes: Mapping[str, tuple[int, int]]
    """Pixel size of every image the pages show, by dist path."""
    stylesheet_hash: str
    outputs: Mapping[str, EpisodeOutputs] = field(default_factory=dict)


def _site(project: Project, layout: Layout, page_dir: str, files: ReleaseFiles) -> Site:
    show = project.show
    lic = None
    if show.license:  # its name, not the short identifier ("All rights reserved", not "ARR")
        name, deed = license_name(show.license.identifier)
        lic = LinkItem(name, show.license.url or deed)
    return Site(
        title=show.title,
        description=show.description,
        home=relative(page_dir, "") + "/",
        link=show.link,
        feed_url=layout.feed_url,
        stylesheet=relative(page_dir, layout.stylesheet) + "?v=" + files.stylesheet_hash[:10],
        icon=relative(page_dir, files.cover_rel),
        copyright=show.copyright if show.copyright else None,
        license=lic,
        funding=tuple(LinkItem(f.label, f.url) for f in show.funding),
        author=show.author,
    )


def _role(role: str) -> str:
    return role[:1].upper() + role[1:]


def credit_groups(credits: Credits, show_title: str) -> tuple[CreditGroup, ...]:
    """Hosts, other voices, writers, producers, other credits and the people quoted.

    Everything comes from the plan's :class:`~...plan.credits.Credits` (the feed's
    ``podcast:person`` list and the ID3 people read the same model). Quoted people
    (``quoted: true``) are never listed as cast: the words are theirs, the voice is the
    show's (the sample says "All quotes were adapted for this program and voiced by
    Spotlight").
    """
    hosts: dict[str, CreditEntry] = {}
    for p in credits.show:  # without those absent from this episode
        if p.is_host:
            hosts.setdefault(p.name, CreditEntry(p.name, _role(p.role), p.href))
    voices: list[CreditEntry] = []
    quoted: list[CreditEntry] = []
    uncredited: list[CreditEntry] = []
    for voice in credits.voices:
        entry = _voice_entry(voice)
        if voice.kind == "quoted":
            quoted.append(entry)
        elif voice.kind == "uncredited":
            uncredited.append(entry)
        elif voice.is_host:
            hosts.setdefault(entry.name, entry)
        elif entry.name not in {v.name for v in voices}:
            voices.append(entry)
    crew = [_crew(p) for p in credits.show if not p.is_host]
    crew += [CreditEntry(w.name, "Writer", w.href) for w in credits.writers]
    crew += [CreditEntry(p.name, "Producer", p.href, producer=True) for p in credits.producers]
    crew += [_crew(o) for o in credits.others]
    groups = [
        CreditGroup("Hosts", tuple(hosts.values()), key="hosts"),
        CreditGroup("Voices", tuple(voices + uncredited), key="voices"),
        CreditGroup("Made by", tuple(crew), key="crew"),
        CreditGroup(
            "Quoted",
            tuple(quoted),
            f"Their words are quoted, adapted for this programme and voiced by "
            f"{show_title}; they do not speak in this episode.",
            key="quoted",
        ),
    ]
    return tuple(g for g in groups if g.entries)


def _crew(credit: Credit) -> CreditEntry:
    """A show person or other credit who is not a host.

    The taxonomy role ``producer`` (https://podcastindex.org/namespace/1.0#person) makes a
    JSON-LD ``producer`` (:attr:`~...plan.credits.Credit.is_producer`).
    """
    return CreditEntry(credit.name, _role(credit.role), credit.href, producer=credit.is_producer)


def _voice_entry(voice: Credit) -> CreditEntry:
    if voice.kind == "quoted":
        role = f"Quoted from {voice.source}" if voice.source else "Quoted"
        return CreditEntry(voice.name, role, voice.href, voice.note)
    if voice.kind == "uncredited":
        return CreditEntry(voice.name, _role(voice.role), voice.href)
    return CreditEntry(voice.name, _role(voice.role), voice.href, voice.note)


def _alternate_downloads(
    plan: EpisodePlan, page_dir: str, out: EpisodeOutputs
) -> tuple[LinkItem, ...]:
    """Download links of the encodings the build made (``encode.alternates``, issue #16).

    The files are where the plan put them (:attr:`~...plan.plan.EpisodePlan.alternates`);
    the write stage's list (*out*) says which the source allowed and their sizes.
    """
    from ..alternates import tags_from_json

    return tuple(
        LinkItem(
            f"{a.title} ({human_size(a.length)})",
            relative(page_dir, plan.alternates[a.file].rel),
            a.type,
        )
        for a in tags_from_json(out.alternates_json, plan)
        if a.file in plan.alternates
    )


def transcript_turns(episode: Episode, audio_src: str) -> tuple[Turn, ...]:
    """The transcript with display names, as speaker turns in readable paragraphs.

    Turns are :func:`~.transcript.words.turns` (consecutive cues of one speaker),
    the same grouping as the published HTML transcript. Captions split speech into
    short cues; a reader wants paragraphs, so inside a turn a pause longer than
    :data:`PARAGRAPH_GAP_MS`, or a paragraph already :data:`PARAGRAPH_CHARS` long,
    starts a new paragraph. A turn carries its start time when the transcript is
    timed.
    """
    transcript = episode.named
    if transcript is None:
        return ()
    timed = transcript.timed
    out: list[Turn] = []
    for turn in speaker_turns(transcript):
        paras: list[str] = []
        current: list[str] = []
        size = 0  # characters of current, a space after each (kept as it grows)
        last_end: int | None = None
        for cue in turn.cues:
            text = cue.text  # normalised by its reader
            if not text:
                continue
            pause = (
                timed
                and last_end is not None
                and cue.start_ms is not None
                and cue.start_ms - last_end > PARAGRAPH_GAP_MS
            )
            if current and (pause or size >= PARAGRAPH_CHARS):
                paras.append(" ".join(current))
                current, size = [], 0
            current.append(text)
            size += len(text) + 1
            last_end = cue.end_ms
        if current:
            paras.append(" ".join(current))
        if paras:
            speaker = normalise(turn.speaker) if turn.speaker else None
            start = turn.start_ms if timed else None
            out.append(_turn(speaker or None, start, paras, audio_src, len(out)))
    return tuple(out)


def _turn(
    speaker: str | None, start: int | None, paras: list[str], audio_src: str, index: int
) -> Turn:
    if start is None:
        return Turn(speaker, None, None, None, f"turn-{index + 1}", tuple(paras))
    at = seconds(start)
    return Turn(speaker, start, at, f"{audio_src}#t={at}", f"turn-{index + 1}", tuple(paras))


def _comment(comment: Comment) -> CommentView:
    return CommentView(
        comment.author if comment.author else None,
        tuple(tuple(p) for p in paragraphs(comment.text)),
        tuple(_comment(r) for r in comment.replies),
    )


def _count(comments: Sequence[Comment]) -> int:
    return sum(1 + _count(c.replies) for c in comments)


def _image(layout: Layout, page_dir: str, rel: str, alt: str, files: ReleaseFiles) -> Image:
    width, height = files.image_sizes.get(rel, (0, 0))
    return Image(relative(page_dir, rel), layout.url(rel), alt, width, height)


def episode_view(
    project: Project,
    episode: Episode,
    plan: EpisodePlan,
    layout: Layout,
    files: ReleaseFiles,
    *,
    position: int,
) -> EpisodeView:
    """The episode page's data (pure: no I/O), from the episode's *plan*.

    *position* is the episode's place in ``project.episodes``, newest first
    (:meth:`...plan.plan.ReleasePlan.position`): its page links the episodes either side.
    """
    out = files.outputs[episode.slug]
    c = episode.config
    page_dir = layout.episode_dir(episode.slug)
    lang = plan.language
    audio_src = relative(page_dir, plan.audio_rel)  # planned paths: no URL turned back
    title = c.title

    if plan.art is not None:  # the episode's own art, where the plan put it
        cover = _image(layout, page_dir, plan.art.rel, f"Cover art of {title}", files)
    else:
        alt = project.show.image_alt or f"{project.show.title} cover art"
        cover = _image(layout, page_dir, files.cover_rel, alt, files)

    captions = None
    other_captions: list[Track] = []
    languages: list[LinkItem] = []
    downloads: list[LinkItem] = []
    for t in plan.transcript_links(out.transcripts):
        href = relative(page_dir, t.rel_path)
        if any(d.href == href for d in downloads):
            continue  # one file linked under two MIME types in the feed (SRT)
        downloads.append(LinkItem(t.label or t.type, href, t.type))
        translated = t.language != lang  # transcript.<lang>.* (issue #15)
        kind = ", translation" if translated and _is_translation(episode, t.language) else ""
        if translated and t.type == "text/vtt":
            label = f"Transcript ({language_name(t.language)}{kind})"
            other_captions.append(Track(href, t.language, label))
        elif translated and t.type == "text/html":
            name = language_name(t.language) + (" (translation)" if kind else "")
            languages.append(LinkItem(name, href, t.language))
        elif captions is None and t.type == "text/vtt":
            captions = Track(href, t.language or lang, "Transcript")

    chapter_downloads: list[LinkItem] = []
    if plan.chapters_json_rel:
        href = relative(page_dir, plan.chapters_json_rel)
        chapter_downloads.append(LinkItem("Chapters (JSON)", href, "application/json+chapters"))
    chapters_track = None
    if plan.chapters_vtt_rel:
        href = relative(page_dir, plan.chapters_vtt_rel)
        chapters_track = Track(href, lang, "Chapters")
        chapter_downloads.append(LinkItem("Chapters (WebVTT)", href, "text/vtt"))

    chapters: list[Chapter] = []
    # the same spans (and shortened titles) as chapters.vtt, chapters.json and the ID3 tag
    for span in plan.chapters:
        at = seconds(span.start_ms)
        chapters.append(
            Chapter(span.title, span.start_ms, span.end_ms, at, f"{audio_src}#t={at}", span.url)
        )

    notes = notes_html(c.notes if c.notes else None, c.links, 'dir="auto"')
    discussion = c.discussion
    return EpisodeView(
        slug=episode.slug,
        title=title,
        number=c.number,
        season=c.season,
        episode_type=c.episode_type,
        published=c.published.isoformat(),
        published_display=human_date(c.published),
        duration_iso=iso_duration(out.duration_ms),
        duration_display=human_duration(out.duration_ms),
        summary=c.summary,
        notes_html=Markup(notes),
        cover=cover,
        audio_src=audio_src,
        audio_url=plan.audio_url,
        audio_type="audio/mpeg",
        audio_size=human_size(out.audio_size),
        audio_alternates=_alternate_downloads(plan, page_dir, out),
        captions=captions,
        other_captions=tuple(other_captions),
        transcript_languages=tuple(languages),
        chapters_track=chapters_track,
        chapters=tuple(chapters),
        chapter_downloads=tuple(chapter_downloads),
        transcript_downloads=tuple(downloads),
        transcript_timed=bool(episode.transcript and episode.transcript.timed),
        turns=transcript_turns(episode, audio_src),
        credits=credit_groups(plan.values.credits, project.show.title),
        discussion_question=discussion.question if discussion else None,
        comments=tuple(_comment(x) for x in discussion.comments) if discussion else (),
        comment_count=_count(discussion.comments) if discussion else 0,
        url=plan.page_url,
        explicit=plan.explicit,
        newer=_neighbour(project, episode, layout, position, -1),
        older=_neighbour(project, episode, layout, position, +1),
    )


def _neighbour(
    project: Project, episode: Episode, layout: Layout, position: int, step: int
) -> LinkItem | None:
    """The episode *step* places away in the newest-first list, linked from *episode*'s page.

    *position* is *episode*'s own place in ``project.episodes``
    (:meth:`...plan.plan.ReleasePlan.position`).
    """
    i = position + step
    if not 0 <= i < len(project.episodes):
        return None
    other = project.episodes[i]
    href = relative(layout.episode_dir(episode.slug), layout.episode_dir(other.slug)) + "/"
    return LinkItem(other.config.title, href)


def _is_translation(episode: Episode, language: str) -> bool:
    """Whether the episode's transcript in *language* is a translation (``transcripts:``)."""
    return next((tr.translation for tr in episode.translations if tr.language == language), True)


# ---------------------------------------------------------------------------
# Writing (the only I/O)
