"""What the ``publish`` command does between its flags and the library (no printing).

Reads only ``podcast.yaml`` (not the episodes), opens the target the command
line or ``publish.target`` names, and formats plans and reports as lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from ..config import PublishSettings, ShowConfig
from ..errors import InputError, Problem
from . import PublishError
from .plan import Plan
from .run import Progress, PublishOptions, PublishReport, publish, read_release
from .targets import open_target


def load_show(project: Path) -> ShowConfig:
    """The show config alone; the full loader's messages when it is invalid."""
    from ..load.project import SHOW_FILE, load_project
    from ..yamlsrc import load_yaml_file

    path = project / SHOW_FILE
    if not path.is_file():
        raise InputError([Problem(SHOW_FILE, None, "", f"no show config found in {project}")])
    doc, problems = load_yaml_file(path, SHOW_FILE)
    try:
        if doc is not None and not problems:
            return ShowConfig.model_validate(doc.data)
    except ValueError:
        pass
    load_project(project, probe_audio=False)  # raises with file:line messages
    raise InputError(problems or [Problem(SHOW_FILE, None, "", "invalid show config")])


def settings_of(show: ShowConfig) -> PublishSettings:
    """The ``publish:`` section, or its defaults."""
    return show.publish or PublishSettings()


def run(
    project: Path,
    dist: Path | None,
    spec: str | None,
    options: PublishOptions,
    progress: Progress | None = None,
) -> tuple[str, PublishReport]:
    """Publish the project's release to *spec* (else ``publish.target``)."""
    show = load_show(project)
    settings = settings_of(show)
    spec = spec or settings.target
    if not spec:
        raise PublishError(
            "no TARGET: give one (spotlight-feed publish s3://bucket/prefix) or set "
            "publish.target in podcast.yaml"
        )
    target = open_target(spec, {**settings.model_dump(), "project_dir": str(project)})
    release = read_release(dist or project / "dist")
    report = publish(release, target, show.podcast_guid, options, progress)
    if release.base_url != show.base_url and not settings.public_url:
        report.notes.append(
            f"the release was built for {release.base_url}, podcast.yaml says {show.base_url}; "
            "set publish.public_url so that publish can refuse a release built for another URL"
        )
    return target.label, report


def _size(n: int) -> str:
    """Bytes for people: ``512 B``, ``1.5 MiB``."""
    if n < 1024:
        return f"{n} B"
    value = float(n)
    for unit in ("KiB", "MiB", "GiB"):
        value /= 1024
        if value < 1024 or unit == "GiB":
            break
    return f"{value:.1f} {unit}"


def plan_lines(plan: Plan, label: str) -> list[str]:
    """The ``--dry-run`` listing: every upload, re-label and delete, with sizes, then totals."""
    lines = [f"plan for {label}:"]
    uploads = {p.path for p in plan.uploads}
    for wave, puts in plan.waves():
        for put in puts:
            verb = "upload" if put.path in uploads else "relabel"
            lines.append(f"  {verb:8} {put.path}  {_size(put.size)}  (wave {int(wave)})")
    for path in plan.deletes:
        lines.append(f"  delete   {path}  {_size(plan.manifest.files[path].size)}")
    for path in plan.waiting:
        lines.append(f"  wait     {path}  (--keep-removed)")
    for path in plan.kept:
        lines.append(f"  keep     {path}  (a feed still links it)")
    lines.append(
        f"{len(plan.uploads)} to upload ({_size(plan.upload_bytes)}), {len(plan.relabels)} to "
        f"relabel, {len(plan.unchanged)} unchanged, {len(plan.deletes)} to delete"
    )
    return lines


class RichBytes(Progress):
    """A transient rich progress bar in bytes, on a terminal's stderr."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=True,
        )
        self._task: Any = None

    def start(self, objects: int, nbytes: int) -> None:
        """Draw the bar."""
        self._bar.start()
        self._task = self._bar.add_task(f"publishing {objects} object(s)", total=nbytes)

    def advance(self, path: str, nbytes: int) -> None:
        """Add the bytes of one object."""
        if self._task is not None:
            self._bar.advance(self._task, nbytes)

    def finish(self) -> None:
        """Remove the bar."""
        if self._task is not None:
            self._bar.stop()
            self._task = None


def choose_progress(stream: IO[str]) -> Progress:
    """A bar on a terminal, silence otherwise."""
    return RichBytes() if stream.isatty() else Progress()
