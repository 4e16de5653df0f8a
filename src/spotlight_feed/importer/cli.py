"""The ``import`` command's output: progress on stderr, the report on stdout."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import TaskID

from .command import REPORT_FILE, ImportFailed, ImportOptions, import_show
from .fetch import Fetched


def _line(result: Fetched, done: int, total: int) -> str:
    state = f"failed: {result.error}" if result.error else f"{result.size / 1e6:.1f} MB"
    resumed = ", resumed" if result.resumed else ""
    return f"[{done}/{total}] {result.download.label}: {state}{resumed}"


def _progress(result: Fetched, done: int, total: int) -> None:
    click.echo(_line(result, done, total), err=True)


class _Bar:
    """A progress bar on a terminal (rich), with a line for each failed download."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.progress = Progress(
            TextColumn("downloading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self.task: TaskID | None = None

    def __call__(self, result: Fetched, done: int, total: int) -> None:
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("", total=total)
        self.progress.update(self.task, completed=done, description=result.download.label[:60])
        if result.error:
            self.progress.console.print(_line(result, done, total), markup=False, highlight=False)
        if done == total:
            self.progress.stop()


def run_import(
    feed: str,
    folder: Path,
    *,
    metadata_only: bool,
    redirect_from: str | None,
    base_url: str | None,
    owner_email: str | None,
    keep_partial: bool,
    strict: bool,
) -> None:
    """Run the import and print its migration report; exit 1 with the report on failure."""
    options = ImportOptions(
        metadata_only=metadata_only,
        redirect_from=redirect_from,
        base_url=base_url,
        owner_email=owner_email,
        keep_partial=keep_partial,
        strict=strict,
        notify=lambda m: click.echo(m, err=True),
        progress=_Bar() if sys.stderr.isatty() else _progress,
    )
    try:
        report = import_show(feed, folder, options)
    except ImportFailed as exc:
        if exc.report is not None:
            click.echo(exc.report.render(), err=True)
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(report.render())
    click.echo(f"imported into {folder} (this report is also in {folder / REPORT_FILE})")
