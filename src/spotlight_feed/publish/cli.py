"""The ``publish`` command's body: flags in, lines out, an exit code back.

Kept out of ``cli.py`` so that the shared CLI module only gains a small hook.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import interrupt_handled
from .run import PublishOptions

Echo = Callable[..., None]


def publish_command(
    project: Path,
    dist: Path | None,
    target: str | None,
    dry_run: bool,
    max_deletes: int | None,
    no_delete: bool,
    force: bool,
    verify: bool,
    echo: Echo,
    keep_removed: str | None = None,
) -> int:
    """Run ``publish`` (and/or ``--verify``); return the exit code."""
    from .command import choose_progress, load_show, plan_lines, run, settings_of

    if verify and (target is None or target.startswith(("http://", "https://"))):
        return verify_command(project, dist, target, echo)
    settings = settings_of(load_show(project))
    options = PublishOptions(
        dry_run=dry_run,
        delete=not no_delete,
        max_deletes=settings.max_deletes if max_deletes is None else max_deletes,
        force=force,
        keep_removed=duration(keep_removed or settings.keep_removed),
    )
    try:
        label, report = run(project, dist, target, options, choose_progress(sys.stderr))
    except KeyboardInterrupt:
        interrupt_handled()
        echo(
            "interrupted: the live feed still names only files that were uploaded before it; "
            "run publish again to complete (dist/ was not changed)",
            err=True,
        )
        return 130
    for note in report.notes:
        echo(f"note: {note}", err=True)
    if dry_run:
        for line in plan_lines(report.plan, label):
            echo(line)
        return 0
    plan = report.plan
    echo(
        f"published to {label}: {report.uploaded} object(s) uploaded ({report.uploaded_bytes} "
        f"bytes), {len(plan.relabels)} relabelled, {len(plan.unchanged)} unchanged, "
        f"{len(report.deleted)} deleted"
    )
    code = verify_command(project, dist, None, echo) if verify else 0
    from .notify import notify_after_publish
    from .run import read_release

    release = read_release(dist or project / "dist")
    feed_url = release.base_url + "feed.xml"
    changed = bool(report.uploaded or report.deleted or plan.relabels)
    for line in notify_after_publish(project, feed_url, changed):
        echo(line, err=True)
    return code


def duration(text: str) -> int:
    """Seconds in ``7d``, ``12h``, ``30m``, ``45s`` or ``0``."""
    from . import PublishError

    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value = text.strip().lower()
    number, unit = (value[:-1], value[-1]) if value[-1:] in units else (value, "s")
    if not number.isdigit():
        raise PublishError(f"--keep-removed {text}: expected a duration such as 7d, 12h or 0")
    return int(number) * units[unit]


def verify_command(project: Path, dist: Path | None, url: str | None, echo: Echo) -> int:
    """``publish --verify [URL]``: 0 clean, 1 problems."""
    from .command import load_show
    from .verify import verify_live

    dist = dist or project / "dist"
    if url is None:
        show = load_show(project)
        settings = show.publish
        base = settings.public_url if settings and settings.public_url else show.base_url
        if (dist / "feed.xml").is_file():
            from .run import read_release

            base = read_release(dist).base_url
        url = base.rstrip("/") + "/feed.xml"
    findings = verify_live(url, dist if (dist / "manifest.json").is_file() else None)
    for f in findings:
        echo(str(f))
    errors = sum(f.severity == "error" for f in findings)
    echo(f"{url}: {errors} error(s), {len(findings) - errors} warning(s)")
    return 1 if errors else 0
