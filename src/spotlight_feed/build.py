"""The build pipeline, on one screen: fast path -> load -> plan -> guard -> write -> commit.

Nothing touches ``dist/`` until every stage succeeded: outputs are written into a temporary
sibling folder and swapped in atomically at the end (:mod:`.release.commit`,
:mod:`.release.staging`), so a failed or killed build leaves the last good release in place,
and a lock keeps two builds of one ``dist/`` apart. Before writing, the GUID guard
(:mod:`.plan.guard`) compares the build with ``spotlight.lock``.

Incremental (:mod:`.release`): when nothing changed since the last build the fast path
answers from ``stat()`` alone and nothing is written (:mod:`.release.fast`). Otherwise each
episode's stage (:func:`.write.episode.write_episode`) runs only for episodes whose inputs
changed, in worker processes (:mod:`.release.reuse`); the others' files are hard links to the
live ``dist/``. The index page, stylesheet and feed list every episode and are written on
every build (:mod:`.write.show`).

Reproducible: no file timestamps and no filesystem order reach the output. ``lastBuildDate``
is ``SOURCE_DATE_EPOCH`` when set (https://reproducible-builds.org/specs/source-date-epoch/),
read by :class:`BuildOptions` for the CLI and the library alike, else the newest
``published``/``updated`` of the published episodes, so the same inputs give a
byte-identical ``dist/``. Drafts and episodes due after the build's moment (``--as-of``,
else ``SOURCE_DATE_EPOCH``, else the clock) are held back before any stage runs
(:mod:`.plan.schedule`).

This module imports its stages inside the functions that run them, so importing it (the
package face, the CLI) stays light enough for the fast path.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, Problem
from .plan.options import BuildOptions as BuildOptions
from .plan.options import BuildReport as BuildReport
from .release import fast, keys

if TYPE_CHECKING:
    from .model import Project
    from .plan.plan import ReleasePlan
    from .plan.schedule import Held
    from .progress import ProgressSink
    from .release.commit import Session
    from .release.reuse import Reuse


def build(
    root: Path, options: BuildOptions | None = None, progress: ProgressSink | None = None
) -> BuildReport:
    """Build the release of the project at *root*; see the module docstring."""
    options = options or BuildOptions()
    if options.base_url is not None:
        options = replace(options, base_url=_checked_base_url(options.base_url))
    root = root.resolve()
    out_dir = fast.resolve_out(root, options.out_dir)
    opts = keys.options_key(asdict(options))
    if (quick := fast.up_to_date(root, out_dir, opts, force=options.force)) is not None:
        _warn(progress, list(quick.warnings))  # the last build's: they read no moved file
        return fast.report(out_dir, quick)
    from .release.warnings_cache import remembered_warnings

    warned = remembered_warnings(root)  # placeholders, cover, long text: said before any work
    _warn(progress, warned.warnings)
    from .plan.guard import guard  # the stages, imported only once the fast path said no
    from .plan.layout import Layout
    from .plan.plan import plan_release
    from .release.commit import commit, lock_writer, session, stage
    from .release.heap import settled
    from .release.workers import transcript_problems

    with settled() as settle, session(root, out_dir, opts, wait=options.wait) as s:
        everything, project, held, preview = _load(s, options)  # load: every problem at once
        settle()  # the loaded catalogue left out of the collector's walks from here on
        plan = plan_release(project, Layout(project.show.base_url))  # every path, URL, value
        try:
            lock = guard(project, plan.layout, allow_removal=options.allow_removal, preview=preview)
        except InputError as exc:  # every problem in one run: the unread transcripts' too
            raise type(exc)([*exc.problems, *transcript_problems(project.episodes)]) from None
        report = BuildReport(
            out_dir, len(project.episodes), notes=held.notes, warnings=warned.warnings
        )
        reuse = s.reuse(project, force=options.force, jobs=options.jobs)
        write = partial(_write, project, plan, options, report, progress, reuse)
        before_swap = lock_writer(s, lock, preview=preview)
        keep = tuple(project.show.keep)
        entries = stage(s, everything, keep, reuse, report, write, before_swap)
        commit(s, project, entries, reuse, lock, report, preview=preview, until=held.until)
    warned.save()  # only after a build that succeeded: a failed one writes nothing
    return report


def _warn(progress: ProgressSink | None, warnings: list[str]) -> None:
    if progress is not None:
        for warning in warnings:
            progress.warn(warning)


def _checked_base_url(value: str) -> str:
    """``--base-url`` checked exactly as ``base_url`` in podcast.yaml is (:mod:`.config.fields`)."""
    from .config.fields import check_base_url
    from .errors import BuildError

    try:
        return check_base_url(value)
    except ValueError as exc:
        raise BuildError(f"--base-url: {exc}") from None


@dataclass(frozen=True)
class _Held:
    """What the schedule held back, as the report and the state need it."""

    notes: list[str]
    until: float | None
    """When the next held-back episode becomes due, if the clock decided (the state is
    stale from then on, :class:`.release.records.BuildState`)."""


def _load(s: Session, options: BuildOptions) -> tuple[Project, Project, _Held, bool]:
    """Load and check the project; apply ``--base-url`` and the schedule (``--as-of``).

    Returns every input (for the cache), the project as published (drafts and episodes
    not yet due held back), what was held back, and whether this is a preview build
    (``--base-url`` over a ``base_url`` in podcast.yaml: for another host, publishes nothing).
    """
    from .load import checks
    from .load.project import load_project
    from .plan import schedule

    special = checks.special_files(s.root)
    if special:
        raise InputError(special)
    try:
        project = load_project(s.root, reuse=s.loaded.lookup, keep_transcripts=False)
    except InputError as exc:
        raise InputError([*exc.problems, *checks.escaping_links(s.root)]) from None
    unsafe = (
        checks.escaping_links(s.root) + checks.sparse_audio(project) + checks.image_bombs(project)
    )
    if unsafe:
        raise InputError(unsafe)
    preview = bool(options.base_url and project.show.base_url)
    if options.base_url:
        base = options.base_url if options.base_url.endswith("/") else options.base_url + "/"
        project = replace(project, show=project.show.model_copy(update={"base_url": base}))
    elif not project.show.base_url:
        raise InputError([missing_base_url(project)])
    as_of, as_of_source = schedule.moment(options.as_of, options.source_date_epoch)
    published, held = schedule.hold_back(project, as_of)
    kept = {e.slug for e in published.episodes}
    if held_back := [e for e in project.episodes if e.slug not in kept]:
        from .release.workers import transcript_problems  # no stage reads these

        if problems := transcript_problems(held_back):
            raise InputError(problems)
    return project, published, _held(held, as_of, as_of_source), preview


def _held(held: Held, as_of: datetime, as_of_source: str) -> _Held:
    due = held.next_release
    until = due.timestamp() if due and as_of_source == "the clock" else None
    return _Held(held.notes(as_of, as_of_source), until)


def _write(
    project: Project,
    plan: ReleasePlan,
    options: BuildOptions,
    report: BuildReport,
    progress: ProgressSink | None,
    reuse: Reuse,
    staging: Path,
) -> None:
    """Write: the show art, every episode (reused or through its stage), index and feed."""
    from .release.reuse import run_episodes
    from .write import episode, show
    from .write.art_cache import ArtStore
    from .write.feed.item_cache import ItemCache
    from .write.pages.writer import PageWriter
    from .write.search import SearchDocs

    layout = plan.layout
    show.write_cover(project, plan, staging, report)
    pages = PageWriter(project, plan, staging, SearchDocs(project.root, reuse.env))
    art = ArtStore(project.root, reuse.env)  # the MP3s' embedded art, kept between builds
    write = partial(episode.write_episode, options=options, pages=pages, plan=plan, art_store=art)
    outputs = run_episodes(
        project, layout, staging, report, write, reuse, progress, write_page=pages.write_episode
    )
    art.forget_others(art.wanted(project))
    feed_cache = ItemCache(project.root, reuse.env)
    show.write_index_and_feed(project, plan, staging, outputs, pages, options, report, feed_cache)
    from .write.moved import write_moved

    report.files += write_moved(project, layout, staging, outputs)


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
