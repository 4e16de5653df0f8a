"""Drafts, scheduled episodes and an honest ``lastBuildDate``.

* ``draft: true`` episodes are never published (not in the feed, the pages, the audio
  or ``spotlight.lock``).
* An episode whose ``published`` lies after the build's moment is held back until a
  build at or after that moment. The moment is ``--as-of``, else ``SOURCE_DATE_EPOCH``
  (reproducible-builds.org: the same inputs and the same value give the same
  release), else the clock; the build says which episodes it held back and until when
  (static site generators leak scheduled posts: grav-plugin-feed#63,
  hugo-theme-stack#1005; docs/sources.md §10.3).
* ``lastBuildDate`` (RSS 2.0: "the last time the content of the channel changed") is
  ``SOURCE_DATE_EPOCH`` when set, else the newest ``published`` or ``updated`` of the
  published episodes, never later than the build's moment; without episodes, the epoch.
  No clock reaches it unless an ``updated`` lies in the future, which is clamped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from ..model import Project

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Held:
    """What :func:`hold_back` left out."""

    drafts: tuple[str, ...] = ()
    scheduled: tuple[tuple[str, datetime], ...] = ()
    """(slug, published) of episodes not yet due, soonest first."""

    @property
    def next_release(self) -> datetime | None:
        """When the next held-back episode becomes due (the release is stale from then)."""
        return self.scheduled[0][1] if self.scheduled else None

    def notes(self, as_of: datetime, source: str) -> list[str]:
        """The build's messages: which episodes were held back, and why."""
        out = [f"episodes/{slug}: draft: true; not published" for slug in self.drafts]
        moment = as_of.isoformat(timespec="seconds")
        out += [
            f"episodes/{slug}: published {when.isoformat()} is after {moment} "
            f"({source}); held back until then"
            for slug, when in self.scheduled
        ]
        return out


def moment(as_of: datetime | None, source_date_epoch: int | None) -> tuple[datetime, str]:
    """The build's moment and where it came from: ``--as-of``, ``SOURCE_DATE_EPOCH``, clock."""
    if as_of is not None:
        return as_of, "--as-of"
    if source_date_epoch is not None:
        return datetime.fromtimestamp(source_date_epoch, tz=UTC), "SOURCE_DATE_EPOCH"
    return datetime.now(UTC), "the clock"


def hold_back(project: Project, as_of: datetime) -> tuple[Project, Held]:
    """*project* without its drafts and the episodes published after *as_of*."""
    drafts = tuple(e.slug for e in project.episodes if e.config.draft)
    scheduled = sorted(
        (
            (e.slug, e.config.published)
            for e in project.episodes
            if not e.config.draft and e.config.published > as_of
        ),
        key=lambda x: (x[1], x[0]),
    )
    if not drafts and not scheduled:
        return project, Held()
    gone = set(drafts) | {slug for slug, _ in scheduled}
    kept = tuple(e for e in project.episodes if e.slug not in gone)
    return replace(project, episodes=kept), Held(drafts, tuple(scheduled))


def last_build_date(
    project: Project, source_date_epoch: int | None, as_of: datetime | None = None
) -> datetime:
    """``lastBuildDate`` (see the module docstring); *as_of* caps it."""
    if source_date_epoch is not None:
        return datetime.fromtimestamp(source_date_epoch, tz=UTC)
    dates = [e.config.published for e in project.episodes]
    dates += [e.config.updated for e in project.episodes if e.config.updated is not None]
    if not dates:
        return EPOCH
    return min(max(dates), as_of or datetime.now(UTC))
