"""``spotlight-feed publish TARGET``: preconditions, plan, waves, feed, manifest, deletes.

The order of docs/sources.md §8.6: refuse unless
``dist/`` is a complete release (its manifest matches it) built for the
target's public URL and the target's remote manifest names the same
``podcast:guid``; plan (:mod:`.plan`); upload wave by wave (:mod:`.order`);
write each feed and then the remote manifest conditionally on the tokens read
at plan time; only then delete, at most ``max_deletes`` objects, and rewrite
the manifest without them. Killed at any point, the live feed names only
objects that exist, and the next publish picks up where this one stopped
(``tests/test_publish_kill.py`` kills it after every object).

``SPOTLIGHT_PUBLISH_CRASH_AFTER=N`` ends the process (``os._exit``) right after
the N-th object operation: the tests' kill points, like a ``kill -9`` at that
moment.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..release import manifest
from . import PublishError
from .feedrefs import FeedRefs, read_feed, release_path
from .headers import MANIFEST as MANIFEST_KIND
from .headers import kind_of
from .order import Wave, wave_of
from .plan import Plan, Put, plan
from .remote import PATH as REMOTE_PATH
from .remote import Published, RemoteManifest, parse, render
from .targets.base import Target

DEFAULT_MAX_DELETES = 20


@dataclass(frozen=True)
class PublishOptions:
    """What the CLI flags choose."""

    dry_run: bool = False
    delete: bool = True
    max_deletes: int = DEFAULT_MAX_DELETES
    force: bool = False
    """Publish beside objects this tool did not publish, overwriting those at release paths."""
    keep_removed: int = 0
    """Seconds a file dropped from the release stays at the target before it is deleted."""


@dataclass
class PublishReport:
    """What a publish did (or, with ``dry_run``, would do)."""

    plan: Plan
    uploaded: int = 0
    uploaded_bytes: int = 0
    written: list[str] = field(default_factory=list)
    """Every path written, in order (uploads, re-labels, feeds, the manifest)."""
    deleted: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Progress:
    """Receives one call per object operation (the CLI draws a bar from it)."""

    def start(self, objects: int, nbytes: int) -> None:
        """*objects* operations of *nbytes* bytes are ahead."""

    def advance(self, path: str, nbytes: int) -> None:
        """One finished."""

    def finish(self) -> None:
        """All done (or failed)."""


@dataclass
class Release:
    """``dist/`` as publish sees it."""

    dist: Path
    files: dict[str, manifest.FileEntry]
    feeds: dict[str, FeedRefs]
    base_url: str


def read_release(dist: Path) -> Release:
    """The release in *dist*, refused unless it is complete (``dist/manifest.json`` matches)."""
    files = manifest.read(dist)
    if files is None:
        raise PublishError(f"{dist / manifest.MANIFEST}: missing or unreadable; build first")
    problems = manifest.verify(dist, hashes=False)
    if problems:
        raise PublishError(
            f"{dist} is not a complete release ({problems[0]}"
            f"{f' and {len(problems) - 1} more' if len(problems) > 1 else ''}); build again"
        )
    feeds = {
        p: read_feed((dist / p).read_bytes(), str(dist / p))
        for p in files
        if wave_of(p) == Wave.FEED
    }
    selfs = sorted({f.self_url for f in feeds.values() if f.self_url})
    if not selfs:
        raise PublishError(f'{dist}: no feed with an atom:link rel="self"; build again')
    base_url = selfs[0].rsplit("/", 1)[0] + "/"
    return Release(dist, files, feeds, base_url)


def referenced(release: Release) -> set[str]:
    """Release-relative paths any of the release's feeds links."""
    out: set[str] = set()
    for refs in release.feeds.values():
        for link in refs.links:
            rel = release_path(link.url, release.base_url)
            if rel:
                out.add(rel)
    return out


def _crash_hook() -> Callable[[], None]:
    limit = int(os.environ.get("SPOTLIGHT_PUBLISH_CRASH_AFTER", "0") or 0)
    lock = threading.Lock()
    count = [0]

    def tick() -> None:
        if limit:
            with lock:
                count[0] += 1
                if count[0] >= limit:
                    os._exit(137)

    return tick


def publish(
    release: Release,
    target: Target,
    podcast_guid: str,
    options: PublishOptions | None = None,
    progress: Progress | None = None,
) -> PublishReport:
    """Publish *release* to *target*; see the module docstring."""
    options = options or PublishOptions()
    progress = progress or Progress()
    if target.public_url and target.public_url.rstrip("/") + "/" != release.base_url:
        raise PublishError(
            f"{release.dist} was built for {release.base_url}, but {target.label} is served at "
            f"{target.public_url}; build with --base-url {target.public_url} (or fix base_url)"
        )
    target.connect()
    try:
        return _publish_connected(release, target, podcast_guid, options, progress)
    finally:
        target.close()


