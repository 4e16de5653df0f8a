"""The show's ``captions:`` settings as the caption styles the writers use.

``podcast.yaml``'s ``captions:`` (:class:`~.config.Captions`) overrides limits of the
default standard (:mod:`.transcript.style`: the Netflix Timed Text Style Guide); its
top-level limits apply to WebVTT and SRT, those under ``srt:`` to SRT only. The
transcript library never sees the config: it gets two :class:`CaptionStyle` values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..config import CaptionLimits, Captions
from ..transcript.style import NETFLIX, NETFLIX_SRT, CaptionStyle


@dataclass(frozen=True)
class CaptionStyles:
    """The style of each caption format."""

    vtt: CaptionStyle = NETFLIX
    srt: CaptionStyle = NETFLIX_SRT

    def in_language(self, language: str | None) -> CaptionStyles:
        """Both styles for captions in *language* (its line-break word lists)."""
        return CaptionStyles(
            replace(self.vtt, language=language), replace(self.srt, language=language)
        )


DEFAULT = CaptionStyles()


def _apply(style: CaptionStyle, limits: CaptionLimits) -> CaptionStyle:
    changes: dict[str, object] = {}
    if limits.line_chars is not None:
        changes["line_width"] = limits.line_chars
    if limits.lines is not None:
        changes["max_lines"] = limits.lines
    if limits.min_duration is not None:
        changes["min_ms"] = round(limits.min_duration * 1000)
    if limits.max_duration is not None:
        changes["max_ms"] = round(limits.max_duration * 1000)
    if limits.chars_per_second is not None:
        changes["max_cps"] = limits.chars_per_second
    if limits.min_gap is not None:
        changes["min_gap_ms"] = round(limits.min_gap * 1000)
    if limits.speaker_every_cue is not None:
        changes["speaker_every_cue"] = limits.speaker_every_cue
    if not changes:
        return style
    return replace(style, standard=f"{style.standard}, as changed in podcast.yaml", **changes)  # type: ignore[arg-type]


def caption_styles(captions: Captions) -> CaptionStyles:
    """The WebVTT and SRT styles for a show's ``captions:``."""
    vtt = _apply(NETFLIX, captions)
    srt = _apply(_apply(NETFLIX_SRT, captions), captions.srt)
    return CaptionStyles(vtt, srt)
