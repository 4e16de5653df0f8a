"""WebVTT (``text/vtt``): a strict reader and the caption writer.

Rules from the W3C "WebVTT: The Web Video Text Tracks Format" and docs/sources.md §2.1:

* the file starts with ``WEBVTT`` (optionally followed by a space or tab and text),
  then a blank line; blocks are separated by empty lines; ``NOTE``, ``STYLE`` and
  ``REGION`` blocks carry no speech;
* a cue is an optional identifier line, a timing line
  ``[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm [settings]`` and one or more payload lines;
* the speaker is a voice span ``<v Name>`` (``</v>`` may be omitted); other tags
  (``c i b u ruby rt lang`` and inline timestamps) are formatting only;
* payload text escapes ``&``, ``<`` and ``>`` as character references and never
  contains ``-->``.

The reader is stricter than webvtt-py (which silently drops malformed cue blocks,
accepts short timestamp fields such as ``0:0:1.5`` and keeps unknown tags as
text): every deviation is a :class:`~spotlight_feed.errors.Problem` with the line
and the cue number.
"""

from __future__ import annotations

import html
import itertools
import re

from ..errors import Problem
from ..timefmt import hms as timestamp
from .captions import Caption, captions
from .checks import check_cues, cue_field
from .cuefile import TIMING, lines_of, shorten, split_blocks, to_ms
from .emphasis import (
    TIME_MARK,
    Span,
    extract_normalised,
    html_tag,
    marker,
    render,
    strip_markers,
    within,
)
from .marks import Mark, valid
from .model import Cue, Transcript
from .style import NETFLIX, UNSPLIT, CaptionStyle
from .words import normalise

MIME = "text/vtt"

_TIMESTAMP = re.compile(r"^(?:(\d{2,4}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
_TAG = re.compile(r"<([^>]*)>")
_VOICE = re.compile(r"^v(?:\.[^\s>]*)?(?:[ \t\n\f]+(.*))?$", re.S)
_FORMAT_TAG = re.compile(
    r"^(?:/?(?:c|i|b|u|ruby|rt|lang|v)(?:\.[^\s>]*)?(?:[ \t\n\f].*)?|"
    r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3})$",
    re.S,
)
_EMPHASIS = re.compile(r"^(/?)([ibu])(?:\.[^\s>]*)?$")
"""``<i>``, ``<b>``, ``<u>`` (with classes) and their end tags: kept as emphasis."""
_BLOCK_KEYWORD = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")


def parse_timestamp(text: str) -> int | None:
    """Milliseconds of a WebVTT timestamp, or ``None`` when it is malformed."""
    m = _TIMESTAMP.match(text)
    if not m:
        return None
    return to_ms(*m.groups())


def read_vtt(text: str, source: str) -> tuple[Transcript, list[Problem]]:
    """Parse a WebVTT file into cues (speaker = the ``<v>`` voice); report every problem."""
    problems: list[Problem] = []
    lines = lines_of(text)
    first = lines[0] if lines else ""
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        shown = first[:40]
        problems.append(
            Problem(source, 1, "", f"expected 'WEBVTT' on the first line, got '{shown}'")
        )
        return Transcript((), source), problems

    blocks = split_blocks(lines, whitespace_is_blank=False)
    # The first block is the header (it holds line 1): header text only, no timings.
    for number, line in blocks[0][1:]:
        if "-->" in line:
            problems.append(
                Problem(
                    source,
                    number,
                    "",
                    "a cue timing line in the header; put an empty line after the 'WEBVTT' line",
                )
            )
    cues: list[Cue] = []
    numbers: list[int] = []
    n = 0
    for block in blocks[1:]:
        first_no, first_line = block[0]
        if _BLOCK_KEYWORD.match(first_line) and "-->" not in first_line:
            for number, line in block[1:]:
                if "-->" in line:
                    problems.append(
                        Problem(
                            source,
                            number,
                            cue_field(n + 1),
                            f"a cue timing line inside a {first_line.split()[0]} block; put an "
                            "empty line before the cue",
                        )
                    )
                    break
            continue
        n += 1
        if "-->" in first_line:
            timing_at = 0
        elif len(block) > 1 and "-->" in block[1][1]:
            timing_at = 1
        else:
            problems.append(
                Problem(
                    source,
                    first_no,
                    cue_field(n),
                    f"expected a cue timing line ('00:00:01.000 --> 00:00:04.000'), "
                    f"got '{first_line[:60]}'",
                )
            )
            continue
        cue, found = _cue(block, timing_at, n, source)
        problems += found
        if cue is not None:
            cues.append(cue)
            numbers.append(n)
    if not cues and not problems:
        problems.append(Problem(source, None, "", "the transcript has no cues"))
    problems += check_cues(cues, source, lambda i: cue_field(numbers[i - 1]))
    return Transcript(tuple(cues), source), problems


