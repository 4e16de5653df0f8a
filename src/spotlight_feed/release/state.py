"""Incremental builds: what the last build saw and made, and how to tell what changed.

After each successful build a private state file
(``.spotlight-cache/<out>.json`` in the project, git-ignored, never published)
records

* the ``stat`` (size, mtime in ns, inode) of every input file and episode folder
  the build looked at, of spotlight-feed's own code, and of every file of the
  release it produced;
* for each episode, a *fingerprint* of its inputs and the files and
  :class:`~.outputs.EpisodeOutputs` its stage produced.

A rebuild first stats those paths again (:func:`unchanged`): if nothing moved,
the release is current and the build writes nothing at all, without parsing a
single YAML file. Otherwise it loads the project and redoes only the episodes
whose fingerprint changed; the others' files are hard-linked from the previous
``dist/``. Audio is compared by path, size and mtime (like ``make`` and
``rsync``), never hashed again; an edit that keeps both size and mtime (for
example ``touch -r``) is not noticed, nor is an upgrade of a library such as
feedgen or mutagen (spotlight-feed's own code and the Python version are part of
the key); ``build --force`` redoes everything.

The state is JSON checked on read (:mod:`.statejson`), never a pickle: a show
folder may come from anyone, and nothing in it may run as code. A state that does
not check is discarded with a note; any version or code mismatch simply means
"no usable state".
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..plan import CACHE_DIR as CACHE_DIR
from .records import STATE_VERSION, BuildState, Stat, Summary

if TYPE_CHECKING:  # the no-op fast path must not import pydantic, feedgen or lxml
    from ..config import EpisodeConfig
    from ..model import Episode, FolderFiles
    from .statejson import Parsed


def state_path(root: Path, out_dir: Path) -> Path:
    """Where the state of builds of *root* into *out_dir* is kept."""
    if out_dir == root / "dist":
        name = "dist"
    else:
        name = "out-" + hashlib.sha256(os.fsencode(out_dir)).hexdigest()[:16]
    return root / CACHE_DIR / f"{name}.json"


def load_state(root: Path, out_dir: Path) -> BuildState | None:
    """The last build's state, or ``None`` when there is none usable."""
    return read_state(root, out_dir)[0]


def read_state(root: Path, out_dir: Path) -> tuple[BuildState | None, str | None]:
    """The last build's state, or ``None`` and why a state file that exists was discarded.

    The file is JSON checked field by field (:mod:`.statejson`); it is never
    executed. A file that does not check is reported and never trusted.
    """
    from .statejson import OldState, StateError, decode_state

    path = state_path(root, out_dir)
    try:
        return decode_state(_parsed(path)), None
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{_rel(root, path)}: cannot read the build state ({exc.strerror})"
    except OldState:  # an older version of this tool wrote it: a clean miss
        return None, None
    except StateError as exc:  # the build that follows writes a good one over it
        return None, (
            f"{_rel(root, path)}: discarded the build state, it is not one this tool wrote "
            f"({exc}); every episode is built again"
        )


def read_summary(root: Path, out_dir: Path) -> Summary | None:
    """What the fast path needs of the last build's state, or ``None`` if none is usable.

    :func:`.statejson.decode_summary` of the file's first line; without a usable state
    the full build says why.
    """
    from .statejson import StateError, decode_summary

    path = state_path(root, out_dir)
    try:
        head, _ = _parsed(path, keep=True)
        return decode_summary(head)
    except (OSError, StateError):
        return None


def _parsed(path: Path, *, keep: bool = False) -> Parsed:
    """The state file's head and the rest of its bytes (:func:`.statejson.parse_state`).

    With *keep*, kept for the next read of the same file in this process
    (:data:`_LAST_READ`). Raises ``OSError`` or :class:`.statejson.StateError`.
    """
    from .statejson import parse_state

    with open(path, "rb") as f:
        ident = _ident(os.fstat(f.fileno()))
        last = _LAST_READ.pop(os.fspath(path), None)
        if last is not None and last[0] == ident:  # the fast path's, this very file
            return last[1]
        data = f.read()
    parsed = parse_state(data)
    if keep:
        _LAST_READ[os.fspath(path)] = (ident, parsed)
    return parsed


