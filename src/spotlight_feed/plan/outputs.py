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
class AlternateLink:
    """One ``podcast:alternateEnclosure`` (Podcasting 2.0 ``docs/tags/alternateEnclosure.md``)."""

    url: str
    type: str
    codecs: str
    length: int
    bitrate: int
    """Average bits per second."""
    integrity: str
    """SRI value, ``sha384-…``."""
    title: str
    rel_path: str = ""
    """Path inside dist/ (for pages)."""
    default: bool = False
    """The same file as ``<enclosure>`` (listed so that apps show every choice)."""


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
    alternates: tuple[AlternateLink, ...] = ()
    """The MP3 (``default``) and its alternate encodings, when the show asks for some."""

    @property
    def duration_s(self) -> int:
        """Whole seconds, rounded (``itunes:duration`` takes integer seconds)."""
        return (self.duration_ms + 500) // 1000
