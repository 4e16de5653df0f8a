"""Release stage: all dist/ bookkeeping (fast path, keys, state, reuse, staging, commit)."""
