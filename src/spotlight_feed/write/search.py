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
from typing import Any

from ..load.project import with_transcript
from ..model import Project
from ..plan.chapters import spans as chapter_spans
from ..plan.layout import Layout
from ..plan.outputs import EpisodeOutputs
from ..transcript.words import normalise

INDEX = "search/index.json"
PAGE = "search/index.html"


def _seconds(ms: int) -> float:
    return round(ms / 1000, 3)


def search_index(project: Project, layout: Layout, outputs: dict[str, EpisodeOutputs]) -> bytes:
    """The index file (see the module docstring); pure apart from reading transcripts."""
    episodes: list[dict[str, Any]] = []
    docs: list[list[Any]] = []
    for n, ep in enumerate(project.episodes):
        c = ep.config
        episodes.append({"title": c.title, "href": f"../episodes/{ep.slug}/"})
        docs.append([n, None, "title", "", c.title])
        docs.append([n, None, "summary", "", c.summary])
        if c.notes:
            for para in c.notes.split("\n\n"):
                if para.strip():
                    docs.append([n, None, "notes", "", " ".join(para.split())])
        out = outputs.get(ep.slug)
        if out is not None:
            for span in chapter_spans(ep, out.duration_ms):
                docs.append([n, _seconds(span.start_ms), "chapter", "", span.title])
        full = with_transcript(ep)
        if full.transcript is not None:
            names = full.transcript.relabel(full.speaker_names)
            for cue in names.cues:
                at = _seconds(cue.start_ms) if cue.start_ms is not None else None
                docs.append([n, at, "transcript", cue.speaker or "", normalise(cue.text)])
    data = {"version": 1, "episodes": episodes, "docs": docs}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text + "\n").encode("utf-8")
