"""Run the per-episode stage: reuse what did not change, redo the rest on every core.

For each episode, :func:`run_episodes` compares the fingerprint of its inputs
(:func:`.keys.episode_fingerprint`) with the last build's. A match, with the
previous files still in ``dist/`` exactly as that build left them, hard-links
those files into the staging folder and reuses the recorded
:class:`~.outputs.EpisodeOutputs`. Every other episode goes through the build's
``write_episode`` stage, in worker processes (``fork``, one per core) when
there are several, so transcripts, tagging and pages use both cores.

Workers ignore Ctrl-C; the parent stops them and the build's cleanup removes
the staging folder, leaving ``dist/`` as it was.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..errors import BuildError, InputError, Problem, SpotlightError
from ..model import Episode, Project
from ..plan.layout import Layout
from ..plan.outputs import EpisodeOutputs
from ..progress import NullProgress, ProgressSink
from .keys import episode_fingerprint, neighbours, page_key
from .manifest import FileEntry, sha256_file, walk
from .state import BuildState, EpisodeRecord, stat_of

WriteEpisode = Callable[[Project, Episode, Layout, Path, Any], EpisodeOutputs]
WritePage = Callable[[Episode, EpisodeOutputs], str]
"""Write an episode's page into the staging folder; return its dist path."""
MIN_PARALLEL = 4
"""Fewer episodes to redo than this are done in-process (forking costs more)."""


@dataclass
class Reuse:
    """What the previous build left and what this one did with it."""

    previous: BuildState | None
    prev_dist: Path
    prev_manifest: dict[str, FileEntry] | None
    shared: str
    """Digest of the show-wide inputs (:func:`.keys.show_key`)."""
    force: bool = False
    jobs: int = 1
    env: str = ""
    """What shapes every page besides the project (:func:`.keys.env_key`): the tool's
    code with its packaged templates and stylesheet, the options, Python."""
    records: dict[str, EpisodeRecord] = field(default_factory=dict)
    entries: dict[str, FileEntry] = field(default_factory=dict)
    """Manifest entries already known (reused or hashed by a worker)."""
    reused: list[str] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    repaged: list[str] = field(default_factory=list)
    """Reused episodes whose page was rendered again (a neighbour changed)."""


@dataclass(frozen=True)
class _Done:
    slug: str
    outputs: EpisodeOutputs
    files: tuple[str, ...]
    notes: tuple[str, ...]
    entries: tuple[FileEntry, ...]


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_episodes(
    project: Project,
    layout: Layout,
    staging: Path,
    report: Any,
    write_episode: WriteEpisode,
    reuse: Reuse,
    progress: ProgressSink | None = None,
    write_page: WritePage | None = None,
) -> dict[str, EpisodeOutputs]:
    """Produce every episode's files in *staging*; return their outputs by slug.

    With *write_page* (which writes an episode's page and returns its dist path;
    *write_episode* then writes the page too), a reusable episode whose page key
    (:func:`.keys.page_key`: a neighbour's slug or title) changed
    keeps its other files and gets only its page rendered again, in this process.
    """
    sink = progress or NullProgress()
    todo: list[tuple[Episode, str, str]] = []
    done: dict[str, _Done] = {}
    plans: list[tuple[Episode, str, str, str]] = []
    for i, ep in enumerate(project.episodes):
        fp = episode_fingerprint(project, ep, reuse.shared, layout.base_url)
        page = page_key(fp, neighbours(project.episodes, i), reuse.env) if write_page else ""
        reason = _why_redo(reuse, ep.slug, fp)
        plans.append((ep, fp, page, reason))
        if reason:
            todo.append((ep, fp, reason))
    sink.start(len(plans), len(todo))
    try:
        for ep, _, page, reason in plans:
            if reason:
                continue
            prev = reuse.previous.episodes[ep.slug] if reuse.previous else None
            if write_page is not None and prev is not None and prev.page != page:
                rel = layout.page(ep.slug)
                linked = _link_previous(reuse, ep.slug, staging, skip=rel)
                done[ep.slug] = _repage(linked, ep, write_page, staging)
                reuse.repaged.append(ep.slug)
                sink.episode(ep.slug, "reused", "inputs unchanged; page rendered again")
            else:
                done[ep.slug] = _link_previous(reuse, ep.slug, staging)
                sink.episode(ep.slug, "reused", "inputs unchanged")
            reuse.reused.append(ep.slug)
        for result in _redo(project, layout, staging, report, write_episode, todo, reuse.jobs):
            done[result.slug] = result
            reuse.built.append(result.slug)
            sink.episode(result.slug, "built", next(r for e, _, r in todo if e.slug == result.slug))
    finally:
        sink.finish()
    outputs: dict[str, EpisodeOutputs] = {}
    for ep, fp, page, _ in plans:
        d = done[ep.slug]
        outputs[ep.slug] = d.outputs
        report.files.extend(d.files)
        report.notes.extend(d.notes)
        reuse.records[ep.slug] = EpisodeRecord(fp, d.files, d.outputs, d.notes, page)
        reuse.entries.update((e.path, e) for e in d.entries)
    return outputs


