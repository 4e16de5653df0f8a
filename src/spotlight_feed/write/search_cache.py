r"""The search index's transcript entries, kept between builds (``.spotlight-cache/``).

An episode's transcript entries (one per cue, :func:`transcript_docs`) are kept as the
JSON text of the index with a mark where the episode's number goes (:data:`MARK`), so a
reused episode's entries are copied into ``search/index.json`` as text, numbered by one
byte replacement, instead of being parsed and encoded again (issue #18: the index of
1,000 reused episodes is about 24 MB of such text).

Nothing read back is trusted (a show folder, its cache included, may come from anyone):
a kept line is used only when

* its key (the transcript's name and bytes, the speaker names and the tool's code and
  options) is the episode's key now;
* its SHA-256 is the one written beside it, so a damaged or truncated line is a miss;
* its text matches :data:`_ENTRIES`, the JSON grammar (RFC 8259 §§2, 6, 7) of exactly
  this shape: an array of ``["\u0000", number or null, "transcript", string, string]``.
  Whatever a line says, the index stays well-formed JSON of the documented shape, and
  the mark occurs only where a number goes (a ``"`` after ``[`` opens a string, so the
  mark's bytes cannot occur inside one).

Any other line is a miss and the transcript is read again.

The combined file this tool wrote is *sealed*: beside it, ``search.lines.seal`` holds the
file's device, inode, size, modification and change times (``st_ctime_ns``) right after
it was renamed into place, and the tool's code. While the file's ``fstat`` is exactly
that, its lines are the ones this tool wrote and checked, and only their keys are
compared (the digest and grammar checks, about 0.1 s for 1,000 episodes, are skipped).
Any write to the file, a copy, a restore or a crafted cache gives another inode or
change time, which no program can set (POSIX ``sys_stat.h``: ``st_ctime`` is "time of
last status change", updated by the system; ``utimensat`` sets only access and
modification times), so such a file is checked line by line as above.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import re
from pathlib import Path
from typing import Any, BinaryIO

from ..model import Episode
from ..plan.layout import CACHE_DIR
from ..safeio import read_regular, write_cache_file
from .sealed import is_sealed, map_regular, seal_text

DUMP: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":"), "sort_keys": True}
"""How the index is serialised (the same for the whole file and for each of its pieces)."""

MARK = b'["\\u0000",'
"""The start of an entry in a kept line: the episode's number goes in place of ``"\\u0000"``."""

COMBINED = "search.lines"
"""The combined entries of the last index, one line per episode (:class:`SearchDocs`)."""

SEAL = "search.lines.seal"
"""The seal of the combined file (the module docstring)."""

ONE = ".line"
"""The suffix of an episode's own entry file (written by its stage, :meth:`SearchDocs.put`)."""

_STRING = rb'"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"'
_NUMBER = rb"(?:null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)"
_ENTRY = re.escape(MARK) + _NUMBER + rb',"transcript",' + _STRING + rb"," + _STRING + rb"\]"
_ENTRIES = re.compile(rb"\[(?:" + _ENTRY + rb"(?:," + _ENTRY + rb")*)?\]")
"""A kept line's entries: JSON (RFC 8259) of exactly the shape :func:`template` writes."""


def seconds(ms: int) -> float:
    """A start in the index: seconds, to the millisecond."""
    return round(ms / 1000, 3)


def transcript_docs(episode: Episode) -> list[list[Any]]:
    """The index entries of *episode*'s transcript (display names, one per cue), unnumbered.

    ``[start in seconds or None, "transcript", speaker or "", text]`` per cue; the
    index puts the episode's number in front. ``[]`` when the episode has no
    transcript in hand (:attr:`.model.Episode.named`). The text is the readers' own,
    normalised once at read time (src/spotlight_feed/transcript/model.py; issue #18).
    """
    named = episode.named
    if named is None:
        return []
    return [
        [
            seconds(cue.start_ms) if cue.start_ms is not None else None,
            "transcript",
            cue.speaker or "",
            cue.text,
        ]
        for cue in named.cues
    ]


def template(docs: list[list[Any]]) -> bytes:
    """*docs* (:func:`transcript_docs`) as kept: the index's JSON, :data:`MARK` for the number."""
    return json.dumps([["\0", *doc] for doc in docs], **DUMP).encode("utf-8")


def numbered(kept: bytes, n: int) -> bytes:
    """The index text of kept entries for episode number *n*, without the outer brackets."""
    return kept[1:-1].replace(MARK, b"[%d," % n)


def _line(slug: str, key: str, kept: bytes) -> bytes:
    digest = hashlib.sha256(kept).hexdigest()
    return f"{json.dumps(slug)}\t{key}\t{digest}\t".encode() + kept + b"\n"


