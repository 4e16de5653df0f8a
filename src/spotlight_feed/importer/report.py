"""The migration report: what was carried over, what changed and why, what could not be.

``import`` prints it and writes it beside the show as ``import-report.txt``, so the
podcaster can check every difference before the first build (docs/sources.md
§9.4).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    """Findings of one import, in four kinds."""

    carried: list[str] = field(default_factory=list)
    """Counts of what was carried unchanged (GUIDs, dates, ...)."""
    changed: list[str] = field(default_factory=list)
    """Values that differ in the new show, each with its reason."""
    lost: list[str] = field(default_factory=list)
    """What the new show cannot represent."""
    todo: list[str] = field(default_factory=list)
    """Values the feed did not have and that the user should fill in."""
    errors: list[str] = field(default_factory=list)
    """Items that could not be imported (the import stops unless partial results are asked for)."""
    steps: list[str] = field(default_factory=list)
    """What to do next (the host-side steps of a move)."""

    def render(self) -> str:
        """The report as text, one finding a line under its heading."""
        parts: list[str] = []
        for title, rows in (
            ("Errors", self.errors),
            ("Carried over unchanged", self.carried),
            ("Changed (and why)", self.changed),
            ("Not carried over", self.lost),
            ("Fill in before publishing", self.todo),
            ("Next steps", self.steps),
        ):
            if rows:
                parts.append(f"{title}:\n" + "\n".join(f"  - {r}" for r in rows))
        return "\n\n".join(parts) + "\n"
