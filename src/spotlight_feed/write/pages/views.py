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

import hashlib
import json
import posixpath
import re
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ...config import Comment, Voice
from ...errors import InputError, Problem
from ...load.project import with_transcript
from ...model import Episode, Project
from ...plan.chapters import spans as chapter_spans
from ...plan.hosts import present_people
from ...plan.layout import Layout, safe_join
from ...plan.outputs import EpisodeOutputs
from ...text import clean
from ...timefmt import player_clock as clock
from ...transcript.words import normalise
from ...transcript.words import turns as speaker_turns
from ...vocab import license_name
from ..notes import notes_html

TEMPLATES_DIR = "templates"
"""The project folder whose templates override the packaged ones."""
PACKAGE_TEMPLATES = "templates/default"
DEFAULT_PREFIX = "default"

PARAGRAPH_GAP_MS = 2000
"""A pause longer than this between two cues of one speaker starts a new paragraph."""
PARAGRAPH_CHARS = 600
"""A paragraph is closed at the next cue boundary once it is this long."""

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


# ---------------------------------------------------------------------------
# Environment and rendering


def make_environment(project_root: Path) -> jinja2.Environment:
    """The Jinja2 environment: project ``templates/`` first, then the packaged ones.

    ``episode.html`` resolves to the project's file when it exists, else to the
    packaged one; ``default/episode.html`` is always the packaged one, so an
    override can extend it and replace single blocks.

    Sandboxed (Jinja2's ``SandboxedEnvironment``,
    https://jinja.palletsprojects.com/en/3.1.x/sandbox/): a show folder may come
    from anyone, and its templates must not reach Python internals
    (``cycler.__init__.__globals__.os.popen``), only the values handed to them.
    """
    package = jinja2.PackageLoader("spotlight_feed", PACKAGE_TEMPLATES)
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(project_root / TEMPLATES_DIR),
                package,
                jinja2.PrefixLoader({DEFAULT_PREFIX: package}),
            ]
        ),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["clock"] = clock
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any], root: Path) -> str:
    """Render template *name*; an error in a template becomes a problem naming file and line.

    Besides Jinja's own errors (syntax, undefined variables, missing templates),
    any exception raised by an expression in a template (``{{ n + "x" }}``) is
    reported at its template line; an exception from outside the templates is a bug
    and propagates.
    """
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        raise InputError([template_problem(exc, root)]) from exc
    except Exception as exc:
        where = _template_frame(exc, root)
        if where is None:
            raise
        raise InputError([Problem(_display(where[0], root), where[1], "", str(exc))]) from exc


def template_problem(exc: jinja2.TemplateError, root: Path) -> Problem:
    """Where a template error happened (``templates/episode.html:12``) and what it was.

    Syntax errors carry their file and line; errors raised while rendering (an
    undefined variable, a missing template) are located through the traceback,
    whose frames Jinja rewrites to point at template lines.
    """
    filename: str | None = None
    line: int | None = None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename, line = exc.filename, exc.lineno
    elif where := _template_frame(exc, root):
        filename, line = where
    message = exc.message or type(exc).__name__
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"template not found: {exc.name}"
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"undefined: {message}"
    return Problem(_display(filename, root), line, "", message)


def _template_dirs(root: Path) -> list[Path]:
    package = Path(str(resources.files("spotlight_feed"))) / PACKAGE_TEMPLATES
    return [(root / TEMPLATES_DIR).resolve(), package.resolve()]


def _template_frame(exc: BaseException, root: Path) -> tuple[str, int | None] | None:
    """The innermost traceback frame in a template file (Jinja rewrites them to template lines)."""
    dirs = _template_dirs(root)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not frame.filename or frame.filename.startswith("<"):
            continue
        path = Path(frame.filename).resolve()
        if any(path.is_relative_to(d) for d in dirs):
            return frame.filename, frame.lineno
    return None


def _display(filename: str | None, root: Path) -> str:
    """A template's path as the user knows it: project-relative, or inside the package."""
    if not filename:
        return TEMPLATES_DIR
    path = Path(filename).resolve()
    if path.is_relative_to(root.resolve()):
        return path.relative_to(root.resolve()).as_posix()
    package = Path(str(resources.files("spotlight_feed"))).resolve()
    if path.is_relative_to(package):
        return "spotlight_feed/" + path.relative_to(package).as_posix()
    return filename


