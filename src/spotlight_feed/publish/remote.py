"""The remote manifest, ``.spotlight/published.json``: what this tool put at a target.

It lists every object a publish wrote (size, SHA-256, Content-Type,
Cache-Control), the show's ``podcast:guid`` and the ``base_url`` the release was
built for. The next publish diffs ``dist/manifest.json`` against it instead of
trusting S3 ETags (a multipart ETag is not an MD5: docs/sources.md
§8.2), and only objects it lists may ever be deleted. A ``checksum`` over the
entries shows when the file was edited by hand; such a manifest is refused
rather than trusted (issue #19, "a remote manifest edited by hand").
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from . import PublishError

PATH = ".spotlight/published.json"
FORMAT = 1


@dataclass(frozen=True)
class Published:
    """One object as this tool published it."""

    size: int
    sha256: str
    content_type: str
    cache_control: str
    removed_at: int | None = None
    """When the release stopped listing it (Unix seconds): deleted once ``--keep-removed``
    has passed since (apps and CDNs keep old feeds; AntennaPod keeps removed items)."""


@dataclass(frozen=True)
class RemoteManifest:
    """Everything one publish left at the target."""

    podcast_guid: str
    base_url: str
    files: dict[str, Published] = field(default_factory=dict)


def _checksum(files: dict[str, Published]) -> str:
    rows: list[list[object]] = []
    for p, f in sorted(files.items()):
        row: list[object] = [p, f.size, f.sha256, f.content_type, f.cache_control]
        if f.removed_at is not None:
            row.append(f.removed_at)
        rows.append(row)
    return hashlib.sha256(json.dumps(rows, separators=(",", ":")).encode()).hexdigest()


def _entry(f: Published) -> dict[str, object]:
    entry: dict[str, object] = {
        "size": f.size,
        "sha256": f.sha256,
        "content_type": f.content_type,
        "cache_control": f.cache_control,
    }
    if f.removed_at is not None:
        entry["removed_at"] = f.removed_at
    return entry


def render(manifest: RemoteManifest) -> bytes:
    """The manifest's bytes: deterministic, one object per line."""
    lines = [
        json.dumps(p) + ": " + json.dumps(_entry(f)) for p, f in sorted(manifest.files.items())
    ]
    body = ",\n    ".join(lines)
    text = (
        "{\n"
        '  "generator": "spotlight-feed",\n'
        f'  "format": {FORMAT},\n'
        f'  "podcast_guid": {json.dumps(manifest.podcast_guid)},\n'
        f'  "base_url": {json.dumps(manifest.base_url)},\n'
        f'  "checksum": "{_checksum(manifest.files)}",\n'
        f'  "files": {{\n    {body}\n  }}\n'
        "}\n"
    )
    return text.encode("utf-8")


def parse(data: bytes, where: str) -> RemoteManifest:
    """Read a remote manifest; :class:`PublishError` when it is not one we wrote, unchanged."""
    try:
        doc: Any = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PublishError(f"{where}: not valid JSON ({exc}); {_ADVICE}") from exc
    try:
        if doc.get("generator") != "spotlight-feed" or doc.get("format") != FORMAT:
            raise PublishError(f"{where}: not a spotlight-feed remote manifest (format {FORMAT})")
        files = {
            str(p): Published(
                int(f["size"]),
                str(f["sha256"]),
                str(f["content_type"]),
                str(f["cache_control"]),
                None if f.get("removed_at") is None else int(f["removed_at"]),
            )
            for p, f in doc["files"].items()
        }
        manifest = RemoteManifest(str(doc["podcast_guid"]), str(doc["base_url"]), files)
        checksum = str(doc["checksum"])
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise PublishError(f"{where}: field {exc} missing or malformed; {_ADVICE}") from exc
    if checksum != _checksum(files):
        raise PublishError(
            f"{where}: its checksum does not match its entries (edited by hand?); {_ADVICE}"
        )
    return manifest


_ADVICE = (
    "nothing was uploaded or deleted. Restore it from a backup, or remove it to publish "
    "afresh (objects it listed are then never deleted by this tool)"
)
