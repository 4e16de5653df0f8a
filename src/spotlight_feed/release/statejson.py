"""The incremental build's private state as JSON: data only, checked field by field on read.

The state in ``.spotlight-cache/`` used to be a pickle, and unpickling runs
whatever the file says: a planted ``.spotlight-cache/dist.pickle`` ran a shell
command on the next build (issue #12). JSON cannot execute anything, and every
value read back is checked against the shape this module writes
(:class:`StateError` otherwise), so a damaged or hand-made file is discarded,
never trusted. Python's ``json`` (RFC 8259) with ``allow_nan`` off, and
``Infinity``/``NaN`` refused on read too.

Pure functions from data to bytes and back; :mod:`.state` does the file I/O.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the no-op fast path imports this module: the records' types come later
    from ..audio.probe import AudioInfo
    from ..plan.outputs import EpisodeOutputs
    from .records import BuildState, EpisodeRecord, Stat, Summary

FORMAT = "spotlight-feed-state/1"
"""The state file's format; :data:`.records.STATE_VERSION` its version (2 since the outputs
hold measurements only, issue #11): a state of another version is a clean miss."""
ENTRY_FORMAT = "spotlight-feed-load/2"


class StateError(ValueError):
    """The file is not a state this version of the tool wrote; the message says what is wrong."""


class OldState(StateError):
    """A state this tool wrote in another version of the format: nothing wrong, only a miss."""


def _refuse_constant(name: str) -> Any:
    raise StateError(f"{name} is not a number this tool writes")


