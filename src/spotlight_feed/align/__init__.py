"""Align a plain speaker-turn transcript to its audio (optional: ``spotlight-feed[align]``).

Needs numpy and scipy (the ``align`` extra) and two programs: ``espeak-ng``
(GPL-3.0-or-later; speaks the reference) and ``ffmpeg`` (decodes the audio). Both
are run as separate processes. See :mod:`.aligner` for the method.

Importing this package does not import numpy (names load on first use), so
:mod:`.verify` can serve ``check`` without the extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .aligner import Alignment, Span, align
    from .errors import AlignError, ToolMissing

__all__ = ["AlignError", "Alignment", "Span", "ToolMissing", "align"]


def __getattr__(name: str) -> Any:
    if name in ("Alignment", "Span", "align"):
        from . import aligner

        return getattr(aligner, name)
    if name in ("AlignError", "ToolMissing"):
        from . import errors

        return getattr(errors, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
