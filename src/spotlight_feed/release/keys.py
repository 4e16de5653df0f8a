"""Fingerprints of a build: inputs, the show, each episode and its page, the environment.

An episode's files are reused only when its key is unchanged (:mod:`.reuse`); the key
covers the episode folder's contents, the files it refers to (by path, size and mtime),
the show (config, art, templates), the options that shape the output and the tool's own
code and libraries (:func:`env_key`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .state import _rel, stat_of

if TYPE_CHECKING:  # the no-op fast path must not import pydantic, feedgen or lxml
    from ..model import Episode, Project


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
    listed: dict[str, list[str]] = {}  # each site folder's dist-info names, listed once
    for module, dist in LIBRARIES.items():
        spec = find_spec(module)
        origin = spec.origin if spec is not None else None
        try:
            st = os.stat(origin) if origin else None
        except OSError:
            st = None
        if origin is None or st is None:
            parts.append(f"{module}:-")
            continue
        here = os.path.dirname(origin)
        site = os.path.dirname(here) if os.path.basename(origin) == "__init__.py" else here
        if site not in listed:
            try:
                listed[site] = [n for n in os.listdir(site) if n.endswith(".dist-info")]
            except OSError:
                listed[site] = []
        infos = sorted(n for n in listed[site] if n.split("-")[0].lower().replace(".", "_") == dist)
        parts.append(f"{module}:{st.st_size}:{st.st_mtime_ns}:{','.join(infos)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def code_fingerprint() -> str:
    """A digest of spotlight-feed's installed files (name, size, mtime): code edits count."""
    if not _CODE:
        pkg = os.fspath(Path(__file__).resolve().parents[1])  # the installed package
        start = len(pkg) + 1
        h = hashlib.sha256()
        for dirpath, dirnames, filenames in os.walk(pkg):  # strings: it runs on every no-op
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                p = os.path.join(dirpath, name)
                st = os.stat(p)
                h.update(f"{p[start:]}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        _CODE.append(h.hexdigest())
    return _CODE[0]


def input_paths(project: Project) -> list[str]:
    """Every input path a build depends on, relative to the project root, sorted.

    The show config, the lock file, the episode folders (their listing, so a new
    transcript or episode shows up) and every file in them, the audio and art they
    reference, and the ``templates/`` and ``keep/`` folders if the project has them.
    A loaded episode's folder listing is the load stage's
    (:attr:`...model.Episode.folder_files`), taken before it was parsed; paths are
    joined as strings (1,000 episodes: 5,000 paths a build).
    """
    root = project.root
    rel = _under(root)
    rels: set[str] = {"podcast.yaml", "spotlight.lock", "templates", "keep", "episodes"}
    rels.add(rel(project.image_path))
    for top in ("templates", "keep"):  # keep/: release/outdir.py KEEP_DIR
        for dirpath, dirnames, filenames in os.walk(root / top):
            dirnames.sort()
            for name in [*dirnames, *filenames]:
                rels.add(rel(Path(dirpath) / name))
    loaded = {ep.slug: ep for ep in project.episodes}
    with os.scandir(root / "episodes") as it:
        for entry in it:
            folder = f"episodes/{entry.name}"
            rels.add(folder)
            ep = loaded.get(entry.name)
            if ep is not None and ep.folder_files:
                rels.update(f"{folder}/{name}" for name, _ in ep.folder_files)
            elif entry.is_dir():
                rels.update(f"{folder}/{name}" for name in os.listdir(entry.path))
    for ep in project.episodes:
        rels.update(rel(p) for p in episode_files(project, ep))
    return sorted(rels)


def _under(root: Path) -> Callable[[Path], str]:
    """:func:`.state._rel` for many paths: a path under *root* by string, others as it.

    A ``Path``'s string is already normal (no ``.`` parts, no doubled separators), so for
    one under *root* the rest of the string is what ``relative_to(root).as_posix()`` gives.
    """
    base = os.fspath(root) + os.sep

    def rel(p: Path) -> str:
        s = os.fspath(p)
        if os.sep == "/" and s.startswith(base):
            return s[len(base) :]
        return _rel(root, p)

    return rel


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
    # project files only: chapter art given as a URL is not one (config.Chapter.img_file)
    for ref in [c.image, *(ch.img_file for ch in c.chapters), *(a.file for a in c.alternates)]:
        if ref:
            out.append(project.root / ref)
    return out


def show_key(project: Project) -> str:
    """A digest of everything every episode shares: show config, cover art, templates.

    The show art is hashed by content (one small file): every episode page links
    to it by its content-named path (:meth:`.layout.Layout.cover`) and shows its
    pixel size, so an edit that kept its size and mtime must still redo them. The
    show config counts by value, without the fields only the feed reads
    (:data:`..config.apps.FEED_ONLY`: paging, analytics prefixes, podroll, ...):
    turning those on or off rewrites the feed, not every episode.
    """
    from ..config.apps import FEED_ONLY

    root = project.root
    h = hashlib.sha256()
    h.update(project.show.model_dump_json(exclude=set(FEED_ONLY)).encode())
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

    Files in the episode folder (metadata, transcripts) are hashed by content (the
    digests the load stage took, :attr:`...model.Episode.folder_files`); the
    audio and art are compared by path, size and mtime only. *shared* covers the
    show config, show art and templates (:func:`show_key`), which the episode's
    page shows too; what the page shows of other episodes is in :func:`page_key`.
    """
    h = hashlib.sha256()
    h.update(f"{shared}\0{layout_key}\0{episode.slug}\0{episode.folder_digest}\0".encode())
    for p in episode_files(project, episode):
        st = stat_of(p)
        h.update(f"{_rel(project.root, p)}\0{st[:2] if st else None}\0".encode())
    return h.hexdigest()
