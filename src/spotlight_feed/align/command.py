"""``spotlight-feed align``: write a timed transcript beside an episode's plain script.

For each chosen episode it reads the plain speaker-turn script (``transcript.txt``,
or the ``transcript:`` the episode names if that is a ``.txt``), aligns it to the
episode's audio and writes ``transcript.vtt`` beside it: one cue per turn, with
the script's own speaker labels (so ``voices:`` still applies) and its text
unchanged (or, with ``by_sentence``, one cue per reliably timed sentence). The
script is never modified; an existing timed file is only replaced with ``force``.
The podcaster reviews the file (any player with captions will do) and commits
it; ``build`` then reads the timed source.

Every turn carries the measured start of each of its reliably timed sentences as WebVTT
inline timestamps (``Cue.marks``, :mod:`spotlight_feed.transcript.marks`), so the
captions start where each sentence is spoken (issue #15).

With ``refine``, the source is the episode's timed transcript instead (timed only per
turn, as most editors export): its text and labels are aligned again and
``transcript.vtt`` is rewritten with the same cues and turn times, plus the measured
sentence starts inside each turn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..load.project import load_project
from ..model import Episode, Project, effective_language
from ..transcript import read_transcript
from ..transcript.vtt import write_vtt
from .aligner import Alignment, align
from .errors import AlignError
from .snap import SnapPolicy

PLAIN_NAME = "transcript.txt"
TIMED_NAME = "transcript.vtt"


@dataclass(frozen=True)
class Aligned:
    """What ``align`` did for one episode."""

    slug: str
    written: str
    """Display path of the timed transcript written."""
    alignment: Alignment
    hint: str | None
    """What the podcaster still has to do for build to use it, if anything."""


def align_episodes(
    root: Path,
    slugs: list[str],
    *,
    all_untimed: bool = False,
    force: bool = False,
    snap_policy: SnapPolicy = "auto",
    by_sentence: bool = False,
    refine: bool = False,
    notify: Callable[[str], None] | None = None,
) -> list[Aligned]:
    """Align the episodes named by *slugs* (or every untimed one); see the module docstring."""
    project = load_project(root)
    if refine and all_untimed:
        raise AlignError("--refine works on timed transcripts; name the episodes, not --all")
    chosen = _choose(project, slugs, all_untimed, force, notify)
    done: list[Aligned] = []
    for episode in chosen:
        if not refine:
            _refuse_overwrite(episode, force)
        if notify:
            notify(f"{'refining' if refine else 'aligning'} {episode.slug} ...")
        if refine:
            done.append(_refine_one(project, episode, snap_policy))
        else:
            done.append(_align_one(project, episode, force, snap_policy, by_sentence))
    return done


def _refine_one(project: Project, episode: Episode, policy: SnapPolicy) -> Aligned:
    """Sentence timings for an episode's turn-timed transcript (see the module docstring)."""
    folder_rel = f"episodes/{episode.slug}"
    source = episode.transcript_path
    if source is None or episode.transcript is None or not episode.transcript.timed:
        raise AlignError(
            f"{folder_rel}: no timed transcript to refine (run spotlight-feed align first)"
        )
    display = f"{folder_rel}/{source.name}"
    transcript, problems = read_transcript(source, display)
    if problems or transcript is None:
        raise InputError(problems)
    result = align(
        transcript,
        episode.audio_path,
        language=effective_language(episode.config, project.show.language),
        snap_policy=policy,
        audio_display=episode.audio_display,
    )
    target = episode.folder / TIMED_NAME
    text = write_vtt(result.marked(transcript, keep_turn_times=True), split=False)
    tmp = target.with_name(f".{TIMED_NAME}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(target)
    hint = None
    if source.name != TIMED_NAME:
        hint = (
            f"{episode.meta_path}: the refined timings are in {folder_rel}/{TIMED_NAME}; point "
            f"transcript: at it (or remove the line) so that build uses them"
        )
    return Aligned(episode.slug, f"{folder_rel}/{TIMED_NAME}", result, hint)


def _choose(
    project: Project,
    slugs: list[str],
    all_untimed: bool,
    force: bool,
    notify: Callable[[str], None] | None,
) -> list[Episode]:
    by_slug = {e.slug: e for e in project.episodes}
    if all_untimed:
        if slugs:
            raise AlignError("give episode names or --all, not both")
        chosen = []
        for e in sorted(project.episodes, key=lambda e: e.slug):
            if e.transcript is None or e.transcript.timed:
                continue
            if (e.folder / TIMED_NAME).exists() and not force:
                if notify:
                    notify(
                        f"skipped {e.slug}: episodes/{e.slug}/{TIMED_NAME} exists "
                        "(--force replaces it)"
                    )
                continue
            chosen.append(e)
        return chosen
    if not slugs:
        raise AlignError("name an episode to align (its folder under episodes/) or give --all")
    problems = [
        Problem("episodes/", None, "", f"no episode folder named '{slug}'")
        for slug in slugs
        if slug not in by_slug
    ]
    if problems:
        raise InputError(problems)
    return [by_slug[s] for s in dict.fromkeys(slugs)]


def _refuse_overwrite(episode: Episode, force: bool) -> None:
    if (episode.folder / TIMED_NAME).exists() and not force:
        raise AlignError(
            f"episodes/{episode.slug}/{TIMED_NAME} already exists; it is the episode's "
            "timed transcript (--force replaces it)"
        )


def _align_one(
    project: Project, episode: Episode, force: bool, policy: SnapPolicy, by_sentence: bool
) -> Aligned:
    folder_rel = f"episodes/{episode.slug}"
    plain_path = episode.folder / PLAIN_NAME
    if episode.transcript_path is not None and episode.transcript_path.suffix.lower() == ".txt":
        plain_path = episode.transcript_path
    plain_display = f"{folder_rel}/{plain_path.name}"
    if not plain_path.is_file():
        raise AlignError(f"{plain_display}: no plain script to align (file not found)")
    target = episode.folder / TIMED_NAME
    target_display = f"{folder_rel}/{TIMED_NAME}"
    _refuse_overwrite(episode, force)
    transcript, problems = read_transcript(plain_path, plain_display)
    if problems or transcript is None:
        raise InputError(problems)
    language = effective_language(episode.config, project.show.language)
    result = align(
        transcript,
        episode.audio_path,
        language=language,
        snap_policy=policy,
        audio_display=episode.audio_display,
    )
    timed = result.timed(transcript, by_sentence=True) if by_sentence else result.marked(transcript)
    text = write_vtt(timed, split=False)
    tmp = target.with_name(f".{TIMED_NAME}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(target)
    hint = None
    if episode.config.transcript and Path(episode.config.transcript).name != TIMED_NAME:
        hint = (
            f"{episode.meta_path} sets transcript: {episode.config.transcript}; set it to "
            f"{TIMED_NAME} (or remove the line) so that build uses the timed transcript"
        )
    return Aligned(episode.slug, target_display, result, hint)
