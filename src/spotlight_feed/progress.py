"""Build progress: a rich progress bar on a terminal, reuse/redo lines with --verbose.

The build calls a :class:`ProgressSink`; it never prints. The CLI picks a sink:
:class:`RichBar` when stderr is a terminal and the build has enough episodes to
take a while, :class:`VerboseLines` with ``--verbose``, :class:`WarningLines`
otherwise (so logs and pipes get the warnings and nothing else). Each of the three
prints the show's first-hour warnings (:meth:`ProgressSink.warn`) as
``warning: <file>:<line>: <field>: <message>`` lines on the stream, before any work.
"""

from __future__ import annotations

from typing import IO, Any, Protocol

BAR_THRESHOLD = 20
"""Episodes to redo before a bar is worth drawing."""


class ProgressSink(Protocol):
    """Receives build events."""

    def warn(self, message: str) -> None:
        """A first-hour warning about the show (:mod:`.load.advice`), said before any work."""

    def start(self, total: int, todo: int) -> None:
        """*total* episodes, of which *todo* must be redone."""

    def episode(self, slug: str, action: str, reason: str) -> None:
        """One episode finished: *action* is ``reused`` or ``built``; *reason* says why."""

    def finish(self) -> None:
        """The per-episode work is over."""


class NullProgress:
    """Says nothing."""

    def warn(self, message: str) -> None:
        """Ignore (the library's callers find them in ``BuildReport.warnings``)."""

    def start(self, total: int, todo: int) -> None:
        """Ignore."""

    def episode(self, slug: str, action: str, reason: str) -> None:
        """Ignore."""

    def finish(self) -> None:
        """Ignore."""


class WarningLines(NullProgress):
    """The warnings, one line each, and nothing else."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def warn(self, message: str) -> None:
        """Print it."""
        print(f"warning: {message}", file=self.stream)


class VerboseLines(WarningLines):
    """One line per episode: what was reused and what was redone, and why."""

    def start(self, total: int, todo: int) -> None:
        """Announce the plan."""
        print(f"{total} episode(s): {total - todo} reused, {todo} to build", file=self.stream)

    def episode(self, slug: str, action: str, reason: str) -> None:
        """Say what happened to *slug*."""
        print(f"{action:>7} {slug} ({reason})", file=self.stream)

    def finish(self) -> None:
        """Nothing to close."""


class RichBar(WarningLines):
    """A transient rich progress bar on stderr for builds with many episodes to redo."""

    def __init__(self, console: Any = None, stream: IO[str] | None = None) -> None:
        import sys

        super().__init__(stream or sys.stderr)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=True,
        )
        self._task: int | None = None

    def start(self, total: int, todo: int) -> None:
        """Draw the bar if enough work is ahead."""
        if todo >= BAR_THRESHOLD:
            self._progress.start()
            self._task = self._progress.add_task("building episodes", total=total)

    def episode(self, slug: str, action: str, reason: str) -> None:
        """Advance by one."""
        if self._task is not None:
            self._progress.advance(self._task)  # type: ignore[arg-type]

    def finish(self) -> None:
        """Remove the bar."""
        if self._task is not None:
            self._progress.stop()
            self._task = None


def choose_sink(verbose: bool, stream: IO[str]) -> ProgressSink:
    """Lines with *verbose*; a bar when *stream* is a terminal; otherwise silence."""
    if verbose:
        return VerboseLines(stream)
    if stream.isatty():
        return RichBar(stream=stream)
    return WarningLines(stream)
