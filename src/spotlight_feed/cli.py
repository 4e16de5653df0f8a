"""Command-line interface: a thin translator from flags to library calls.

Every command calls one library function; a :class:`~.errors.SpotlightError`
becomes its message on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ._version import __version__
from .errors import InputError, SpotlightError, interrupt_handled

if TYPE_CHECKING:
    from .plan.options import BuildReport

F = TypeVar("F", bound=Callable[..., Any])


def _reports_errors(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            click.echo(exc.report(), err=True)
            sys.exit(exc.exit_code)
        except SpotlightError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            # A file system or network refusal the library did not word itself
            # (a folder that cannot be made, a full disk): its path and reason.
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            interrupt_handled()
            click.echo("interrupted; dist/ was left as it was", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


_FOLDER = click.Path(file_okay=False, path_type=Path)
_project_option = click.option(
    "-C",
    "--project",
    "project",
    type=_FOLDER,
    default=Path("."),
    show_default=True,
    help="Project folder (with podcast.yaml).",
)


def _dist_option(what: str) -> Callable[[F], F]:
    """``--dist``: the built release a command reads; *what* it is, PROJECT/dist by default."""
    return click.option(
        "--dist", type=_FOLDER, default=None, help=f"{what} [default: PROJECT/dist]."
    )


def _out_option(help_text: str) -> Callable[[F], F]:
    """``-o/--out``: the folder a command writes into."""
    return click.option("-o", "--out", type=_FOLDER, default=None, help=help_text)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spotlight-feed")
def main() -> None:
    """Package a podcast for release: feed.xml, tagged MP3s, transcripts and pages."""


@main.command()
@_project_option
@_out_option("Output folder [default: PROJECT/dist].")
@click.option("--base-url", default=None, help="Public URL of the release (overrides base_url).")
@click.option(
    "--id3-version",
    type=click.Choice(["3", "4"]),
    default="3",
    show_default=True,
    help="ID3v2 version of the MP3 tags (2.3 is the most widely read).",
)
@click.option(
    "--allow-removal", is_flag=True, help="Allow dropping episodes recorded in spotlight.lock."
)
@click.option("--wait", is_flag=True, help="Wait for a concurrent build instead of refusing.")
@click.option("--force", is_flag=True, help="Redo every episode, ignoring the last build.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.")
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATETIME",
    help="Publish as of this ISO 8601 date-time with zone: later episodes are held back "
    "[default: SOURCE_DATE_EPOCH, else now].",
)
@click.option("-v", "--verbose", is_flag=True, help="Say which episodes were reused or redone.")
@_reports_errors
def build(
    project: Path,
    out: Path | None,
    base_url: str | None,
    id3_version: str,
    allow_removal: bool,
    wait: bool,
    force: bool,
    jobs: int | None,
    as_of: str | None,
    verbose: bool,
) -> None:
    """Build the release into dist/ (swapped in only when complete)."""
    from .build import BuildOptions
    from .build import build as run_build
    from .progress import choose_sink

    options = BuildOptions(
        out_dir=out,
        base_url=base_url,
        id3_version=int(id3_version),
        as_of=_as_of(as_of),
        allow_removal=allow_removal,
        wait=wait,
        force=force,
        jobs=jobs,
    )
    with _build_signals() as published:
        # the build answers "nothing changed" itself, from stat() alone (release/fast.py)
        report = run_build(project, options, choose_sink(verbose, sys.stderr))
        published()  # the release is live: a Ctrl-C from here on must not say 130
        _print_report(report, force=force)


def _print_report(report: BuildReport, *, force: bool) -> None:
    for note in [*report.notes, *report.release_notes]:
        click.echo(f"note: {note}", err=True)
    if report.up_to_date and force:
        click.echo(
            f"rebuilt {report.episodes} episode(s): the result is identical to "
            f"{report.out_dir}, which was left as it was"
        )
        return
    if report.up_to_date:
        click.echo(f"{report.out_dir} is up to date ({report.episodes} episode(s)); not rewritten")
        return
    click.echo(
        f"built {report.episodes} episode(s) ({len(report.built)} redone, "
        f"{len(report.reused)} reused), {len(report.files)} files in {report.out_dir}"
    )


@contextmanager
def _build_signals() -> Iterator[Callable[[], None]]:
    """Ctrl-C and ``kill`` (SIGTERM) during a build; the handlers are restored after it.

    While the build runs, SIGTERM is treated like Ctrl-C (KeyboardInterrupt), so the
    staging folder is cleaned up and the exit is 130, "interrupted, dist/ as it was".
    The yielded function is called once ``build`` returned: the new release is live
    (``release.staging.SignalsHeld`` covered the publishing step), so both signals are
    ignored while the report prints. Restoring the previous handlers matters when the
    command runs inside another Python process (click's ``CliRunner``, a test suite):
    a handler left at SIG_IGN would be inherited by every process it starts later.
    """
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    def published() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)

    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, stop)
    try:
        yield published
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def _as_of(text: str | None) -> datetime | None:
    """``--as-of``: an ISO 8601 date-time with a zone (``Z`` allowed), else a usage error."""
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        when = None
    if when is None or when.utcoffset() is None:
        raise click.BadParameter(
            f"expected a date-time with a zone such as 2024-05-01T09:00:00Z, got '{text}'",
            param_hint="--as-of",
        )
    return when


@main.command("check")
@click.option(
    "-C",
    "--project",
    "project",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project folder (with podcast.yaml).",
)
@_dist_option("Built release to check")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@_reports_errors
def check(project: Path, dist: Path | None, strict: bool) -> None:
    """Lint inputs and the built release offline; exit 0 clean, 1 problems, 2 usage."""
    from .lint import check as run_check
    from .lint import fatal

    findings = run_check(project, dist)
    for f in findings:
        click.echo(str(f))
    errors = sum(f.severity == "error" for f in findings)
    click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)")
    sys.exit(1 if fatal(findings, strict) else 0)


@main.command()
@_project_option
@_dist_option("Release to measure")
@_reports_errors
def loudness(project: Path, dist: Path | None) -> None:
    """Measure every published episode's loudness against the show's target profile."""
    from .load.project import load_project
    from .write import loudness_report

    root = project.resolve()
    proj = load_project(root, probe_audio=False)
    measured = loudness_report.measure_release(proj, (dist or root / "dist").resolve())
    if measured is None:
        raise click.ClickException("needs the audio extra: pip install 'spotlight-feed[audio]'")
    for line in loudness_report.table(proj, measured):
        click.echo(line)


@main.command()
@click.argument("feed_url")
@_reports_errors
def guid(feed_url: str) -> None:
    """Compute the podcast:guid for FEED_URL (store it in podcast.yaml once)."""
    from .guid import guid_input, podcast_guid

    if not guid_input(feed_url):
        raise SpotlightError(
            f"{feed_url!r} is not a feed URL: give the feed's address, "
            "e.g. https://example.com/feed.xml"
        )
    click.echo(podcast_guid(feed_url))


@main.command()
@_out_option("Write podcast.schema.json and episode.schema.json here instead of stdout.")
@click.option(
    "--write",
    "write_project",
    is_flag=True,
    help="Write them into PROJECT/schemas/, where the YAML files of 'new' point.",
)
@_project_option
@_reports_errors
def schema(out: Path | None, write_project: bool, project: Path) -> None:
    """Print or write the JSON Schemas of podcast.yaml and episode.yaml."""
    from .schemas import render_schemas

    if write_project:
        from .scaffold import write_schemas

        for path in write_schemas(project):
            click.echo(f"wrote {path}")
        return
    schemas = render_schemas()
    if out is None:
        for name, text in schemas.items():
            click.echo(f"// {name}\n{text}")
        return
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schemas.items():
        (out / name).write_text(text, encoding="utf-8")
        click.echo(f"wrote {out / name}")


@main.command("new")
@click.argument("folder", type=_FOLDER)
@click.option("--title", required=True, help="Show title.")
@click.option("--base-url", required=True, help="Public URL where dist/ will be served.")
@_reports_errors
def new(folder: Path, title: str, base_url: str) -> None:
    """Scaffold a new show in FOLDER with a computed podcast:guid."""
    from .scaffold import new_show

    for path in new_show(folder, title=title, base_url=base_url):
        click.echo(f"created {path}")


@main.command("new-episode")
@click.argument("slug")
@_project_option
@click.option("--title", required=True, help="Episode title.")
@click.option(
    "--audio",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The episode's MP3 (copied into media/ when it is outside the project).",
)
@click.option(
    "--published",
    default=None,
    help="Publication date-time with time zone, e.g. 2024-05-01T09:00:00+00:00 [default: now].",
)
@click.option("--number", type=click.IntRange(min=1), default=None, help="Episode number.")
@click.option("--season", type=click.IntRange(min=1), default=None, help="Season number.")
@_reports_errors
def new_episode(
    slug: str,
    project: Path,
    title: str,
    audio: Path | None,
    published: str | None,
    number: int | None,
    season: int | None,
) -> None:
    """Scaffold episodes/SLUG/ with a fresh, permanent guid."""
    from .scaffold import new_episode as make

    made = make(
        project,
        slug,
        title=title,
        audio=audio,
        published=published,
        number=number,
        season=season,
    )
    for path in made:
        click.echo(f"created {path}")


@main.command("publish")
@click.argument("target", required=False)
@_project_option
@_dist_option("Release to publish")
@click.option("--dry-run", is_flag=True, help="Print the plan (with sizes) and change nothing.")
@click.option(
    "--max-deletes",
    type=click.IntRange(min=0),
    default=None,
    help="Skip deleting when more objects would go [default: publish.max_deletes, 20].",
)
@click.option("--no-delete", is_flag=True, help="Never delete objects the release dropped.")
@click.option(
    "--keep-removed",
    default=None,
    metavar="DURATION",
    help="Delete dropped files only this long after (7d, 12h) [default: publish.keep_removed, 0].",
)
@click.option("--force", is_flag=True, help="Publish beside (and over) objects not ours.")
@click.option(
    "--verify",
    is_flag=True,
    help="Check the live release over HTTP (after publishing, or alone: publish --verify [URL]).",
)
@_reports_errors
def publish_cmd(
    target: str | None,
    project: Path,
    dist: Path | None,
    dry_run: bool,
    max_deletes: int | None,
    no_delete: bool,
    force: bool,
    verify: bool,
    keep_removed: str | None,
) -> None:
    """Publish dist/ to TARGET (s3://, git+URL#branch, rsync:DEST, folder); --verify checks it."""
    from .publish.cli import publish_command

    sys.exit(
        publish_command(
            project,
            dist,
            target,
            dry_run,
            max_deletes,
            no_delete,
            force,
            verify,
            click.echo,
            keep_removed=keep_removed,
        )
    )


@main.command("host-config")
@_project_option
@_dist_option("Release to describe")
@_out_option(
    "Where to write _headers, .htaccess, nginx-spotlight.conf [default: PROJECT/host-config]."
)
@_reports_errors
def host_config_cmd(project: Path, dist: Path | None, out: Path | None) -> None:
    """Write host configuration (Netlify/Cloudflare _headers, Apache, nginx) for the release."""
    from .publish.hostconfig import write_host_config
    from .publish.run import read_release

    release = read_release(dist or project / "dist")
    for path in write_host_config(release.files, out or project / "host-config"):
        click.echo(f"wrote {path}")


@main.command("redirects")
@_project_option
@_dist_option("Release whose moved.tsv to read")
@_out_option("Where to write a folder of rules per old host [default: PROJECT/old-host-redirects].")
@click.option(
    "--verify",
    is_flag=True,
    help="Instead, request every old URL and check it answers a 301 to its new URL.",
)
@_reports_errors
def redirects_cmd(project: Path, dist: Path | None, out: Path | None, verify: bool) -> None:
    """Write the old host's 301 rules (nginx, Apache .htaccess, _redirects) from moved.tsv."""
    from .importer.redirects import check_redirects, write_redirects

    if verify:
        checked = check_redirects((dist or project / "dist") / "moved.tsv")
        bad = [c for c in checked if c.problem]
        for c in checked:
            state = "ok" if c.problem is None else "FAIL"
            click.echo(f"{state}: {c.old}: {c.problem or '301 to ' + c.new}")
        click.echo(
            f"{len(checked) - len(bad)} of {len(checked)} old URL(s) answer a 301 to the new one"
        )
        if bad:
            sys.exit(1)
        return

    paths, plan = write_redirects(
        (dist or project / "dist") / "moved.tsv", out or project / "old-host-redirects"
    )
    for path in paths:
        click.echo(f"wrote {path}")
    for host, rules in plan.hosts.items():
        click.echo(f"{host}: {len(rules)} redirect(s)")
    for note in plan.notes:
        click.echo(f"note: {note}")


@main.command("serve")
@_project_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@_reports_errors
def serve_cmd(project: Path, port: int, bind: str) -> None:
    """Preview the release like a good host (Range, types, CORS); rebuilds on change."""
    from .publish.serve import serve_project

    serve_project(project, bind, port, click.echo)


@main.command("align")
@click.argument("episodes", nargs=-1)
@_project_option
@click.option("--all", "all_untimed", is_flag=True, help="Align every episode without timings.")
@click.option("--force", is_flag=True, help="Replace an existing transcript.vtt.")
@click.option(
    "--snap",
    type=click.Choice(["auto", "on", "off"]),
    default="auto",
    show_default=True,
    help="Snap turn boundaries to pauses (auto: only in clean audio).",
)
@click.option(
    "--sentences", is_flag=True, help="One cue per sentence where reliable (default: per turn)."
)
@click.option(
    "--refine",
    is_flag=True,
    help="Re-time the episode's timed transcript sentence by sentence (rewrites transcript.vtt).",
)
@_reports_errors
def align(
    episodes: tuple[str, ...],
    project: Path,
    all_untimed: bool,
    force: bool,
    snap: str,
    sentences: bool,
    refine: bool,
) -> None:
    """Time an episode's plain script against its audio; write transcript.vtt beside it."""
    try:
        from .align.command import align_episodes
    except ImportError as exc:
        raise SpotlightError(
            f"alignment needs numpy and scipy ({exc.name} is missing): "
            "pip install 'spotlight-feed[align]'"
        ) from exc

    def notify(message: str) -> None:
        click.echo(message, err=True)

    done = align_episodes(
        project,
        list(episodes),
        all_untimed=all_untimed,
        force=force,
        snap_policy=snap,  # type: ignore[arg-type]
        by_sentence=sentences,
        refine=refine,
        notify=notify,
    )
    for item in done:
        result = item.alignment
        click.echo(
            f"wrote {item.written}: {len(result.turns)} turns, match score {result.score:.2f}"
            f"{', snapped to pauses' if result.snapped else ''}; review it, then commit it"
        )
        for k in result.doubtful_turns:
            span = result.turns[k]
            click.echo(f"  check turn {k + 1} at {span.start_ms / 1000:.1f} s by ear (weak match)")
        if item.hint:
            click.echo(f"note: {item.hint}", err=True)
    if not done:
        click.echo("nothing to align", err=True)


@main.command("import")
@click.argument("feed")
@click.argument("folder", required=False, type=_FOLDER)
@click.option("--metadata-only", is_flag=True, help="Write the YAML files only; fetch no media.")
@click.option(
    "--redirect-from",
    metavar="URL",
    default=None,
    help="The address the feed is published at now (migration mode; default: its self link).",
)
@click.option("--base-url", default=None, help="Public URL where the new dist/ will be served.")
@click.option("--owner-email", default=None, help="Confirm ownership of a podcast:locked feed.")
@click.option("--keep-partial", is_flag=True, help="Import what can be, skipping broken items.")
@click.option("--strict", is_flag=True, help="Refuse a feed that is not well-formed XML.")
@_reports_errors
def import_cmd(
    feed: str,
    folder: Path | None,
    metadata_only: bool,
    redirect_from: str | None,
    base_url: str | None,
    owner_email: str | None,
    keep_partial: bool,
    strict: bool,
) -> None:
    """Import an existing show from its FEED (URL or file) into FOLDER (default: here)."""
    from .importer.cli import run_import

    run_import(
        feed,
        folder or Path("."),
        metadata_only=metadata_only,
        redirect_from=redirect_from,
        base_url=base_url,
        owner_email=owner_email,
        keep_partial=keep_partial,
        strict=strict,
    )
