"""The build pipeline: load -> probe -> write into a staging folder -> swap into dist/.

Nothing touches ``dist/`` until every stage succeeded: outputs are written into
a temporary sibling folder and swapped in at the end, so a failed build leaves
the last good release in place. Each stage is one function call into the module
named after it; this module only orders them and returns a report (no printing).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .audio.package import write_episode_audio
from .audio.tags import TagOptions
from .errors import BuildError
from .feed import build_feed
from .layout import Layout, safe_join
from .load import load_project
from .model import Episode, Project
from .outputs import EpisodeOutputs
from .pages import write_pages
from .transcript.publish import write_transcripts

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build did."""

    out_dir: Path
    episodes: int = 0
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Informational messages for the user (e.g. untimed transcripts)."""


@dataclass(frozen=True)
class BuildOptions:
    """Options a caller may override; ``None`` keeps the project's own value."""

    out_dir: Path | None = None
    base_url: str | None = None
    source_date_epoch: int | None = None
    id3_version: int = 3
    """ID3v2 version of the MP3 tags: 3 (default, UTF-16, widest support) or 4 (UTF-8)."""


def source_date_epoch_from_env() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org) if set to an integer."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise BuildError(f"SOURCE_DATE_EPOCH must be an integer, got '{raw}'") from exc


def build(
    root: Path, options: BuildOptions | None = None, progress: Progress | None = None
) -> BuildReport:
    """Build the release of the project at *root*; see the module docstring."""
    options = options or BuildOptions()
    root = root.resolve()
    project = load_project(root)
    if options.base_url:
        base = options.base_url if options.base_url.endswith("/") else options.base_url + "/"
        project = _with_base_url(project, base)
    out_dir = (options.out_dir or root / "dist").resolve()
    layout = Layout(project.show.base_url)
    report = BuildReport(out_dir, episodes=len(project.episodes))
    staging = _staging_dir(out_dir)
    try:
        _write_release(project, layout, staging, options, report, progress)
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _write_release(
    project: Project,
    layout: Layout,
    staging: Path,
    options: BuildOptions,
    report: BuildReport,
    progress: Progress | None,
) -> None:
    cover_rel = _copy_hashed(
        project.image_path, staging, lambda digest: layout.cover(project.image_path, digest)
    )
    report.files.append(cover_rel)
    outputs: dict[str, EpisodeOutputs] = {}
    for episode in project.episodes:
        if progress:
            progress(episode.slug)
        outputs[episode.slug] = _write_episode(project, episode, layout, staging, report, options)
    report.files += write_pages(project, layout, outputs, staging, cover_rel)
    feed = build_feed(
        project,
        outputs,
        cover_url=layout.url(cover_rel),
        source_date_epoch=options.source_date_epoch,
    )
    _write_bytes(staging, layout.feed, feed, report)


def _write_episode(
    project: Project,
    episode: Episode,
    layout: Layout,
    staging: Path,
    report: BuildReport,
    options: BuildOptions | None = None,
) -> EpisodeOutputs:
    """Write one episode's files; return what the feed and pages need to know."""
    tag_options = TagOptions(version=options.id3_version if options else 3)
    audio = write_episode_audio(project, episode, layout, staging, tag_options)
    report.files += audio.files
    report.notes += audio.notes
    published = write_transcripts(
        episode, layout, staging, episode.language or project.show.language
    )
    report.files += published.files
    report.notes += published.notes
    return EpisodeOutputs(
        audio_url=layout.url(audio.audio_rel),
        audio_size=audio.size,
        duration_ms=audio.duration_ms,
        page_url=layout.page_url(episode.slug),
        transcripts=tuple(published.links),
        chapters_url=layout.url(audio.chapters_json_rel) if audio.chapters_json_rel else None,
        chapters_vtt_url=layout.url(audio.chapters_vtt_rel) if audio.chapters_vtt_rel else None,
    )


def _with_base_url(project: Project, base_url: str) -> Project:
    from dataclasses import replace

    return replace(project, show=project.show.model_copy(update={"base_url": base_url}))


def _copy_hashed(src: Path, staging: Path, name_for: Callable[[str], str]) -> str:
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    rel = name_for(digest)
    dst = safe_join(staging, rel)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return rel


def _write_bytes(staging: Path, rel: str, data: bytes, report: BuildReport) -> None:
    dst = safe_join(staging, rel)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)
    report.files.append(rel)


def _staging_dir(out_dir: Path) -> Path:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-staging-", dir=out_dir.parent))


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Replace *out_dir* with *staging* (two renames; the old release is removed last)."""
    staging.chmod(0o755)
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
        old.rmdir()
        out_dir.rename(old)
    staging.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
