"""Transcripts and chapters named by the feed, or carried in the MP3 itself.

* ``podcast:transcript`` (Podcasting 2.0 ``docs/tags/transcript.md``): every link is a
  candidate; the best timed one that the project's own readers accept becomes the
  episode's source, in the order VTT, SRT, JSON, plain text (shared/docs/
  platforms-and-hosting.md §5). Its speaker labels become ``voices:`` entries named
  after the label, for the podcaster to check. HTML transcripts have no reader here
  and are reported.
* ``podcast:chapters`` JSON (``docs/tags/chapters.md``, JSON chapters 1.2): ``startTime``,
  ``title``, ``url``, ``img``; chapters with ``toc: false`` are not table-of-contents
  entries and are reported. Without chapters in the feed, the MP3's ID3 ``CHAP`` frames
  (ID3v2 Chapter Frame Addendum 1.0) are read.
* Chapters at or after the end of the audio are dropped and reported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..transcript import read_transcript
from .fetch import Download, fetch_one
from .mapping import EpisodePlan, chapter_entries
from .report import Report

_SOURCE_ORDER = (
    ("vtt", ("text/vtt",)),
    ("srt", ("application/x-subrip", "application/srt", "text/srt")),
    ("json", ("application/json",)),
    ("txt", ("text/plain",)),
)


def _ranked(plan: EpisodePlan) -> list[tuple[str, str]]:
    """(url, suffix) of the readable transcripts, best first."""
    out: list[tuple[str, str]] = []
    for suffix, types in _SOURCE_ORDER:
        for url, mime, _lang in plan.transcripts:
            mime_ok = mime.lower().split(";")[0].strip() in types
            if (mime_ok or url.lower().endswith("." + suffix)) and (url, suffix) not in out:
                out.append((url, suffix))
    return out


def import_transcript(root: Path, plan: EpisodePlan, report: Report) -> None:
    """Fetch the best transcript into the episode folder and point episode.yaml at it."""
    where = plan.item.label
    if not plan.transcripts:
        return
    ranked = _ranked(plan)
    others = [u for u, m, _ in plan.transcripts if u not in {r[0] for r in ranked}]
    for url in others:
        report.lost.append(
            f"{where}: transcript {url} has no reader here (HTML); linked only in the old feed"
        )
    for url, suffix in ranked:
        name = f"transcript.{suffix}"
        dest = root / "episodes" / plan.slug / name
        result = fetch_one(Download(url, dest, f"{where} transcript"))
        if result.error:
            report.lost.append(f"{where}: transcript {result.error}")
            continue
        transcript, problems = read_transcript(dest, f"episodes/{plan.slug}/{name}")
        if transcript is None or problems:
            shown = "; ".join(str(p) for p in problems[:3])
            report.lost.append(
                f"{where}: transcript {url} does not read cleanly ({shown}); not used"
            )
            dest.unlink(missing_ok=True)
            continue
        plan.data["transcript"] = name
        labels = [s for s in transcript.speakers if s]
        if labels:
            plan.data["voices"] = {label: {"name": label, "role": "guest"} for label in labels}
            report.todo.append(
                f"{where}: transcript speakers {', '.join(labels)} imported as guests named after "
                "their labels; set their names and roles under voices:"
            )
        report.carried.append(
            f"{where}: transcript {url} ({suffix}{', timed' if transcript.timed else ''})"
        )
        return


def import_chapters(root: Path, plan: EpisodePlan, duration_ms: int, report: Report) -> None:
    """Chapters from ``podcast:chapters`` JSON, else from the MP3's ID3 CHAP frames."""
    where = plan.item.label
    raw: list[tuple[float, str, str | None, str | None]] = []
    if plan.chapters_url and "chapters" not in plan.data:
        dest = root / "episodes" / plan.slug / "chapters-imported.json"
        result = fetch_one(Download(plan.chapters_url, dest, f"{where} chapters"))
        if result.error:
            report.lost.append(f"{where}: chapters {result.error}")
        else:
            raw = _json_chapters(dest, where, report)
            dest.unlink(missing_ok=True)
    if not raw and "chapters" not in plan.data and plan.audio is not None:
        raw = _id3_chapters(root / plan.audio.dest)
        if raw:
            report.carried.append(
                f"{where}: {len(raw)} chapter(s) read from the MP3's ID3 CHAP frames"
            )
    if not raw and "chapters" not in plan.data:
        return
    entries = chapter_entries(raw, where, report) if raw else list(plan.data["chapters"])
    kept = [c for c in entries if c["start"] * 1000 < duration_ms]
    if len(kept) < len(entries):
        report.lost.append(
            f"{where}: {len(entries) - len(kept)} chapter(s) start at or after the end of the "
            f"audio ({duration_ms / 1000:.1f} s); dropped"
        )
    if kept:
        plan.data["chapters"] = kept
    else:
        plan.data.pop("chapters", None)


def _json_chapters(
    path: Path, where: str, report: Report
) -> list[tuple[float, str, str | None, str | None]]:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        chapters = data["chapters"]
        out = []
        for ch in chapters:
            if ch.get("toc") is False:
                report.lost.append(
                    f"{where}: chapter '{ch.get('title', '')}' is toc: false (not a chapter mark)"
                )
                continue
            out.append(
                (float(ch["startTime"]), str(ch.get("title") or ""), ch.get("url"), ch.get("img"))
            )
        return out
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        report.lost.append(f"{where}: chapters file is not Podcasting 2.0 JSON chapters ({exc})")
        return []


def _id3_chapters(path: Path) -> list[tuple[float, str, str | None, str | None]]:
    from mutagen.id3 import ID3, ID3NoHeaderError

    try:
        tags = ID3(path)  # type: ignore[no-untyped-call]
    except (ID3NoHeaderError, OSError):
        return []
    out: list[tuple[float, str, str | None, str | None]] = []
    for chap in tags.getall("CHAP"):  # type: ignore[no-untyped-call]
        title = next((str(f.text[0]) for f in chap.sub_frames.values() if f.FrameID == "TIT2"), "")
        out.append((chap.start_time / 1000, title, None, None))
    return out
