"""The show's YAML files, parsed only when a cheap look at their text says it is worth it.

``build`` warns about placeholders and over-long text on every run, the no-op
"up to date" run included, whose budget is a fraction of a second for 1,000
episodes (docs/benchmarks.md). Parsing every ``episode.yaml`` again costs about
1 ms each; reading its bytes and searching them costs microseconds. So the checks
say what text could hold a finding (:func:`show_docs`'s *want*), and only those
files are parsed (with their line numbers, for the message).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from ..safeio import read_regular
from ..yamlsrc import YamlDoc, load_yaml

SHOW_FILE = "podcast.yaml"


def show_docs(
    root: Path,
    want: Callable[[str, bool], bool],
    *,
    show: bool = True,
    folders: Collection[str] | None = None,
) -> Iterator[YamlDoc]:
    """podcast.yaml, then each ``episodes/*/episode.yaml`` that ``want(text, is_show)`` accepts.

    Files that cannot be read or parsed are skipped, and so are special files (a FIFO
    would block for ever, :mod:`.safeio`): the load stage reports them. *show* false
    leaves podcast.yaml out; *folders* (episode folder names) keeps only those episodes
    (the warnings cache recomputes the changed ones, :mod:`..release.warnings_cache`).
    """
    files = [(root / SHOW_FILE, SHOW_FILE, True)] if show else []
    episodes = root / "episodes"
    if episodes.is_dir() and (folders is None or folders):
        for folder in sorted(p for p in episodes.iterdir() if p.is_dir()):
            if folders is not None and folder.name not in folders:
                continue
            files.append((folder / "episode.yaml", f"episodes/{folder.name}/episode.yaml", False))
    for path, display, is_show in files:
        try:
            text = read_regular(path).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if not want(text, is_show):
            continue
        doc, _ = load_yaml(text, display)
        if doc is not None and isinstance(doc.data, dict):
            yield doc