def stylesheet() -> bytes:
    """The packaged stylesheet."""
    return (resources.files("spotlight_feed") / "static" / "style.css").read_bytes()


# ---------------------------------------------------------------------------
# Formatting helpers (pure)


def seconds(ms: int) -> str:
    """Seconds for a media fragment (W3C Media Fragments URI 1.0 §4.2.1 NPT): ``81.5``."""
    whole, frac = divmod(max(ms, 0), 1000)
    return f"{whole}.{frac:03d}".rstrip("0").rstrip(".") if frac else str(whole)


def iso_duration(ms: int) -> str:
    """ISO 8601 duration (HTML ``<time datetime>``, schema.org ``duration``): ``PT11M29S``."""
    s = (max(ms, 0) + 500) // 1000
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    out = "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "")
    return out + (f"{sec}S" if sec or out == "PT" else "")


def human_duration(ms: int) -> str:
    """Play time for people: ``11 min 29 s``, ``1 h 2 min``."""
    s = (max(ms, 0) + 500) // 1000
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    if h:
        return f"{h} h {m} min" if m else f"{h} h"
    if m:
        return f"{m} min {sec} s" if sec else f"{m} min"
    return f"{sec} s"


def human_date(when: datetime) -> str:
    """``2 June 2021``, in the time zone the podcaster wrote (no locale, no clock)."""
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}"


def human_size(size: int) -> str:
    """File size for download links: ``5.3 MB`` (SI units)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} bytes"


def relative(from_dir: str, target: str) -> str:
    """URL of dist path *target* relative to the dist folder *from_dir* (``""`` = root)."""
    rel = posixpath.relpath(target or ".", from_dir or ".")
    return quote(rel, safe="/")


def json_ld(data: Mapping[str, Any]) -> Markup:
    """JSON-LD safe inside ``<script>``: ``<``, ``>`` and ``&`` become unicode escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def paragraphs(text: str) -> list[list[str]]:
    """Plain text -> paragraphs (split at blank lines) of lines (kept as written)."""
    out: list[list[str]] = []
    for block in re.split(r"\n\s*\n", clean(text).strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if lines:
            out.append(lines)
    return out


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
    newer: LinkItem | None = None
    """The next episode in publication order (its title and relative URL)."""
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
        title=clean(show.title),
        description=clean(show.description),
        home=relative(page_dir, "") + "/",
        link=show.link,
        feed_url=project.feed_url,
        stylesheet=relative(page_dir, layout.stylesheet) + "?v=" + files.stylesheet_hash[:10],
        icon=relative(page_dir, files.cover_rel),
        copyright=clean(show.copyright) if show.copyright else None,
        license=lic,
        funding=tuple(LinkItem(clean(f.label), f.url) for f in show.funding),
        author=clean(show.author),
    )


def _dist_path(layout: Layout, url: str) -> str | None:
    """The dist/ path of a release URL, or ``None`` for a URL outside the release."""
    if not url.startswith(layout.base_url):
        return None
    return unquote(url[len(layout.base_url) :].split("#", 1)[0])


def _href(layout: Layout, page_dir: str, url: str) -> str:
    rel = _dist_path(layout, url)
    return url if rel is None else relative(page_dir, rel)


def _role(role: str) -> str:
    return role[:1].upper() + role[1:]


