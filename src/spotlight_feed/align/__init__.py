"""Align a plain speaker-turn transcript to its audio (optional: ``spotlight-feed[align]``).

Needs numpy and scipy (the ``align`` extra) and two programs: ``espeak-ng``
(GPL-3.0-or-later; speaks the reference) and ``ffmpeg`` (decodes the audio). Both
are run as separate processes. See :mod:`.aligner` for the method.
"""

from __future__ import annotations

from .aligner import Alignment, Span, align
from .errors import AlignError, ToolMissing

__all__ = ["AlignError", "Alignment", "Span", "ToolMissing", "align"]
