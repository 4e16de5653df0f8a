"""Text hygiene applied to every string that reaches an output file.

XML 1.0 §2.2 (the ``Char`` production) allows only TAB, LF, CR, U+0020–U+D7FF,
U+E000–U+FFFD and U+10000–U+10FFFF. lxml raises on C0 controls but silently
accepts C1 controls, which the W3C feed validator then flags (``BadCharacters``).
:func:`clean` drops every forbidden or discouraged code point and NFC-normalises,
so feeds, tags, transcripts and pages all carry the same, legal text.
"""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def clean(text: str) -> str:
    """Return *text* NFC-normalised without XML-forbidden or discouraged characters."""
    return unicodedata.normalize("NFC", _FORBIDDEN.sub("", text))


def forbidden_chars(text: str) -> list[str]:
    """The distinct forbidden characters in *text*, as ``U+XXXX`` strings (for messages)."""
    return sorted({f"U+{ord(c):04X}" for c in _FORBIDDEN.findall(text)})


def squash(text: str) -> str:
    """Collapse runs of white space to single spaces and strip the ends."""
    return " ".join(text.split())