def _publish_connected(
    release: Release,
    target: Target,
    podcast_guid: str,
    options: PublishOptions,
    progress: Progress,
) -> PublishReport:
    remote = _remote_manifest(target)
    if remote is not None and remote.podcast_guid != podcast_guid and not options.force:
        raise PublishError(
            f"{target.label} holds the show with podcast:guid {remote.podcast_guid}, not "
            f"{podcast_guid}; refusing to publish over another show (--force to do it anyway)"
        )
    listing = target.listing()
    feeds = sorted(release.feeds)
    tokens = {p: target.token(p) for p in [*feeds, REMOTE_PATH]}
    refs = referenced(release)
    now = int(time.time())
    the_plan = plan(
        release.files,
        remote,
        listing,
        podcast_guid=podcast_guid,
        base_url=release.base_url,
        referenced=refs,
        now=now,
        keep_removed=options.keep_removed,
    )
    if the_plan.collisions:  # left by a publish killed before its manifest? (our SHA-256)
        adopted = {}
        for path in the_plan.collisions:
            entry = release.files[path]
            if target.fingerprint(path) == entry.sha256:
                kind = kind_of(path)
                adopted[path] = Published(
                    entry.size, entry.sha256, kind.content_type, kind.cache_control
                )
        if adopted:
            the_plan = plan(
                release.files,
                remote,
                listing,
                podcast_guid=podcast_guid,
                base_url=release.base_url,
                referenced=refs,
                adopted=adopted,
                now=now,
                keep_removed=options.keep_removed,
            )
    report = PublishReport(the_plan)
    if the_plan.foreign:
        report.notes.append(
            f"{len(the_plan.foreign)} object(s) at {target.label} were not published by "
            f"spotlight-feed (e.g. {the_plan.foreign[0]}); they are left alone, never deleted"
        )
    if the_plan.collisions and not options.force:
        raise PublishError(
            f"{target.label} holds {len(the_plan.collisions)} object(s) this tool did not "
            f"publish at paths of the release (e.g. {the_plan.collisions[0]}); refusing to "
            "overwrite them. Publish to an empty prefix, or pass --force to overwrite them; "
            "nothing was uploaded or deleted"
        )
    if options.dry_run:
        return report
    report.notes.extend(target.prepare())
    _run_waves(release, target, the_plan, tokens, report, progress, options)
    return report


def _remote_manifest(target: Target) -> RemoteManifest | None:
    data = target.read(REMOTE_PATH)
    return None if data is None else parse(data, f"{target.label.rstrip('/')}/{REMOTE_PATH}")


def _manifest_put(data: bytes) -> Put:
    return Put(
        REMOTE_PATH,
        len(data),
        "",
        MANIFEST_KIND.content_type,
        MANIFEST_KIND.cache_control,
        Wave.MANIFEST,
    )


def _run_waves(
    release: Release,
    target: Target,
    the_plan: Plan,
    tokens: dict[str, str | None],
    report: PublishReport,
    progress: Progress,
    options: PublishOptions,
) -> None:
    tick = _crash_hook()
    deletes = the_plan.deletes if options.delete else []
    if len(deletes) > options.max_deletes:
        report.notes.append(
            f"not deleting {len(deletes)} object(s) the release no longer has: more than "
            f"--max-deletes {options.max_deletes} (re-run with --max-deletes {len(deletes)})"
        )
        deletes = []
    elif the_plan.deletes and not options.delete:
        report.notes.append(
            f"--no-delete: {len(the_plan.deletes)} object(s) the release no longer has stay"
        )
    if the_plan.waiting:
        report.notes.append(
            f"{len(the_plan.waiting)} object(s) the release no longer has stay for "
            f"--keep-removed (e.g. {the_plan.waiting[0]}); a later publish deletes them"
        )
    if the_plan.kept:
        report.notes.append(
            f"kept {len(the_plan.kept)} object(s) a feed still links (e.g. {the_plan.kept[0]})"
        )
    operations = len(the_plan.uploads) + len(the_plan.relabels) + len(deletes)
    operations += int(the_plan.manifest_changed) + int(bool(deletes))
    progress.start(operations, the_plan.upload_bytes)

    def done(put: Put) -> None:
        report.written.append(put.path)
        progress.advance(put.path, put.size)
        tick()

    def uploaded(put: Put) -> None:
        report.uploaded += 1
        report.uploaded_bytes += put.size
        done(put)

    try:
        upload_paths = {p.path for p in the_plan.uploads}
        for wave, puts in the_plan.waves():
            if wave == Wave.FEED:
                for put in puts:
                    if put.path not in upload_paths:
                        target.relabel([put], done)
                        continue
                    data = (release.dist / put.path).read_bytes()
                    target.write(put, data, tokens.get(put.path))
                    uploaded(put)
                continue
            target.upload([p for p in puts if p.path in upload_paths], release.dist, uploaded)
            target.relabel([p for p in puts if p.path not in upload_paths], done)
        token = tokens.get(REMOTE_PATH)
        if the_plan.manifest_changed:
            data = render(the_plan.manifest)
            token = target.write(_manifest_put(data), data, token)
            uploaded(_manifest_put(data))
        target.commit(f"Publish {len(the_plan.uploads)} changed file(s)")
        if deletes:

            def gone(path: str) -> None:
                report.deleted.append(path)
                progress.advance(path, 0)
                tick()

            target.delete(deletes, gone)
            final = the_plan.after_deletes(deletes)
            if final is not None:
                data = render(final)
                target.write(_manifest_put(data), data, token)
                uploaded(_manifest_put(data))
            target.commit(f"Remove {len(deletes)} file(s) the release no longer has")
    finally:
        progress.finish()
