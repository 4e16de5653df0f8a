"""Why an alignment was refused: one message per cause, written for the podcaster."""

from __future__ import annotations

from ..errors import SpotlightError


class AlignError(SpotlightError):
    """The transcript and the audio cannot be aligned; no timings were written."""


class ToolMissing(AlignError):
    """An external program the aligner needs (espeak-ng, ffmpeg) is not installed."""
