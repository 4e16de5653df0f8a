"""Write the aligned transcript as WebVTT: one cue per turn, ``<v Label>`` with the original label.

Interim writer until ``spotlight_feed.transcript.vtt.write_vtt`` lands on main;
it writes the same shape as ``scripts/make_sample_audio.py`` (W3C WebVTT: a
``WEBVTT`` header, blank-line separated cues, ``HH:MM:SS.mmm`` times, a voice span
per cue, ``&``, ``<`` and ``>`` escaped in the payload).
"""

from __future__ import annotations

from ..transcript.model import Transcript


def vtt_text(transcript: Transcript) -> str:
    """The WebVTT file for a timed transcript."""
    blocks = ["WEBVTT"]
    for cue in transcript.cues:
        if cue.start_ms is None or cue.end_ms is None:
            raise ValueError("vtt_text needs a timed transcript")
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        voice = f"<v {cue.speaker}>" if cue.speaker else ""
        blocks.append(f"{_clock(cue.start_ms)} --> {_clock(cue.end_ms)}\n{voice}{text}")
    return "\n\n".join(blocks) + "\n"


def _clock(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
