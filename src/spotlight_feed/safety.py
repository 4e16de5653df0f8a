"""Release-safety checks the loader does not make: where the build may write, odd files.

* The output folder must not be the project, contain it, or be one of its input
  folders, and an existing folder is only replaced when it is a previous release
  (it has ``manifest.json`` or ``feed.xml``) or empty: ``build -o ~`` must never
  swap a home directory away.
* Episode folders and files that are symlinks leading out of the project are
  refused with the link named (the loader would otherwise report a transcript).
* Audio that is a sparse file (a size far beyond the disk blocks it uses, the mark
  of an interrupted download or a ``truncate``) is refused before it is copied:
  mutagen happily measures a 4 GB file of zeros after one MP3 frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError, Problem
from .layout import inside

if TYPE_CHECKING:
    from .model import Project

INPUT_DIRS = ("episodes", "media", "templates")
SPARSE_MIN_SIZE = 1 << 20
"""Files smaller than this are never called sparse (small files may be inline)."""


def check_out_dir(root: Path, out_dir: Path) -> None:
    """Refuse an output folder that is, contains or lies in the project's inputs."""
    if out_dir == root or root.is_relative_to(out_dir):
        raise BuildError(
            f"the output folder {out_dir} contains the project; choose a folder "
            "such as dist/ inside it or next to it"
        )
    for name in INPUT_DIRS:
        if out_dir.is_relative_to(root / name):
            raise BuildError(f"the output folder {out_dir} is inside the project's {name}/")
    if out_dir.is_symlink():
        raise BuildError(f"the output folder {out_dir} is a symlink; give its real path")


def check_replaceable(out_dir: Path) -> None:
    """Refuse to replace an existing folder that is not a previous release or empty."""
    if out_dir.is_dir() and not _is_release(out_dir):
        raise BuildError(
            f"{out_dir} is not empty and is not a previous release (no manifest.json or "
            "feed.xml); refusing to replace it. Choose an empty or new folder"
        )


def _is_release(folder: Path) -> bool:
    if (folder / "manifest.json").is_file() or (folder / "feed.xml").is_file():
        return True
    return not any(folder.iterdir())


def escaping_links(root: Path) -> list[Problem]:
    """Episode folders or files that are symlinks leading outside the project."""
    problems: list[Problem] = []
    episodes = root / "episodes"
    if not episodes.is_dir():
        return problems
    for folder in sorted(episodes.iterdir()):
        candidates = [folder]
        if folder.is_dir() and not folder.is_symlink():
            candidates += sorted(folder.iterdir())
        for p in candidates:
            if p.is_symlink() and not inside(root, p):
                rel = p.relative_to(root).as_posix()
                problems.append(
                    Problem(
                        rel,
                        None,
                        "",
                        f"is a symlink to {p.resolve()}, outside the project; copy the "
                        "files into the project instead",
                    )
                )
    return problems


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
