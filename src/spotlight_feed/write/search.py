"""Site search with no server: a static index of every episode and a search page.

``search/index.json`` holds, per episode, its title and page, and one entry per piece
of searchable text: every cue of its transcript (with the cue's start, so a result
opens the episode at that moment with the page's ``#t=`` media fragment, W3C Media
Fragments URI 1.0 §4.2.1), every chapter title (with its start), and its title,
summary and show notes. ``search/index.html`` fetches it and searches in the browser:
every word of the query must occur (the last one as a prefix), case- and
accent-insensitively; results are a list of links, announced to screen readers through
a polite live region; without JavaScript the page says plainly that search is
unavailable. The index is deterministic (sorted, no timestamps), so releases stay
byte-identical. It is the "equivalent" of a pagefind index the issue allows: the whole
index is one file (about the size of the transcripts' text), fine for a show's
catalogue of hundreds of episodes, not for tens of thousands.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..load.project import with_transcript
from ..model import Episode, Project
from ..plan.layout import CACHE_DIR
from ..plan.plan import EpisodePlan, ReleasePlan
from ..safeio import write_cache_file
from ..transcript.words import normalise

INDEX = "search/index.json"
PAGE = "search/index.html"

_DUMP: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":"), "sort_keys": True}
"""How the index is serialised (the same for the whole file and for each of its pieces)."""


def _seconds(ms: int) -> float:
    return round(ms / 1000, 3)


def transcript_docs(episode: Episode) -> list[list[Any]]:
    """The index entries of *episode*'s transcript (display names, one per cue), unnumbered.

    ``[start in seconds or None, "transcript", speaker or "", text]`` per cue; the
    index puts the episode's number in front. ``[]`` when the episode has no
    transcript in hand (:attr:`.model.Episode.named`).
    """
    named = episode.named
    if named is None:
        return []
    return [
        [
            _seconds(cue.start_ms) if cue.start_ms is not None else None,
            "transcript",
            cue.speaker or "",
            normalise(cue.text),
        ]
        for cue in named.cues
    ]


COMBINED = "search.lines"
"""The combined entries of the last index, one line per episode (:class:`SearchDocs`)."""


class SearchDocs:
    """Each episode's transcript entries, kept between builds (``.spotlight-cache/``).

    The episode stage has the transcript in hand (read and relabelled once) and
    stores its entries (:meth:`put`, one small file per episode in ``search/``: the stage
    may run in a worker process); the index, written after every episode, takes them
    from here instead of reading every transcript of the catalogue again (issue #18).
    An entry is keyed by a digest of what it is made of: the transcript file's name and
    bytes, the speaker names and *code* (the tool's code and options, so other code
    never reuses it); a missing, stale or damaged entry is a miss, and the transcript
    is read again.

    Writing the index also writes every episode's entries into one file,
    ``search.lines`` (one line per episode: its slug as JSON, a tab, the key, a tab,
    the entries as JSON), streamed to a temporary name and renamed over the old one
    (:func:`..safeio.write_cache_file`'s rule) once the index is complete; the per-episode
    files are then removed. The next index reads that one file (memory-mapped: the
    kernel's page cache, not the heap, holds it) instead of opening a file per episode.
    """

    def __init__(self, root: Path, code: str) -> None:
        """*root* is the project folder; *code* as in the class docstring."""
        self.dir = root / CACHE_DIR / "search"
        self.combined = root / CACHE_DIR / COMBINED
        self.code = code
        self._lines: dict[str, tuple[int, int]] | None = None
        self._map: mmap.mmap | None = None
        self._keys: dict[str, str | None] = {}
        self._out: BinaryIO | None = None
        self._tmp: Path | None = None

    def _key(self, episode: Episode) -> str | None:
        if episode.slug in self._keys:
            return self._keys[episode.slug]
        path = episode.transcript_path
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        h = hashlib.sha256(f"{self.code}\0{path.name}\0".encode())
        h.update(json.dumps(sorted(episode.speaker_names.items())).encode() + b"\0")
        h.update(data)
        key = h.hexdigest()
        self._keys[episode.slug] = key
        return key

    def put(self, episode: Episode) -> None:
        """Remember the transcript entries of *episode* (which has its transcript)."""
        key = self._key(episode)
        if key is None or episode.named is None:
            return
        data = json.dumps({"key": key, "docs": transcript_docs(episode)}, **_DUMP)
        write_cache_file(self.dir / f"{episode.slug}.json", data)

    def forget_others(self, slugs: set[str]) -> None:
        """Remove the entries of episodes not in *slugs* (removed from the show); best effort."""
        try:
            names = os.listdir(self.dir)
        except OSError:
            return
        for name in names:
            if name.endswith(".json") and name[: -len(".json")] not in slugs:
                with contextlib.suppress(OSError):
                    os.unlink(self.dir / name)

    def get(self, episode: Episode) -> list[list[Any]] | None:
        """The remembered entries of *episode*, if its transcript and names are unchanged."""
        key = self._key(episode)
        if key is None:
            return None
        found = self._from_combined(episode.slug, key)
        if found is not None:
            return found
        try:
            entry = json.loads((self.dir / f"{episode.slug}.json").read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        return _docs(entry.get("docs"))

    def _from_combined(self, slug: str, key: str) -> list[list[Any]] | None:
        if self._lines is None:
            self._lines = self._index_combined()
        span = self._lines.get(slug)
        if span is None or self._map is None:
            return None
        line = self._map[span[0] : span[1]]
        parts = line.split(b"\t", 2)
        if len(parts) != 3 or parts[1] != key.encode():
            return None
        try:
            return _docs(json.loads(parts[2]))
        except ValueError:
            return None

    def _index_combined(self) -> dict[str, tuple[int, int]]:
        """Where each slug's line is in ``search.lines`` (empty when it cannot be read)."""
        try:
            with self.combined.open("rb") as f:
                self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # missing, unreadable or empty
            return {}
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
        """Start the combined file of this index (a temporary name beside it); best effort."""
        tmp = self.combined.with_name(f".{COMBINED}.{os.getpid()}.tmp")
        try:
            tmp.parent.mkdir(parents=True, exist_ok=True)
            self._out = tmp.open("wb")
            self._tmp = tmp
        except OSError:
            self._out = None

    def keep(self, episode: Episode, docs: list[list[Any]]) -> None:
        """Add *episode*'s transcript entries to the combined file (if its key is known)."""
        key = self._key(episode)
        if self._out is None or key is None or episode.transcript_path is None:
            return
        text = json.dumps(docs, **_DUMP)
        line = f"{json.dumps(episode.slug)}\t{key}\t{text}\n"
        try:
            self._out.write(line.encode("utf-8"))
        except OSError:
            self.abandon()

    def commit(self, slugs: set[str]) -> None:
        """Put the combined file in place and remove the per-episode files; best effort."""
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
        except OSError:
            self.abandon()
            self.forget_others(slugs)
            return
        self._out = None
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


def _docs(docs: object) -> list[list[Any]] | None:
    if not isinstance(docs, list) or not all(_is_doc(d) for d in docs):
        return None
    return docs


def _is_doc(doc: object) -> bool:
    return (
        isinstance(doc, list)
        and len(doc) == 4
        and (doc[0] is None or type(doc[0]) in (int, float))
        and doc[1] == "transcript"
        and isinstance(doc[2], str)
        and isinstance(doc[3], str)
    )


def _episode_docs(
    n: int, ep: Episode, planned: EpisodePlan, cache: SearchDocs | None
) -> list[list[Any]]:
    c = ep.config
    docs: list[list[Any]] = [
        [n, None, "title", "", c.title],
        [n, None, "summary", "", c.summary],
    ]
    if c.notes:
        for para in c.notes.split("\n\n"):
            if para.strip():
                docs.append([n, None, "notes", "", " ".join(para.split())])
    for span in planned.chapters:  # the plan's spans: the titles of chapters.vtt and the page
        docs.append([n, _seconds(span.start_ms), "chapter", "", span.title])
    found = cache.get(ep) if cache is not None else None
    if found is None:
        full = with_transcript(ep)
        found = transcript_docs(full)
        if cache is not None and full.named is not None:
            cache.keep(full, found)
    elif cache is not None:
        cache.keep(ep, found)
    docs += ([n, *doc] for doc in found)
    return docs


def search_chunks(
    project: Project,
    plan: ReleasePlan,
    cache: SearchDocs | None = None,
) -> Iterator[str]:
    """The index file's text in pieces, one episode's entries at a time.

    Byte for byte ``json.dumps({"version": 1, "episodes": [...], "docs": [...]})`` with
    sorted keys (what the index always was), written out as it goes so that only one
    episode's entries are in memory. Transcript entries come from *cache* when it has
    them (:class:`SearchDocs`), else from the transcript, read again.
    """
    yield '{"docs":['
    for n, ep in enumerate(project.episodes):
        docs = _episode_docs(n, ep, plan[ep.slug], cache)
        text = json.dumps(docs, **_DUMP)[1:-1]
        yield ("," + text) if n and text else text
    here = plan.layout.episode_dir  # links relative to search/, to the planned folders
    episodes = [
        {"title": ep.config.title, "href": f"../{here(ep.slug)}/"} for ep in project.episodes
    ]
    yield '],"episodes":' + json.dumps(episodes, **_DUMP) + ',"version":1}\n'


def write_search_index(
    project: Project,
    plan: ReleasePlan,
    out: BinaryIO,
    cache: SearchDocs | None = None,
) -> None:
    """Stream the index file (see the module docstring) to *out*."""
    if cache is not None:
        cache.begin()
    try:
        for chunk in search_chunks(project, plan, cache):
            out.write(chunk.encode("utf-8"))
    except BaseException:
        if cache is not None:
            cache.abandon()
        raise
    if cache is not None:
        cache.commit({ep.slug for ep in project.episodes})


def search_index(project: Project, plan: ReleasePlan, cache: SearchDocs | None = None) -> bytes:
    """The index file (see the module docstring) as bytes; pure apart from reading."""
    return "".join(search_chunks(project, plan, cache)).encode("utf-8")
