"""Output-folder checks: where the build may write, and what it may replace.

* The output folder, resolved fully first, must not be the project, contain it,
  be or lie in one of its inputs, or be the home folder or ``/``; an existing
  folder is only replaced when it is empty or provably a previous release (this
  tool's manifest, listing every file in it): ``build -o ~`` must never swap a
  home directory away, and a ``CNAME`` or ``.git`` in ``dist/`` is never deleted
  silently (``keep:`` in podcast.yaml carries such files into every release,
  from the project's ``keep/`` folder or else from the previous release).

The input checks (symlinks out of the project, sparse audio) are :mod:`spotlight_feed.load.checks`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildError, InputError, Problem

if TYPE_CHECKING:
    pass

KEEP_DIR = "keep"
"""The project folder the ``keep:`` entries are taken from first (``keep/CNAME``), so a fresh
clone without ``dist/`` publishes them too; the previous release is the fallback."""
INPUT_DIRS = ("episodes", "media", "templates", KEEP_DIR)
INPUTS = ("podcast.yaml", "spotlight.lock", *INPUT_DIRS)
"""Files smaller than this are never called sparse (small files may be inline)."""


def check_out_dir(root: Path, out_dir: Path) -> Path:
    """The output folder fully resolved, refused if writing there could lose files.

    *out_dir* is resolved first (every existing parent, symlinks and ``..``
    included), so ``-o dist/..`` or a symlinked parent cannot slip past a
    comparison of path texts. Refused: the project itself or a folder holding it,
    a folder that is, holds or lies inside one of the project's inputs
    (``podcast.yaml``, ``spotlight.lock``, ``episodes/``, ``media/``,
    ``templates/``), the home folder or a folder holding it, and ``/``.
    """
    root = root.resolve()
    if out_dir.is_symlink():
        raise BuildError(f"the output folder {out_dir} is a symlink; give its real path")
    real = out_dir.resolve()
    shown = str(out_dir) if real == out_dir else f"{out_dir} (really {real})"
    if real == root or root.is_relative_to(real):
        raise BuildError(
            f"the output folder {shown} contains the project {root}; choose a folder "
            "such as dist/ inside it or next to it"
        )
    for name in INPUTS:
        given = root / name
        if any(real == g or real.is_relative_to(g) for g in (given, given.resolve())):
            raise BuildError(
                f"the output folder {shown} is inside the project's {name}"
                f"{'/' if name in INPUT_DIRS else ''} ({given})"
            )
    home = _home()
    if home is not None and (real == home or home.is_relative_to(real)):
        raise BuildError(
            f"the output folder {shown} is or contains the home folder {home}; "
            "choose a folder such as dist/ in the project"
        )
    if real == Path(real.anchor):
        raise BuildError(f"the output folder {shown} is the root of the file system")
    return real


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None


def check_replaceable(out_dir: Path, keep: tuple[str, ...] = ()) -> None:
    """Refuse to replace an existing folder unless it is provably a previous release.

    Provably: it holds this tool's ``manifest.json`` (``generator`` spotlight-feed,
    a known ``format``) and every file in it is listed there or named by the
    show's ``keep:`` list. Files the manifest does not list (a ``CNAME``, the
    ``.git`` of a checkout) are never deleted silently: the build refuses and
    names them.
    """
    if not out_dir.exists() and not out_dir.is_symlink():
        return
    if not out_dir.is_dir():
        raise BuildError(f"{out_dir} exists and is not a folder; refusing to replace it")
    present = list_tree(out_dir)
    if not present:
        return
    from . import manifest  # not on the fast path, which only resolves the folder

    listed = manifest.release_files(out_dir)
    if listed is None:
        raise BuildError(
            f"{out_dir} is not empty and is not a previous release (no manifest.json "
            "written by spotlight-feed); refusing to replace it. Choose an empty or new folder"
        )
    foreign = [rel for rel in present if rel not in listed and not kept(rel, keep)]
    if foreign:
        names = _summarise(foreign, listed)
        more = f" and {len(names) - 10} more" if len(names) > 10 else ""
        raise BuildError(
            f"{out_dir} holds files this tool did not write: {', '.join(names[:10])}{more}; "
            "a build would delete them. Move them away, or list them under keep: in "
            "podcast.yaml to carry them into every release"
        )


def kept(rel: str, keep: tuple[str, ...]) -> bool:
    """Whether *rel* (a path inside dist/) is named by a ``keep:`` entry or lies in one."""
    return any(rel == k.rstrip("/") or rel.startswith(k.rstrip("/") + "/") for k in keep)


def list_tree(folder: Path) -> list[str]:
    """Every entry under *folder* that is not a real folder, as sorted POSIX paths.

    Symlinks (to folders too) and special files are listed, not followed: none of
    them is something this tool writes.
    """
    out: list[str] = []
    base = os.fspath(folder)
    for dirpath, dirnames, filenames in os.walk(base):
        rel_dir = os.path.relpath(dirpath, base).replace(os.sep, "/")
        prefix = "" if rel_dir == "." else rel_dir + "/"
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        dirnames[:] = [d for d in dirnames if d not in links]
        out.extend(prefix + name for name in [*filenames, *links])
    return sorted(out)


def _summarise(foreign: list[str], listed: frozenset[str]) -> list[str]:
    """Foreign paths, a whole top-level folder shown once (``.git/``) when none of it is ours."""
    ours_top = {rel.split("/", 1)[0] for rel in listed}
    out: list[str] = []
    for rel in foreign:
        top, sep, _ = rel.partition("/")
        name = f"{top}/" if sep and top not in ours_top else rel
        if name not in out:
            out.append(name)
    return out


def carry_kept(
    out_dir: Path, staging: Path, keep: tuple[str, ...], root: Path | None = None
) -> list[str]:
    """Copy the ``keep:`` entries into *staging*; return them.

    Each entry comes from the project's ``keep/`` folder (of *root*) when it is there, else
    from the previous release. Files are copied, never run. In ``keep/`` a symlink is refused
    (:func:`kept_source_problems`), so nothing is read from outside the project; from the
    previous release symlinks are copied as links (never followed), so a kept entry cannot
    pull files from outside the release into it.
    """
    if root is not None and (problems := kept_source_problems(root, keep)):
        raise InputError(problems)
    carried: list[str] = []
    for entry in keep:
        rel = entry.rstrip("/")
        own = root / KEEP_DIR / rel if root is not None else None
        src = own if own is not None and (own.exists() or own.is_symlink()) else out_dir / rel
        if not src.exists() and not src.is_symlink():
            continue
        dst = staging / rel
        if dst.exists() or dst.is_symlink():
            raise BuildError(
                f"keep: {entry!r} is also a file this tool writes into the release; "
                "remove it from keep:"
            )
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir() and not src.is_symlink():
            shutil.copytree(src, dst, symlinks=True)
        else:
            shutil.copy2(src, dst, follow_symlinks=False)
        carried.append(rel)
    return carried


def kept_source_problems(root: Path, keep: tuple[str, ...]) -> list[Problem]:
    """Symlinks among the ``keep:`` entries in the project's ``keep/`` folder, each named.

    Kept files are copied byte for byte into the release; a link could copy a file from
    anywhere on the machine (``keep/CNAME -> ~/.ssh/id_rsa``) into a public folder, so
    ``keep/`` holds plain files and folders only. (FIFOs and devices there are refused
    with the other inputs, :func:`spotlight_feed.load.checks.special_files`.)
    """
    problems: list[Problem] = []
    message = (
        "is a symlink; files kept from the project are copied, never followed: "
        "put the file itself there"
    )
    folder = root / KEEP_DIR
    if folder.is_symlink():
        return [Problem(KEEP_DIR, None, "", message)]
    for entry in keep:
        parts = entry.rstrip("/").split("/")
        parents = [folder.joinpath(*parts[:k]) for k in range(1, len(parts))]
        linked = [p for p in parents if p.is_symlink()]
        top = folder.joinpath(*parts)
        todo = linked[:1] or ([top] if top.exists() or top.is_symlink() else [])
        while todo:
            p = todo.pop()
            if p.is_symlink():
                problems.append(Problem(p.relative_to(root).as_posix(), None, "", message))
            elif p.is_dir():
                todo.extend(sorted(p.iterdir(), reverse=True))
    return sorted(set(problems), key=lambda p: p.path)


def unlisted_kept(root: Path, keep: tuple[str, ...]) -> list[str]:
    """Notes for entries of the project's ``keep/`` folder that no ``keep:`` entry names."""
    folder = root / KEEP_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    return [
        f"{KEEP_DIR}/{name}: not listed under keep: in podcast.yaml, so not published "
        f"(add keep: [{name}])"
        for name in sorted(p.name for p in folder.iterdir())
        if not kept(name, keep)
    ]
