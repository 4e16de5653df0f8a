"""Publish stage for transcripts: one source, every format apps read, one set of names.

The episode's transcript is relabelled once with the display names of its
voices (``Voice 3`` -> ``Masaki Ikegami (quoted)``) and handed to every writer,
so speakers are named the same way in each file. A timed source gives all five
formats; an untimed one gives HTML and plain text only, and a note says why: no
captions, and no JSON, as the Podcasting 2.0 JSON transcript requires ``startTime`` on
every segment (``docs/examples/transcripts/transcripts.md``, docs/sources.md §2.3).

Feed links follow docs/sources.md §1.1 and §2.6: exactly one ``podcast:transcript`` per
file, with the MIME type the transcript spec names for it (Podcasting 2.0
``docs/tags/transcript.md``: ``text/vtt``, ``application/x-subrip``,
``application/json``, ``text/html``, ``text/plain``), its language, and
``rel="captions"`` on timed files. The SRT file is no longer linked a second time as
``application/srt``: apps listed it twice, and Pocket Casts, the app that needed it,
reads ``application/x-subrip`` since 2024 (docs/sources.md §2.6).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Episode
from ..plan.captionstyle import DEFAULT, CaptionStyles
from ..plan.layout import safe_join
from ..plan.outputs import PublishedTranscript
from ..plan.plan import EpisodePlan
from ..transcript import html_transcript, plain, podcast_json, srt, vtt
from ..transcript.captions import Caption, captions, estimated
from ..transcript.formats import FORMATS
from ..transcript.languages import language_name
from ..transcript.model import Transcript


def render(
    transcript: Transcript,
    *,
    title: str,
    language: str,
    styles: CaptionStyles = DEFAULT,
    vtt_captions: list[Caption] | None = None,
) -> dict[str, str]:
    """Every format of *transcript* (already relabelled) as text, by format key.

    *vtt_captions*: the WebVTT captions if the caller has cut them already (they are
    cut once per build, for the file and the build note). Captions are cut with the line-break
    rules of *language*.
    """
    styles = styles.in_language(language)
    writers: dict[str, Callable[[], str]] = {
        "vtt": lambda: vtt.format_captions(
            vtt_captions if vtt_captions is not None else captions(transcript, styles.vtt)
        ),
        "srt": lambda: srt.write_srt(transcript, style=styles.srt),
        "json": lambda: podcast_json.write_podcast_json(transcript),
        "html": lambda: html_transcript.write_html(
            transcript, title=f"Transcript: {title}", language=language
        ),
        "txt": lambda: plain.write_plain(transcript),
    }
    return {f.key: writers[f.key]() for f in FORMATS if transcript.timed or not f.timed_only}


@dataclass
class Published:
    """What :func:`write_transcripts` wrote."""

    published: list[PublishedTranscript] = field(default_factory=list)
    """Which transcripts, timed or not (the feed's links are the plan's files of these)."""
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def write_transcripts(
    episode: Episode,
    plan: EpisodePlan,
    staging: Path,
    styles: CaptionStyles = DEFAULT,
) -> Published:
    """Write every format of the episode's transcript under *staging*, where *plan* says.

    The transcript is in the plan's language (the episode's, else the show's); *styles* are
    the show's caption styles (``captions:`` in podcast.yaml).
    """
    language = plan.language
    result = Published()
    transcript = episode.named  # relabelled once per episode (Episode.named)
    if transcript is None:
        return result
    caps = captions(transcript, styles.in_language(language).vtt) if transcript.timed else None
    texts = render(
        transcript, title=episode.config.title, language=language, styles=styles, vtt_captions=caps
    )
    if caps is not None:
        guessed = estimated(caps, transcript)
        if guessed and any(c.marks for c in transcript.cues):
            result.notes.append(
                f"episodes/{episode.slug}: captions: {guessed} of {len(caps)} cue starts are "
                "estimated by characters between the measured sentence and phrase starts"
            )
        elif guessed:
            result.notes.append(
                f"episodes/{episode.slug}: captions: {guessed} of {len(caps)} cue starts are "
                "estimated by characters inside a timed cue (spotlight-feed align --refine "
                "times every sentence)"
            )
    if not transcript.timed:
        result.notes.append(
            f"episodes/{episode.slug}: transcript is untimed; HTML and text only: no VTT/SRT "
            "captions and no JSON transcript, which requires startTime (run spotlight-feed align)"
        )
    _write(texts, plan, None, staging, result)
    result.published.append(PublishedTranscript(None, transcript.timed))
    for tr, other in episode.named_translations:  # transcript.<lang>.* (issue #15), each
        if other is None:  # in every format
            continue
        title = f"{episode.config.title} ({language_name(tr.language)})"
        texts = render(other, title=title, language=tr.language, styles=styles)
        _write(texts, plan, tr.language, staging, result)
        result.published.append(PublishedTranscript(tr.language, other.timed))
        if not other.timed:
            result.notes.append(
                f"episodes/{episode.slug}: {tr.display} is untimed; HTML and text only"
            )
    return result


def _write(
    texts: dict[str, str],
    plan: EpisodePlan,
    language: str | None,
    staging: Path,
    result: Published,
) -> None:
    made: set[Path] = set()  # the formats share a folder: made once, not once a file
    for key, text in texts.items():  # in FORMATS order
        rel = plan.transcript_file(language, key).rel
        dst = safe_join(staging, rel)
        if dst.parent not in made:
            dst.parent.mkdir(parents=True, exist_ok=True)
            made.add(dst.parent)
        _write_file(dst, text.encode("utf-8"))
        result.files.append(rel)


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
"""What :meth:`Path.write_bytes` opens a file with (``open(path, "wb")``), without the
buffered file object around it."""


def _write_file(path: Path, data: bytes) -> None:
    """``path.write_bytes(data)`` as one ``os.open`` and ``os.write`` (issue #18).

    The same file, mode (``0o666`` less the umask) and bytes as :meth:`Path.write_bytes`;
    :func:`os.open` makes the descriptor non-inheritable (PEP 446), as :func:`open` does.
    """
    fd = os.open(path, _FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:  # os.write may write less than asked (a full disk raises OSError)
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
