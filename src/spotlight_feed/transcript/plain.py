"""Reader for the plain speaker-turn script (the format the sample is published in).

Grammar: turns separated by one or more blank lines; a turn's first line is the
speaker label, the following lines are its paragraph (joined with spaces). A colon
after the label (``Ana:``, the full-width ``伊藤：`` or another form of
:data:`~.srt.COLONS`) is not part of it, and a one-line turn ``Name: text`` (``伊藤：こんにちは``)
is a label and its paragraph. The result is untimed: every cue has
``start_ms = end_ms = None``.
"""

from __future__ import annotations

from ..errors import Problem
from .model import Cue, Transcript
from .srt import COLONS, SPEAKER_PREFIX
from .words import normalise, turns, wrap

MIME = "text/plain"


def read_plain(text: str, source: str) -> tuple[Transcript, list[Problem]]:
    """Parse a speaker-turn script; return the transcript and any problems."""
    problems: list[Problem] = []
    cues: list[Cue] = []
    block: list[tuple[int, str]] = []
    lines = text.removeprefix("\ufeff").splitlines()

    def flush() -> None:
        if not block:
            return
        label_line, label = block[0]
        one_line = SPEAKER_PREFIX.match(label) if len(block) == 1 else None
        if one_line:
            block.append((label_line, label[one_line.end() :]))
            label = one_line.group(1)
        label = label.rstrip(COLONS).rstrip() or label
        if len(block) == 1:
            problems.append(
                Problem(
                    source,
                    label_line,
                    f"turn {len(cues) + 1}",
                    f"speaker label '{label}' has no text after it (expected the label on "
                    "one line, then the paragraph, then a blank line)",
                )
            )
        elif len(label) > 80:
            problems.append(
                Problem(
                    source,
                    label_line,
                    f"turn {len(cues) + 1}",
                    "expected a speaker label line (a name) before the paragraph, got a long "
                    "line of text",
                )
            )
        else:
            label = normalise(label)
            body = normalise("\n".join(t for _, t in block[1:]))
            cues.append(Cue(None, None, label, body, label_line))
        block.clear()

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            flush()
        else:
            block.append((number, line))
    flush()
    if not cues and not problems:
        problems.append(Problem(source, None, "", "the transcript has no speaker turns"))
    return Transcript(tuple(cues), source), problems


PLAIN_WIDTH = 72
"""Line width of the published plain text (readable in a terminal or browser)."""


def write_plain(transcript: Transcript) -> str:
    """Write one paragraph per speaker turn, the speaker's name on the line above.

    The output is itself a valid plain source (:func:`read_plain` reads it back).
    A turn without a speaker is written as a bare paragraph.
    """
    blocks: list[str] = []
    for turn in turns(transcript):
        lines = wrap(turn.text, PLAIN_WIDTH)
        if turn.speaker and normalise(turn.speaker):
            lines.insert(0, normalise(turn.speaker))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
