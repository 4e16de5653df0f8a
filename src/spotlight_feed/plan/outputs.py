"""What the write stages produced for one episode, as the feed and pages need it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TranscriptLink:
    """One ``podcast:transcript`` (Podcasting 2.0 ``docs/tags/transcript.md``)."""

    url: str
    type: str
    """Exact MIME type, e.g. text/vtt, application/x-subrip."""
    language: str
    rel: str | None = None
    """``captions`` for timed files."""
    rel_path: str = ""
    """Path inside dist/ (for pages)."""
    label: str = ""
    """Human name of the format (for download links)."""


@dataclass(frozen=True)
class EpisodeOutputs:
    """Public facts about an episode's files in the release."""

    audio_url: str
    audio_size: int
    """Byte size of the tagged copy (the enclosure length)."""
    duration_ms: int
    page_url: str
    image_url: str | None = None
    transcripts: tuple[TranscriptLink, ...] = ()
    chapters_url: str | None = None
    chapters_vtt_url: str | None = None
    alternates_json: str | None = None
    """The published alternate files (:func:`..write.alternates.publish_alternates`),
    as JSON so the build state can keep it; ``None`` without alternates."""

    @property
    def duration_s(self) -> int:
        """Whole seconds, rounded (``itunes:duration`` takes integer seconds)."""
        return (self.duration_ms + 500) // 1000
