"""The cyclic garbage collector during a build's plan and write stages: the catalogue frozen.

CPython's collector walks every tracked container of the generations it collects; a full
(oldest-generation) collection walks all of them, which after the load stage is the whole
loaded catalogue (about 800,000 objects at 10,000 episodes). Nothing the load stage built
becomes garbage before the build ends, so :func:`settled` moves it into the permanent
generation (:func:`gc.freeze`, https://docs.python.org/3/library/gc.html#gc.freeze) for the
plan and write stages, and from the read of the last build's state on lets the youngest
generation grow larger before it is collected (an episode stage allocates and frees tens of
thousands of short-lived containers, almost all freed by reference counting before any
collection). Forked workers inherit the frozen generation, so their collections never write
into the parent's pages (the copy-on-write the ``gc.freeze`` documentation describes).
Measured in docs/benchmarks.md ("Session 5"); the plan stage joined in session 9: made
before the freeze, its allocations alone set off a full collection over the catalogue
(70-84 ms of a 1,000-episode one-episode rebuild).

Only the collector's bookkeeping changes: no object is freed earlier or later by reference
counting, and the output cannot depend on it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000
"""Allocations (minus frees) of tracked containers before the youngest generation is
collected during the plan and write stages; CPython's default is 700."""


@contextmanager
def settled() -> Iterator[Callable[[], None]]:
    """Freeze what is alive now for the block; restore the collector as it was afterwards.

    Yields ``settle``, which freezes what is alive when it is called too: the build enters
    the block before it reads the last build's state and loads the project (the imported
    stages frozen, the youngest generation larger while the state is decoded and the
    catalogue built), then settles the loaded catalogue before the plan and write stages.
    The thresholds come back and the frozen objects return to the oldest generation
    (:func:`gc.unfreeze`), so a process that builds many times (tests, a library caller)
    does not keep one build's catalogue out of reach of the collector.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], YOUNG_THRESHOLD), *thresholds[1:])
    try:
        yield gc.freeze
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
