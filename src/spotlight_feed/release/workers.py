"""The forked worker pool for per-episode work, and how its errors come back.

Episodes to redo run in worker processes (``fork``, one per core) when there are at least
:data:`MIN_PARALLEL`; fewer run in-process. Workers ignore Ctrl-C (the parent stops them and
the build's cleanup removes the staging folder) and die with the parent. An error in a worker
comes back as plain data and is raised again in the parent as the same kind of error.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..errors import BuildError, InputError, Problem, SpotlightError
from ..model import Episode, Project
from ..plan.layout import Layout
from ..plan.outputs import EpisodeOutputs
from .manifest import FileEntry, sha256_file, walk

WriteEpisode = Callable[[Project, Episode, Layout, Path, Any], EpisodeOutputs]


MIN_PARALLEL = 4
"""Fewer episodes to redo than this are done in-process (forking costs more)."""


@dataclass(frozen=True)
class Done:
    """One episode's stage finished: what it wrote and what the feed and pages need."""

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


_JOB: list[Any] = []
"""(project, layout, staging, report type, write_episode, episodes) for forked workers."""


def redo(
    project: Project,
    layout: Layout,
    staging: Path,
    report: Any,
    write_episode: WriteEpisode,
    todo: list[tuple[Episode, str, str]],
    jobs: int,
) -> Any:
    """Run *write_episode* for each of *todo*, forked over *jobs* workers; yield each result."""
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
    return ("ok", Done(ep.slug, outputs, rels, tuple(report.notes), entries))


def _unwrap(result: Any) -> Done:
    kind, value = result
    if kind == "input":
        problems: list[Problem] = value
        raise InputError(problems)
    if kind == "error":
        raise BuildError(value)
    if kind == "os":
        raise OSError(*value)
    done: Done = value
    return done
