"""Caption style: the published standard captions are cut and timed to.

The default is the Netflix Timed Text Style Guide, the most widely cited published
caption standard with explicit numbers:

* General Requirements
  (https://partnerhelp.netflixstudios.com/hc/en-us/articles/215758617, §1 Duration,
  §3 Frame Gap, §5 Line Treatment): a cue lasts 5/6 s to 7 s, at least 2 frames
  (83 ms at 24 fps) between cues, at most 2 lines, lines broken after punctuation or
  before a conjunction or preposition, never between an article and its noun, a first
  and a last name, a verb and its subject pronoun or negation;
* English (USA) Timed Text Style Guide
  (https://partnerhelp.netflixstudios.com/hc/en-us/articles/217350977, §2 Character
  Limitation, §"Reading Speed"): 42 characters a line, up to 20 characters a second
  for adult programmes.

SRT is stricter by default: the podcast namespace's transcript guide asks for SRT
lines of at most 32 characters (docs/sources.md §2.4), so :data:`NETFLIX_SRT` keeps every
Netflix rule but that width, with ``Name:`` on every caption.
A show changes any limit with ``captions:`` in ``podcast.yaml``; the writers only
ever see a :class:`CaptionStyle`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

STANDARD = "Netflix Timed Text Style Guide (English, USA)"


@dataclass(frozen=True)
class CaptionStyle:
    """The limits one caption file is written to."""

    line_width: int = 42
    """Columns a line (wide CJK characters count two; a visible name prefix counts)."""
    max_lines: int = 2
    min_ms: int = 833
    """Shortest cue (5/6 s); shorter cues are reported, never padded past the speech."""
    max_ms: int = 7000
    """Longest cue: a cue running longer is cut at a word boundary."""
    max_cps: float = 20.0
    """Reading speed: characters a second (reported; text is never condensed)."""
    min_gap_ms: int = 83
    """Gap kept between consecutive cues (2 frames at 24 fps)."""
    speaker_every_cue: bool = True
    """SRT: ``Name:`` on every cue (WebVTT always has ``<v Name>`` on every cue)."""
    standard: str = STANDARD
    cut_at_marks: bool = True
    language: str | None = None
    """The captions' language (BCP 47): picks the line-break word lists (:mod:`.words`)."""
    """Start a new caption at every measured sentence start (``Cue.marks``, :mod:`.marks`)."""


NETFLIX = CaptionStyle()
"""The WebVTT default (see the module docstring)."""
NETFLIX_SRT = replace(NETFLIX, line_width=32, standard=f"{STANDARD}, SRT lines of 32")
"""The SRT default: every Netflix rule with the podcast namespace's SRT lines of 32 columns
(docs/sources.md §2.4), and ``Name:`` on every caption, as issue #15 asks ("keep the speaker on
every cue"; WebVTT has ``<v Name>`` on every cue). The prefix counts toward the first line, so
a long name leaves fewer columns for words (the sample's "Masaki Ikegami (quoted): " leaves 7
of 32); ``speaker_every_cue: false`` under ``captions: srt:`` names the speaker only where the
turn opens, the namespace's own convention."""

UNSPLIT = CaptionStyle(
    line_width=10**6, max_lines=1, max_ms=10**12, min_gap_ms=0, cut_at_marks=False
)
"""One caption per source cue (a timed source file, as ``spotlight-feed align`` writes)."""
