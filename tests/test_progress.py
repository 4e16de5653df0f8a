"""Progress reporting: a bar on terminals only, lines with --verbose."""

from __future__ import annotations

import io

from spotlight_feed.progress import NullProgress, RichBar, VerboseLines, choose_sink


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_sink_choice() -> None:
    assert isinstance(choose_sink(False, io.StringIO()), NullProgress)
    assert isinstance(choose_sink(False, _Tty()), RichBar)
    assert isinstance(choose_sink(True, _Tty()), VerboseLines)


def test_verbose_lines() -> None:
    out = io.StringIO()
    sink = VerboseLines(out)
    sink.start(3, 1)
    sink.episode("a", "reused", "inputs unchanged")
    sink.episode("b", "built", "inputs changed")
    sink.finish()
    assert out.getvalue() == (
        "3 episode(s): 2 reused, 1 to build\n reused a (inputs unchanged)\n  built b (inputs changed)\n"
    )


def test_bar_only_for_long_builds() -> None:
    from rich.console import Console

    out = _Tty()
    bar = RichBar(Console(file=out, force_terminal=True, width=80))
    bar.start(5, 5)
    assert bar._task is None  # five episodes: not worth a bar
    bar.finish()
    bar.start(40, 30)
    for i in range(30):
        bar.episode(f"ep{i}", "built", "new")
    bar.finish()
    assert "building episodes" in out.getvalue()