def _parse(data: bytes, object_hook: Callable[[dict[str, Any]], Any] | None = None) -> Any:
    try:
        return json.loads(data, parse_constant=_refuse_constant, object_hook=object_hook)
    except RecursionError:
        raise StateError("nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise StateError(f"not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise StateError(f"not JSON: {exc.msg} at line {exc.lineno}") from None


def _dump(data: object) -> bytes:
    return json.dumps(data, allow_nan=False, separators=(",", ":")).encode()


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise StateError(f"{what}: expected an object")
    return value


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise StateError(f"{what}: expected a string")
    return value


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise StateError(f"{what}: expected a whole number")
    return value


def _opt_str(value: Any, what: str) -> str | None:
    return None if value is None else _str(value, what)


def _strs(value: Any, what: str) -> tuple[str, ...]:
    # Twice per episode on the no-op fast path: the checks are written out (JSON gives
    # exact types, so ``type(...) is`` is ``isinstance``).
    if type(value) is not list:
        raise StateError(f"{what}: expected a list")
    for v in value:
        if type(v) is not str:
            raise StateError(f"{what}: expected a string")
    return tuple(value)


def _stat(value: Any, what: str) -> Stat:
    if value is None:
        return None
    if (
        isinstance(value, list)
        and len(value) == 3
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return (value[0], value[1], value[2])
    raise StateError(f"{what}: expected [size, mtime_ns, inode] or null")


def _stats(value: Any, what: str) -> dict[str, Stat]:
    # The hot loop of the no-op fast path (13,000 entries for 1,000 episodes): checks
    # written out, keys are always strings in a JSON object.
    out: dict[str, Stat] = {}
    for k, v in _obj(value, what).items():
        if v is None:
            out[k] = None
        elif type(v) is list and len(v) == 3:
            a, b, c = v
            if type(a) is not int or type(b) is not int or type(c) is not int:
                raise StateError(f"{what}[{k!r}]: expected [size, mtime_ns, inode] or null")
            out[k] = (a, b, c)
        else:
            raise StateError(f"{what}[{k!r}]: expected [size, mtime_ns, inode] or null")
    return out


def encode_stats(stats: Mapping[str, Stat]) -> dict[str, list[int] | None]:
    """Stats as JSON values (tuples become lists)."""
    return {k: None if v is None else list(v) for k, v in stats.items()}


def _outputs(value: Any, what: str) -> EpisodeOutputs:
    # Once per episode of a build that is not a no-op: the checks are written out.
    from ..plan.outputs import EpisodeOutputs, PublishedTranscript

    d = _obj(value, what)
    raw = d.get("transcripts", [])
    if type(raw) is not list:
        raise StateError(f"{what}.transcripts: expected a list")
    published = []
    for t in raw:
        if type(t) is not dict:
            raise StateError(f"{what}.transcripts: expected objects")
        lang, timed = t.get("language"), t.get("timed")
        if (lang is not None and type(lang) is not str) or type(timed) is not bool:
            raise StateError(f"{what}.transcripts: a transcript of the wrong shape")
        published.append(PublishedTranscript(lang, timed))
    size, duration, alternates = d.get("audio_size"), d.get("duration_ms"), d.get("alternates_json")
    if type(size) is not int or type(duration) is not int:
        raise StateError(f"{what}: audio_size and duration_ms must be whole numbers")
    if alternates is not None and type(alternates) is not str:
        raise StateError(f"{what}.alternates_json: of the wrong type")
    return EpisodeOutputs(size, duration, tuple(published), alternates)


OUTPUT_FIELDS = ("audio_size", "duration_ms", "transcripts", "alternates_json")
"""The :class:`~..plan.outputs.EpisodeOutputs` fields :func:`_outputs` checks: a new field
needs its check there before it can be cached (tests/test_cache_safety.py compares them)."""


def _record(value: Any, what: str) -> EpisodeRecord:
    from .records import EpisodeRecord

    d = _obj(value, what)
    return EpisodeRecord(
        fingerprint=_str(d.get("fingerprint"), f"{what}.fingerprint"),
        files=_strs(d.get("files"), f"{what}.files"),
        outputs=_outputs(d.get("outputs"), f"{what}.outputs"),
        notes=_strs(d.get("notes", []), f"{what}.notes"),
        page=_str(d.get("page", ""), f"{what}.page"),
    )


def _encode_outputs(out: EpisodeOutputs) -> dict[str, Any]:
    """``dataclasses.asdict(out)``, without its deep copy of every value.

    The state of every episode is written on every build, a one-episode change included
    (issue #18).
    """
    return {
        "audio_size": out.audio_size,
        "duration_ms": out.duration_ms,
        "transcripts": [{"language": t.language, "timed": t.timed} for t in out.transcripts],
        "alternates_json": out.alternates_json,
    }


def encode_state(state: BuildState) -> bytes:
    """The state's bytes (:data:`FORMAT`): two lines, each one JSON object.

    The first (the *head*) is all the no-op fast path reads (:func:`decode_summary`):
    format, version, env, the input and release stats, the episode count, ``until``,
    the episodes' names, their notes and the build's warnings. The second holds the
    episodes' records, which only a build that goes on reads (:func:`decode_state`):
    at 1,000 episodes they are half the file, and the fast path no longer parses them.
    ``json.dumps`` escapes every newline inside a string, so the first newline ends
    the head (RFC 8259 §7: a control character in a string must be escaped).
    """
    head = {
        "format": FORMAT,
        "version": state.version,
        "env": state.env,
        "inputs": encode_stats(state.inputs),
        "dist": encode_stats(state.dist),
        "episode_count": state.episode_count,
        "until": state.until,
        "slugs": sorted(state.episodes),
        "notes": [n for r in state.episodes.values() for n in r.notes],
        "warnings": list(state.warnings),
    }
    episodes = {
        slug: {
            "fingerprint": r.fingerprint,
            "files": list(r.files),
            "outputs": _encode_outputs(r.outputs),
            "notes": list(r.notes),
            "page": r.page,
        }
        for slug, r in state.episodes.items()
    }
    return _dump(head) + b"\n" + _dump(episodes)


Parsed = tuple[dict[str, Any], bytes]
"""A state file split by :func:`parse_state`: its head, parsed, and its second line's bytes."""


def decode_state(data: bytes | Parsed) -> BuildState:
    """The state in *data*: :class:`StateError` when it is not exactly what we write.

    *data* is the file's bytes or their :func:`parse_state`. The head's summary fields
    (names, notes) must agree with the records they summarise.
    """
    from .records import BuildState

    head, rest = parse_state(data) if isinstance(data, bytes) else data
    d = _head(head)
    episodes = _obj(_parse(rest), "episodes")
    state = BuildState(
        **_shared(d),
        episodes={_str(k, "episodes"): _record(v, f"episodes[{k!r}]") for k, v in episodes.items()},
        warnings=_strs(d.get("warnings"), "warnings"),
    )
    if _strs(d.get("slugs"), "slugs") != tuple(sorted(state.episodes)) or _strs(
        d.get("notes"), "notes"
    ) != tuple(n for r in state.episodes.values() for n in r.notes):
        raise StateError("slugs and notes: not those of the episodes")
    return state


def decode_summary(data: bytes | dict[str, Any]) -> Summary:
    """What the fast path needs of the state in *data* (:class:`.records.Summary`).

    *data* is the file's bytes or its parsed head (:func:`parse_state`). The episodes'
    records (the second line) are not read. The stats are taken as they are, unchecked:
    :func:`.state.same_stats` compares them with the files' own, and anything that is
    not the ``[size, mtime_ns, inode]`` it finds is a difference (the build that follows
    checks the whole state and discards one of the wrong shape).
    """
    from .records import Summary

    d = _head(parse_state(data)[0] if isinstance(data, bytes) else data)
    return Summary(
        **_scalars(d),
        inputs=_obj(d.get("inputs"), "inputs"),
        dist=_obj(d.get("dist"), "dist"),
        slugs=_strs(d.get("slugs"), "slugs"),
        notes=_strs(d.get("notes"), "notes"),
        warnings=_strs(d.get("warnings"), "warnings"),
    )


def _shared(d: dict[str, Any]) -> dict[str, Any]:
    """The fields of :class:`.records.BuildState` in the head, checked."""
    return {
        **_scalars(d),
        "inputs": _stats(d.get("inputs"), "inputs"),
        "dist": _stats(d.get("dist"), "dist"),
    }


def _scalars(d: dict[str, Any]) -> dict[str, Any]:
    """The head's env, episode count and ``until``, checked (the summary's and the state's)."""
    return {
        "env": _str(d.get("env"), "env"),
        "episode_count": _int(d.get("episode_count"), "episode_count"),
        "until": _opt_time(d.get("until"), "until"),
    }


def parse_state(data: bytes) -> Parsed:
    """The state file's head as a JSON object, and the rest of the file.

    Not yet checked: :func:`decode_summary` and :func:`decode_state` do that.
    """
    first, _, rest = data.partition(b"\n")
    return _obj(_parse(first), "state"), rest


def _head(d: dict[str, Any]) -> dict[str, Any]:
    from .records import STATE_VERSION

    version = d.get("version")
    if d.get("format") != FORMAT or type(version) is not int:
        raise StateError(f"not a {FORMAT} file of version {STATE_VERSION}")
    if version != STATE_VERSION:
        raise OldState(f"version {version}, this tool writes {STATE_VERSION}")
    return d


def _opt_time(value: Any, what: str) -> float | None:
    """A UNIX time or null (``BuildState.until``: when a held-back episode is due, #14)."""
    if value is None:
        return None
    if type(value) not in (int, float):
        raise StateError(f"{what} is not a number")
    return float(value)


def encode_entry(head: list[str], key: str, stats: list[Stat], fields: dict[str, Any]) -> bytes:
    """One load-cache entry: its head, folder digest, referenced stats and episode facts."""
    return _dump(
        {
            "format": ENTRY_FORMAT,
            "head": head,
            "key": key,
            "stats": [None if s is None else list(s) for s in stats],
            "episode": fields,
        }
    )


def decode_entry(
    data: bytes, object_hook: Callable[[dict[str, Any]], Any] | None = None
) -> tuple[list[str], str, list[Stat], dict[str, Any]]:
    """The parts :func:`encode_entry` wrote; :class:`StateError` when anything is off.

    *object_hook* (``json.loads``'s) decodes the tags of the episode's YAML data
    (:func:`.state.untag`); it may raise :class:`StateError`.
    """
    d = _obj(_parse(data, object_hook), "entry")
    if d.get("format") != ENTRY_FORMAT:
        raise StateError(f"not a {ENTRY_FORMAT} file")
    head = list(_strs(d.get("head"), "head"))
    raw_stats = d.get("stats")
    if not isinstance(raw_stats, list):
        raise StateError("stats: expected a list")
    stats = [_stat(s, "stats") for s in raw_stats]
    return head, _str(d.get("key"), "key"), stats, _obj(d.get("episode"), "episode")


def encode_audio(audio: AudioInfo | None) -> dict[str, Any] | None:
    """An :class:`~.audio.probe.AudioInfo` as JSON values."""
    return None if audio is None else asdict(audio)


def decode_audio(value: Any) -> AudioInfo | None:
    """The :class:`~.audio.probe.AudioInfo` written by :func:`encode_audio`."""
    from ..audio.probe import AudioInfo

    if value is None:
        return None
    d = _obj(value, "audio")
    return AudioInfo(
        duration_ms=_int(d.get("duration_ms"), "audio.duration_ms"),
        size=_int(d.get("size"), "audio.size"),
        bitrate=_int(d.get("bitrate"), "audio.bitrate"),
        sample_rate=_int(d.get("sample_rate"), "audio.sample_rate"),
        channels=_int(d.get("channels"), "audio.channels"),
        method=_str(d.get("method", "header"), "audio.method"),
    )
