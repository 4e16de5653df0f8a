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

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..load.project import with_transcript
from ..model import Episode, Project
from ..plan.plan import EpisodePlan, ReleasePlan
from .search_cache import DUMP, SearchDocs, numbered, seconds, template, transcript_docs

__all__ = ["INDEX", "PAGE", "SearchDocs", "search_chunks", "search_index", "write_search_index"]

INDEX = "search/index.json"
PAGE = "search/index.html"


def _episode_docs(n: int, ep: Episode, planned: EpisodePlan, cache: SearchDocs | None) -> bytes:
    """Episode number *n*'s entries in the index, without the outer brackets.

    Title, summary, show notes and chapters are encoded here; the transcript's entries
    come from *cache* as kept text when it has them (:mod:`.search_cache`), else from
    the transcript, read again (and then kept).
    """
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
        docs.append([n, seconds(span.start_ms), "chapter", "", span.title])
    kept = cache.get(ep) if cache is not None else None
    if kept is None:
        full = with_transcript(ep)
        kept = template(transcript_docs(full))
        if cache is not None and full.named is not None:
            cache.keep(full, kept)
    elif cache is not None:
        cache.keep(ep, kept)
    own = json.dumps(docs, **DUMP)[1:-1].encode("utf-8")
    spoken = numbered(kept, n)
    return own + b"," + spoken if spoken else own


def search_chunks(
    project: Project,
    plan: ReleasePlan,
    cache: SearchDocs | None = None,
) -> Iterator[bytes]:
    """The index file's bytes in pieces, one episode's entries at a time.

    Byte for byte ``json.dumps({"version": 1, "episodes": [...], "docs": [...]})`` with
    sorted keys, UTF-8 (what the index always was), written out as it goes so that only
    one episode's entries are in memory. Transcript entries come from *cache* when it has
    them (:class:`SearchDocs`), else from the transcript, read again.
    """
    yield b'{"docs":['
    for n, ep in enumerate(project.episodes):
        text = _episode_docs(n, ep, plan[ep.slug], cache)
        yield (b"," + text) if n else text
    here = plan.layout.episode_dir  # links relative to search/, to the planned folders
    episodes = [
        {"title": ep.config.title, "href": f"../{here(ep.slug)}/"} for ep in project.episodes
    ]
    yield ('],"episodes":' + json.dumps(episodes, **DUMP) + ',"version":1}\n').encode("utf-8")


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
            out.write(chunk)
    except BaseException:
        if cache is not None:
            cache.abandon()
        raise
    if cache is not None:
        cache.commit({ep.slug for ep in project.episodes})


def search_index(project: Project, plan: ReleasePlan, cache: SearchDocs | None = None) -> bytes:
    """The index file (see the module docstring) as bytes; pure apart from reading."""
    return b"".join(search_chunks(project, plan, cache))
