"""Times in milliseconds written for people and for caption files: one rule each."""

from __future__ import annotations

_TWO = tuple(f"{n:02d}" for n in range(100))
_THREE = tuple(f"{n:03d}" for n in range(1000))
_MIN_SEC = tuple(m + ":" + s for m in _TWO[:60] for s in _TWO[:60])
"""``MM:SS`` of each second of an hour (``_MIN_SEC[s]`` for ``0 <= s < 3600``)."""


def hms(ms: int, sep: str = ".") -> str:
    """``HH:MM:SS.mmm``: WebVTT timestamps (always with hours), messages; ``sep=","`` for SRT.

    W3C WebVTT §4.2.1 (hours optional, written here always, two digits or more) and
    docs/sources.md §2.4 (SRT: ``HH:MM:SS,mmm``). The hours, ``MM:SS`` and milliseconds
    are looked up, not formatted: an episode's caption files write about 1,500 of them
    (issue #18).
    """
    s, ms = divmod(ms, 1000)
    h, s = divmod(s, 3600)
    if 0 <= h < 100:
        return _TWO[h] + ":" + _MIN_SEC[s] + sep + _THREE[ms]
    m, s = divmod(s, 60)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def player_clock(ms: int) -> str:
    """``M:SS`` or ``H:MM:SS`` as players show a position (truncated to the second)."""
    s = max(ms, 0) // 1000
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
