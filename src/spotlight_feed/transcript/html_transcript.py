"""HTML transcripts (``text/html``) in the podcast namespace's convention.

Convention (podcast-namespace ``docs/examples/transcripts/transcripts.md``,
spec-notes §2.2): a flat sequence, per speaker turn, of ``<cite>`` with the
speaker's name and a colon, ``<time>`` with the start of the turn (``0:00``,
``1:42``, ``1:02:03``) and ``<p>`` with the words. All text is HTML-escaped. The
file is a small complete UTF-8 document so browsers show it as it is.
"""

from __future__ import annotations

from html import escape

from ..timefmt import player_clock as clock
from .model import Transcript
from .words import normalise, turns

MIME = "text/html"


def write_html(transcript: Transcript, *, title: str = "Transcript", language: str = "") -> str:
    """Write the transcript as HTML: ``<cite>``, ``<time>`` (when timed) and ``<p>`` per turn."""
    lang = f' lang="{escape(language)}"' if language else ""
    out = [
        "<!DOCTYPE html>",
        f"<html{lang}>",
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(normalise(title))}</title>",
        "</head>",
        "<body>",
    ]
    for turn in turns(transcript):
        if turn.speaker and normalise(turn.speaker):
            out.append(f"<cite>{escape(normalise(turn.speaker))}:</cite>")
        if turn.start_ms is not None:
            # datetime: a valid duration string (HTML §4.5.14), so validators accept it
            secs = f"{turn.start_ms / 1000:.3f}".rstrip("0").rstrip(".")
            out.append(f'<time datetime="PT{secs}S">{clock(turn.start_ms)}</time>')
        out.append(f"<p>{escape(turn.text)}</p>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
