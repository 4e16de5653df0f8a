"""Run the per-episode stage: reuse what did not change, redo the rest on every core.

For each episode, :func:`run_episodes` compares the fingerprint of its inputs
(:func:`.keys.episode_fingerprint`) with the last build's. A match, with the
previous files still in ``dist/`` exactly as that build left them, hard-links
those files into the staging folder and reuses the recorded
:class:`~.outputs.EpisodeOutputs`. Every other episode goes through the build's
``write_episode`` stage, in worker processes (``fork``, one per core) when
there are several (:mod:`.workers`), so transcripts, tagging and pages use both cores.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Episode, Project
from ..plan.layout import Layout
from ..plan.outputs import EpisodeOutputs
from ..progress import NullProgress, ProgressSink
from .keys import episode_fingerprint, neighbours, page_key
from .manifest import FileEntry, sha256_file
from .records import BuildState, EpisodeRecord
from .state import stat_of
from .workers import Done, WriteEpisode, redo

WritePage = Callable[[Episode, EpisodeOutputs], str]
"""Write an episode's page into the staging folder; return its dist path."""


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
    done: dict[str, Done] = {}
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
        why = {ep.slug: reason for ep, _, reason in todo}  # one lookup a result, not a scan
        for result in redo(project, layout, staging, report, write_episode, todo, reuse.jobs):
            done[result.slug] = result
            reuse.built.append(result.slug)
            sink.episode(result.slug, "built", why[result.slug])
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


def _repage(linked: Done, episode: Episode, write_page: WritePage, staging: Path) -> Done:
    """*linked* (an episode's reused files, its page left out) with a newly written page."""
    rel = write_page(episode, linked.outputs)
    entry = FileEntry(rel, (staging / rel).stat().st_size, sha256_file(staging / rel))
    files = tuple(sorted({*linked.files, rel}))
    entries = (*(e for e in linked.entries if e.path != rel), entry)
    return Done(linked.slug, linked.outputs, files, linked.notes, entries)


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


def _link_previous(reuse: Reuse, slug: str, staging: Path, skip: str = "") -> Done:
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
    return Done(slug, rec.outputs, files, rec.notes, entries)


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
