"""The forked worker pool for per-episode work, and how its errors come back.

Episodes to redo run in worker processes (``fork``, one per core) when there are at least
:data:`MIN_PARALLEL`; fewer run in-process. Workers ignore Ctrl-C (the parent stops them and
the build's cleanup removes the staging folder) and die with the parent. An error in a worker
comes back as plain data and is raised again in the parent as the same kind of error.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
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
            result = _one(job, i)
            if result[0] == "input":
                raise InputError([*result[1], *transcript_problems(episodes[i + 1 :])])
            yield _unwrap(result)
        return
    _JOB[:] = [job]
    marks = tempfile.mkdtemp(prefix="spotlight-workers-")
    _MARKS[:] = [marks]
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(episodes)),
        mp_context=get_context("fork"),
        initializer=_ignore_sigint,
    )
    try:
        # Workers are forked during submit; SIGTERM stays blocked until each one has set
        # its own handler (the parent's turns SIGTERM into KeyboardInterrupt).
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        try:
            futures: list[Future[Any]] = [pool.submit(_worker, i) for i in range(len(episodes))]
        except BrokenProcessPool:  # a worker died while the work was being handed out
            raise BuildError(_killed(pool, marks, episodes)) from None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        index = {fut: i for i, fut in enumerate(futures)}
        finished: set[int] = set()
        for fut in as_completed(futures):
            try:
                result = fut.result()
            except BrokenProcessPool:
                raise BuildError(_killed(pool, marks, episodes)) from None
            finished.add(index[fut])
            if result[0] == "input":  # stop the others; check the rest's transcripts here
                _stop(pool)
                rest = [ep for i, ep in enumerate(episodes) if i not in finished]
                raise InputError([*result[1], *transcript_problems(rest)])
            yield _unwrap(result)
    except BaseException:
        _stop(pool)
        raise
    finally:
        _JOB.clear()
        _MARKS.clear()
        shutil.rmtree(marks, ignore_errors=True)
    pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End every worker of *pool* now and drop the work not started."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        proc.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def transcript_problems(episodes: Sequence[Episode]) -> list[Problem]:
    """The problems of the main transcripts of *episodes* that the load stage left unread.

    The load stage leaves each main transcript to the episode stage, which reads and
    checks it once (:func:`..load.project.with_transcript`). Whenever the build stops
    before an episode's stage ran (another episode's stage found problems; the GUID
    guard or the output folder refused; the episode is held back and has no stage),
    its transcript is checked here, without writing anything, so one run still reports
    every problem (issue #17). An episode whose transcript is loaded is skipped.
    """
    from ..load.project import read_checked_transcript

    out: list[Problem] = []
    for ep in episodes:
        if ep.transcript is None and ep.transcript_path is not None:
            out += read_checked_transcript(ep)[1]
    return out


_MARKS: list[str] = []
"""A folder where each worker notes the episode it is on (``<pid>`` holds its index)."""


def _killed(pool: ProcessPoolExecutor, marks: str, episodes: list[Episode]) -> str:
    """The message for a worker that died without a word (SIGKILL: the OOM killer, ``kill -9``).

    ``concurrent.futures`` only says ``BrokenProcessPool``; the episode comes from the
    worker's mark file, the cause from its exit status.
    """
    # The pool's manager thread reaps the workers (``waitpid``) while it stops them. Reading
    # an exit status at the same time races with it: the loser's ``waitpid`` gets ECHILD and
    # ``multiprocessing`` reports the worker as still running (exit code ``None``), so the
    # SIGKILL'd worker went missing and a SIGTERM'd sibling was named instead. Let the thread
    # finish first; then every exit status has been recorded and is only read here.
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout=10)
    dead = []
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        proc.join(timeout=1)
        if proc.exitcode not in (None, 0):
            dead.append(proc)
    # The pool stops the other workers itself (SIGTERM): the culprit is the one killed first.
    killed = [p for p in dead if p.exitcode == -signal.SIGKILL] or dead
    names, how = [], "died"
    for proc in killed:
        if proc.exitcode is not None and proc.exitcode < 0:
            how = f"was killed by {signal.Signals(-proc.exitcode).name}"
        try:
            index = int(Path(marks, str(proc.pid)).read_text())
            names.append(f"'{episodes[index].slug}'")
        except (OSError, ValueError, IndexError):
            continue
    which = f"episode {', '.join(sorted(set(names)))}" if names else "an episode"
    hint = " (out of memory? the kernel's OOM killer sends SIGKILL)" if "SIGKILL" in how else ""
    return (
        f"the worker process writing {which} {how}{hint}; nothing was published. "
        "Build again with fewer jobs (-j 1) or more memory"
    )


def _ignore_sigint() -> None:
    """Worker set-up: the parent handles Ctrl-C; die with the parent if it is killed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent turns SIGTERM into KeyboardInterrupt; a worker it stops just ends, quietly.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _worker(index: int) -> Any:
    if _MARKS:
        with contextlib.suppress(OSError):
            Path(_MARKS[0], str(os.getpid())).write_text(str(index))
    result = _one(_JOB[0], index)
    if _MARKS:
        with contextlib.suppress(OSError):
            Path(_MARKS[0], str(os.getpid())).unlink()
    return result


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