def credit_groups(project: Project, episode: Episode) -> tuple[CreditGroup, ...]:
    """Hosts, other voices, writers, producers, other credits and the people quoted.

    Quoted people (``quoted: true``) are never listed as cast: the words are theirs,
    the voice is the show's (the sample says "All quotes were adapted for this
    program and voiced by Spotlight").
    """
    show = project.show
    c = episode.config
    hosts: dict[str, CreditEntry] = {}
    people = present_people(project, episode)  # without those absent from this episode
    for p in people:
        if p.role.lower() in ("host", "co-host", "guest host"):
            hosts.setdefault(clean(p.name), CreditEntry(clean(p.name), _role(p.role), p.href))
    voices: list[CreditEntry] = []
    quoted: list[CreditEntry] = []
    uncredited: list[CreditEntry] = []
    for label, voice in c.voices.items():
        entry = _voice_entry(label, voice)
        if voice.quoted and voice.name:
            quoted.append(entry)
        elif not voice.name:
            uncredited.append(entry)
        elif voice.role.lower() in ("host", "co-host", "guest host"):
            hosts.setdefault(entry.name, entry)
        elif entry.name not in {v.name for v in voices}:
            voices.append(entry)
    crew: list[CreditEntry] = []
    for p in people:
        if p.role.lower() not in ("host", "co-host", "guest host"):
            crew.append(CreditEntry(clean(p.name), _role(p.role), p.href))
    for w in c.credits.writers:
        crew.append(CreditEntry(clean(w.name), "Writer", w.href))
    for pr in c.credits.producers:
        crew.append(CreditEntry(clean(pr.name), "Producer", pr.href))
    for o in c.credits.others:
        crew.append(CreditEntry(clean(o.name), _role(o.role), o.href))
    groups = [
        CreditGroup("Hosts", tuple(hosts.values()), key="hosts"),
        CreditGroup("Voices", tuple(voices + uncredited), key="voices"),
        CreditGroup("Made by", tuple(crew), key="crew"),
        CreditGroup(
            "Quoted",
            tuple(quoted),
            f"Their words are quoted, adapted for this programme and voiced by "
            f"{clean(show.title)}; they do not speak in this episode.",
            key="quoted",
        ),
    ]
    return tuple(g for g in groups if g.entries)


def _voice_entry(label: str, voice: Voice) -> CreditEntry:
    if voice.quoted and voice.name:
        role = f"Quoted from {clean(voice.source)}" if voice.source else "Quoted"
        return CreditEntry(clean(voice.name), role, voice.href, clean(voice.description or ""))
    if not voice.name:
        return CreditEntry(clean(voice.description or label), _role(voice.role), voice.href)
    return CreditEntry(
        clean(voice.name), _role(voice.role), voice.href, clean(voice.description or "")
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
    if episode.transcript is None:
        return ()
    transcript = episode.transcript.relabel(episode.speaker_names)
    timed = transcript.timed
    out: list[Turn] = []
    for turn in speaker_turns(transcript):
        paras: list[str] = []
        current: list[str] = []
        last_end: int | None = None
        for cue in turn.cues:
            text = normalise(cue.text)
            if not text:
                continue
            pause = (
                timed
                and last_end is not None
                and cue.start_ms is not None
                and cue.start_ms - last_end > PARAGRAPH_GAP_MS
            )
            if current and (pause or sum(len(t) + 1 for t in current) >= PARAGRAPH_CHARS):
                paras.append(" ".join(current))
                current = []
            current.append(text)
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
        clean(comment.author) if comment.author else None,
        tuple(tuple(p) for p in paragraphs(comment.text)),
        tuple(_comment(r) for r in comment.replies),
    )


def _count(comments: Sequence[Comment]) -> int:
    return sum(1 + _count(c.replies) for c in comments)


def _image(layout: Layout, page_dir: str, rel: str, alt: str, files: ReleaseFiles) -> Image:
    width, height = files.image_sizes.get(rel, (0, 0))
    return Image(relative(page_dir, rel), layout.url(rel), alt, width, height)


