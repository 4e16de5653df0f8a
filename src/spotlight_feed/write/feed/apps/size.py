"""How big a feed may grow before readers and directories fail, and who breaks when.

Sources (docs/sources.md §10.1): FeedBurner refuses feeds over
1 MB (firesidelabs/fireside-features#119); thane-ai-agent cuts at 1 MB
(nugget/thane-ai-agent#511, #514); goread caps at 2 MiB (madelynnblue/goread#343);
a 1.7 MB feed blew SimplePie's 64 MB PHP limit (simplepie#192); miniflux-legacy
refused feeds over 10 MB (#394). changelog.com capped its feed at 100 items because
it was "too big for certain podcast directories" (thechangelog/changelog.com#284).
"""

from __future__ import annotations

LIMITS: tuple[tuple[int, str], ...] = (
    (1_000_000, "FeedBurner refuses it and thane-ai-agent cuts it (1 MB limits)"),
    (1_700_000, "SimplePie-based readers may run out of memory (a 1.7 MB feed did)"),
    (2 * 1024 * 1024, "goread stops reading at 2 MiB"),
    (10_000_000, "miniflux (legacy) refuses feeds over 10 MB"),
)


def size_warnings(size: int) -> list[str]:
    """One message per limit *size* (bytes) passes, smallest first; none under 1 MB."""
    return [f"{size:,} bytes: over {limit:,}: {who}" for limit, who in LIMITS if size > limit]
