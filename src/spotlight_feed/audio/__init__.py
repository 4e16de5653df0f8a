"""Audio stage: measure the source MP3s and write tagged copies into the release."""

from __future__ import annotations

from .probe import AudioInfo, probe

__all__ = ["AudioInfo", "probe"]
