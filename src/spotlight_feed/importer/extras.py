"""Transcripts and chapters named by the feed, or carried in the MP3 itself.

* ``podcast:transcript`` (Podcasting 2.0 ``docs/tags/transcript.md``): every link is a
  candidate; the best timed one that the project's own readers accept becomes the
  episode's source, in the order VTT, SRT, JSON, plain text (docs/sources.md
  §9.4). Its speaker labels become ``voices:`` entries named
  after the label, for the podcaster to check. An HTML transcript, the last choice, is
  converted to the plain speaker-turn script (``<cite>Name</cite>`` then ``<p>`` paragraphs,
  the shape this project and Podlove publish, or ``<p>Name: text</p>``); without speakers
  it is reported and not used.
* ``podcast:chapters`` JSON (``docs/tags/chapters.md``, JSON chapters 1.2): ``startTime``,
  ``title``, ``url``, ``img``; chapters with ``toc: false`` are not table-of-contents
  entries and are reported. Without chapters in the feed, the MP3's ID3 ``CHAP`` frames
  (ID3v2 Chapter Frame Addendum 1.0) are read.
* Chapters at or after the end of the audio are dropped and reported.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from lxml import etree

from ..transcript import read_transcript
from .fetch import Download, fetch_one
from .mapping import EpisodePlan, chapter_entries
from .report import Report

_SOURCE_ORDER = (
    ("vtt", ("text/vtt",)),
    ("srt", ("application/x-subrip", "application/srt", "text/srt")),
    ("json", ("application/json",)),
    ("txt", ("text/plain",)),
    ("html", ("text/html",)),
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
        report.lost.append(f"{where}: transcript {url} is of a type no reader here knows")
    for url, suffix in ranked:
        name = f"transcript.{'txt' if suffix == 'html' else suffix}"
        dest = root / "episodes" / plan.slug / name
        result = fetch_one(Download(url, dest, f"{where} transcript"))
        if result.error:
            report.lost.append(f"{where}: transcript {result.error}")
            continue
        if suffix == "html":
            script = html_to_script(dest.read_bytes())
            if script is None:
                report.lost.append(f"{where}: HTML transcript {url} names no speakers; not used")
                dest.unlink(missing_ok=True)
                continue
            dest.write_text(script, encoding="utf-8")
            report.changed.append(
                f"{where}: HTML transcript {url} converted to a plain script ({name}, untimed)"
            )
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
            plan.data["voices"] = voices_for(labels, plan, report)
            known = _persons(plan)
            unknown = [label for label in labels if label.strip().lower() not in known]
            if unknown:
                report.todo.append(
                    f"{where}: transcript speakers {', '.join(unknown)} imported as guests named "
                    "after their labels; set their names and roles under voices:"
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


def html_to_script(data: bytes) -> str | None:
    """An HTML transcript as the plain speaker-turn script, or None without speakers."""
    from lxml import html

    try:
        root = html.document_fromstring(data)
    except (ValueError, etree.ParserError):
        return None
    turns: list[tuple[str, list[str]]] = []
    cited = next(root.iter("cite"), None) is not None
    for el in root.iter("cite", "p"):
        text = " ".join(el.text_content().split())
        if not text:
            continue
        if el.tag == "cite":
            turns.append((text.rstrip(":：").strip(), []))
        elif not cited and (m := re.match(r"^([^:：]{1,40})[:：]\s*(.+)$", text)):
            turns.append((m.group(1).strip(), [m.group(2)]))
        elif turns:
            turns[-1][1].append(text)
    turns = [(label, words) for label, words in turns if label and words]
    if not turns:
        return None
    return "\n\n".join(f"{label}\n{' '.join(words)}" for label, words in turns) + "\n"


def _persons(plan: EpisodePlan) -> dict[str, Any]:
    """The item's podcast:person entries by name (lower case), as config values."""
    from .mapping import person_values

    out: dict[str, Any] = {}
    for p in plan.item.persons:
        values = person_values(p, plan.item.label, Report())
        if values is not None:
            out.setdefault(p.name.strip().lower(), values)
    return {k: v for k, v in out.items()}


def voices_for(labels: list[str], plan: EpisodePlan, report: Report) -> dict[str, Any]:
    """``voices:`` for the transcript's speaker labels.

    A label that is the name of one of the item's ``podcast:person`` entries becomes that
    person (role, group, href, img); any other label a guest named after it.
    """
    persons = _persons(plan)
    voices: dict[str, Any] = {}
    for label in labels:
        person = persons.get(label.strip().lower())
        voices[label] = dict(person) if person else {"name": label, "role": "guest"}
    return voices
