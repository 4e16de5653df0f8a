"""The one transcript model every reader produces and every writer consumes.

A transcript is a sequence of cues (start, end, speaker label, text); times are
integer milliseconds, or ``None`` for an untimed source such as a plain script.
Readers report problems as ``file:line`` with the cue number; writers never see
invalid data.

A cue's text is normalised once, by the reader that made it
(:func:`~.words.normalise`: cleaned, NFC, one space between words), and so is a
speaker label read from the file; every writer, the caption splitter and the pages
take the text as it is (issue #18: "text normalised once, at read time";
tests/test_normalise_once.py). A speaker's display name from ``voices:``
(:meth:`Transcript.relabel`) is configuration text, normalised by the formats that
show it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """One span of speech by one speaker."""

    start_ms: int | None
    end_ms: int | None
    speaker: str | None
    """Speaker label as written in the source (mapped to a person by the episode's voices)."""
    text: str
    line: int = 0
    """1-based line in the source where the cue starts (0 when not from a file)."""
    emphasis: tuple[tuple[int, int, str], ...] = ()
    """Inline emphasis over ``text``: ``(start, end, tag)`` with tag ``i``, ``b`` or ``u``
    (:mod:`.emphasis`; kept by WebVTT, SRT and HTML, dropped by JSON and plain text)."""
    marks: tuple[tuple[int, int], ...] = ()
    """Measured times inside the cue: ``(offset, ms)``, the word at ``text[offset:]`` is
    spoken from *ms* (WebVTT inline timestamps, :mod:`.marks`; written by ``align``). Offsets
    and times strictly increase, inside the cue's own start and end."""


@dataclass(frozen=True)
class Transcript:
    """A whole transcript: cues in order; ``timed`` when every cue has times."""

    cues: tuple[Cue, ...]
    source: str = ""
    """Display path of the source file."""

    @property
    def timed(self) -> bool:
        """True when every cue carries a start and an end time."""
        return bool(self.cues) and all(
            c.start_ms is not None and c.end_ms is not None for c in self.cues
        )

    @property
    def speakers(self) -> list[str]:
        """Distinct speaker labels in order of first appearance."""
        seen: dict[str, None] = {}
        for cue in self.cues:
            if cue.speaker is not None:
                seen.setdefault(cue.speaker, None)
        return list(seen)

    def relabel(self, names: dict[str, str]) -> Transcript:
        """A copy with speaker labels replaced by display names (unknown labels kept)."""
        return Transcript(
            tuple(
                Cue(
                    c.start_ms,
                    c.end_ms,
                    names.get(c.speaker, c.speaker) if c.speaker else None,
                    c.text,
                    c.line,
                    c.emphasis,
                    c.marks,
                )
                for c in self.cues
            ),
            self.source,
        )
