"""Text hygiene applied to every string that reaches an output file.

XML 1.0 §2.2 (the ``Char`` production) allows only TAB, LF, CR, U+0020–U+D7FF,
U+E000–U+FFFD and U+10000–U+10FFFF. lxml raises on C0 controls but silently
accepts C1 controls, which the W3C feed validator then flags (``BadCharacters``).
:func:`clean` turns word-separating controls into spaces, drops every other forbidden
or discouraged code point and NFC-normalises,
so feeds, tags, transcripts and pages all carry the same, legal text. Config text is
cleaned once, when podcast.yaml and episode.yaml are validated (``config.fields.Text``);
the writers never clean a config value again (tests/test_clean_once.py).
"""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


_SEP = "[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]"
_SEPARATORS = re.compile(_SEP)
_SEP_EDGE = re.compile(rf"^[ \t]*(?:{_SEP}[ \t]*)+|(?:[ \t]*{_SEP})+[ \t]*$")
_SEP_RUN = re.compile(rf"[ \t]*(?:{_SEP}[ \t]*)+")
_DROP = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
"""The forbidden characters (:data:`_FORBIDDEN`) that separate nothing: dropped."""
"""Controls that separate words (vertical tab, form feed, the information separators,
NEL, LINE and PARAGRAPH SEPARATOR; Unicode's White_Space property and Python's
``str.split`` treat them all as spaces): a space, never nothing, so two words they
separate are never glued together (issue #15)."""


def clean(text: str) -> str:
    """Return *text* NFC-normalised without XML-forbidden or discouraged characters.

    Word-separating controls (:data:`_SEPARATORS`) become one space with the spaces
    beside them (and nothing at either end); every other forbidden or discouraged code
    point is dropped.
    """
    text = _DROP.sub("", text)
    if _SEPARATORS.search(text):
        text = _SEP_RUN.sub(" ", _SEP_EDGE.sub("", text))
    return unicodedata.normalize("NFC", text)


def forbidden_chars(text: str) -> list[str]:
    """The distinct forbidden characters in *text*, as ``U+XXXX`` strings (for messages)."""
    return sorted({f"U+{ord(c):04X}" for c in _FORBIDDEN.findall(text)})


def squash(text: str) -> str:
    """Collapse runs of white space to single spaces and strip the ends."""
    return " ".join(text.split())