def _checked(line: bytes, key: str, *, sealed: bool = False) -> bytes | None:
    """The entries of a kept *line* (no newline) if it checks (module docstring), else None.

    A line of a *sealed* file (:func:`.sealed.seal_text`) was checked when it was written:
    only its key is compared.
    """
    parts = line.split(b"\t", 3)
    if len(parts) != 4 or parts[1] != key.encode():
        return None
    kept = parts[3]
    if sealed:
        return kept
    if hashlib.sha256(kept).hexdigest().encode() != parts[2] or not _ENTRIES.fullmatch(kept):
        return None
    return kept


class SearchDocs:
    """Each episode's transcript entries, kept between builds (the module docstring's rules).

    The episode stage has the transcript in hand (read and relabelled once) and
    stores its entries (:meth:`put`, one small file per episode in ``search/``: the stage
    may run in a worker process); the index, written after every episode, takes them
    from here instead of reading every transcript of the catalogue again (issue #18).

    Writing the index also writes every episode's line into one file,
    ``search.lines`` (its slug as JSON, a tab, the key, a tab, the SHA-256 of the
    entries, a tab, the entries), streamed to a temporary name and renamed over the old
    one (:func:`..safeio.write_cache_file`'s rule) once the index is complete; the
    per-episode files are then removed. The next index reads that one file
    (memory-mapped: the kernel's page cache, not the heap, holds it).

    When every line of this index is the line at the same place of the sealed file
    (no transcript, speaker or episode list changed: a title or description edit), the
    sealed file and its seal stay as they are and nothing is written (at 1,000 episodes
    the file is 26 MB); the new file is begun only at the first line that differs, with
    the old file's lines before it copied from the map.
    """

    def __init__(self, root: Path, code: str) -> None:
        """*root* is the project folder; *code* the tool's code and options (its key)."""
        self.dir = root / CACHE_DIR / "search"
        self.combined = root / CACHE_DIR / COMBINED
        self.code = code
        self._lines: dict[str, tuple[int, int]] | None = None
        self._map: mmap.mmap | None = None
        self._sealed = False
        self._keys: dict[str, str | None] = {}
        self._own: set[str] | None = None
        """The names in ``search/`` (listed once: most episodes have no file of their own)."""
        self._raw: dict[str, bytes] = {}
        """Lines that checked, by slug: written to the next combined file as they are."""
        self._out: BinaryIO | None = None
        self._tmp: Path | None = None
        self._same = False
        """Every line kept so far is the sealed file's, in its order (nothing written yet)."""
        self._pos = 0
        """Where the sealed file's next line starts, while :attr:`_same`."""

    def _key(self, episode: Episode) -> str | None:
        if episode.slug in self._keys:
            return self._keys[episode.slug]
        path = episode.transcript_path
        if path is None:
            return None
        digest = episode.file_digest(path)  # taken by the load stage (folder_files)
        if digest is None:  # a transcript outside the episode folder: read it here
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                return None
        h = hashlib.sha256(f"{self.code}\0{path.name}\0".encode())
        h.update(json.dumps(sorted(episode.speaker_names.items())).encode() + b"\0")
        h.update(digest.encode())
        key = h.hexdigest()
        self._keys[episode.slug] = key
        return key

    def put(self, episode: Episode) -> None:
        """Remember the transcript entries of *episode* (which has its transcript)."""
        key = self._key(episode)
        if key is None or episode.named is None:
            return
        line = _line(episode.slug, key, template(transcript_docs(episode)))
        write_cache_file(self.dir / f"{episode.slug}{ONE}", line.decode("utf-8"))
        if self._own is not None:
            self._own.add(f"{episode.slug}{ONE}")

    def forget_others(self, slugs: set[str]) -> None:
        """Remove the entry files of episodes not in *slugs*; best effort.

        Files ending ``.json`` are an older version's (one JSON entry per episode).
        """
        try:
            names = os.listdir(self.dir)
        except OSError:
            return
        for name in names:
            stem, suffix = os.path.splitext(name)
            if suffix in (ONE, ".json") and (suffix == ".json" or stem not in slugs):
                with contextlib.suppress(OSError):
                    os.unlink(self.dir / name)

    def get(self, episode: Episode) -> bytes | None:
        """The kept entries of *episode* (:func:`template`'s form), if its key is unchanged.

        Its own file (written by its stage in this build) first, then the combined file.
        """
        key = self._key(episode)
        if key is None:
            return None
        if self._own is None:
            try:
                self._own = set(os.listdir(self.dir))
            except OSError:
                self._own = set()
        name = f"{episode.slug}{ONE}"
        if name in self._own:
            try:
                line = read_regular(self.dir / name)  # a FIFO here must not block
            except OSError:
                pass
            else:
                found = self._checked(episode.slug, line.removesuffix(b"\n"), key)
                if found is not None:
                    return found
        return self._from_combined(episode.slug, key)

    def _checked(self, slug: str, line: bytes, key: str, *, sealed: bool = False) -> bytes | None:
        found = _checked(line, key, sealed=sealed)
        if found is not None:
            self._raw[slug] = line
        return found

    def _from_combined(self, slug: str, key: str) -> bytes | None:
        if self._lines is None:
            self._lines = self._index_combined()
        span = self._lines.get(slug)
        if span is None or self._map is None:
            return None
        return self._checked(slug, self._map[span[0] : span[1]], key, sealed=self._sealed)

    def _index_combined(self) -> dict[str, tuple[int, int]]:
        """Where each slug's line is in ``search.lines`` (empty when it cannot be read)."""
        found = map_regular(self.combined)  # a FIFO or link here is a miss, never a wait
        if found is None:  # missing, unreadable, empty or not a regular file
            return {}
        self._map, st = found
        self._sealed = is_sealed(self.combined.parent / SEAL, self.code, st)
        lines: dict[str, tuple[int, int]] = {}
        mm, start, end = self._map, 0, len(self._map)
        while start < end:
            stop = mm.find(b"\n", start)
            if stop < 0:
                break  # a last line without its newline: a miss
            tab = mm.find(b"\t", start, stop)
            if tab > start:
                try:
                    slug = json.loads(mm[start:tab])
                except ValueError:
                    slug = None
                if isinstance(slug, str):
                    lines[slug] = (start, stop)
            start = stop + 1
        return lines

    def begin(self) -> None:
        """Start the combined file of this index (a temporary name beside it); best effort.

        The file is opened at the first line that differs from the sealed one
        (:meth:`_diverge`), if any.
        """
        tmp = self.combined.with_name(f".{COMBINED}.{os.getpid()}.tmp")
        try:
            tmp.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        self._tmp, self._same, self._pos = tmp, True, 0

    def _diverge(self) -> None:
        """Open the new combined file with the sealed file's lines before :attr:`_pos`."""
        self._same = False
        if self._tmp is None:
            return
        try:
            self._out = self._tmp.open("wb")
            if self._pos and self._map is not None:
                self._out.write(self._map[: self._pos])
        except OSError:
            self.abandon()

    def keep(self, episode: Episode, kept: bytes) -> None:
        """Add *episode*'s entries (:func:`template`'s form) to the combined file."""
        key = self._key(episode)
        if self._tmp is None or key is None or episode.transcript_path is None:
            return
        raw = self._raw.pop(episode.slug, None)  # a hit: its line, checked, as it was
        line = _line(episode.slug, key, kept) if raw is None else raw + b"\n"
        if self._same:
            if self._lines is None:
                self._lines = self._index_combined()
            span = self._lines.get(episode.slug)
            end = self._pos + len(line)
            if (
                self._sealed
                and self._map is not None
                and span is not None
                and span == (self._pos, end - 1)
                and self._map[self._pos : end] == line
            ):
                self._pos = end
                return
            self._diverge()
        if self._out is None:
            return
        try:
            self._out.write(line)
        except OSError:
            self.abandon()

    def commit(self, slugs: set[str]) -> None:
        """Put the combined file in place and remove the per-episode files; best effort.

        The sealed file stays when this index's lines are all of it, in order.
        """
        if self._same and self._sealed and self._map is not None and self._pos == len(self._map):
            self._map.close()  # every line the sealed one's: it stays, and its seal
            self._map, self._lines, self._tmp, self._same = None, None, None, False
            self.forget_others(set())
            return
        if self._same:  # lines of the sealed file dropped at its end, or nothing was kept
            self._diverge()
        if self._map is not None:
            self._map.close()
            self._map = None
        self._lines = None
        if self._out is None or self._tmp is None:
            self.forget_others(slugs)
            return
        try:
            self._out.close()
            os.replace(self._tmp, self.combined)
            sealed = seal_text(self.code, os.stat(self.combined))
        except OSError:
            self.abandon()
            self.forget_others(slugs)
            return
        self._out = None
        write_cache_file(self.combined.parent / SEAL, sealed)
        self.forget_others(set())

    def abandon(self) -> None:
        """Drop the combined file being written (the index failed); the old one stays."""
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                self._tmp.unlink(missing_ok=True)
        self._out = self._tmp = None
        self._same = False
