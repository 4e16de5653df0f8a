"""Render every page as ``build`` would, into a scratch folder: what ``check`` runs (issue #12).

``build`` renders the project's templates in the sandbox of :mod:`.env` (Jinja2's
``SandboxedEnvironment``); a template that fails, or reaches for Python internals, stops
it with the template's file and line. ``check`` must report the same, so it renders the
same pages with the same environment and the same view contexts
(:class:`.writer.PageWriter`), from the plan instead of the written files: the links are
the ones the build plans (:func:`~spotlight_feed.plan.plan.plan_release`,
:meth:`~spotlight_feed.plan.plan.EpisodePlan.transcript_links`), the audio size and length
are the source's (the tagged copy differs by its tag), and the show and episode art are
copied into a temporary folder outside the project only so their pixel sizes can be read.
Nothing is written to the project or to ``dist/``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ...errors import InputError, Problem
from ...load.project import with_transcript
from ...model import Episode, Project
from ...plan.layout import Layout, safe_join
from ...plan.outputs import EpisodeOutputs, PublishedTranscript
from ...plan.plan import EpisodePlan, plan_release
from .writer import PageWriter


def template_problems(project: Project) -> list[Problem]:
    """The problem ``build`` would stop at while rendering the pages, or none.

    Episode pages in the project's order, then the index and search pages, as ``build``
    renders them; the first failing template is reported, as ``build`` reports it.
    """
    if not project.show.base_url:
        return []  # check reports the missing base_url; build refuses before rendering
    plan = plan_release(project, Layout(project.show.base_url))
    with tempfile.TemporaryDirectory(prefix="spotlight-check-pages-") as scratch:
        staging = Path(scratch)
        _copy(project.image_path, staging, plan.cover.rel)  # read for its pixel size
        pages = PageWriter(project, plan, staging)
        outputs: dict[str, EpisodeOutputs] = {}
        try:
            for episode in project.episodes:
                episode = with_transcript(episode)
                outputs[episode.slug] = planned_outputs(
                    project, episode, plan.layout, plan[episode.slug], staging
                )
                pages.render_episode(episode, outputs[episode.slug])
            pages.render_index(outputs)
        except InputError as exc:
            return list(exc.problems)
    return []


def planned_outputs(
    project: Project, episode: Episode, layout: Layout, plan: EpisodePlan, staging: Path
) -> EpisodeOutputs:
    """What the episode stage would return, planned, not written (module docstring)."""
    published = []
    transcript = episode.named
    if transcript is not None:
        published.append(PublishedTranscript(None, transcript.timed))
        published += (
            PublishedTranscript(tr.language, other.timed)
            for tr, other in episode.named_translations
            if other is not None
        )
    if plan.art is not None and episode.config.image:  # read for its pixel size
        _copy(project.root / episode.config.image, staging, plan.art.rel)
    assert episode.audio is not None, "the load stage measures every episode's audio"
    return EpisodeOutputs(
        audio_size=episode.audio.size,
        duration_ms=episode.audio.duration_ms,
        transcripts=tuple(published),
    )


def _copy(src: Path, staging: Path, rel: str) -> None:
    """Copy *src* to *rel*, the name the plan gave it.

    As the build's ``write.episode.copy_file``, not imported: the episode stage imports the pages.
    """
    dst = safe_join(staging, rel)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
