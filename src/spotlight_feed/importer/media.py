"""Fetching and checking the files the feed names: audio, cover and episode art.

Each enclosure is downloaded (tracking prefixes already removed, :mod:`.prefixes`),
its size compared with the feed's ``length`` and the file measured as an MP3 by
the project's own probe (:func:`spotlight_feed.audio.probe.probe`): a 404, a file
that is not MPEG audio, or a truncated download is an error naming the item. The
cover is brought within Apple's artwork rule (square, 1400-3000 px, RGB JPEG/PNG;
Apple Podcasts artwork requirements) when it is not, and the original is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..audio.probe import probe
from .fetch import Download, Fetched, Progress, fetch_all
from .mapping import EpisodePlan, ShowPlan
from .report import Report

MIN_PX, MAX_PX = 1400, 3000
UNMEASURED_MS = 24 * 3600 * 1000
"""Stands for the duration of audio that cannot be measured here (no chapter is cut)."""


def fetch_media(
    root: Path,
    plan: ShowPlan,
    episodes: list[EpisodePlan],
    with_cover: bool,
    progress: Progress | None,
    report: Report,
    parts: Path | None = None,
    audio_only: Sequence[EpisodePlan] = (),
) -> set[str]:
    """Download every file of *episodes* (and the cover) under *root*; return failed slugs.

    Partial downloads are kept under *parts* (same relative paths), so that a failed
    import resumes them the next time.
    """

    def part(dest: str) -> Path | None:
        return parts / (dest + ".part") if parts is not None else None

    downloads: list[Download] = []
    owners: dict[Path, EpisodePlan | None] = {}
    if with_cover and plan.cover is not None:
        d = Download(plan.cover.url, root / plan.cover.dest, "cover art", part(plan.cover.dest))
        downloads.append(d)
        owners[d.dest] = None
    for ep in [*episodes, *audio_only]:
        if ep.audio is not None:
            d = Download(ep.audio.url, root / ep.audio.dest, ep.item.label, part(ep.audio.dest))
            downloads.append(d)
            owners[d.dest] = ep
        if ep.image is not None:
            d = Download(
                ep.image.url, root / ep.image.dest, f"{ep.item.label} art", part(ep.image.dest)
            )
            downloads.append(d)
            owners[d.dest] = ep
        for alt in ep.alternates:
            label = f"{ep.item.label} alternate"
            d = Download(alt.url, root / alt.dest, label, part(alt.dest))
            downloads.append(d)
            owners[d.dest] = ep
    failed: set[str] = set()
    durations: dict[str, int] = {}
    for result in fetch_all(downloads, progress):
        owner = owners[result.download.dest]
        if owner is None:
            _cover(root, plan, result, report)
        elif owner.image is not None and result.download.dest == root / owner.image.dest:
            _episode_art(root, owner, result, report)
        elif any(result.download.dest == root / a.dest for a in owner.alternates):
            _alternate(root, owner, result, report)
        elif (ms := _audio(root, owner, result, report)) is None:
            failed.add(owner.slug)
        else:
            durations[owner.slug] = ms
    from .extras import import_chapters, import_transcript
    from .write import write_episode

    for ep in episodes:
        if ep.slug in durations:
            import_transcript(root, ep, report)
            import_chapters(root, ep, durations[ep.slug], report)
            write_episode(root, ep.slug, ep.data)
    return failed


def _audio(root: Path, ep: EpisodePlan, result: Fetched, report: Report) -> int | None:
    """Check the downloaded audio; its duration in ms, or None (and an error) if unusable."""
    where = f"{ep.item.label} (line {ep.item.line})"
    assert ep.audio is not None
    if result.error:
        report.errors.append(f"{where}: enclosure {result.error}")
        return None
    path = root / ep.audio.dest
    if path.suffix.lower() != ".mp3":
        duration_ms = _other_audio(path, ep, where, result, report)
    else:
        info, problems = probe(path, ep.audio.dest)
        if info is None or problems:
            what = "; ".join(p.message for p in problems) or "unreadable"
            ctype = f" (served as {result.content_type})" if result.content_type else ""
            report.errors.append(
                f"{where}: enclosure {ep.audio.url}{ctype} is not MP3 audio: {what}"
            )
            path.unlink(missing_ok=True)
            return None
        duration_ms = info.duration_ms
    if duration_ms is None:
        return None
    declared = ep.audio.declared_length
    if declared is None:
        report.changed.append(
            f"{where}: the feed's enclosure length was 0 or missing; measured {result.size} bytes"
        )
    elif declared != result.size:
        report.changed.append(
            f"{where}: enclosure length {declared} in the feed, {result.size} bytes downloaded "
            "(the new feed carries the length of the tagged copy)"
        )
    said = duration_s(ep.item.duration)
    measured = duration_ms / 1000
    if said is not None and duration_ms != UNMEASURED_MS and abs(said - measured) > 1.5:
        report.changed.append(
            f"{where}: itunes:duration {ep.item.duration} in the feed, the audio measures "
            f"{measured:.0f} s (the new feed carries the measured duration)"
        )
    return duration_ms


def _other_audio(
    path: Path, ep: EpisodePlan, where: str, result: Fetched, report: Report
) -> int | None:
    """A non-MP3 enclosure (M4A, Ogg, FLAC, WAV...): checked by the build's own decoder.

    ``build`` encodes such sources to MP3 (README "Audio sources"), which needs the
    ``audio`` extra; without it the file is kept and the report says so.
    """
    assert ep.audio is not None
    try:
        from ..audio.decode import DecodeError, inspect
    except ImportError:
        report.todo.append(
            f"{where}: the enclosure is {path.suffix[1:].upper()}, which build encodes to MP3 "
            "with the audio extra: pip install 'spotlight-feed[audio]'"
        )
        return UNMEASURED_MS
    try:
        info = inspect(path)
    except DecodeError as exc:
        ctype = f" (served as {result.content_type})" if result.content_type else ""
        report.errors.append(f"{where}: enclosure {ep.audio.url}{ctype} is not audio: {exc}")
        path.unlink(missing_ok=True)
        return None
    report.changed.append(
        f"{where}: the enclosure is {path.suffix[1:].upper()}; build encodes it to MP3 "
        "(encode: in podcast.yaml), so the new enclosure is audio/mpeg"
    )
    return info.duration_ms


def duration_s(raw: str | None) -> float | None:
    """``itunes:duration`` (seconds, ``MM:SS`` or ``HH:MM:SS``) in seconds."""
    if not raw:
        return None
    try:
        parts = [float(p) for p in raw.strip().split(":")]
    except ValueError:
        return None
    total = 0.0
    for p in parts:
        total = total * 60 + p
    return total


def _cover(root: Path, plan: ShowPlan, result: Fetched, report: Report) -> None:
    if result.error:
        report.todo.append(
            f"image: cover art {result.error}; put the cover at {plan.show['image']}"
        )
        return
    path = root / str(plan.show["image"])
    fixed = conform_art(path, report, "cover art")
    if fixed is not None:
        plan.show["image"] = fixed.relative_to(root).as_posix()
        from .write import write_show

        write_show(root, plan.show)


def _alternate(root: Path, ep: EpisodePlan, result: Fetched, report: Report) -> None:
    """An alternate file: dropped from ``alternates:`` if it failed or its SRI differs."""
    dest = result.download.dest.relative_to(root).as_posix()
    where = f"{ep.item.label} (line {ep.item.line}): podcast:alternateEnclosure {dest}"
    problem = result.error
    published = ep.integrity.get(dest)
    if not problem and published:
        from ..write.alternates import sri_sha384

        got = sri_sha384(result.download.dest.read_bytes())
        if got != published[1].strip():
            problem = (
                f"the file's sha384 ({got}) is not the published podcast:integrity "
                f"({published[1].strip()}); not imported"
            )
    if problem:
        report.lost.append(f"{where}: {problem}")
        result.download.dest.unlink(missing_ok=True)
        kept = [a for a in ep.data.get("alternates", []) if a["file"] != dest]
        if kept:
            ep.data["alternates"] = kept
        else:
            ep.data.pop("alternates", None)


def _episode_art(root: Path, ep: EpisodePlan, result: Fetched, report: Report) -> None:
    assert ep.image is not None
    if result.error:
        report.lost.append(f"{ep.item.label}: episode art {result.error}; the show's cover is used")
        return
    ep.data["image"] = ep.image.dest
    fixed = conform_art(root / ep.image.dest, report, f"{ep.item.label}: episode art")
    if fixed is not None:
        ep.data["image"] = fixed.relative_to(root).as_posix()
    from .write import write_episode

    write_episode(root, ep.slug, ep.data)


def conform_art(path: Path, report: Report, what: str) -> Path | None:
    """Bring *path* within Apple's artwork rule; return the new file, or None if it complied.

    Not square: padded to a square (nothing is cut away); smaller than 1400 px:
    scaled up; larger than 3000 px: scaled down; not RGB: converted. The original
    is kept beside it as ``<name>-original.<ext>``.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            im.load()
            fmt = im.format
            w, h = im.size
            ok = fmt in ("JPEG", "PNG") and w == h and MIN_PX <= w <= MAX_PX and im.mode == "RGB"
            named = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}.get(path.suffix.lower())
            if ok and named == fmt:
                return None
            if ok:  # right picture, wrong name: rename it by its real format
                out = path.with_suffix(".jpg" if fmt == "JPEG" else ".png")
                path.rename(out)
                report.changed.append(f"image: {what} is {fmt}; renamed to {out.name}")
                return out
            rgb = im.convert("RGB")
    except (OSError, UnidentifiedImageError) as exc:
        report.todo.append(f"image: {what} is not a readable image ({exc}); replace {path.name}")
        return None
    side = min(max(w, h, MIN_PX), MAX_PX)
    scale = side / max(w, h)
    resized = rgb.resize((max(1, round(w * scale)), max(1, round(h * scale))))
    canvas = Image.new("RGB", (side, side), (0, 0, 0))
    canvas.paste(resized, ((side - resized.width) // 2, (side - resized.height) // 2))
    original = path.with_name(f"{path.stem}-original{path.suffix}")
    path.rename(original)
    out = path.with_suffix(".jpg")
    canvas.save(out, "JPEG", quality=90)
    report.changed.append(
        f"image: {what} was {fmt} {w}x{h}; written as a "
        f"{side}x{side} RGB JPEG {out.name} (Apple: square, 1400-3000 px); the original is "
        f"kept as {original.name}"
    )
    return out
