"""The build pipeline: load -> probe -> write into a staging folder -> swap into dist/.

Nothing touches ``dist/`` until every stage succeeded: outputs are written into
a temporary sibling folder and swapped in atomically at the end
(:mod:`.release`), so a failed or killed build leaves the last good release in
place, and a lock keeps two builds of one ``dist/`` apart. Before writing, the
GUID guard (:mod:`.lockfile`) compares the build with ``spotlight.lock``. Each
stage is one function call into the module named after it; this module only
orders them and returns a report (no printing).

Incremental (:mod:`.cache`, :mod:`.incremental`): when nothing changed since the
last build, nothing is written. Otherwise ``_write_episode`` runs only for
episodes whose inputs changed (in worker processes). Its contract: it writes the
episode's files, its show-notes page included, into the staging folder (under
``episodes/<slug>/``, or listed in ``report.files``) and depends only on the show
(config, art, templates), that episode, the layout and, for its page only, the slug
and title of its neighbours in publication order (previous/next links): all of that is
in its cache key. When only the neighbours changed, the episode's files are reused
and only its page is rendered again (``report.repaged``). The index page,
stylesheet and feed list every episode and are written on every build.
Reused files are hard links to the live ``dist/``: no stage may modify a file in
the staging folder in place that it did not create in this build.

Reproducible: no clock, no file timestamps, no filesystem order reaches the
output. ``lastBuildDate`` is ``SOURCE_DATE_EPOCH`` when set, else the newest
episode's publication date, so the same inputs give a byte-identical ``dist/``.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError, InputError, Problem
from .plan.layout import Layout, safe_join
from .progress import ProgressSink
from .release import manifest
from .release import outdir as safety
from .release import staging as release
from .release import state as cache
from .release.manifest import MANIFEST
from .release.staging import BuildLock

if TYPE_CHECKING:  # the stages are imported inside the functions that run them, so
    # importing this module (the package face, the CLI's fast path) stays light
    from .model import Episode, Project
    from .plan.outputs import EpisodeOutputs
    from .release.reuse import Reuse
    from .write.pages.views import PageWriter


@dataclass
class BuildReport:
    """What a build did."""

    out_dir: Path
    episodes: int = 0
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Informational messages for the user (e.g. untimed transcripts)."""
    reused: list[str] = field(default_factory=list)
    """Episodes whose files were taken unchanged from the previous release."""
    built: list[str] = field(default_factory=list)
    """Episodes whose stage ran in this build."""
    repaged: list[str] = field(default_factory=list)
    """Reused episodes whose page alone was rendered again (a neighbour's title or slug
    changed, or one was added or removed)."""
    up_to_date: bool = False
    """Nothing changed since the last build; nothing was written."""
    loaded_from_cache: list[str] = field(default_factory=list)
    """Episodes the load stage took from the last build instead of reading them again."""
    release_notes: list[str] = field(default_factory=list)
    """What the release machinery did: spotlight.lock changes, recovery after a kill."""


@dataclass(frozen=True)
class BuildOptions:
    """Options a caller may override; ``None`` keeps the project's own value."""

    out_dir: Path | None = None
    base_url: str | None = None
    source_date_epoch: int | None = field(default_factory=release.source_date_epoch)
    """``lastBuildDate``; by default ``SOURCE_DATE_EPOCH`` from the environment, read when
    the options are made, so the CLI and ``spotlight_feed.build(root)`` agree."""
    id3_version: int = 3
    """ID3v2 version of the MP3 tags: 3 (default, UTF-16, widest support) or 4 (UTF-8)."""
    allow_removal: bool = False
    """Let the build drop episodes recorded in spotlight.lock."""
    wait: bool = False
    """Queue behind a concurrent build of the same dist/ instead of refusing."""
    force: bool = False
    """Redo every episode even when its inputs did not change."""
    jobs: int | None = None
    """Worker processes for per-episode work (default: every core)."""
    as_of: datetime | None = None
    """Publish as of this moment: later episodes are held back (default:
    SOURCE_DATE_EPOCH, else the clock; :mod:`.feedapps.schedule`)."""


def build(
    root: Path, options: BuildOptions | None = None, progress: ProgressSink | None = None
) -> BuildReport:
    """Build the release of the project at *root*; see the module docstring."""
    options = options or BuildOptions()
    root = root.resolve()
    out_dir = cache.resolve_out(root, options.out_dir)
    opts = cache.options_key(asdict(options))
    quick = cache.up_to_date(root, out_dir, opts, force=options.force)
    if quick is not None:
        return BuildReport(
            out_dir,
            episodes=quick.episodes,
            files=quick.files,
            notes=quick.notes,
            reused=quick.reused,
            up_to_date=True,
        )
    with BuildLock(out_dir, wait=options.wait):
        recovered = release.recover(out_dir)
        env = cache.env_key(out_dir, opts)
        state, discarded = cache.read_state(root, out_dir)
        report = _build_locked(root, out_dir, options, progress, state, env)
        report.release_notes[:0] = [*recovered, *([discarded] if discarded else [])]
        return report