def _cue(
    block: list[tuple[int, str]], timing_at: int, n: int, source: str
) -> tuple[Cue | None, list[Problem]]:
    problems: list[Problem] = []
    field = cue_field(n)
    number, timing = block[timing_at]
    m = TIMING.match(timing)
    if not m:
        problems.append(
            Problem(
                source,
                number,
                field,
                f"malformed timing line '{timing[:60]}' (expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm')",
            )
        )
        return None, problems
    times: list[int] = []
    for raw in m.groups():
        ms = parse_timestamp(raw)
        if ms is None:
            problems.append(
                Problem(
                    source,
                    number,
                    field,
                    f"malformed timestamp '{shorten(raw)}' (expected HH:MM:SS.mmm or MM:SS.mmm)",
                )
            )
        else:
            times.append(ms)
    payload = block[timing_at + 1 :]
    for pnum, line in payload:
        if "-->" in line:
            problems.append(
                Problem(
                    source,
                    pnum,
                    field,
                    "a timing line inside the cue text; separate cues with an empty line "
                    "(or write '--&gt;' for a literal arrow)",
                )
            )
            return None, problems
    speaker, text, spans, marks, found = _payload(
        "\n".join(t for _, t in payload), source, number, field
    )
    problems += found
    if len(times) != 2:
        return None, problems
    if marks and not valid(marks, len(text), times[0], times[1]):
        problems.append(
            Problem(
                source,
                number,
                field,
                "inline timestamps must increase, each after the cue's start and before its "
                f"end ({timestamp(times[0])} to {timestamp(times[1])}), with words after it",
            )
        )
        marks = ()
    return Cue(times[0], times[1], speaker, text, number, spans, marks), problems


def _payload(
    payload: str, source: str, line: int, field: str
) -> tuple[str | None, str, tuple[Span, ...], tuple[Mark, ...], list[Problem]]:
    """The voice, plain text, emphasis and inline timestamps of a cue payload.

    Tags are removed and character references decoded; an inline timestamp becomes a
    mark (:mod:`.marks`) at the word that follows it.
    """
    problems: list[Problem] = []
    voices: list[str] = []
    parts: list[str] = []
    stamps: list[int] = []
    pos = 0
    for m in _TAG.finditer(payload):
        parts.append(strip_markers(html.unescape(payload[pos : m.start()])))
        pos = m.end()
        inner = m.group(1)
        voice = _VOICE.match(inner)
        style = _EMPHASIS.match(inner)
        stamp = parse_timestamp(inner)
        if stamp is not None:
            parts.append(TIME_MARK)
            stamps.append(stamp)
        elif style:
            parts.append(marker(style.group(2), not style.group(1)))
        elif voice:
            name = normalise(strip_markers(html.unescape(voice.group(1) or "")))
            if not name:
                problems.append(
                    Problem(source, line, field, "voice span '<v>' has no speaker name")
                )
            elif name not in voices:
                voices.append(name)
        elif not _FORMAT_TAG.match(inner):
            problems.append(
                Problem(
                    source,
                    line,
                    field,
                    f"unknown tag '<{inner[:30]}>' in the cue text (write &lt; for a literal '<')",
                )
            )
    rest = payload[pos:]
    if "<" in rest:
        problems.append(
            Problem(
                source, line, field, "unescaped '<' in the cue text (write &lt; for a literal '<')"
            )
        )
    parts.append(strip_markers(html.unescape(rest)))
    if len(voices) > 1:
        names = " and ".join(f"'{v}'" for v in voices)
        problems.append(
            Problem(source, line, field, f"has voices {names}; give each speaker their own cue")
        )
    text, spans, offsets = extract_normalised(normalise("".join(parts)))
    marks = tuple((at, ms) for at, ms in zip(offsets, stamps, strict=True) if at < len(text))
    return (voices[0] if voices else None), text, spans, marks, problems


