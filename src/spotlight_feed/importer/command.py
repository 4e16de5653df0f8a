"""``spotlight-feed import FEED [FOLDER]``: the whole import, I/O at this edge only.

Order of work: read every page of the feed (RFC 5005 §3 ``rel="next"`` paging),
refuse a ``podcast:locked`` feed unless the owner is confirmed, map it
(:mod:`.mapping`), stop before writing anything if an item cannot be imported
(unless partial results are asked for), write the folder in a staging folder
beside the target, download and check the media, and only then move it in. A
re-import into an existing show adds only new episodes and reports how the feed
differs from the local files; it never overwrites them.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import replace as copy_with
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..errors import SpotlightError
from .fetch import Fetched, open_source
from .mapping import EpisodePlan, MappingError, Options, ShowPlan, map_feed
from .model import Feed
from .parse import parse_feed
from .report import Report
from .write import (
    EPISODE_HEADER,
    SHOW_HEADER,
    dump_yaml,
    existing_episodes,
    seed_lock,
    write_episode,
    write_show,
    write_text,
)

MAX_PAGES = 1000
REPORT_FILE = "import-report.txt"


class ImportFailed(SpotlightError):
    """The import stopped; the report says why. Nothing was written."""

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class ImportOptions:
    """Every choice of ``import``."""

    metadata_only: bool = False
    redirect_from: str | None = None
    base_url: str | None = None
    owner_email: str | None = None
    keep_partial: bool = False
    strict: bool = False
    notify: Callable[[str], None] = field(default=lambda _m: None)
    progress: Callable[[Fetched, int, int], None] | None = None


def read_feed(source: str, *, strict: bool = False) -> Feed:
    """Every page of the feed at *source*, items in order (RFC 5005 §3 paged feeds)."""
    seen = [source]
    with open_source(source) as stream:
        feed = parse_feed(stream, recover=not strict)
    feed.pages = [source]
    nxt = feed.channel.next_url
    while nxt:
        url = urljoin(seen[-1], nxt)
        if url in seen:
            feed.problems.append(f"page {len(seen)} links back to {url}; stopped there")
            break
        if len(seen) >= MAX_PAGES:
            feed.problems.append(f"more than {MAX_PAGES} pages; stopped at {url}")
            break
        seen.append(url)
        with open_source(url) as stream:
            page = parse_feed(stream, recover=not strict)
        offset = len(feed.items)
        for item in page.items:
            item.position += offset
        feed.items.extend(page.items)
        feed.problems.extend(f"page {len(seen)}: {p}" for p in page.problems)
        feed.pages.append(url)
        nxt = page.channel.next_url
    return feed


def check_locked(feed: Feed, owner_email: str | None) -> None:
    """Refuse a ``podcast:locked`` feed unless *owner_email* is its owner's.

    Podcasting 2.0 ``docs/tags/locked.md``: "yes" means other platforms must not
    import the feed; the owner e-mail is how a move is verified.
    """
    c = feed.channel
    if (c.locked or "").strip().lower() != "yes":
        return
    owner = (c.locked_owner or c.owner_email or "").strip().lower()
    if owner_email and owner and owner_email.strip().lower() == owner:
        return
    why = (
        "the feed is locked (podcast:locked yes): its owner asked that no other platform "
        "import it, which protects a show from being copied."
    )
    if not owner_email:
        raise ImportFailed(
            f"{why} If it is your show, confirm with --owner-email ADDRESS "
            "(the lock's owner e-mail), or unlock it at the old host first"
        )
    raise ImportFailed(
        f"{why} --owner-email {owner_email} does not match the lock's owner"
        + (f" ({_mask(owner)})" if owner else " (the feed names no owner e-mail)")
    )


def _mask(email: str) -> str:
    name, _, host = email.partition("@")
    return f"{name[:1]}…@{host}"


def import_show(source: str, folder: Path, options: ImportOptions) -> Report:
    """Import the feed at *source* into *folder*; return the migration report."""
    folder = folder.resolve()  # "." has no name or parent of its own
    feed = read_feed(source, strict=options.strict)
    options.notify(f"read {len(feed.items)} item(s) from {len(feed.pages)} page(s)")
    check_locked(feed, options.owner_email)
    existing = existing_episodes(folder) if (folder / "podcast.yaml").is_file() else None
    map_options = Options(
        old_feed_url=options.redirect_from
        or (source if source.lower().startswith(("http://", "https://")) else None),
        base_url=options.base_url,
        owner_email=options.owner_email,
        keep_partial=options.keep_partial,
        redirect_from=options.redirect_from is not None,
        now=datetime.now(UTC).replace(microsecond=0),
    )
    self_url = (feed.channel.self_url or "").strip()
    self_note = None
    if options.redirect_from is None and self_url:
        if _names_a_site(self_url, feed.channel.link):
            # a self link that is the web site (Giant Bomb's feed has one) would give the
            # show a podcast:guid and a 301 plan of the wrong address
            if not map_options.old_feed_url:
                raise ImportFailed(
                    f"the feed's atom:link rel=\"self\" is {self_url}, the site's address, not "
                    "the feed's; give the address the feed is published at with "
                    "--redirect-from URL"
                )
            self_note = (
                f'atom:link rel="self" is {self_url}, the site\'s address; the old feed URL '
                f"is the one it was read from, {map_options.old_feed_url}"
            )
        else:
            map_options.old_feed_url = self_url
    try:
        plan = map_feed(feed, map_options, {g: s for g, (s, _) in (existing or {}).items()})
    except MappingError as exc:
        raise ImportFailed(str(exc)) from exc
    report = plan.report
    if self_note:
        report.changed.append(self_note)
    if report.errors and not plan.episodes:  # (--keep-partial would import nothing)
        raise ImportFailed(f"nothing can be imported: {report.errors[0]}", report)
    if report.errors and not options.keep_partial:
        raise ImportFailed(
            f"{len(report.errors)} item(s) cannot be imported; nothing was written "
            "(--keep-partial imports the rest)",
            report,
        )
    if existing is not None:
        _reimport_diff(folder, plan, existing)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.import-", dir=folder.parent))
    replace: set[str] = set()
    try:
        new = [e for e in plan.episodes if existing is None or e.data["guid"] not in existing]
        with_cover = existing is None
        audio_only: list[EpisodePlan] = []
        if existing is not None and not options.metadata_only:
            with_cover, audio_only = _fill_in(folder, plan, existing, new, replace, report)
        if existing is None or "podcast.yaml" in replace:
            write_show(staging, plan.show)
        for ep in new:
            write_episode(staging, ep.slug, ep.data)
        if not options.metadata_only:
            from .media import fetch_media

            parts = folder.parent / f".{folder.name}.import-parts"
            failed = fetch_media(
                staging, plan, new, with_cover, options.progress, report, parts, audio_only
            )
            if failed and not options.keep_partial:
                raise ImportFailed(
                    f"{len(failed)} episode(s) could not be fetched; nothing was written "
                    "(--keep-partial imports the rest; run import again to resume broken "
                    "downloads)",
                    report,
                )
            shutil.rmtree(parts, ignore_errors=True)
            new = [e for e in new if e.slug not in failed]
            for slug in failed:
                shutil.rmtree(staging / "episodes" / slug, ignore_errors=True)
        else:
            report.todo.append(
                "media: imported with --metadata-only; run import again without it to fetch "
                "the audio and art build needs"
            )
        _steps(plan, report)
        _move_in(staging, folder, replace)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    seed_lock(
        folder,
        plan.show["podcast_guid"],
        plan.show["base_url"],
        [(e.data["guid"], e.slug) for e in new],
    )
    report.carried.append(f"{len(new)} episode(s) written, every guid recorded in spotlight.lock")
    write_text(folder / REPORT_FILE, report.render())
    return report


def _move_in(staging: Path, folder: Path, replace: set[str] | None = None) -> None:
    """Move the staged files into *folder*, replacing only the files named in *replace*."""
    if not folder.exists():  # a fresh import: one rename
        staging.rename(folder)
        return
    for path in sorted(staging.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(staging).as_posix()
        target = folder / rel
        if target.exists() and rel not in (replace or set()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target)


def _fill_in(
    folder: Path,
    plan: ShowPlan,
    existing: dict[str, tuple[str, dict[str, Any]]],
    new: list[EpisodePlan],
    replace: set[str],
    report: Report,
) -> tuple[bool, list[EpisodePlan]]:
    """After a ``--metadata-only`` import: what a full import may still fetch and write.

    An episode whose audio file is missing is imported again in full when its
    episode.yaml is exactly what import wrote (no local edit to lose); when it was
    edited, only its audio is fetched, to the path its ``audio:`` names. The same
    for podcast.yaml and the cover. Returns (fetch the cover, audio-only episodes).
    """
    audio_only: list[EpisodePlan] = []
    refreshed = 0
    for ep in plan.episodes:
        if ep.data["guid"] not in existing:
            continue
        slug, local = existing[ep.data["guid"]]
        local_audio = str(local.get("audio") or "")
        if not local_audio or (folder / local_audio).exists():
            continue
        meta = f"episodes/{slug}/episode.yaml"
        if (folder / meta).read_text(encoding="utf-8") == EPISODE_HEADER + dump_yaml(ep.data):
            new.append(ep)
            replace.add(meta)
            refreshed += 1
        elif ep.audio is not None:
            only = copy_with(
                ep, audio=copy_with(ep.audio, dest=local_audio), image=None, alternates=[]
            )
            only.transcripts, only.chapters_url = [], None
            audio_only.append(only)
            report.changed.append(
                f"{meta}: edited since the import, so only its audio was fetched (to "
                f"{local_audio}); transcripts and chapters were not imported over your edits"
            )
    if refreshed:
        report.carried.append(
            f"{refreshed} episode(s) imported earlier with --metadata-only now imported in full"
        )
    image = str(plan.show.get("image") or "")
    with_cover = False
    local_show = (folder / "podcast.yaml").read_text(encoding="utf-8")
    if image and not (folder / image).exists() and local_show == SHOW_HEADER + dump_yaml(plan.show):
        with_cover = True
        replace.add("podcast.yaml")
    return with_cover, audio_only


_COMPARED = ("title", "published", "summary", "number", "season", "episode_type", "explicit")


def _reimport_diff(
    folder: Path, plan: ShowPlan, existing: dict[str, tuple[str, dict[str, Any]]]
) -> None:
    report = plan.report
    added = sum(1 for e in plan.episodes if e.data["guid"] not in existing)
    report.carried.append(
        f"re-import into {folder}: {added} new episode(s) added; "
        f"{len(plan.episodes) - added} already there were left as they are"
    )
    in_feed = {e.data["guid"] for e in plan.episodes}
    for guid, (slug, _local) in sorted(existing.items(), key=lambda kv: kv[1][0]):
        if guid not in in_feed:
            report.changed.append(
                f"episodes/{slug}: guid '{guid}' is not in the feed (anymore); the episode was "
                "left as it is"
            )
    for ep in plan.episodes:
        if ep.data["guid"] not in existing:
            continue
        slug, local = existing[ep.data["guid"]]
        for key in _COMPARED:
            theirs = ep.data.get(key)
            ours = local.get(key)
            if key == "published" and ours is not None:
                ours = ours.isoformat() if hasattr(ours, "isoformat") else str(ours)
            if theirs is not None and ours is not None and str(ours) != str(theirs):
                report.changed.append(
                    f"episodes/{slug}: {key} differs from the feed (local '{ours}', feed "
                    f"'{theirs}'); the local value was kept"
                )


def _names_a_site(url: str, link: str | None) -> bool:
    """Whether a feed's self link is really its web site: no path, or the channel's link."""
    from urllib.parse import urlsplit

    path = urlsplit(url).path
    same = bool(link) and url.rstrip("/") == (link or "").strip().rstrip("/")
    return path in ("", "/") or same


def _steps(plan: ShowPlan, report: Report) -> None:
    new_feed = plan.show.get("new_feed_url") or plan.show["base_url"] + "feed.xml"
    if new_feed == plan.old_feed_url or any(t.startswith("base_url:") for t in report.todo):
        # base_url is still the guess beside the old feed: name the step, not a wrong URL
        new_feed = "the new feed.xml (base_url + feed.xml, once base_url is set)"
    tag = (
        f"the new feed carries <itunes:new-feed-url>{new_feed}</itunes:new-feed-url> while "
        "moved_from is set in podcast.yaml: keep it for at least four weeks"
    )
    report.steps += [
        "spotlight-feed build, then upload dist/ to " + plan.show["base_url"],
        f"at the old host, redirect {plan.old_feed_url} to {new_feed} with a permanent "
        "301 (not 302), and keep it in place; if the old host can still edit its feed, "
        f"put <itunes:new-feed-url>{new_feed}</itunes:new-feed-url> in it too",
        tag + " (Apple asks for both the 301 and the tag)",
        "Apple Podcasts Connect and the Podcast Index follow the 301; check that both show "
        "the new URL, and update Spotify and other directories by hand",
        "dist/moved.tsv (written by every build while moved_from is set) lists every old "
        "URL (feed and enclosures) with its new URL, for hosts that can redirect files too; "
        "after the build, spotlight-feed redirects writes it as nginx, Apache (.htaccess) "
        "and Netlify/Cloudflare (_redirects) rules for an old host you run yourself",
    ]
