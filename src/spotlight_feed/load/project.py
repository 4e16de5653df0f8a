"""Load stage: read and validate every input file into a Project.

It reads ``podcast.yaml`` and every ``episodes/*/episode.yaml``, validates them,
reads transcripts and probe audio, and return a :class:`~.model.Project`.

Every problem in every file is collected and raised once as an
:class:`~.errors.InputError` with ``file:line: field: message`` entries. Nothing
here writes anything.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..audio.sources import probe_source
from ..config import EpisodeConfig, ShowConfig, parse_timestamp_ms
from ..errors import InputError, Problem
from ..model import Episode, FolderFiles, Project, effective_language
from ..timefmt import hms
from ..transcript import SOURCE_NAMES, read_transcript
from ..transcript.languages import Translation, find_translations
from ..transcript.model import Transcript
from ..yamlsrc import DocRef, Loc, YamlDoc, format_loc, load_yaml_file
from .checks import SLUG_RE, inside
from .digests import folder_files

M = TypeVar("M", bound=BaseModel)

SHOW_FILE = "podcast.yaml"
EPISODE_FILE = "episode.yaml"


def load_project(
    root: Path,
    *,
    probe_audio: bool = True,
    reuse: Callable[[Path, FolderFiles], Episode | None] | None = None,
    keep_transcripts: bool = True,
) -> Project:
    """Load and validate the project at *root*; raise :class:`InputError` on any problem.

    *reuse* may return an episode folder's already validated :class:`Episode`, given the
    folder and its contents' digests (:func:`.digests.folder_files`; the incremental
    build's cache, :class:`..release.state.LoadCache`), which is then not read again.
    With ``keep_transcripts=False`` the main transcripts are not read here
    (``Episode.transcript`` is ``None``): memory stays flat in the size of the catalogue,
    and the stage that needs one calls :func:`with_transcript`, which reads and checks it
    once (the build's episode stage, :mod:`..write.episode`; every problem of every
    transcript is still reported in one run, :mod:`..release.workers`). Only when the
    load finds problems of its own are those transcripts read here too, so that one run
    reports every problem (issue #17).
    """
    root = root.resolve()
    problems: list[Problem] = []
    show_file = root / SHOW_FILE
    if not show_file.is_file():
        raise InputError([Problem(SHOW_FILE, None, "", f"no show config found in {root}")])
    show_doc, found = load_yaml_file(show_file, SHOW_FILE)
    problems += found
    show = _validate(ShowConfig, show_doc, problems) if show_doc else None
    image_path, image_digest = Path(), ""
    if show is not None and show_doc is not None:
        image_path = _project_file(root, show.image, show_doc, ("image",), problems) or Path()
        if image_path != Path():  # read once: the plan names the cover by its digest
            try:
                image_digest = hashlib.sha256(image_path.read_bytes()).hexdigest()
            except OSError as exc:
                where = show_doc.line_of(("image",))
                problems.append(
                    Problem(SHOW_FILE, where, "image", f"cannot read {show.image}: {exc.strerror}")
                )

    episodes: list[Episode] = []
    deferred: set[str] = set()  # episodes whose main transcript was left for the stage
    episodes_dir = root / "episodes"
    if not episodes_dir.is_dir():
        problems.append(Problem("episodes/", None, "", "no episodes/ folder"))
    else:
        for folder in sorted(p for p in episodes_dir.iterdir() if p.is_dir()):
            files = folder_files(folder)  # before the parse: see .digests
            ep = reuse(folder, files) if reuse else None
            ep = ep or _load_episode(
                root,
                folder,
                problems,
                probe_audio,
                show.language if show else "en",
                deferred=None if keep_transcripts else deferred,
                files=files,
            )
            if ep is not None:
                episodes.append(ep)
    if show is not None:
        _check_episode_set(show, episodes, problems)
    if problems or show is None or show_doc is None:
        for ep in episodes:  # one run reports every problem: the left transcripts' too
            if ep.slug in deferred:
                problems += read_checked_transcript(ep)[1]
        raise InputError(problems)
    episodes.sort(
        key=lambda e: (e.config.published, e.config.number or 0, e.config.guid), reverse=True
    )
    return Project(root, show, SHOW_FILE, show_doc, image_path, tuple(episodes), image_digest)


def with_transcript(episode: Episode) -> Episode:
    """*episode* with its transcript, read again if the loader dropped it.

    The file was checked by :func:`load_project`; a file that changed since then
    and no longer reads cleanly is reported like any input problem.
    """
    if episode.transcript is not None or episode.transcript_path is None:
        return episode
    transcript, problems = read_checked_transcript(episode)
    if problems or transcript is None:
        raise InputError(problems)
    return replace(episode, transcript=transcript)


def read_checked_transcript(episode: Episode) -> tuple[Transcript | None, list[Problem]]:
    """Read *episode*'s main transcript and check it against its ``voices:`` and audio.

    The loader's checks, wherever the transcript is read (:func:`load_project` or
    :func:`with_transcript`): the reader's own problems, speaker labels without a voice
    and voices without a turn, cues past the end of the probed audio.
    """
    assert episode.transcript_path is not None
    transcript, problems = read_transcript(episode.transcript_path, episode.transcript_display)
    if transcript is not None and not problems:
        problems += _check_voices(episode, transcript.speakers, transcript)
    if episode.audio is not None:
        problems += _check_against_audio(episode, episode.audio.duration_ms, transcript)
    return transcript, problems


def _load_episode(
    root: Path,
    folder: Path,
    problems: list[Problem],
    probe_audio: bool,
    show_language: str = "en",
    *,
    deferred: set[str] | None = None,
    files: FolderFiles = (),
) -> Episode | None:
    """One episode folder, read and checked; ``None`` when it cannot be.

    *files* are the folder's contents' digests, taken by the caller before the parse.

    With *deferred* the main transcript is not read (the episode stage reads and checks
    it, :func:`with_transcript`); the slug is added to *deferred* when the episode was
    otherwise complete, so :func:`load_project` can still check it when the load failed.
    """
    slug = folder.name
    display = f"episodes/{slug}/{EPISODE_FILE}"
    meta = folder / EPISODE_FILE
    if not meta.is_file():
        problems.append(Problem(display, None, "", "episode folder has no episode.yaml"))
        return None
    doc, found = load_yaml_file(meta, display)
    problems += found
    if not SLUG_RE.match(slug):
        problems.append(
            Problem(
                display,
                None,
                "",
                f"episode folder name '{slug}' must be ASCII "
                "letters, digits, '-', '_' or '.' (it becomes a URL)",
            )
        )
    if doc is None:
        return None
    config = _validate(EpisodeConfig, doc, problems)
    if config is None:
        # Still report what is wrong with the chapters that did parse (issue #17: every
        # problem in one run), against the audio when it can be read.
        raw = doc.data.get("audio") if isinstance(doc.data, dict) else None
        raw_audio = raw if isinstance(raw, str) else ""
        duration = None
        file = root / raw_audio
        if probe_audio and raw_audio and inside(root, file) and file.is_file():
            info, found = probe_source(file, raw_audio)
            problems += [_used_by(p, doc) for p in found]
            duration = info.duration_ms if info is not None else None
        problems += chapter_problems(doc, duration)
        return None
    before = len(problems)
    audio_path = _project_file(root, config.audio, doc, ("audio",), problems)
    art: list[tuple[str, Path | None]] = []  # content-named in dist/: hashed once, here
    if config.image:
        art.append((config.image, _project_file(root, config.image, doc, ("image",), problems)))
    for i, alt in enumerate(config.alternates):  # podcast:alternateEnclosure files (#14)
        _project_file(root, alt.file, doc, ("alternates", i, "file"), problems)
    for i, ch in enumerate(config.chapters):
        if ch.img_file:  # a URL is linked as it is (config.Chapter.img_url)
            img = _project_file(root, ch.img_file, doc, ("chapters", i, "img"), problems)
            art.append((ch.img_file, img))
    tpath = _transcript_path(root, folder, config, doc, problems)
    tdisplay = _display(root, tpath) if tpath else ""
    episode = Episode(
        slug=slug,
        folder=folder,
        meta_path=display,
        config=config,
        audio_path=audio_path or Path(),
        audio_display=config.audio,
        transcript_path=tpath,
        transcript_display=tdisplay,
        doc=DocRef(display, meta),
    )
    if len(problems) > before:
        problems += chapter_problems(doc, None)
        return episode
    transcript = None
    if tpath is not None and deferred is None:
        transcript, found = read_transcript(tpath, tdisplay)
        problems += found
        if transcript is not None and not found:
            problems += _check_voices(episode, transcript.speakers, transcript)
    translations = _translations(root, folder, episode, doc, show_language, problems)
    audio = None
    if probe_audio and audio_path is not None:
        audio, found = probe_source(audio_path, config.audio)
        problems += [_used_by(p, doc) for p in found]  # issues #16, #17
        if audio is not None:
            problems += _check_against_audio(episode, audio.duration_ms, transcript)
            for tr in translations:
                shown = replace(episode, transcript_display=tr.display)
                problems += _check_against_audio(shown, audio.duration_ms, tr.transcript)
    problems += chapter_problems(doc, audio.duration_ms if audio is not None else None)
    digests: dict[str, str] = {}
    for rel, path in art:
        try:
            digests[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path else ""
        except OSError as exc:
            problems.append(Problem(display, None, "", f"cannot read {rel}: {exc.strerror}"))
    if tpath is not None and deferred is not None:
        deferred.add(slug)
    return replace(
        episode,
        transcript=transcript,
        audio=audio,
        translations=translations,
        art_digests=tuple(sorted(digests.items())),
        folder_files=files,
    )


def _translations(
    root: Path,
    folder: Path,
    episode: Episode,
    doc: YamlDoc,
    show_language: str,
    problems: list[Problem],
) -> tuple[Translation, ...]:
    """Read and check every ``transcript.<lang>.<ext>`` (:mod:`..transcript.languages`)."""
    if episode.config.transcript is False:
        return ()
    out: list[Translation] = []
    main_language = effective_language(episode.config, show_language)
    found = dict(find_translations(folder, main_language))
    flags: dict[str, bool] = {}
    for i, entry in enumerate(episode.config.transcripts):
        loc = ("transcripts", i, "file")
        rel = str(folder.relative_to(root) / entry.file)
        path = _project_file(root, rel, doc, loc, problems, shown=entry.file)
        if path is not None:
            found[entry.language] = path
            flags[entry.language] = entry.translation
    for lang, path in sorted(found.items()):
        display = _display(root, path)
        transcript, bad = read_transcript(path, display)
        problems += bad
        if transcript is not None and not bad:
            problems += _check_voices(
                replace(episode, transcript_display=display), transcript.speakers, transcript
            )
        out.append(Translation(lang, path, display, transcript, flags.get(lang, True)))
    return tuple(out)


def _used_by(problem: Problem, doc: YamlDoc) -> Problem:
    """An audio file's problem at the ``episode.yaml`` line that uses the file, naming both."""
    return Problem(doc.path, doc.line_of(("audio",)), "audio", f"{problem.path}: {problem.message}")


