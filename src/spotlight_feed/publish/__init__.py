"""Publishing a built release: from ``dist/`` to a host, and checking what is live.

Plan, then act (:mod:`.plan`): ``dist/manifest.json`` is compared with the
remote manifest this tool owns (``.spotlight/published.json`` at the target,
:mod:`.remote`), never with S3 ETags. Uploads go in waves (:mod:`.order`) so a
listener never sees a feed that points at a missing file; the feed write is
conditional on the remote state seen at plan time; deletes come last, capped,
and touch only what the previous remote manifest lists. Targets
(:mod:`.targets`): S3-compatible object storage, a git branch for Pages hosts, a
local folder or an rsync destination. Design: docs/sources.md §8 and
README "Publishing".

Only the light modules are imported here; boto3 is loaded by the S3 target alone.
"""

from __future__ import annotations

from ..errors import SpotlightError


class PublishError(SpotlightError):
    """A publish or verify step failed; the message says what and what was left as it was."""


__all__ = ["PublishError"]
