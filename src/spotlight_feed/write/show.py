"""The files that list every episode: the show art, the index page and stylesheet, the feed.

Written on every build, after each episode's stage (:mod:`.episode`), from the outputs of all
episodes, reused or redone.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Project
from ..plan import schedule
from ..plan.layout import safe_join
from ..plan.outputs import EpisodeOutputs
from ..plan.plan import ReleasePlan
from .episode import copy_file
from .feed.feedgen import write_project_feed
from .feed.item_cache import ItemCache
from .feed.paging import write_project_paged
from .pages.writer import PageWriter

if TYPE_CHECKING:
    from ..plan.options import BuildOptions, BuildReport


def write_cover(project: Project, plan: ReleasePlan, staging: Path, report: BuildReport) -> None:
    """Copy the show art to the content-named path the plan gave it (:attr:`.ReleasePlan.cover`).

    The load stage took its digest (:attr:`..model.Project.image_digest`): nothing is hashed
    here.
    """
    copy_file(project.image_path, staging, plan.cover.rel)
    report.files.append(plan.cover.rel)


def write_index_and_feed(
    project: Project,
    plan: ReleasePlan,
    staging: Path,
    outputs: Mapping[str, EpisodeOutputs],
    pages: PageWriter,
    options: BuildOptions,
    report: BuildReport,
    feed_cache: ItemCache | None = None,
) -> None:
    """The index page, the stylesheet and ``feed.xml`` (or its RFC 5005 pages).

    *feed_cache* gives unchanged feed items' bytes from the last build
    (:mod:`.feed.item_cache`).
    """
    layout = plan.layout
    report.files += pages.write_index(outputs)
    cover_url = plan.cover.url
    as_of = schedule.moment(options.as_of, options.source_date_epoch)[0]
    if project.show.paging is not None:  # RFC 5005 pages (+ archive): write/feed/paging.py
        report.files += write_project_paged(
            project,
            outputs,
            lambda name: safe_join(staging, name).open("wb"),
            plan=plan,
            cover_url=cover_url,
            source_date_epoch=options.source_date_epoch,
            as_of=as_of,
            cache=feed_cache,
        )
        return
    feed = safe_join(staging, layout.feed)
    with feed.open("wb") as out:  # streamed: the feed's bytes are never all in memory
        write_project_feed(
            project,
            outputs,
            out,
            plan=plan,
            cover_url=cover_url,
            source_date_epoch=options.source_date_epoch,
            as_of=as_of,
            cache=feed_cache,
        )
    report.files.append(layout.feed)