def chapter_problems(doc: YamlDoc, duration_ms: int | None) -> list[Problem]:
    """Chapters out of order or at/after the end of the audio, from the raw YAML.

    Works on the chapters whose start parses, so a malformed start (reported by
    validation) does not hide an out-of-order chapter or one past the end. Each
    chapter is compared with the last valid one before it.
    """
    data = doc.data.get("chapters") if isinstance(doc.data, dict) else None
    if not isinstance(data, list):
        return []
    out: list[Problem] = []
    previous: tuple[int, int] | None = None
    for i, chapter in enumerate(data):
        if not isinstance(chapter, dict) or "start" not in chapter:
            continue
        try:
            start = parse_timestamp_ms(chapter["start"])
        except ValueError:
            continue
        where = (doc.path, doc.line_of(("chapters", i, "start")), f"chapters[{i}].start")
        if previous is not None and start <= previous[1]:
            out.append(
                Problem(
                    *where,
                    f"starts at {hms(start)}, not after chapter {previous[0]} "
                    f"({hms(previous[1])}); chapters must be in order",
                )
            )
        if duration_ms is not None and start >= duration_ms:
            out.append(
                Problem(
                    *where,
                    f"starts at {hms(start)}, at or after the end of the audio "
                    f"({hms(duration_ms)})",
                )
            )
        previous = (i, start)
    return out


