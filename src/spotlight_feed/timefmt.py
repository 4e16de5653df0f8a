"""Times in milliseconds written for people and for caption files: one rule each."""

from __future__ import annotations


def hms(ms: int, sep: str = ".") -> str:
    """``HH:MM:SS.mmm``: WebVTT timestamps (always with hours), messages; ``sep=","`` for SRT."""
    s, ms = divmod(ms, 1000)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def player_clock(ms: int) -> str:
    """``M:SS`` or ``H:MM:SS`` as players show a position (truncated to the second)."""
    s = max(ms, 0) // 1000
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
