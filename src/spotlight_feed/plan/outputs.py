"""What the write stage measured for one episode: only what cannot be known before writing.

Every dist path and public URL is the plan's (:class:`.plan.EpisodePlan`); these are the
facts only writing the files tells: the tagged MP3's size and duration, which transcript
files were written (a timed transcript gives every format, an untimed one HTML and text),
and the alternate files' sizes and hashes. The feed, the pages and the search index read
plan + measurements, so a reused episode's measurements give the URLs of *this* build's plan.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PublishedTranscript:
    """One transcript of an episode the write stage published (in every format it allows)."""

    language: str | None
    """``None`` for the episode's own transcript, else the translation's language (#15)."""
    timed: bool
    """Timed: every format; untimed: HTML and plain text only (:mod:`..write.transcripts`)."""


@dataclass(frozen=True, slots=True)
class EpisodeOutputs:
    """The measured facts about an episode's files in the release (no paths, no URLs)."""

    audio_size: int
    """Byte size of the tagged copy (the enclosure length)."""
    duration_ms: int
    transcripts: tuple[PublishedTranscript, ...] = ()
    alternates_json: str | None = None
    """The published alternate files' measurements (:mod:`..write.alternates`), each naming
    its planned file by key; JSON so the build state can keep it; ``None`` without any."""

    @property
    def duration_s(self) -> int:
        """Whole seconds, rounded (``itunes:duration`` takes integer seconds)."""
        return (self.duration_ms + 500) // 1000