def episode_view(
    project: Project, episode: Episode, layout: Layout, files: ReleaseFiles
) -> EpisodeView:
    """The episode page's data (pure: no I/O)."""
    out = files.outputs[episode.slug]
    c = episode.config
    page_dir = layout.episode_dir(episode.slug)
    lang = c.language or project.show.language
    audio_src = _href(layout, page_dir, out.audio_url)
    title = clean(c.title)

    if out.image_url and (rel := _dist_path(layout, out.image_url)):
        cover = _image(layout, page_dir, rel, f"Cover art of {title}", files)
    else:
        alt = project.show.image_alt or f"{project.show.title} cover art"
        cover = _image(layout, page_dir, files.cover_rel, clean(alt), files)

    captions = None
    downloads: list[LinkItem] = []
    for t in out.transcripts:
        href = relative(page_dir, t.rel_path) if t.rel_path else _href(layout, page_dir, t.url)
        if any(d.href == href for d in downloads):
            continue  # one file linked under two MIME types in the feed (SRT)
        downloads.append(LinkItem(t.label or t.type, href, t.type))
        if captions is None and t.type == "text/vtt":
            captions = Track(href, t.language or lang, "Transcript")

    chapter_downloads: list[LinkItem] = []
    if out.chapters_url:
        href = _href(layout, page_dir, out.chapters_url)
        chapter_downloads.append(LinkItem("Chapters (JSON)", href, "application/json+chapters"))
    chapters_track = None
    if out.chapters_vtt_url:
        href = _href(layout, page_dir, out.chapters_vtt_url)
        chapters_track = Track(href, lang, "Chapters")
        chapter_downloads.append(LinkItem("Chapters (WebVTT)", href, "text/vtt"))

    chapters: list[Chapter] = []
    # the same spans (and shortened titles) as chapters.vtt, chapters.json and the ID3 tag
    for span in chapter_spans(episode, out.duration_ms):
        at = seconds(span.start_ms)
        chapters.append(
            Chapter(span.title, span.start_ms, span.end_ms, at, f"{audio_src}#t={at}", span.url)
        )

    notes = notes_html(clean(c.notes) if c.notes else None, c.links, 'dir="auto"')
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
        summary=clean(c.summary),
        notes_html=Markup(notes),
        cover=cover,
        audio_src=audio_src,
        audio_url=out.audio_url,
        audio_type="audio/mpeg",
        audio_size=human_size(out.audio_size),
        captions=captions,
        chapters_track=chapters_track,
        chapters=tuple(chapters),
        chapter_downloads=tuple(chapter_downloads),
        transcript_downloads=tuple(downloads),
        transcript_timed=bool(episode.transcript and episode.transcript.timed),
        turns=transcript_turns(episode, audio_src),
        credits=credit_groups(project, episode),
        discussion_question=clean(discussion.question) if discussion else None,
        comments=tuple(_comment(x) for x in discussion.comments) if discussion else (),
        comment_count=_count(discussion.comments) if discussion else 0,
        url=out.page_url,
        explicit=project.show.explicit if c.explicit is None else c.explicit,
        newer=_neighbour(project, episode, layout, -1),
        older=_neighbour(project, episode, layout, +1),
    )


def _neighbour(project: Project, episode: Episode, layout: Layout, step: int) -> LinkItem | None:
    """The episode *step* places away in the newest-first list, linked from *episode*'s page."""
    i = _position(project, episode) + step
    if not 0 <= i < len(project.episodes):
        return None
    other = project.episodes[i]
    href = relative(layout.episode_dir(episode.slug), layout.episode_dir(other.slug)) + "/"
    return LinkItem(clean(other.config.title), href)


def _position(project: Project, episode: Episode) -> int:
    """Where *episode* is in the newest-first list (by slug: slugs are unique, cheap to compare)."""
    return next(i for i, e in enumerate(project.episodes) if e.slug == episode.slug)


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
        "name": clean(project.show.title),
        "url": layout.url(""),
        "webFeed": project.feed_url,
    }


def episode_json_ld(project: Project, view: EpisodeView, lang: str) -> dict[str, Any]:
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
        "partOfSeries": _series_ref(project, Layout(project.show.base_url)),
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
    groups = {g.title: g.entries for g in view.credits}
    actors = [*groups.get("Hosts", ()), *groups.get("Voices", ())]
    if actors:
        data["actor"] = [_person(p) for p in actors]
    crew = groups.get("Made by", ())
    creators = [p for p in crew if p.role != "Producer"]
    producers = [p for p in crew if p.role == "Producer"]
    if creators:
        data["creator"] = [_person(p) for p in creators]
    if producers:
        data["producer"] = [_person(p) for p in producers]
    if groups.get("Quoted"):
        data["mentions"] = [_person(p) for p in groups["Quoted"]]
    if project.show.copyright:
        data["copyrightNotice"] = clean(project.show.copyright)
    return data


