"""What the last build saw and made: the records the build state is made of.

Plain data, apart from the file handling of :mod:`.state` and the JSON codec of
:mod:`.statejson`, which both import it (so neither imports the other's
counterpart: no import circle between the state and its codec).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the no-op fast path imports this module
    from ..plan.outputs import EpisodeOutputs

STATE_VERSION = 3
"""2: :class:`~..plan.outputs.EpisodeOutputs` holds measurements only (no URLs, issue #11);
3: the file's first line is the fast path's summary, with the build's warnings."""

Stat = tuple[int, int, int] | None
"""(size, mtime_ns, inode), or ``None`` for a path that must stay absent."""


@dataclass
class EpisodeRecord:
    """What one episode's stage produced in the last build."""

    fingerprint: str
    files: tuple[str, ...]
    outputs: EpisodeOutputs
    notes: tuple[str, ...] = ()
    page: str = ""
    """:func:`page_key` of the episode's page (``""``: the stage wrote no page)."""


@dataclass
class BuildState:
    """Everything a rebuild needs to know about the last successful build."""

    env: str
    inputs: dict[str, Stat]
    dist: dict[str, Stat]
    episodes: dict[str, EpisodeRecord] = field(default_factory=dict)
    episode_count: int = 0
    version: int = STATE_VERSION
    until: float | None = None
    """UNIX time from which this state is stale although no file changed: when the
    next episode held back by the clock becomes due (:mod:`..plan.schedule`)."""
    warnings: tuple[str, ...] = ()
    """The first-hour warnings this build printed (:mod:`..load.advice`): they read only
    files among :attr:`inputs`, so while those are unchanged they are still the show's."""


@dataclass(frozen=True)
class Summary:
    """What the no-op fast path reads of the last build's state (:mod:`.fast`).

    The state's fields the fast path decides with (:attr:`env`, :attr:`until`, the
    :attr:`inputs` and :attr:`dist` stats) and what its report says (the episodes'
    names and notes); the episodes' records are not decoded (1,000 of them are most of
    the state's checks, and a no-op needs none). :attr:`inputs` and :attr:`dist` are
    as the file has them, unchecked: :func:`.state.same_stats` takes any value that is
    not a file's own ``[size, mtime_ns, inode]`` for a change.
    """

    env: str
    inputs: Mapping[str, Any]
    dist: Mapping[str, Any]
    episode_count: int
    until: float | None
    slugs: tuple[str, ...]
    notes: tuple[str, ...]
    warnings: tuple[str, ...]
