"""The no-op fast path: is the release current? ``stat`` only, no YAML, no heavy imports."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from .keys import env_key
from .records import Summary
from .state import read_summary, same_stats

if TYPE_CHECKING:
    from ..plan.options import BuildReport


def resolve_out(root: Path, out: Path | None) -> Path:
    """The absolute output folder, refused if it would endanger the project."""
    from .outdir import check_out_dir

    return check_out_dir(root, (out or root / "dist").absolute())


def up_to_date(root: Path, out_dir: Path, options: str, *, force: bool = False) -> Summary | None:
    """The fast path of a rebuild: ``stat`` only, no YAML, no heavy imports.

    Returns ``None`` (build normally) unless the last build's state proves that
    nothing changed; then its :class:`.records.Summary`, which says what the release
    holds (episodes, notes, warnings). Holds the build lock while it looks, and gives way (returns
    ``None``) when another build holds it.
    """
    from .staging import BuildBusyError, BuildLock

    if force:
        return None
    try:
        with BuildLock(out_dir):
            state = read_summary(root, out_dir)
            env = env_key(out_dir, options)
            if state is None or not unchanged(root, out_dir, state, env):
                return None
    except BuildBusyError:
        return None
    return state


def unchanged(root: Path, out_dir: Path, state: Summary, env: str) -> bool:
    """True when no input, no code, no option and no release file moved since *state*."""
    if state.env != env:
        return False
    if state.until is not None and time.time() >= state.until:
        return False
    return same_stats(root, state.inputs) and same_stats(out_dir, state.dist)


def report(out_dir: Path, state: Summary) -> BuildReport:
    """The report of a build the fast path answered: what the release holds, nothing done."""
    from ..plan.options import BuildReport

    files = sorted(f for f in state.dist if f != "manifest.json")
    return BuildReport(
        out_dir, state.episode_count, files, list(state.notes), list(state.slugs),
        up_to_date=True, warnings=list(state.warnings),
    )  # fmt: skip