def _repage(linked: _Done, episode: Episode, write_page: WritePage, staging: Path) -> _Done:
    """*linked* (an episode's reused files, its page left out) with a newly written page."""
    rel = write_page(episode, linked.outputs)
    entry = FileEntry(rel, (staging / rel).stat().st_size, sha256_file(staging / rel))
    files = tuple(sorted({*linked.files, rel}))
    entries = (*(e for e in linked.entries if e.path != rel), entry)
    return _Done(linked.slug, linked.outputs, files, linked.notes, entries)


def _why_redo(reuse: Reuse, slug: str, fp: str) -> str:
    """Why *slug* must be built again, or ``""`` when its previous files can be reused."""
    if reuse.force:
        return "--force"
    prev = reuse.previous.episodes.get(slug) if reuse.previous else None
    if prev is None or reuse.previous is None or reuse.prev_manifest is None:
        return "new" if reuse.previous else "no previous build"
    if prev.fingerprint != fp:
        return "inputs changed"
    prev_dist = os.fspath(reuse.prev_dist)
    for rel in prev.files:
        recorded = reuse.previous.dist.get(rel)
        if recorded is None or stat_of(os.path.join(prev_dist, rel)) != recorded:
            return f"previous {rel} missing or modified"
        if rel not in reuse.prev_manifest:
            return f"previous {rel} not in the manifest"
    return ""


def _link_previous(reuse: Reuse, slug: str, staging: Path, skip: str = "") -> _Done:
    """Hard-link the previous files of *slug* into *staging*, except *skip*.

    A file that is to be written again must be left out, never linked and then
    overwritten: the link shares its bytes with the live ``dist/``.
    """
    assert reuse.previous is not None and reuse.prev_manifest is not None
    rec = reuse.previous.episodes[slug]
    files = tuple(rel for rel in rec.files if rel != skip)
    prev_dist, staged, join = os.fspath(reuse.prev_dist), os.fspath(staging), os.path.join
    for rel in files:
        link_or_copy(join(prev_dist, rel), join(staged, rel))
    entries = tuple(reuse.prev_manifest[rel] for rel in files)
    return _Done(slug, rec.outputs, files, rec.notes, entries)


# --- doing the work -------------------------------------------------------------------

_JOB: list[Any] = []
"""(project, layout, staging, report type, write_episode, episodes) for forked workers."""


def _redo(
    project: Project,
    layout: Layout,
    staging: Path,
    report: Any,
    write_episode: WriteEpisode,
    todo: list[tuple[Episode, str, str]],
    jobs: int,
) -> Any:
    episodes = [ep for ep, _, _ in todo]
    job = (project, layout, staging, type(report), write_episode, episodes)
    if jobs <= 1 or len(episodes) < MIN_PARALLEL:
        for i in range(len(episodes)):
            yield _unwrap(_one(job, i))
        return
    _JOB[:] = [job]
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(episodes)),
        mp_context=get_context("fork"),
        initializer=_ignore_sigint,
    )
    try:
        futures: list[Future[Any]] = [pool.submit(_worker, i) for i in range(len(episodes))]
        for fut in as_completed(futures):
            yield _unwrap(fut.result())
    except BaseException:
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        _JOB.clear()
    pool.shutdown(wait=True)


def _ignore_sigint() -> None:
    """Worker set-up: the parent handles Ctrl-C; die with the parent if it is killed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _worker(index: int) -> Any:
    return _one(_JOB[0], index)


def _one(job: Any, index: int) -> Any:
    """Run the stage for one episode; errors come back as plain data (picklable)."""
    project, layout, staging, report_type, write_episode, episodes = job
    ep: Episode = episodes[index]
    report = report_type(staging)
    try:
        outputs = write_episode(project, ep, layout, staging, report)
    except InputError as exc:
        return ("input", exc.problems)
    except SpotlightError as exc:
        return ("error", str(exc))
    except OSError as exc:
        return ("os", (exc.errno, exc.strerror or str(exc), exc.filename))
    files = set(report.files)
    ep_dir = staging / layout.episode_dir(ep.slug)
    if ep_dir.is_dir():
        files.update(f"{layout.episode_dir(ep.slug)}/{rel}" for rel in walk(ep_dir))
    rels = tuple(sorted(files))
    entries = tuple(
        FileEntry(rel, (staging / rel).stat().st_size, sha256_file(staging / rel)) for rel in rels
    )
    return ("ok", _Done(ep.slug, outputs, rels, tuple(report.notes), entries))


def _unwrap(result: Any) -> _Done:
    kind, value = result
    if kind == "input":
        problems: list[Problem] = value
        raise InputError(problems)
    if kind == "error":
        raise BuildError(value)
    if kind == "os":
        raise OSError(*value)
    done: _Done = value
    return done


def link_or_copy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """Hard-link *src* to *dst* (same bytes, no copy); copy when linking is impossible.

    The destination folder is made only when the link finds it missing (one
    ``mkdir`` per folder, not per file).
    """
    import shutil

    try:
        os.link(src, dst)
        return
    except FileNotFoundError:
        os.makedirs(os.path.dirname(dst), exist_ok=True)
    except OSError:
        shutil.copyfile(src, dst)
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
