"""The collector during a build (release/heap.py): the loaded catalogue frozen, then restored."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

import spotlight_feed
from spotlight_feed.release.heap import YOUNG_THRESHOLD, settled


def test_settled_freezes_what_is_alive_and_restores_the_collector() -> None:
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    alive = [[i] for i in range(1000)]  # lists: always tracked (a dict of ints is not)
    with settled() as settle:
        frozen = gc.get_freeze_count()
        assert frozen >= len(alive)
        assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
        loaded = [[i] for i in range(1000)]  # what the load stage builds in the block
        settle()
        assert gc.get_freeze_count() >= frozen + len(loaded)
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


def test_nothing_of_the_loaded_project_outlives_the_build(tiny_project: Path) -> None:
    """A build keeps no episode alive once it returned (no module-level cache holds one).

    A library caller builds many shows in one process; and in the CLI whatever is still
    alive at exit is torn down by the interpreter: at 1,000 episodes a page cache that
    held the catalogue made the one-episode rebuild 0.18 s slower (docs/benchmarks.md).
    """
    from spotlight_feed.model import Episode, Project

    root = tiny_project.resolve()

    def alive() -> list[object]:
        gc.collect()
        found: list[object] = []
        for o in gc.get_objects():  # type(), not isinstance(): a dead weak proxy would raise
            kind = type(o)
            where = o.folder if kind is Episode else o.root if kind is Project else None
            if where is not None and root in (where, *where.parents):
                found.append(o)
        return found

    assert alive() == []
    spotlight_feed.build(tiny_project, spotlight_feed.BuildOptions(source_date_epoch=None, jobs=1))
    assert (tiny_project / "dist" / "feed.xml").is_file()
    assert alive() == []


def test_the_plan_is_made_with_the_catalogue_frozen(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan stage allocates a plan per episode: inside :func:`settled`, not before it."""
    import spotlight_feed.plan.plan as plan_module

    real = plan_module.plan_release
    seen: list[int] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(plan_module, "plan_release", watched)
    spotlight_feed.build(tiny_project, spotlight_feed.BuildOptions(source_date_epoch=None, jobs=1))
    assert len(seen) == 1
    assert seen[0] > 10_000  # the loaded project, the imported stages and their caches