def escape_text(text: str) -> str:
    """Escape cue text for a WebVTT payload (``&``, ``<``, ``>``; so never ``-->``)."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _voice(speaker: str | None) -> str:
    """``<v Name>``; a name ending in ``-`` gets a space before ``>``.

    Cue text never holds ``-->`` (docs/sources.md §2.1), and the cue text tokenizer strips
    the white space around a tag's annotation (<https://www.w3.org/TR/webvtt1/> §6.4), as
    the reader here does.
    """
    name = escape_text(normalise(speaker)) if speaker else ""
    if not name:
        return ""
    return f"<v {name} >" if name.endswith("-") else f"<v {name}>"


def write_vtt(transcript: Transcript, split: bool = True, style: CaptionStyle = NETFLIX) -> str:
    """Write a timed transcript as WebVTT with a ``<v Name>`` span on every cue.

    With *split* (the published captions), each cue is cut into captions to *style*
    (default: the Netflix Timed Text Style Guide, :mod:`.style`; see :mod:`.captions`).
    Without it, one cue per source cue on one line (a timed source file, as
    ``spotlight-feed align`` writes).
    """
    if not split and any(c.marks for c in transcript.cues):
        return _format_marked(transcript)
    return format_captions(captions(transcript, style if split else UNSPLIT))


def _format_marked(transcript: Transcript) -> str:
    """One cue per source cue, its marks written as inline timestamps (a source file)."""
    out = ["WEBVTT", ""]
    for cue in transcript.cues:
        if cue.start_ms is None or cue.end_ms is None:
            raise ValueError("a caption writer needs a timed transcript")
        text = cue.text  # normalised by its reader
        bounds = [0, *(at for at, _ in cue.marks), len(text)]
        pieces = []
        for k, (a, b) in enumerate(itertools.pairwise(bounds)):
            stamp = f"<{timestamp(cue.marks[k - 1][1])}>" if k else ""
            spans = within(cue.emphasis, a, b)
            pieces.append(stamp + render(text[a:b], spans, escape_text, html_tag))
        out.append(f"{timestamp(cue.start_ms)} --> {timestamp(cue.end_ms)}")
        out.append(_voice(cue.speaker) + "".join(pieces))
        out.append("")
    return "\n".join(out)


def format_captions(caps: list[Caption]) -> str:
    """Captions (:func:`~.captions.captions`) as a WebVTT file, ``<v Name>`` on every cue."""
    out = ["WEBVTT", ""]
    voices: dict[str | None, str] = {}  # _voice of each speaker, made once a file
    for cap in caps:
        out.append(f"{timestamp(cap.start_ms)} --> {timestamp(cap.end_ms)}")
        if cap.emphasis:
            shown = [render(line, spans, escape_text, html_tag) for line, spans in cap.styled()]
        else:  # render() of a line without spans is the line escaped
            shown = [escape_text(line) for line in cap.lines]
        voice = voices.get(cap.speaker)
        if voice is None:
            voice = voices[cap.speaker] = _voice(cap.speaker)
        out.append(voice + shown[0])
        out += shown[1:]
        out.append("")
    return "\n".join(out)
