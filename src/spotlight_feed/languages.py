"""Language tags: BCP 47 (RFC 5646) with ISO 639 primary language codes.

RSS 2.0 ``<language>`` takes the codes of the W3C/RFC 1766 family, Apple asks for
"ISO 639 two-letter code, optional region" (podcast requirements 823), and
Podcasting 2.0 ``podcast:transcript language`` is BCP 47. RFC 5646 §2.2.1: the
primary subtag is the shortest ISO 639 code, so a language with a two-letter
ISO 639-1 code must use it (``ja``, not ``jpn``), and a two-letter code must be
one ISO 639-1 defines (``jp`` is Japan's *country* code, not Japanese).
The ISO 639-1 list is :data:`.iso639.ISO639_1_TO_2` (Debian ``iso-codes``).
"""

from __future__ import annotations

import re

from .iso639 import ISO639_1_TO_2

_TAG = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|\d{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*$"
)

MISTAKES: dict[str, tuple[str, str]] = {
    "jp": ("ja", "Japanese"), "cn": ("zh", "Chinese"), "gr": ("el", "Greek"),
    "dk": ("da", "Danish"), "cz": ("cs", "Czech"), "kr": ("ko", "Korean"),
    "ua": ("uk", "Ukrainian"), "vn": ("vi", "Vietnamese"), "iw": ("he", "Hebrew"),
    "il": ("he", "Hebrew"), "in": ("id", "Indonesian"), "ji": ("yi", "Yiddish"),
    "us": ("en", "English"), "gb": ("en", "English"), "al": ("sq", "Albanian"),
    "rs": ("sr", "Serbian"), "ir": ("fa", "Persian"), "at": ("de", "German"),
    "mx": ("es", "Spanish"), "pe": ("es", "Spanish"), "br-pt": ("pt-BR", "Brazilian Portuguese"),
}  # fmt: skip
"""Country codes and withdrawn codes people write for a language, and what they meant."""

_THREE_TO_TWO = {three: two for two, three in ISO639_1_TO_2.items()}


def language_problem(tag: str) -> str | None:
    """What is wrong with *tag* as a BCP 47 language tag, or ``None``."""
    m = _TAG.match(tag)
    if m is None:
        return f"'{tag}' is not a language tag; write an ISO 639 code such as 'en' or 'en-GB'"
    lang = m["lang"].lower()
    if len(lang) == 2 and lang not in ISO639_1_TO_2:
        fix = MISTAKES.get(tag.lower()) or MISTAKES.get(lang)
        hint = f" (did you mean '{fix[0]}', {fix[1]}?)" if fix else ""
        return f"'{tag}' is not an ISO 639 language code{hint}"
    if lang in _THREE_TO_TWO:
        short = _THREE_TO_TWO[lang] + tag[3:]
        return (
            f"'{tag}': use '{short}', the two-letter ISO 639-1 code, as BCP 47 asks "
            "(RFC 5646 §2.2.1)"
        )
    return None
