"""Plan stage (pure, no I/O): every dist path and URL, chapter spans, the GUID guard."""

CACHE_DIR = ".spotlight-cache"
"""The project's own cache folder (build state, load cache, encoded audio), beside its inputs.

Here rather than in :mod:`.layout` (which re-exports it): the no-op fast path needs the
name and nothing else of the layout."""
