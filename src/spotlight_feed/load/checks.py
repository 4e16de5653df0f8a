"""Input checks of the load stage: the slug rule, paths inside the project, odd files.

* Episode folder names become file names and URLs; Apple Podcasts asks for ASCII-only
  file names and URLs (Apple 823), so slugs are ASCII: :data:`SLUG_RE`.
* Episode folders and files that are symlinks leading out of the project are
  refused with the link named (the loader would otherwise report a transcript).
* Audio that is a sparse file (a size far beyond the disk blocks it uses, the mark
  of an interrupted download or a ``truncate``) is refused before it is copied:
  mutagen happily measures a 4 GB file of zeros after one MP3 frame.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem
from ..safeio import special_message, what_special

if TYPE_CHECKING:
    from ..model import Project

SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
"""An episode folder name (the slug of its files and URLs)."""
SPARSE_MIN_SIZE = 1 << 20


def inside(root: Path, candidate: Path) -> bool:
    """True when *candidate* (symlinks resolved) lies inside *root*."""
    return inside_real(os.path.realpath(root), candidate)


def inside_real(real_root: str, candidate: str | os.PathLike[str]) -> bool:
    """:func:`inside` for a root already resolved (``os.path.realpath``), for many paths.

    The same rule: *candidate* with its symlinks resolved is *real_root* or below it, and
    not a symlink loop (which ``Path.resolve`` refuses).
    """
    try:
        real = os.path.realpath(candidate)
        os.stat(real)
    except FileNotFoundError:
        pass
    except (ValueError, OSError) as exc:  # ValueError: a NUL in the path
        if isinstance(exc, ValueError) or exc.errno == errno.ELOOP:
            return False
    base = real_root.rstrip(os.sep) + os.sep
    return real == real_root or real.startswith(base)


class InsideRoot:
    """:func:`inside_real` for many paths under one resolved root, with fewer system calls.

    ``os.path.realpath`` stats every part of every path from ``/`` down; a load-cache
    hit checks its audio and transcript paths this way (2,000 paths on 1,000 episodes,
    the largest part of a cached load). When *real_root* is real and the path is that
    root plus plain parts (no ``.``, ``..`` or empty part), the path is its own real
    path unless a part below the root is a symlink, so only those parts are looked at
    with ``lstat``, folders once a build. Any symlink, odd part or unreadable part: the
    general rule, :func:`inside_real`.
    """

    def __init__(self, real_root: str) -> None:
        self.real_root = real_root
        self._base = real_root.rstrip(os.sep) + os.sep
        self._plain: dict[str, bool] = {real_root: True}
        """Folders at or below the root: no part of them below the root is a symlink."""

    def __call__(self, candidate: str | os.PathLike[str]) -> bool:
        """True when *candidate*, symlinks resolved, is the root or below it."""
        path = os.fspath(candidate)
        if path.startswith(self._base) and self._plain_path(path):
            return True
        return inside_real(self.real_root, candidate)

    def _plain_path(self, path: str) -> bool:
        parts = path[len(self._base) :].split(os.sep)
        if "" in parts or "." in parts or ".." in parts:
            return False
        return self._plain_folder(os.path.dirname(path)) and _no_link(path)

    def _plain_folder(self, folder: str) -> bool:
        known = self._plain.get(folder)
        if known is None:
            known = self._plain_folder(os.path.dirname(folder)) and _no_link(folder)
            self._plain[folder] = known
        return known


def _no_link(path: str) -> bool:
    """True when *path* is not a symlink (a missing path is not one: realpath keeps it)."""
    try:
        return not stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False


def escaping_links(root: Path) -> list[Problem]:
    """Episode folders or files that are symlinks leading outside the project.

    Listed with ``os.scandir``, whose entries say whether they are symlinks without a
    system call; only a symlink is resolved.
    """
    problems: list[Problem] = []
    episodes = root / "episodes"
    if not episodes.is_dir():
        return problems
    for folder, folder_link in _listing(os.fspath(episodes)):
        candidates = [(folder, folder_link)]
        if not folder_link and os.path.isdir(folder):
            candidates += _listing(folder)
        for path, link in candidates:
            if link and not inside(root, Path(path)):
                rel = Path(path).relative_to(root).as_posix()
                problems.append(
                    Problem(
                        rel,
                        None,
                        "",
                        f"is a symlink to {Path(path).resolve()}, outside the project; copy "
                        "the files into the project instead",
                    )
                )
    return problems


def _listing(folder: str) -> list[tuple[str, bool]]:
    """(path, is a symlink) of each entry of *folder*, by name (empty if it cannot be listed)."""
    try:
        with os.scandir(folder) as it:
            return sorted((e.path, e.is_symlink()) for e in it)
    except OSError:
        return []


READ_INPUTS = ("podcast.yaml", "spotlight.lock", "episodes", "media", "templates", "keep")
"""What a build reads from the project: checked for special files before anything is read."""


def special_files(root: Path) -> list[Problem]:
    """FIFOs, sockets, devices and symlink loops among the inputs, each named.

    Reading a FIFO blocks for ever (a build "hangs"), and resolving a symlink
    loop raises ``RuntimeError`` deep in ``pathlib``; both are refused before
    the build reads anything. Only ``lstat``/``stat`` calls: nothing is opened. Folders
    are listed with ``os.scandir`` (whether an entry is a symlink comes with it), so each
    entry costs one ``stat``: 5,000 inputs on 1,000 episodes.
    """
    problems: list[Problem] = []
    base = os.fspath(root)
    start = len(base) + 1
    for name in READ_INPUTS:
        top = os.path.join(base, name)
        if not os.path.lexists(top):
            continue
        todo = [(top, os.path.islink(top))]
        while todo:
            path, link = todo.pop()
            problem, folder = _special(path, link)
            if problem:
                problems.append(Problem(path[start:].replace(os.sep, "/"), None, "", problem))
                continue
            if folder:
                try:
                    with os.scandir(path) as it:
                        todo.extend(sorted(((e.path, e.is_symlink()) for e in it), reverse=True))
                except OSError as exc:
                    rel = path[start:].replace(os.sep, "/")
                    problems.append(Problem(rel, None, "", f"cannot list: {exc.strerror}"))
    return problems


def _special(path: str, link: bool) -> tuple[str | None, bool]:
    """(what is wrong with *path*, or ``None``; whether to look inside it: a real folder)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symlink loop (a link that leads back to itself); remove it", False
        if link:
            return None, False  # a dangling link: reported as a missing file where it is used
        return f"cannot read: {exc.strerror}", False
    what = what_special(st.st_mode)
    if what == "a folder":
        return None, not link
    if what is None:
        return None, False
    return special_message(what), False


