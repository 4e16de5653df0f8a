"""Reader for the plain speaker-turn script (the format the sample is published in).

Grammar: turns separated by one or more blank lines; a turn's first line is the
speaker label, the following lines are its paragraph (joined with spaces). A colon
after the label (``Ana:``, the full-width ``伊藤：`` or another form of
:data:`~.srt.COLONS`) is not part of it, and a one-line turn ``Name: text`` (``伊藤：こんにちは``)
is a label and its paragraph. One colon form ends a label, so a name that itself ends
with a colon is written with another (``Who::``), and a label line longer than
:data:`LABEL_WIDTH` must end with one (else it is a paragraph that lost its label). The
result is untimed: every cue has ``start_ms = end_ms = None``.
"""

from __future__ import annotations

from ..errors import Problem
from .emphasis import strip_markers
from .model import Cue, Transcript
from .srt import COLONS, SPEAKER_PREFIX, speaker_name
from .words import normalise, turns, wrap

MIME = "text/plain"

LABEL_WIDTH = 80
"""A label line longer than this is taken for text (a turn that lost its label) unless it
ends with a colon: ``A very long name …:`` is a label of any length."""


def read_plain(text: str, source: str) -> tuple[Transcript, list[Problem]]:
    """Parse a speaker-turn script; return the transcript and any problems."""
    problems: list[Problem] = []
    cues: list[Cue] = []
    block: list[tuple[int, str]] = []
    lines = strip_markers(text).removeprefix("\ufeff").splitlines()  # no emphasis markers

    def flush() -> None:
        if not block:
            return
        label_line, label = block[0]
        one_line = SPEAKER_PREFIX.match(label) if len(block) == 1 else None
        marked = False
        if one_line:
            block.append((label_line, label[one_line.end() :]))
            label = speaker_name(one_line)
        elif label[-1] in COLONS and label[:-1].strip():  # one colon ends the label
            label, marked = label[:-1].rstrip(), True
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
        elif len(label) > LABEL_WIDTH and not marked:
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
        name = normalise(turn.speaker) if turn.speaker else ""
        if name:
            lines.insert(0, label_line(name))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def label_line(name: str) -> str:
    """The line naming a turn's speaker: the name, and a colon when the reader needs one.

    It does for a name longer than :data:`LABEL_WIDTH` or ending with a colon form.
    """
    return f"{name}:" if len(name) > LABEL_WIDTH or name[-1] in COLONS else name
