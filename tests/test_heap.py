"""The collector during a build (release/heap.py): the loaded catalogue frozen, then restored."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import spotlight_feed
from spotlight_feed.release.heap import YOUNG_THRESHOLD, settled


def test_settled_freezes_what_is_alive_and_restores_the_collector() -> None:
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    alive = [{"n": i} for i in range(1000)]
    with settled():
        assert gc.get_freeze_count() >= len(alive)
        assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_settled_restores_the_collector_when_the_block_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), settled():
        raise RuntimeError("stage failed")
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


class _Watch:
    """A progress sink that records the collector's state while episodes are built."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, int]] = []

    def start(self, total: int, todo: int) -> None:
        self.seen.append((gc.get_freeze_count(), gc.get_threshold()[0]))

    def episode(self, slug: str, action: str, reason: str) -> None:
        self.seen.append((gc.get_freeze_count(), gc.get_threshold()[0]))

    def finish(self) -> None:
        pass


def test_a_build_writes_episodes_with_the_catalogue_frozen(tiny_project: Path) -> None:
    before = gc.get_threshold()
    watch = _Watch()
    opts = spotlight_feed.BuildOptions(source_date_epoch=None, jobs=1)
    spotlight_feed.build(tiny_project, opts, progress=watch)
    assert len(watch.seen) == 2  # start, then the one episode
    for frozen, young in watch.seen:
        assert frozen > 10_000  # the loaded project, the imported stages and their caches
        assert young == max(before[0], YOUNG_THRESHOLD)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
