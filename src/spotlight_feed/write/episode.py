"""One episode's stage: its tagged MP3, chapters, transcripts, own art and page.

Runs in a worker process for each episode whose inputs changed
(:mod:`spotlight_feed.release.reuse`). Its contract: it writes the episode's files, its page
included, into the staging folder (under ``episodes/<slug>/``, or listed in ``report.files``)
and depends only on the show (config, art, templates), that episode, the layout and, for its
page only, the slug and title of its neighbours in publication order: all of that is in its
cache key (:func:`spotlight_feed.release.keys.episode_fingerprint`). It never modifies a file
in the staging folder that it did not create (reused files are hard links to the live dist/).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..audio.tags import TagOptions
from ..load.project import with_transcript
from ..model import Episode, Project
from ..plan.captionstyle import caption_styles
from ..plan.layout import Layout, safe_join
from ..plan.outputs import EpisodeOutputs
from ..plan.plan import ReleasePlan
from .alternates import publish_alternates, with_encoded_alternates
from .art_cache import ArtStore
from .mp3 import write_episode_audio
from .transcripts import write_transcripts

if TYPE_CHECKING:
    from ..plan.options import BuildOptions, BuildReport
    from .pages.writer import PageWriter


def write_episode(
    project: Project,
    episode: Episode,
    layout: Layout,
    staging: Path,
    report: BuildReport,
    options: BuildOptions | None = None,
    pages: PageWriter | None = None,
    *,
    plan: ReleasePlan,
    art_store: ArtStore | None = None,
) -> EpisodeOutputs:
    """Write one episode's files and its page; return what the feed and index need to know.

    The page comes last: it shows the size and duration of the tagged audio and
    links to the published transcripts. Without *pages* no page is written. *plan* is the
    build's :class:`~..plan.plan.ReleasePlan`: every path and URL written is the plan's.
    """
    episode = with_transcript(episode)
    ep_plan = plan[episode.slug]
    tag_options = TagOptions(version=options.id3_version if options else 3)
    art_store = art_store or ArtStore(None, "")  # memory only (the build passes its cache)
    audio = write_episode_audio(project, episode, staging, tag_options, ep_plan, art_store)
    report.files += audio.files
    report.notes += audio.notes
    published = write_transcripts(episode, ep_plan, staging, caption_styles(project.show.captions))
    report.files += published.files
    report.notes += published.notes
    art = ep_plan.art  # the episode's own art, beside its MP3 (Apple 823 <itunes:image>)
    if art is not None and episode.config.image:
        copy_file(project.root / episode.config.image, staging, art.rel)
        report.files.append(art.rel)
    alt_files, alternates = publish_alternates(
        project, episode, ep_plan, staging, audio.duration_ms
    )
    report.files += alt_files
    outputs = EpisodeOutputs(  # measurements only: every path and URL is the plan's
        audio_size=audio.size,
        duration_ms=audio.duration_ms,
        transcripts=tuple(published.published),
        alternates_json=with_encoded_alternates(audio, alternates),
    )
    if pages is not None:
        report.files.append(pages.write_episode(episode, outputs))
    return outputs


def copy_file(src: Path, staging: Path, rel: str) -> None:
    """Copy *src* to *rel* in the staging folder (a path the plan decided)."""
    dst = safe_join(staging, rel)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
