"""A build's session with dist/: lock and recover, stage the release, swap it in, record it.

:func:`session` takes the build lock for the output folder, recovers from a build that was
killed mid-swap and reads the last build's state; :func:`stage` runs the write stages into a
fresh staging folder and swaps the complete release in (or leaves ``dist/`` untouched when
the result is identical); :func:`commit` records the build (``spotlight.lock``, the load
cache, the state of every input and output) for the next rebuild. Nothing here prints.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildError, InputError
from ..plan.layout import safe_join
from . import manifest, outdir, staging
from .keys import code_fingerprint, env_key, input_paths, show_key
from .manifest import MANIFEST, FileEntry
from .records import BuildState, Stat
from .reuse import Reuse
from .state import (
    LoadCache,
    discard_state,
    read_state,
    same_stats,
    save_state,
    stat_of,
    stats,
)
from .workers import default_jobs, transcript_problems

if TYPE_CHECKING:
    from ..model import Project
    from ..plan.guard import Lock
    from ..plan.options import BuildReport


@dataclass
class Session:
    """One locked build of *root* into *out_dir*."""

    root: Path
    out_dir: Path
    env: str
    """:func:`.keys.env_key`: code, libraries, options, Python."""
    state: BuildState | None
    loaded: LoadCache
    notes: list[str] = field(default_factory=list)
    """Release notes from opening the session (recovery, a discarded state)."""
    input_stats: dict[str, Stat] = field(default_factory=dict)
    signals: staging.SignalsHeld = field(default_factory=staging.SignalsHeld)
    """Ctrl-C and SIGTERM, held from the lock write in :func:`stage` to the end of
    :func:`commit`."""

    def reuse(self, project: Project, *, force: bool, jobs: int | None) -> Reuse:
        """What this build may take from the previous release."""
        return Reuse(
            previous=self.state,
            prev_dist=self.out_dir,
            prev_manifest=manifest.read(self.out_dir) if self.state is not None else None,
            # Options (ID3 version, SOURCE_DATE_EPOCH, ...) and the tool's code shape every
            # episode's files, so they are part of every episode's key.
            shared=show_key(project) + self.env,
            force=force,
            jobs=jobs or default_jobs(),
            env=self.env,
        )


@contextmanager
def session(root: Path, out_dir: Path, options: str, *, wait: bool) -> Iterator[Session]:
    """Hold the build lock of *out_dir* for one build (see the module docstring)."""
    with staging.BuildLock(out_dir, wait=wait):
        recovered = staging.recover(out_dir)
        state, discarded = read_state(root, out_dir)
        notes = [*recovered, *([discarded] if discarded else [])]
        yield Session(
            root,
            out_dir,
            env_key(out_dir, options),
            state,
            LoadCache(root, out_dir, code_fingerprint()),
            notes,
        )


def stage(
    session: Session,
    everything: Project,
    keep: tuple[str, ...],
    reuse: Reuse,
    report: BuildReport,
    write: Callable[[Path], None],
    before_swap: Callable[[], None] | None = None,
) -> list[FileEntry]:
    """Write the release into a staging folder with *write*, then swap it into dist/.

    The inputs are stat-ed first (an edit during the build makes the next one redo it);
    the output folder must be replaceable (:func:`.outdir.check_replaceable`). When the
    manifest equals the live release's and that release is intact, dist/ is left as it
    was (``report.up_to_date``). Any failure leaves dist/ untouched.
    """
    out_dir = session.out_dir
    try:
        outdir.check_replaceable(out_dir, keep)
    except BuildError:
        if found := transcript_problems(everything.episodes):  # the inputs' problems first
            raise InputError(found) from None
        raise
    session.input_stats = stats(session.root, input_paths(everything))
    try:
        folder = staging.staging_dir(out_dir)
        write(folder)
        report.files += outdir.carry_kept(out_dir, folder, keep, session.root)
        report.notes += outdir.unlisted_kept(session.root, keep)
        entries = manifest.entries_for(folder, reuse.entries)
        listing = manifest.render(entries)
        session.signals.hold()  # publishing: from the lock write to the recorded state
        if before_swap is not None:
            before_swap()  # spotlight.lock: recorded before anything is published
        if _same_release(out_dir, listing, reuse):
            shutil.rmtree(folder, ignore_errors=True)  # identical: leave dist/ untouched
            report.up_to_date = True
        else:
            dst = safe_join(folder, MANIFEST)
            dst.write_bytes(listing)
            staging.swap_in(folder, out_dir)
    except OSError as exc:
        staging.discard_staging(out_dir)
        session.signals.release()
        where = f" ({exc.filename})" if exc.filename else ""
        raise BuildError(
            f"cannot write the release: {exc.strerror or exc}{where}; "
            f"{out_dir.name}/ was left as it was"
        ) from exc
    except BaseException:
        staging.discard_staging(out_dir)
        session.signals.release()
        raise
    report.reused, report.built, report.repaged = reuse.reused, reuse.built, reuse.repaged
    return entries


def commit(
    session: Session,
    project: Project,
    entries: list[FileEntry],
    reuse: Reuse,
    lock: tuple[Lock, list[str]],
    report: BuildReport,
    *,
    preview: bool,
    until: float | None,
) -> BuildReport:
    """Record the build for the next one: spotlight.lock, the load cache, the state.

    The state keeps the report's warnings for the no-op fast path (:mod:`.fast`).
    """
    from ..plan import guard

    _, lock_notes = lock
    report.loaded_from_cache = sorted(session.loaded.hits)
    report.release_notes[:0] = session.notes
    report.release_notes.extend(lock_notes)
    root, out_dir = session.root, session.out_dir
    try:
        if preview:  # a preview for another host publishes nothing
            report.release_notes.append(f"{guard.LOCK_FILE} not updated (--base-url build)")
        session.input_stats[guard.LOCK_FILE] = stat_of(root / guard.LOCK_FILE)
        session.loaded.save(project.episodes)
        dist_stats = stats(out_dir, [e.path for e in entries] + [MANIFEST])
        save_state(
            root,
            out_dir,
            BuildState(
                session.env,
                session.input_stats,
                dist_stats,
                reuse.records,
                len(project.episodes),
                until=until,
                warnings=tuple(report.warnings),
            ),
        )
    except OSError as exc:
        discard_state(root, out_dir)
        raise BuildError(
            f"the release was built, but recording it failed: {exc.strerror or exc} "
            f"({exc.filename}); the next build will redo everything"
        ) from exc
    finally:
        if note := session.signals.finish():
            report.release_notes.append(note)
    return report


def lock_writer(
    session: Session, lock: tuple[Lock, list[str]], *, preview: bool
) -> Callable[[], None]:
    """What :func:`stage` calls just before the swap: write and fsync ``spotlight.lock``.

    The GUID guard is only as good as the lock: were the release swapped in first and
    the lock written after, a read-only or full project file system would publish
    GUIDs the lock never records (issue #12). So the lock is on disk first, and a lock
    that cannot be written stops the build with ``dist/`` untouched. If the swap then
    fails, the lock names episodes not yet published: the safe direction (the next
    build publishes them with the same GUIDs).
    """
    from ..plan import guard

    def write() -> None:
        if preview:
            return
        try:
            guard.write_lock(session.root, lock[0])
        except OSError as exc:
            raise BuildError(
                f"cannot update {guard.LOCK_FILE}: {exc.strerror or exc}; the new release was "
                f"not swapped in (an episode the lock does not record must never be published); "
                f"{session.out_dir.name}/ was left as it was"
            ) from exc

    return write


def _same_release(out_dir: Path, listing: bytes, reuse: Reuse) -> bool:
    """True when the previous release has exactly this manifest and is intact."""
    if reuse.previous is None or reuse.prev_manifest is None:
        return False
    try:
        if (out_dir / MANIFEST).read_bytes() != listing:
            return False
    except OSError:
        return False
    return same_stats(out_dir, reuse.previous.dist)
