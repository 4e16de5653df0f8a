"""HTML transcripts (``text/html``) in the podcast namespace's convention.

Convention (podcast-namespace ``docs/examples/transcripts/transcripts.md``,
docs/sources.md §2.2): a flat sequence, per speaker turn, of ``<cite>`` with the
speaker's name and a colon, ``<time>`` with the start of the turn (``0:00``,
``1:42``, ``1:02:03``) and ``<p>`` with the words (emphasis kept as ``<i>``, ``<b>``,
``<u>``, :mod:`.emphasis`). All text is HTML-escaped. The
file is a small complete UTF-8 document so browsers show it as it is. Names and
paragraphs carry ``dir="auto"`` (HTML §3.2.6.4), so Arabic or Hebrew text takes its own
direction inside an English page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..timefmt import player_clock as clock
from .emphasis import Span, html_tag, render, shifted
from .model import Cue, Transcript
from .words import normalise, turns

MIME = "text/html"


def _paragraph(cues: Sequence[Cue], text: str) -> str:
    """The turn's text, escaped, with its cues' emphasis as ``<i>``/``<b>``/``<u>``.

    Cues are joined as :func:`~.words.join_lines` joins them (one space, or nothing
    between two wide characters); each cue's spans are shifted to where it lands.
    """
    if not any(c.emphasis for c in cues):
        return escape(text)
    spans: list[Span] = []
    pos = 0
    for cue in cues:
        piece = cue.text  # normalised by its reader
        at = text.find(piece, pos)
        if at < 0:
            return escape(text)
        spans += shifted(cue.emphasis, at)
        pos = at + len(piece)
    return render(text, spans, escape, html_tag)


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
        name = normalise(turn.speaker) if turn.speaker else ""
        if name:
            out.append(f'<cite dir="auto">{escape(name)}:</cite>')
        if turn.start_ms is not None:
            # datetime: a valid duration string (HTML §4.5.14), so validators accept it
            secs = f"{turn.start_ms / 1000:.3f}".rstrip("0").rstrip(".")
            out.append(f'<time datetime="PT{secs}S">{clock(turn.start_ms)}</time>')
        out.append(f'<p dir="auto">{_paragraph(turn.cues, turn.text)}</p>')
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
