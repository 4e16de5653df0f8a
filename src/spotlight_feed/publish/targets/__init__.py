"""Publish targets, chosen by the scheme of ``TARGET`` (issue #19).

``s3://bucket/prefix`` (S3-compatible object storage), ``git+URL#branch`` or
``git:REMOTE#branch`` (a Pages branch), ``rsync:DEST`` (anything rsync accepts
as a destination), ``file:///path`` or a plain path (a local folder), and
``file:///path?atomic=1`` (whole releases swapped in by a symlink).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import PublishError
from .base import Target

SCHEMES = (
    "s3://bucket/prefix, git+URL#branch, git:REMOTE#branch, rsync:DEST, file:///path[?atomic=1]"
)


def open_target(spec: str, settings: Mapping[str, Any] | None = None) -> Target:
    """The target *spec* names, configured by *settings* (the ``publish:`` section)."""
    settings = settings or {}
    if spec.startswith("s3://"):
        from .s3 import S3Target

        target: Target = S3Target.from_spec(spec, settings)
        return target
    if spec.startswith(("git+", "git:")):
        from .git import GitTarget

        target = GitTarget.from_spec(spec, settings)
        return target
    if spec.startswith("rsync:"):
        from .folder import RsyncTarget

        target = RsyncTarget.from_spec(spec, settings)
        return target
    if spec.startswith("file://") and "atomic=1" in spec.partition("?")[2].split("&"):
        from pathlib import Path
        from urllib.parse import unquote, urlsplit

        from .releases import ReleasesTarget

        target = ReleasesTarget(Path(unquote(urlsplit(spec).path)), settings.get("public_url"))
        return target
    if spec.startswith("file://") or ("://" not in spec and ":" not in spec.split("/", 1)[0]):
        from .folder import FolderTarget

        target = FolderTarget.from_spec(spec, settings)
        return target
    scheme = spec.split(":", 1)[0]
    raise PublishError(f"{spec}: unknown target scheme '{scheme}'; use one of {SCHEMES}")


__all__ = ["SCHEMES", "Target", "open_target"]
