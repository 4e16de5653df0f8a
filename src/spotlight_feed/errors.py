"""Error types shared by every stage.

Every problem a user can fix is a :class:`Problem` naming the file, the line and
the field, printed compiler-style (``path:line: field: message``) so that editors
can jump to it. Stages collect problems and raise one :class:`InputError`, so a
single run reports everything that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One fixable problem in one input file."""

    path: str
    """File path as the user knows it (relative to the project root where possible)."""
    line: int | None
    """1-based line number, or ``None`` when the problem concerns the whole file."""
    field: str
    """Dotted field path such as ``chapters[2].start``; empty for whole-file problems."""
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class SpotlightError(Exception):
    """Base class of every error the tool reports to a user without a traceback."""

    exit_code = 1


class InputError(SpotlightError):
    """The project's inputs have one or more problems; nothing was written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=_sort_key)
        files = {p.path for p in self.problems}
        super().__init__(
            f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} "
            f"in {len(files)} file{'s' if len(files) != 1 else ''}"
        )

    def report(self) -> str:
        """All problems, one per line, followed by a summary line."""
        return "\n".join([*map(str, self.problems), f"error: {self}; nothing was written to dist/"])


class BuildError(SpotlightError):
    """A build step failed for a reason other than bad input (disk full, permissions...)."""


def _sort_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.path, p.line or 0, p.field, p.message)


def interrupt_handled() -> None:
    """Call where a Ctrl-C is caught, so ``python -m spotlight_feed`` exits 130, not -SIGINT.

    CPython 3.11 marks a KeyboardInterrupt as "unhandled" whenever one escapes code run
    through ``exec(str)`` (``Python/pythonrun.c``, ``run_eval_code_obj``), and
    ``dataclasses``/``namedtuple`` build their methods that way while a module is
    imported. ``Py_RunMain`` then ends a ``-m`` run by re-raising SIGINT (bpo-1054041,
    https://bugs.python.org/issue1054041), even though this CLI caught the interrupt,
    cleaned up and chose 130. Evaluating a string that succeeds clears that mark.
    """
    exec("pass")  # a constant string: resets CPython's unhandled-interrupt mark