_LAST_READ: dict[str, tuple[tuple[int, ...], Parsed]] = {}
"""The state file as the fast path read it (its head parsed, the rest as bytes), with
the file's identity then: when the release is not current the build's session reads
the state again at once, and takes this one if the file is still the very same
(device, inode, size, modification and change times: a replaced or rewritten file
differs) instead of reading and parsing it twice; its checks
(:func:`.statejson.decode_state`) are made then. Used once, then gone."""


def _ident(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def save_state(root: Path, out_dir: Path, state: BuildState) -> None:
    """Write the state atomically (a crash leaves the old state or none, never half)."""
    from .statejson import encode_state

    path = state_path(root, out_dir)
    path.parent.mkdir(exist_ok=True)
    path.with_suffix(".pickle").unlink(missing_ok=True)  # left by versions before 0.x JSON
    fd, tmp = tempfile.mkstemp(prefix=".state-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(encode_state(state))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def discard_state(root: Path, out_dir: Path) -> None:
    """Forget the last build (its release was replaced by something unknown)."""
    state_path(root, out_dir).unlink(missing_ok=True)


def stat_of(path: str | os.PathLike[str]) -> Stat:
    """(size, mtime_ns, inode) of *path*, or ``None`` when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def stats(root: Path, rels: Sequence[str]) -> dict[str, Stat]:
    """``stat_of`` for each relative path.

    Joined as strings: on 10,000 episodes (90,000 files) building a ``Path`` per file
    cost more than the ``stat`` calls themselves.
    """
    base = os.fspath(root)
    join = os.path.join
    return {rel: stat_of(join(base, rel)) for rel in rels}


def same_stats(root: Path, recorded: Mapping[str, Any]) -> bool:
    """True when every path under *root* still has its *recorded* stat (stops at the first not).

    *recorded* maps each path, relative to *root*, to its :data:`Stat`: as a tuple, or
    as the state file has it (a list, unchecked: :class:`.records.Summary`). Any value
    that is not the file's own ``[size, mtime_ns, inode]``, ``None`` for a file that
    must be absent, counts as a change; nothing in it can raise past here. The path is
    joined with a ``/`` (a recorded path never starts with one; if a crafted one did,
    the ``stat`` would still be of a path under *root*): on 1,000 episodes' 13,000
    paths ``os.path.join`` cost about as much as the ``stat`` calls.
    """
    base = os.fspath(root) + "/"
    stat = os.stat
    try:
        for rel, rec in recorded.items():
            try:
                st = stat(base + rel)
            except OSError:
                if rec is None:
                    continue
                return False
            if rec is None or len(rec) != 3:
                return False
            if rec[0] != st.st_size or rec[1] != st.st_mtime_ns or rec[2] != st.st_ino:
                return False
    except (TypeError, KeyError, IndexError, ValueError):  # not a stat this tool wrote
        return False
    return True


class LoadCache:
    """Validated :class:`Episode` objects of the last build, reused by the load stage.

    Parsing transcripts is most of the load stage's work; an episode whose folder
    contents (hashed), referenced files (``stat``), project folder and the tool's
    code did not change is taken from here instead of being read and validated
    again. One small file per episode (``.spotlight-cache/<out>.episodes/``), so a
    rebuild rewrites only the changed ones and the no-op fast path reads none.
    """

    def __init__(self, root: Path, out_dir: Path, code: str) -> None:
        """*code* is :func:`.keys.code_fingerprint`: other code, other loader, no reuse."""
        self.root = root
        self.dir = state_path(root, out_dir).with_suffix(".episodes")
        self.head = (str(STATE_VERSION), code, str(root))
        self.hits: list[str] = []
        self._real_root = os.path.realpath(root)
        self._inside: Callable[[str | os.PathLike[str]], bool] | None = None

    def lookup(self, folder: Path, files: FolderFiles) -> Episode | None:
        """The cached episode for *folder* if none of its inputs changed.

        *files* are the folder's contents' digests, taken by the load stage
        (:func:`..load.digests.folder_files`); the entry's key is their digest.

        The entry is JSON (:mod:`.statejson`), untrusted. It keeps ``episode.yaml``'s
        parsed data (the file's bytes are in the entry's key), which is validated again
        by the same model as a fresh parse; only the YAML parse (about two thirds of
        an entry's cost), the transcript check and the audio probe are skipped. An
        entry that does not check is a miss; one without data reads the YAML again.
        """
        from ..model import folder_digest
        from .statejson import StateError, decode_audio, decode_entry

        try:
            head, key, stats_, fields = decode_entry(
                (self.dir / f"{folder.name}.json").read_bytes(), untag
            )
        except (OSError, StateError):  # missing, old or damaged: load it normally
            return None
        if head != list(self.head) or folder_digest(files) != key:
            return None
        try:
            episode = self._episode(folder, fields, decode_audio(fields.get("audio")), files)
        except (StateError, ValueError):
            return None
        if episode is None or self._stats(episode) != stats_:
            return None
        self.hits.append(folder.name)
        return episode

    def _episode(
        self, folder: Path, fields: dict[str, object], audio: object, files: FolderFiles
    ) -> Episode | None:
        from ..load.checks import InsideRoot
        from ..load.project import EPISODE_FILE
        from ..model import Episode
        from ..yamlsrc import DocRef

        display = f"episodes/{folder.name}/{EPISODE_FILE}"
        config = _config(folder, display, fields.get("yaml"))
        if config is None:
            return None
        audio_path = Path(str(fields.get("audio_path")))
        tpath = fields.get("transcript_path")
        transcript_path = Path(tpath) if isinstance(tpath, str) else None
        if self._inside is None:
            self._inside = InsideRoot(self._real_root)
        for p in [audio_path, transcript_path]:
            if p is not None and not self._inside(p):
                return None
        art = _pairs(fields.get("art_digests"))
        if art is None:
            return None
        return Episode(
            slug=folder.name,
            folder=folder,
            meta_path=display,
            config=config,
            audio_path=audio_path,
            audio_display=config.audio,
            transcript_path=transcript_path,
            transcript_display=str(fields.get("transcript_display", "")),
            doc=DocRef(display, folder / EPISODE_FILE),
            audio=audio,  # type: ignore[arg-type]
            art_digests=art,
            folder_files=files,
        )

    def save(self, episodes: tuple[Episode, ...]) -> None:
        """Remember *episodes* after a successful build; forget removed ones."""
        from .statejson import encode_audio, encode_entry

        self.dir.mkdir(parents=True, exist_ok=True)
        hits = set(self.hits)
        keep = {f"{e.slug}.json" for e in episodes}
        for e in episodes:
            if e.slug in hits:
                continue
            fields = {
                "audio_path": str(e.audio_path),
                "transcript_path": None if e.transcript_path is None else str(e.transcript_path),
                "transcript_display": e.transcript_display,
                "audio": encode_audio(e.audio),
                "art_digests": [list(pair) for pair in e.art_digests],
                "yaml": _yaml_data(e),
            }
            data = encode_entry(list(self.head), e.folder_digest, self._stats(e), fields)
            tmp = self.dir / f".{e.slug}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, self.dir / f"{e.slug}.json")
        for p in self.dir.iterdir():
            if p.name not in keep:
                p.unlink()

    def _stats(self, episode: Episode) -> list[Stat]:
        c = episode.config
        refs = [episode.audio_path]
        refs += [self.root / r for r in [c.image, *(ch.img_file for ch in c.chapters)] if r]
        refs += [self.root / a.file for a in c.alternates]
        if episode.transcript_path is not None:
            refs.append(episode.transcript_path)
        return [stat_of(p) for p in refs]


def _config(folder: Path, display: str, cached: object) -> EpisodeConfig | None:
    """The episode's config, validated from its cached YAML data, else from the YAML file.

    ``None`` when it does not validate (a miss: the load stage reports the problem).
    """
    from pydantic import ValidationError

    from ..config import EpisodeConfig

    if cached is not None:  # decoded with the entry (:func:`untag`)
        data = cached
        if not isinstance(data, dict):
            return None
        try:
            return EpisodeConfig.model_validate(data)
        except ValidationError:
            return None
    from ..errors import Problem
    from ..load.project import EPISODE_FILE, _validate
    from ..yamlsrc import load_yaml_file

    doc, found = load_yaml_file(folder / EPISODE_FILE, display)
    problems: list[Problem] = list(found)
    config = _validate(EpisodeConfig, doc, problems) if doc is not None else None
    return None if problems else config


def _yaml_data(episode: Episode) -> object:
    """*episode*'s ``episode.yaml`` data for its cache entry, or ``None`` to keep none.

    Parsed again (the load stage keeps no parsed documents, :class:`.yamlsrc.DocRef`),
    once per episode that was not a hit. Kept only when it reads back exactly: the same
    ``repr`` (types, time zones and key order included).
    """
    from ..yamlsrc import load_yaml_file

    doc, _ = load_yaml_file(episode.doc.file, episode.doc.path)  # not kept in the DocRef
    data = doc.data if doc is not None else None
    if not isinstance(data, dict):
        return None
    import json

    encoded = encode_yaml_data(data)
    if encoded is None or repr(decode_yaml_data(json.dumps(encoded))) != repr(data):
        return None
    return encoded


_NOT_DATA = object()
_TIME, _DATE = "\0t", "\0d"
"""The keys of the one-key objects that stand for a YAML timestamp and a date."""


def encode_yaml_data(value: object) -> object:
    r"""Parsed YAML as JSON values, or ``None`` when it holds anything else.

    Mappings become JSON objects (key order kept, RFC 8259 §4 leaves it to the
    implementation and Python's ``json`` keeps it); their keys must be strings that do
    not start with NUL (so no key can be taken for a tag). Timestamps become
    ``{"\u0000t": isoformat}`` and dates ``{"\u0000d": isoformat}``; strings, whole
    numbers, finite floats, booleans, ``null`` and lists stay as they are.
    :func:`decode_yaml_data` (the ``object_hook`` :func:`untag`) reverses it.
    """
    out = _encode(value)
    return None if out is _NOT_DATA else out


def _encode(value: object) -> object:
    import datetime as dt
    import math

    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _NOT_DATA
    if isinstance(value, list):
        items = [_encode(v) for v in value]
        return _NOT_DATA if any(v is _NOT_DATA for v in items) else items
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for k, v in value.items():
            if not isinstance(k, str) or k.startswith("\0"):
                return _NOT_DATA
            e = _encode(v)
            if e is _NOT_DATA:
                return _NOT_DATA
            out[k] = e
        return out
    if type(value) is dt.datetime:
        return {_TIME: value.isoformat()}
    if type(value) is dt.date:
        return {_DATE: value.isoformat()}
    return _NOT_DATA


def untag(obj: dict[str, object]) -> object:
    """The ``json.loads`` object hook of :func:`encode_yaml_data`'s tags.

    Raises :class:`.statejson.StateError` for a tag that does not hold a time or date.
    Called for every object of an entry: the common case returns at once.
    """
    if len(obj) != 1 or (_TIME not in obj and _DATE not in obj):
        return obj
    import datetime as dt

    from .statejson import StateError

    ((tag, text),) = obj.items()
    try:
        if not isinstance(text, str):
            raise ValueError(text)
        return dt.datetime.fromisoformat(text) if tag == _TIME else dt.date.fromisoformat(text)
    except ValueError:
        raise StateError(f"{tag!r}: not an ISO time or date") from None


def decode_yaml_data(text: str | bytes) -> object:
    """The data of :func:`encode_yaml_data`'s JSON *text*; ``None`` (a miss) when it is not."""
    import json

    from .statejson import StateError

    try:
        return json.loads(text, object_hook=untag)
    except (ValueError, RecursionError, StateError):
        return None


def _pairs(value: object) -> tuple[tuple[str, str], ...] | None:
    """``art_digests`` read back from a load-cache entry, or ``None`` when of the wrong shape."""
    if not isinstance(value, list):
        return None
    out: list[tuple[str, str]] = []
    for pair in value:
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)
        ):
            return None
        out.append((pair[0], pair[1]))
    return tuple(out)


def _rel(root: Path, p: Path) -> str:
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return str(p)