def episode_context(
    project: Project, episode: Episode, layout: Layout, files: ReleaseFiles
) -> dict[str, Any]:
    """Everything ``episode.html`` is rendered with.

    ``lang`` (``<html lang>``) is the show's: the interface text around the episode
    is in the show's language. An episode in another language gets ``content_lang``
    on its own content only (title, summary, notes, chapters, transcript), as
    HTML §3.2.6.2 "The lang attribute" asks of text in another language.
    """
    view = episode_view(project, episode, layout, files)
    lang = episode.config.language or project.show.language
    other = episode.config.language if episode.config.language != project.show.language else None
    return {
        "lang": project.show.language,
        "content_lang": other,
        "site": _site(project, layout, layout.episode_dir(episode.slug), files),
        "page": {
            "title": f"{view.title} · {clean(project.show.title)}",
            "description": view.summary,
            "url": view.url,
            "image": view.cover,
            "type": "article",
        },
        "episode": view,
        "json_ld": json_ld(episode_json_ld(project, view, lang)),
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
    alt = clean(show.image_alt or f"{show.title} cover art")
    cover = _image(layout, "", files.cover_rel, alt, files)
    episodes = []
    for ep in listing_order(project):
        out = files.outputs[ep.slug]
        c = ep.config
        episodes.append(
            EpisodeSummary(
                title=clean(c.title),
                href=relative("", layout.episode_dir(ep.slug)) + "/",
                number=c.number,
                season=c.season,
                episode_type=c.episode_type,
                published=c.published.isoformat(),
                published_display=human_date(c.published),
                duration_iso=iso_duration(out.duration_ms),
                duration_display=human_duration(out.duration_ms),
                summary=clean(c.summary),
            )
        )
    url = layout.url("")
    hosts = [
        {"@type": "Person", "name": clean(p.name), **({"url": p.href} if p.href else {})}
        for p in show.people
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "@id": url,
        "url": url,
        "name": clean(show.title),
        "description": clean(show.description),
        "webFeed": project.feed_url,
        "image": cover.url,
        "inLanguage": show.language,
        "author": {"@type": "Organization", "name": clean(show.author)},
        "isFamilyFriendly": not show.explicit,
        "genre": [show.category.category, *filter(None, [show.category.subcategory])],
    }
    if show.publisher:
        data["publisher"] = {"@type": "Organization", "name": clean(show.publisher)}
    if hosts:
        data["actor"] = hosts
    if show.copyright:
        data["copyrightNotice"] = clean(show.copyright)
    return {
        "lang": show.language,
        "site": site,
        "page": {
            "title": clean(show.title),
            "description": clean(show.description),
            "url": url,
            "image": cover,
            "type": "website",
        },
        "show": {
            "title": clean(show.title),
            "description": clean(show.description),
            "author": clean(show.author),
            "cover": cover,
            "subscribe": tuple(LinkItem(clean(s.title), s.url) for s in show.subscribe),
            "category": show.category.category,
            "subcategory": show.category.subcategory,
        },
        "episodes": tuple(episodes),
        "json_ld": json_ld(data),
    }


# ---------------------------------------------------------------------------
# Writing (the only I/O)


def image_size(path: Path) -> tuple[int, int]:
    """Pixel size of an image (Pillow reads only the header)."""
    from PIL import Image as PILImage

    with PILImage.open(path) as im:
        width, height = im.size
    return int(width), int(height)


def _own_image(layout: Layout, out: EpisodeOutputs) -> str | None:
    """The dist path of an episode's own art, when it is a release file."""
    return _dist_path(layout, out.image_url) if out.image_url else None


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
    layout: Layout
    staging: Path
    cover_rel: str
    """The show art inside dist/ (already copied into *staging*)."""
    _env: jinja2.Environment | None = field(default=None, init=False, repr=False)
    _css: bytes | None = field(default=None, init=False, repr=False)
    _sizes: dict[str, tuple[int, int]] = field(default_factory=dict, init=False, repr=False)

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
        images.update(rel for out in outputs.values() if (rel := _own_image(self.layout, out)))
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
        files = self.files({episode.slug: out})
        context = episode_context(self.project, episode, self.layout, files)
        html = render(self.env, "episode.html", context, self.project.root)
        return self.layout.page(episode.slug), html.encode("utf-8")

    def render_index(self, outputs: Mapping[str, EpisodeOutputs]) -> list[tuple[str, bytes]]:
        """The index page and the stylesheet."""
        context = index_context(self.project, self.layout, self.files(outputs))
        html = render(self.env, "index.html", context, self.project.root)
        return [(self.layout.index, html.encode("utf-8")), (self.layout.stylesheet, self.css)]

    def write_episode(self, episode: Episode, out: EpisodeOutputs) -> str:
        """Write one episode's page; return its dist path."""
        return self.write([self.render_episode(with_transcript(episode), out)])[0]

    def write_index(self, outputs: Mapping[str, EpisodeOutputs]) -> list[str]:
        """Write the index page and the stylesheet; return their dist paths."""
        return self.write(self.render_index(outputs))

    def write(self, rendered: list[tuple[str, bytes]]) -> list[str]:
        """Write rendered files into the staging folder (new files only, never in place)."""
        for rel, data in rendered:
            dst = safe_join(self.staging, rel)
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(data)
        return [rel for rel, _ in rendered]
