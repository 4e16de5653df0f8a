"""The plan of a publish: a pure diff of the release against the remote manifest.

Inputs are data only (``dist/manifest.json`` entries, the remote manifest, the
target's listing, the paths the new feeds reference); the output says what is
uploaded, re-labelled (same bytes, new headers), left alone and deleted, in wave
order. Rules (issue #19, "Deleting"; docs/sources.md §8.6):
only paths the previous remote manifest lists and the new release lacks are
delete candidates; a path the new feeds still reference is kept; objects this
tool did not publish are never deleted, and overwriting one needs ``force``.
The delete cap is applied by the caller, which knows ``--max-deletes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..release.manifest import FileEntry
from .headers import kind_of
from .order import Wave, wave_of
from .remote import PATH as REMOTE_PATH
from .remote import Published, RemoteManifest


@dataclass(frozen=True)
class Put:
    """One object to write (or to re-label, when only its headers changed)."""

    path: str
    size: int
    sha256: str
    content_type: str
    cache_control: str
    wave: Wave

    def published(self) -> Published:
        """The remote manifest's record of this object."""
        return Published(self.size, self.sha256, self.content_type, self.cache_control)


@dataclass
class Plan:
    """What one publish does, before doing any of it."""

    uploads: list[Put] = field(default_factory=list)
    relabels: list[Put] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Delete candidates still referenced by a new feed: not deleted."""
    waiting: list[str] = field(default_factory=list)
    """Delete candidates still inside their ``keep_removed`` grace period."""
    foreign: list[str] = field(default_factory=list)
    """Objects at the target this tool did not publish: never deleted."""
    collisions: list[str] = field(default_factory=list)
    """Foreign objects at paths of the release: overwritten only with ``force``."""
    manifest: RemoteManifest = field(default_factory=lambda: RemoteManifest("", ""))
    """The remote manifest to write after the feed (delete candidates still listed)."""
    manifest_changed: bool = True
    """False when the remote manifest already is :attr:`manifest` (nothing to write)."""

    @property
    def upload_bytes(self) -> int:
        """Bytes the uploads send."""
        return sum(p.size for p in self.uploads)

    def after_deletes(self, deleted: Iterable[str]) -> RemoteManifest | None:
        """The remote manifest once *deleted* are gone (``None``: nothing to rewrite)."""
        gone = set(deleted)
        if not gone:
            return None
        files = {p: f for p, f in self.manifest.files.items() if p not in gone}
        return RemoteManifest(self.manifest.podcast_guid, self.manifest.base_url, files)

    def waves(self) -> list[tuple[Wave, list[Put]]]:
        """Uploads and re-labels grouped by wave, in order (feed and manifest last)."""
        out: dict[Wave, list[Put]] = {}

        # Within the feed wave the main feed goes last: it links the archive pages.
        def key(p: Put) -> tuple[int, bool, str]:
            return (p.wave, p.path == "feed.xml", p.path)

        for put in sorted([*self.uploads, *self.relabels], key=key):
            out.setdefault(put.wave, []).append(put)
        return sorted(out.items())


def plan(
    local: Mapping[str, FileEntry],
    remote: RemoteManifest | None,
    listing: Iterable[str] | None,
    *,
    podcast_guid: str,
    base_url: str,
    referenced: Iterable[str] = (),
    adopted: Mapping[str, Published] | None = None,
    now: int = 0,
    keep_removed: int = 0,
) -> Plan:
    """Diff the release *local* against *remote*; see the module docstring.

    *listing* is every path at the target (relative to its root), or ``None``
    when the target cannot list (then foreign objects are not detected).
    *referenced* holds the release-relative paths the new feeds link. *adopted*
    are objects outside the remote manifest that carry this tool's SHA-256 of the
    release's file at that path: left by a publish killed before its manifest was
    written, they count as published (and are not re-sent). With *keep_removed*
    seconds, a candidate is first stamped ``removed_at`` = *now* and deleted only
    by a publish at least that long after (docs/sources.md §8.6).
    """
    old = dict(remote.files) if remote else {}
    known = dict(old)
    known.update(adopted or {})
    result = Plan()
    files: dict[str, Published] = {}
    for path in sorted(local):
        if path == "manifest.json":
            continue
        entry = local[path]
        kind = kind_of(path)
        put = Put(
            path, entry.size, entry.sha256, kind.content_type, kind.cache_control, wave_of(path)
        )
        files[path] = put.published()
        before = known.get(path)
        if before is None or before.sha256 != entry.sha256 or before.size != entry.size:
            result.uploads.append(put)
        elif replace(before, removed_at=None) != put.published():
            result.relabels.append(put)
        else:
            result.unchanged.append(path)
    refs = set(referenced)
    for path in sorted(set(old) - set(files)):
        # They stay listed until they are really gone, so an interrupted or capped
        # delete is retried by the next publish instead of leaving foreign objects.
        before = old[path]
        if path in refs:
            files[path] = replace(before, removed_at=None)
            result.kept.append(path)
            continue
        since = before.removed_at if before.removed_at is not None else now
        files[path] = replace(before, removed_at=since) if keep_removed else before
        (result.deletes if now - since >= keep_removed else result.waiting).append(path)
    if listing is not None:
        ours = set(known) | {REMOTE_PATH}
        for path in sorted(set(listing) - ours):
            (result.collisions if path in files else result.foreign).append(path)
    result.manifest = RemoteManifest(podcast_guid, base_url, files)
    result.manifest_changed = result.manifest != remote
    return result