def _build_locked(
    root: Path,
    out_dir: Path,
    options: BuildOptions,
    progress: ProgressSink | None,
    state: cache.BuildState | None,
    env: str,
) -> BuildReport:
    from .feedapps import schedule
    from .load import checks
    from .load.project import load_project
    from .plan import guard as lockfile
    from .release.reuse import Reuse, default_jobs

    loaded = cache.LoadCache(root, out_dir)
    try:
        project = load_project(root, reuse=loaded.lookup, keep_transcripts=False)
    except InputError as exc:
        raise InputError([*exc.problems, *checks.escaping_links(root)]) from None
    unsafe = checks.escaping_links(root) + checks.sparse_audio(project)
    if unsafe:
        raise InputError(unsafe)
    # --base-url over a base_url in podcast.yaml is a preview for another host; without
    # one in the YAML it is the release's own address.
    preview = bool(options.base_url and project.show.base_url)
    if options.base_url:
        base = options.base_url if options.base_url.endswith("/") else options.base_url + "/"
        project = _with_base_url(project, base)
    elif not project.show.base_url:
        raise InputError([missing_base_url(project)])
    everything = project  # every input counts for the cache, drafts included
    as_of, as_of_source = schedule.moment(options.as_of, options.source_date_epoch)
    project, held = schedule.hold_back(project, as_of)
    layout = Layout(project.show.base_url)
    new_lock, lock_notes = lockfile.guard(
        project, layout, allow_removal=options.allow_removal, preview=preview
    )
    keep = tuple(project.show.keep)
    safety.check_replaceable(out_dir, keep)
    input_stats = cache.stats(root, cache.input_paths(everything))
    report = BuildReport(out_dir, episodes=len(project.episodes))
    report.notes += held.notes(as_of, as_of_source)
    reuse = Reuse(
        previous=state,
        prev_dist=out_dir,
        prev_manifest=manifest.read(out_dir) if state is not None else None,
        # Options (ID3 version, SOURCE_DATE_EPOCH, ...) and the tool's code shape every
        # episode's files, so they are part of every episode's key.
        shared=cache.show_key(project) + env,
        force=options.force,
        jobs=options.jobs or default_jobs(),
        env=env,
    )
    try:
        staging = release.staging_dir(out_dir)
        _write_release(project, layout, staging, options, report, progress, reuse=reuse)
        report.files += safety.carry_kept(out_dir, staging, keep)
        entries = manifest.entries_for(staging, reuse.entries)
        listing = manifest.render(entries)
        if _same_release(out_dir, listing, reuse):
            shutil.rmtree(staging, ignore_errors=True)  # identical: leave dist/ untouched
            report.up_to_date = True
        else:
            _write_bytes(staging, MANIFEST, listing, report)
            report.files.remove(MANIFEST)
            release.swap_in(staging, out_dir)
    except OSError as exc:
        release.discard_staging(out_dir)
        where = f" ({exc.filename})" if exc.filename else ""
        raise BuildError(
            f"cannot write the release: {exc.strerror or exc}{where}; "
            f"{out_dir.name}/ was left as it was"
        ) from exc
    except BaseException:
        release.discard_staging(out_dir)
        raise
    report.reused, report.built = reuse.reused, reuse.built
    report.repaged = reuse.repaged
    report.loaded_from_cache = sorted(loaded.hits)
    report.release_notes.extend(lock_notes)
    try:
        if preview:  # a preview for another host publishes nothing
            report.release_notes.append(f"{lockfile.LOCK_FILE} not updated (--base-url build)")
        else:
            lockfile.write_lock(root, new_lock)
        input_stats[lockfile.LOCK_FILE] = cache.stat_of(root / lockfile.LOCK_FILE)
        loaded.save(project.episodes)
        dist_stats = cache.stats(out_dir, [e.path for e in entries] + [MANIFEST])
        cache.save_state(
            root,
            out_dir,
            cache.BuildState(
                env,
                input_stats,
                dist_stats,
                reuse.records,
                len(project.episodes),
                # held back by the clock: the release is stale once the next one is due
                until=held.next_release.timestamp()
                if held.next_release and as_of_source == "the clock"
                else None,
            ),
        )
    except OSError as exc:
        cache.discard_state(root, out_dir)
        raise BuildError(
            f"the release was built, but recording it failed: {exc.strerror or exc} "
            f"({exc.filename}); the next build will redo everything"
        ) from exc
    return report


def _same_release(out_dir: Path, listing: bytes, reuse: Reuse) -> bool:
    """True when the previous release has exactly this manifest and is intact."""
    if reuse.previous is None or reuse.prev_manifest is None:
        return False
    try:
        if (out_dir / MANIFEST).read_bytes() != listing:
            return False
    except OSError:
        return False
    return cache.same_stats(out_dir, reuse.previous.dist)


