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
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..plan.layout import CACHE_DIR as CACHE_DIR
from ..plan.outputs import EpisodeOutputs

if TYPE_CHECKING:  # the no-op fast path must not import pydantic, feedgen or lxml
    from ..model import Episode, Project

STATE_VERSION = 1

Stat = tuple[int, int, int] | None
"""(size, mtime_ns, inode), or ``None`` for a path that must stay absent."""


@dataclass
class EpisodeRecord:
    """What one episode's stage produced in the last build."""

    fingerprint: str
    files: tuple[str, ...]
    outputs: EpisodeOutputs
    notes: tuple[str, ...] = ()
    page: str = ""
    """:func:`page_key` of the episode's page (``""``: the stage wrote no page)."""


@dataclass
class BuildState:
    """Everything a rebuild needs to know about the last successful build."""

    env: str
    inputs: dict[str, Stat]
    dist: dict[str, Stat]
    episodes: dict[str, EpisodeRecord] = field(default_factory=dict)
    episode_count: int = 0
    version: int = STATE_VERSION
    until: float | None = None
    """UNIX time from which this state is stale although no file changed: when the
    next episode held back by the clock becomes due (:mod:`.feedapps.schedule`)."""


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
    from ..statejson import StateError, decode_state

    path = state_path(root, out_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{_rel(root, path)}: cannot read the build state ({exc.strerror})"
    try:
        return decode_state(data), None
    except StateError as exc:  # the build that follows writes a good one over it
        return None, (
            f"{_rel(root, path)}: discarded the build state, it is not one this tool wrote "
            f"({exc}); every episode is built again"
        )


def save_state(root: Path, out_dir: Path, state: BuildState) -> None:
    """Write the state atomically (a crash leaves the old state or none, never half)."""
    from ..statejson import encode_state

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


def same_stats(root: Path, recorded: Mapping[str, Stat]) -> bool:
    """True when every path under *root* still has its *recorded* stat (stops at the first not)."""
    base = os.fspath(root)
    join = os.path.join
    return all(stat_of(join(base, rel)) == st for rel, st in recorded.items())


NOT_OUTPUT = frozenset({"allow_removal", "wait", "force", "jobs"})
"""Build options that do not change what is written (everything else is part of the key)."""


def options_key(options: Mapping[str, object]) -> str:
    """A stable text of the output-shaping build options (a ``BuildOptions`` as a dict)."""
    return repr(sorted((k, repr(v)) for k, v in options.items() if k not in NOT_OUTPUT))


def env_key(out_dir: Path, options: str) -> str:
    """Everything outside the project that shapes the output: code, libraries, options, Python."""
    import sys

    from .._version import __version__

    parts = [
        __version__,
        sys.version,
        code_fingerprint(),
        library_fingerprint(),
        str(out_dir),
        options,
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


_CODE: list[str] = []

LIBRARIES = {
    "feedgen": "feedgen",
    "mutagen": "mutagen",
    "jinja2": "jinja2",
    "markupsafe": "markupsafe",
    "lxml": "lxml",
    "yaml": "pyyaml",
    "pydantic": "pydantic",
    "pydantic_core": "pydantic_core",
    "PIL": "pillow",
}
"""Libraries whose version can change the bytes we write: top-level module -> distribution."""


def library_fingerprint() -> str:
    """The installed version of every library in :data:`LIBRARIES`, without importing them.

    Upgrading Jinja2 or mutagen may change pages or tags, so a rebuild must not reuse
    files the old versions wrote. Each module is located with ``find_spec`` (no import:
    the no-op fast path stays fast) and its version read from the name of its
    ``<name>-<version>.dist-info`` folder beside it (PEP 376/427 naming); the module
    file's size and mtime cover installs without one.
    """
    from importlib.util import find_spec

    parts = []
    for module, dist in LIBRARIES.items():
        spec = find_spec(module)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        if origin is None or not origin.exists():
            parts.append(f"{module}:-")
            continue
        st = origin.stat()
        site = origin.parent.parent if origin.name == "__init__.py" else origin.parent
        try:
            infos = sorted(
                n
                for n in os.listdir(site)
                if n.endswith(".dist-info") and n.split("-")[0].lower().replace(".", "_") == dist
            )
        except OSError:
            infos = []
        parts.append(f"{module}:{st.st_size}:{st.st_mtime_ns}:{','.join(infos)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def code_fingerprint() -> str:
    """A digest of spotlight-feed's installed files (name, size, mtime): code edits count."""
    if not _CODE:
        pkg = Path(__file__).resolve().parents[1]  # the installed package
        h = hashlib.sha256()
        for dirpath, dirnames, filenames in os.walk(pkg):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                p = Path(dirpath) / name
                st = p.stat()
                h.update(f"{p.relative_to(pkg)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        _CODE.append(h.hexdigest())
    return _CODE[0]


@dataclass(frozen=True)
class UpToDate:
    """The answer of the fast path: the release is current."""

    out_dir: Path
    episodes: int
    notes: list[str]
    reused: list[str]
    files: list[str]


def resolve_out(root: Path, out: Path | None) -> Path:
    """The absolute output folder, refused if it would endanger the project."""
    from .outdir import check_out_dir

    return check_out_dir(root, (out or root / "dist").absolute())


def quick_build(project: Path, options: Mapping[str, object]) -> UpToDate | None:
    """:func:`up_to_date` for the CLI, before any heavy module is imported.

    *options* are the build's output-shaping options by ``BuildOptions`` field name;
    if they miss a field the key simply differs and the full build path decides.
    """
    root = project.resolve()
    out = options.get("out_dir")
    out_dir = resolve_out(root, out if isinstance(out, Path) else None)
    return up_to_date(root, out_dir, options_key(options))


def up_to_date(root: Path, out_dir: Path, options: str, *, force: bool = False) -> UpToDate | None:
    """The fast path of a rebuild: ``stat`` only, no YAML, no heavy imports.

    Returns ``None`` (build normally) unless the last build's state proves that
    nothing changed. Holds the build lock while it looks, and gives way (returns
    ``None``) when another build holds it.
    """
    from .staging import BuildBusyError, BuildLock

    if force:
        return None
    try:
        with BuildLock(out_dir):
            state = load_state(root, out_dir)
            env = env_key(out_dir, options)
            if state is None or not unchanged(root, out_dir, state, env):
                return None
    except BuildBusyError:
        return None
    return UpToDate(
        out_dir,
        state.episode_count,
        [n for rec in state.episodes.values() for n in rec.notes],
        sorted(state.episodes),
        sorted(f for f in state.dist if f != "manifest.json"),
    )


def unchanged(root: Path, out_dir: Path, state: BuildState, env: str) -> bool:
    """True when no input, no code, no option and no release file moved since *state*."""
    if state.env != env:
        return False
    if state.until is not None and time.time() >= state.until:
        return False
    return same_stats(root, state.inputs) and same_stats(out_dir, state.dist)


def input_paths(project: Project) -> list[str]:
    """Every input path a build depends on, relative to the project root, sorted.

    The show config, the lock file, the episode folders (their listing, so a new
    transcript or episode shows up) and every file in them, the audio and art they
    reference, and a ``templates/`` folder if the project has one.
    """
    root = project.root
    rels: set[str] = {"podcast.yaml", "spotlight.lock", "templates", "episodes"}
    rels.add(_rel(root, project.image_path))
    for dirpath, dirnames, filenames in os.walk(root / "templates"):
        dirnames.sort()
        for name in [*dirnames, *filenames]:
            rels.add(_rel(root, Path(dirpath) / name))
    for folder in sorted(p for p in (root / "episodes").iterdir()):
        rels.add(_rel(root, folder))
        if folder.is_dir():
            for p in folder.iterdir():
                rels.add(_rel(root, p))
    for ep in project.episodes:
        rels.update(_rel(root, p) for p in episode_files(project, ep))
    return sorted(rels)


def episode_files(project: Project, episode: Episode) -> list[Path]:
    """Files outside the episode folder that this episode's outputs depend on.

    A transcript in a sub-folder or outside the episode folder is one of them
    (the folder's own files are hashed by :func:`episode_fingerprint`): editing it
    must redo the episode without ``--force`` (issue #12).
    """
    out = [episode.audio_path]
    t = episode.transcript_path
    if t is not None and t.parent != episode.folder:
        out.append(t)
    c = episode.config
    for ref in [c.image, *(ch.img for ch in c.chapters), *(a.file for a in c.alternates)]:
        if ref and "://" not in ref:
            out.append(project.root / ref)
    return out


def show_key(project: Project) -> str:
    """A digest of everything every episode shares: show config, cover art, templates.

    The show art is hashed by content (one small file): every episode page links
    to it by its content-named path (:meth:`.layout.Layout.cover`) and shows its
    pixel size, so an edit that kept its size and mtime must still redo them.
    """
    root = project.root
    h = hashlib.sha256()
    h.update((root / "podcast.yaml").read_bytes())
    h.update(hashlib.sha256(project.image_path.read_bytes()).digest())
    h.update(project.image_path.suffix.lower().encode() + b"\0")
    for dirpath, dirnames, filenames in os.walk(root / "templates"):
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            h.update(_rel(root, p).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def neighbours(episodes: Sequence[Episode], index: int) -> str:
    """What the page of ``episodes[index]`` shows of other episodes, as text for its key.

    The page links to the next newer and the next older episode by slug and title
    (:func:`.pages._neighbour`; *episodes* are newest first), so renaming an
    episode, or adding, removing or re-dating one, redoes its neighbours' pages.
    """
    parts = []
    for i in (index - 1, index + 1):
        other = episodes[i] if 0 <= i < len(episodes) else None
        parts.append(repr((other.slug, other.config.title) if other else None))
    return "\0".join(parts)


def page_key(fingerprint: str, around: str, env: str) -> str:
    """The key of an episode's page: its fingerprint, its neighbours and the tool.

    *around* is :func:`neighbours`; *env* is :func:`env_key` (the tool's code and the
    output options; the fingerprint already contains it, since a new version of the
    tool or another option redoes the whole episode).

    When only the neighbours change (one was renamed, added or removed), the episode's
    other files are reused and only its page is rendered again.
    """
    return hashlib.sha256(f"{fingerprint}\0{around}\0{env}".encode()).hexdigest()


def episode_fingerprint(project: Project, episode: Episode, shared: str, layout_key: str) -> str:
    """A digest of one episode's inputs: folder contents, referenced files' stat, the show.

    Files in the episode folder (metadata, transcripts) are hashed by content; the
    audio and art are compared by path, size and mtime only. *shared* covers the
    show config, show art and templates (:func:`show_key`), which the episode's
    page shows too; what the page shows of other episodes is in :func:`page_key`.
    """
    h = hashlib.sha256()
    h.update(f"{shared}\0{layout_key}\0{episode.slug}\0".encode())
    for p in sorted(episode.folder.iterdir()):
        h.update(p.name.encode() + b"\0")
        if p.is_file():
            h.update(hashlib.sha256(p.read_bytes()).digest())
    for p in episode_files(project, episode):
        st = stat_of(p)
        h.update(f"{_rel(project.root, p)}\0{st[:2] if st else None}\0".encode())
    return h.hexdigest()


class LoadCache:
    """Validated :class:`Episode` objects of the last build, reused by the load stage.

    Parsing transcripts is most of the load stage's work; an episode whose folder
    contents (hashed), referenced files (``stat``), project folder and the tool's
    code did not change is taken from here instead of being read and validated
    again. One small file per episode (``.spotlight-cache/<out>.episodes/``), so a
    rebuild rewrites only the changed ones and the no-op fast path reads none.
    """

    def __init__(self, root: Path, out_dir: Path) -> None:
        self.root = root
        self.dir = state_path(root, out_dir).with_suffix(".episodes")
        self.head = (str(STATE_VERSION), code_fingerprint(), str(root))
        self.hits: list[str] = []

    def lookup(self, folder: Path) -> Episode | None:
        """The cached episode for *folder* if none of its inputs changed.

        The entry is JSON (:mod:`.statejson`); ``episode.yaml`` itself is parsed and
        validated again (its bytes are in the entry's key), only the transcript
        check and the audio probe are skipped. An entry that does not check is a miss.
        """
        from ..statejson import StateError, decode_audio, decode_entry

        try:
            head, key, stats_, fields = decode_entry(
                (self.dir / f"{folder.name}.json").read_bytes()
            )
        except (OSError, StateError):  # missing, old or damaged: load it normally
            return None
        if head != list(self.head) or _folder_digest(folder) != key:
            return None
        try:
            episode = self._episode(folder, fields, decode_audio(fields.get("audio")))
        except (StateError, ValueError):
            return None
        if episode is None or self._stats(episode) != stats_:
            return None
        self.hits.append(folder.name)
        return episode

    def _episode(self, folder: Path, fields: dict[str, object], audio: object) -> Episode | None:
        from ..config import EpisodeConfig
        from ..errors import Problem
        from ..load.checks import inside
        from ..load.project import EPISODE_FILE, _validate
        from ..model import Episode
        from ..yamlsrc import DocRef, load_yaml_file

        display = f"episodes/{folder.name}/{EPISODE_FILE}"
        doc, found = load_yaml_file(folder / EPISODE_FILE, display)
        problems: list[Problem] = list(found)
        config = _validate(EpisodeConfig, doc, problems) if doc is not None else None
        if config is None or problems:
            return None
        audio_path = Path(str(fields.get("audio_path")))
        tpath = fields.get("transcript_path")
        transcript_path = Path(tpath) if isinstance(tpath, str) else None
        for p in [audio_path, transcript_path]:
            if p is not None and not inside(self.root, p):
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
        )

    def save(self, episodes: tuple[Episode, ...]) -> None:
        """Remember *episodes* after a successful build; forget removed ones."""
        from ..statejson import encode_audio, encode_entry

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
            }
            data = encode_entry(list(self.head), _folder_digest(e.folder), self._stats(e), fields)
            tmp = self.dir / f".{e.slug}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, self.dir / f"{e.slug}.json")
        for p in self.dir.iterdir():
            if p.name not in keep:
                p.unlink()

    def _stats(self, episode: Episode) -> list[Stat]:
        c = episode.config
        refs = [episode.audio_path]
        refs += [self.root / r for r in [c.image, *(ch.img for ch in c.chapters)] if r]
        refs += [self.root / a.file for a in c.alternates]
        if episode.transcript_path is not None:
            refs.append(episode.transcript_path)
        return [stat_of(p) for p in refs]


def _folder_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode() + b"\0")
        if p.is_file():
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def link_or_copy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """Hard-link *src* to *dst* (same bytes, no copy); copy when linking is impossible.

    The destination folder is made only when the link finds it missing (one
    ``mkdir`` per folder, not per file).
    """
    import shutil

    try:
        os.link(src, dst)
        return
    except FileNotFoundError:
        os.makedirs(os.path.dirname(dst), exist_ok=True)
    except OSError:
        shutil.copyfile(src, dst)
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _rel(root: Path, p: Path) -> str:
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return str(p)
