"""The ``podcast:guid`` algorithm (Podcasting 2.0 ``docs/tags/guid.md``).

UUIDv5 (SHA-1) in the namespace ``ead4c236-bf58-58c6-a2c6-a6b28d128cb6`` over the
feed URL with its scheme and trailing slashes removed and nothing else
normalised. The value is computed once, stored in the show config and never
recomputed (the spec: it must survive a change of feed URL).
"""

from __future__ import annotations

import re
import uuid

PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
GUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def guid_input(feed_url: str) -> str:
    """The text the UUIDv5 is taken over: *feed_url* without scheme and trailing slashes."""
    return re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url.strip()).rstrip("/")


def podcast_guid(feed_url: str) -> str:
    """Compute the ``podcast:guid`` for *feed_url* per the spec algorithm."""
    return str(uuid.uuid5(PODCAST_NAMESPACE, guid_input(feed_url)))


def new_episode_guid() -> str:
    """A fresh random episode GUID (UUIDv4), written once into a new episode's metadata."""
    return str(uuid.uuid4())