def _check_voices(episode: Episode, labels: list[str], transcript: Any) -> list[Problem]:
    out: list[Problem] = []
    voices = episode.config.voices
    first_line = {c.speaker: c.line for c in reversed(transcript.cues)}
    for label in labels:
        if label not in voices:
            near = difflib.get_close_matches(label, list(voices), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            out.append(
                Problem(
                    episode.transcript_display,
                    first_line.get(label),
                    "speaker",
                    f"speaker label '{label}' has no entry under voices: "
                    f"in {episode.meta_path}{hint}",
                )
            )
    for label in voices:
        if label not in labels:
            out.append(
                Problem(
                    episode.meta_path,
                    episode.doc.line_of(("voices", label)),
                    f"voices.{label}",
                    "no turn in the transcript uses this speaker "
                    f"label ({episode.transcript_display})",
                )
            )
    return out


def _check_against_audio(episode: Episode, duration_ms: int, transcript: Any) -> list[Problem]:
    out: list[Problem] = []
    if transcript is not None and transcript.timed:
        for n, cue in enumerate(transcript.cues, start=1):
            if cue.end_ms is not None and cue.end_ms > duration_ms:
                out.append(
                    Problem(
                        episode.transcript_display,
                        cue.line,
                        f"cue {n}",
                        f"ends at {hms(cue.end_ms)}, after the end of the audio "
                        f"({hms(duration_ms)})",
                    )
                )
    return out


def _check_episode_set(show: ShowConfig, episodes: list[Episode], problems: list[Problem]) -> None:
    seen_guid: dict[str, Episode] = {}
    seen_number: dict[tuple[int | None, int], Episode] = {}
    names = [p.name for p in show.people]
    for ep in episodes:
        c = ep.config
        for i, name in enumerate(c.absent):
            if name.casefold() not in {n.casefold() for n in names}:
                near = difflib.get_close_matches(name, names, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                problems.append(
                    Problem(
                        ep.meta_path,
                        ep.doc.line_of(("absent", i)),
                        f"absent[{i}]",
                        f"'{name}' is not one of the show's people (podcast.yaml people:){hint}",
                    )
                )
        other = seen_guid.get(c.guid)
        if other:
            problems.append(
                Problem(
                    ep.meta_path,
                    ep.doc.line_of(("guid",)),
                    "guid",
                    f"duplicate episode guid '{c.guid}' (also in {other.meta_path})",
                )
            )
        seen_guid.setdefault(c.guid, ep)
        if c.number is not None and c.episode_type == "full":
            key = (c.season, c.number)
            other = seen_number.get(key)
            if other:
                problems.append(
                    Problem(
                        ep.meta_path,
                        ep.doc.line_of(("number",)),
                        "number",
                        f"duplicate episode number {c.number} (also in {other.meta_path})",
                    )
                )
            seen_number.setdefault(key, ep)
        if show.type == "serial" and c.number is None:
            problems.append(
                Problem(
                    ep.meta_path,
                    1,
                    "number",
                    "required: the show is serial (itunes:type), so every episode needs a number",
                )
            )


def _transcript_path(
    root: Path, folder: Path, config: EpisodeConfig, doc: YamlDoc, problems: list[Problem]
) -> Path | None:
    if config.transcript is False:  # declared untranscribed (an imported episode)
        return None
    if config.transcript:
        path = _project_file(
            root,
            str(folder.relative_to(root) / config.transcript),
            doc,
            ("transcript",),
            problems,
            shown=config.transcript,
        )
        return path
    for name in SOURCE_NAMES:
        if (folder / name).is_file():
            return _project_file(root, str(folder.relative_to(root) / name), doc, (), problems)
    return None  # no transcript yet: the episode is published without one


def _project_file(
    root: Path, rel: str, doc: YamlDoc, loc: Loc, problems: list[Problem], shown: str | None = None
) -> Path | None:
    """Resolve *rel* inside the project; missing files and escapes are problems."""
    field = format_loc(loc)
    line = doc.line_of(loc)
    shown = shown or rel
    candidate = root / rel
    try:
        candidate.resolve()
    except (RuntimeError, OSError):  # pathlib's "Symlink loop" (ELOOP), before Python 3.13
        problems.append(
            Problem(doc.path, line, field, f"'{shown}' is a symlink loop: it never reaches a file")
        )
        return None
    if Path(rel).is_absolute() or not inside(root, candidate):
        link = _escaping_link(root, Path(rel))
        if link is None:
            why = (
                f"'{shown}' points outside the project (paths must stay inside the project folder)"
            )
        else:
            what = f"'{shown}'" if link[0] == shown else f"'{shown}': {link[0]}"
            why = (
                f"{what} is a symlink to {link[1]}, outside the project "
                "(copy the file into the project instead)"
            )
        problems.append(Problem(doc.path, line, field, why))
        return None
    if not candidate.is_file():
        problems.append(Problem(doc.path, line, field, f"file not found: {shown}"))
        return None
    return candidate


def _escaping_link(root: Path, rel: Path) -> tuple[str, str] | None:
    """The first symlink along *rel* that leads out of *root*: (its path, its target)."""
    if rel.is_absolute():
        return None
    current = root
    for part in rel.parts:
        current = current / part
        if current.is_symlink() and not inside(root, current):
            return current.relative_to(root).as_posix(), str(current.resolve())
    return None


def _validate(model: type[M], doc: YamlDoc, problems: list[Problem]) -> M | None:
    if not isinstance(doc.data, dict):
        got = "an empty file" if doc.data is None else type(doc.data).__name__
        problems.append(Problem(doc.path, 1, "", f"expected a mapping of fields, got {got}"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems += _one_per_typo([_problem_from(err, doc, model) for err in exc.errors()])
        return None


def _one_per_typo(found: list[Problem]) -> list[Problem]:
    """Drop "required field is missing" for a field an unknown key is a typo of.

    ``tittle: X`` is one mistake: the unknown key's "did you mean 'title'?" says it all.
    """
    meant = set()
    for p in found:
        m = re.fullmatch(r"unknown key \(did you mean '(.+)'\?\)", p.message)
        if m:
            parent = p.field.rsplit(".", 1)[0] + "." if "." in p.field else ""
            meant.add(parent + m.group(1))
    return [p for p in found if not (p.message == "required field is missing" and p.field in meant)]


def _problem_from(err: Any, doc: YamlDoc, model: type[BaseModel]) -> Problem:
    loc: Loc = tuple(
        p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))
    )
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        fields = list(parent.model_fields) if parent else []
        near = difflib.get_close_matches(str(loc[-1]), fields, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        return Problem(doc.path, doc.line_of(loc), format_loc(loc), f"unknown key{hint}")
    if kind == "missing":
        return Problem(doc.path, doc.line_of(loc), format_loc(loc), "required field is missing")
    message = _MESSAGES.get(kind)
    if message is None:
        message = str(err["msg"]).removeprefix("Value error, ")
        if kind == "literal_error":
            message = message.replace("Input should be", "expected") + f", got {value!r}"
    else:
        message = f"{message}, got {value!r}"
    return Problem(doc.path, doc.line_of(loc), format_loc(loc), message)


_MESSAGES = {
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "datetime_type": "expected a date-time with a time zone",
    "datetime_parsing": "expected a date-time with a time zone such as 2024-05-01T09:00:00+00:00",
    "datetime_from_date_parsing": "expected a date-time with a time zone such as "
    "2024-05-01T09:00:00+00:00",
    "string_too_short": "must not be empty",
    "greater_than_equal": "must be 1 or more",
}


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(str(part))
        if info is not None:
            current = _inner(info.annotation)
        # else: a key of a mapping field (voices.<label>); stay on the value model
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner(annotation: Any) -> Any:
    import typing

    args = typing.get_args(annotation)
    if not args:
        return annotation
    for arg in reversed(args):
        inner = _inner(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return annotation


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