def _write_release(
    project: Project,
    layout: Layout,
    staging: Path,
    options: BuildOptions,
    report: BuildReport,
    progress: ProgressSink | None,
    *,
    reuse: Reuse | None = None,
) -> None:
    from .feedapps import schedule
    from .feedapps.paging import write_project_paged
    from .release.reuse import Reuse, run_episodes
    from .write.feed.feedgen import write_project_feed
    from .write.pages.views import PageWriter

    cover_rel = _copy_hashed(
        project.image_path, staging, lambda digest: layout.cover(project.image_path, digest)
    )
    report.files.append(cover_rel)
    reuse = reuse or Reuse(None, staging, None, "", force=True)
    pages = PageWriter(project, layout, staging, cover_rel)
    write = partial(_write_episode, options=options, pages=pages)
    outputs = run_episodes(
        project, layout, staging, report, write, reuse, progress, write_page=pages.write_episode
    )
    report.files += pages.write_index(outputs)
    cover_url = layout.url(cover_rel)
    as_of = schedule.moment(options.as_of, options.source_date_epoch)[0]
    if project.show.paging is not None:  # RFC 5005 pages (+ archive): feedapps/paging.py
        report.files += write_project_paged(
            project,
            outputs,
            lambda name: safe_join(staging, name).open("wb"),
            cover_url=cover_url,
            source_date_epoch=options.source_date_epoch,
            as_of=as_of,
        )
        return
    feed = safe_join(staging, layout.feed)
    with feed.open("wb") as out:  # streamed: the feed's bytes are never all in memory
        write_project_feed(
            project,
            outputs,
            out,
            cover_url=cover_url,
            source_date_epoch=options.source_date_epoch,
            as_of=as_of,
        )
    report.files.append(layout.feed)


def _write_episode(
    project: Project,
    episode: Episode,
    layout: Layout,
    staging: Path,
    report: BuildReport,
    options: BuildOptions | None = None,
    pages: PageWriter | None = None,
) -> EpisodeOutputs:
    """Write one episode's files and its page; return what the feed and index need to know.

    The page comes last: it shows the size and duration of the tagged audio and
    links to the published transcripts. Without *pages* no page is written.
    """
    from .audio.tags import TagOptions
    from .captionstyle import caption_styles
    from .load.project import with_transcript
    from .plan.outputs import EpisodeOutputs
    from .write.mp3 import write_episode_audio
    from .write.transcripts import write_transcripts

    episode = with_transcript(episode)
    tag_options = TagOptions(version=options.id3_version if options else 3)
    audio = write_episode_audio(project, episode, layout, staging, tag_options)
    report.files += audio.files
    report.notes += audio.notes
    published = write_transcripts(
        episode,
        layout,
        staging,
        episode.language or project.show.language,
        caption_styles(project.show.captions),
    )
    report.files += published.files
    report.notes += published.notes
    image_url = None
    if episode.config.image:  # the episode's own art, beside its MP3 (Apple 823 <itunes:image>)
        art = project.root / episode.config.image
        art_rel = _copy_hashed(art, staging, partial(layout.episode_art, episode.slug, art))
        report.files.append(art_rel)
        image_url = layout.url(art_rel)
    from .feedapps.alternates import publish_alternates

    alt_files, alternates = publish_alternates(project, episode, layout, staging, audio.duration_ms)
    report.files += alt_files
    outputs = EpisodeOutputs(
        audio_url=layout.url(audio.audio_rel),
        image_url=image_url,
        audio_size=audio.size,
        duration_ms=audio.duration_ms,
        page_url=layout.page_url(episode.slug),
        transcripts=tuple(published.links),
        chapters_url=layout.url(audio.chapters_json_rel) if audio.chapters_json_rel else None,
        chapters_vtt_url=layout.url(audio.chapters_vtt_rel) if audio.chapters_vtt_rel else None,
        alternates_json=alternates,
    )
    if pages is not None:
        report.files.append(pages.write_episode(episode, outputs))
    return outputs


def missing_base_url(project: Project) -> Problem:
    """The problem of a show without ``base_url`` built without ``--base-url``."""
    return Problem(
        project.show_path,
        project.show_doc.line_of(()),
        "base_url",
        "required field is missing: set it to the public URL of dist/, or build with "
        "--base-url URL",
    )


def _with_base_url(project: Project, base_url: str) -> Project:
    from dataclasses import replace

    return replace(project, show=project.show.model_copy(update={"base_url": base_url}))


def _copy_hashed(src: Path, staging: Path, name_for: Callable[[str], str]) -> str:
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    rel = name_for(digest)
    dst = safe_join(staging, rel)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return rel


def _write_bytes(staging: Path, rel: str, data: bytes, report: BuildReport) -> None:
    dst = safe_join(staging, rel)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)
    report.files.append(rel)