def sparse_audio(project: Project) -> list[Problem]:
    """Audio files whose apparent size is mostly holes."""
    problems: list[Problem] = []
    for ep in project.episodes:
        try:
            st = ep.audio_path.stat()
        except OSError:
            continue
        on_disk = st.st_blocks * 512
        if st.st_size >= SPARSE_MIN_SIZE and on_disk * 2 < st.st_size:
            problems.append(
                Problem(
                    ep.audio_display,
                    None,
                    "",
                    f"is a sparse file: {_human(st.st_size)} long but only "
                    f"{_human(on_disk)} on disk, so most of it is holes (an interrupted "
                    "download or copy?); replace it with the complete file",
                )
            )
    return problems


def _human(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB"):
        if size < 1024:
            return f"{n} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


MAX_ART_PIXELS = 36_000_000
"""Largest image (width x height) the build decodes: four times Apple's 3000 x 3000 maximum.

A PNG's header can claim 20000 x 20000 pixels over a few KB of compressed zeros; decoding
it takes gigabytes (a "decompression bomb"). Pillow refuses above about 179 million pixels
by itself; this lower limit refuses what no cover or chapter image needs, before decoding.
"""


def image_bombs(project: Project) -> list[Problem]:
    """Show, episode and chapter images whose header claims more than :data:`MAX_ART_PIXELS`."""
    problems: list[Problem] = []
    refs: list[tuple[str, int | None, str, Path]] = []
    if project.image_path.is_file():
        refs.append(
            (
                project.show_path,
                project.show_doc.line_of(("image",)),
                "image",
                project.image_path,
            )
        )
    for ep in project.episodes:
        c = ep.config
        if c.image:  # a file in the project (config: EpisodeConfig.image)
            refs.append((ep.meta_path, ep.doc.line_of(("image",)), "image", project.root / c.image))
        for i, ch in enumerate(c.chapters):
            if ch.img_file:  # a project file, not a URL (config.Chapter.img_url)
                loc = ("chapters", i, "img")
                path = project.root / ch.img_file
                refs.append((ep.meta_path, ep.doc.line_of(loc), f"chapters[{i}].img", path))
    for where, line, field, path in refs:
        problem = _image_bomb(path)
        if problem:
            problems.append(Problem(where, line, field, problem))
    return problems


def _image_bomb(path: Path) -> str | None:
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                w, h = img.size
    except Image.DecompressionBombError as exc:
        return f"{path.name}: refusing to decode it: {exc}"
    except Exception:  # not an image: the art checks say so
        return None
    if w * h > MAX_ART_PIXELS:
        return (
            f"{path.name} claims {w}x{h} px ({w * h:,} pixels), more than the {MAX_ART_PIXELS:,} "
            "this tool decodes (a decompression bomb?); use art of at most 3000x3000 px"
        )
    return None
