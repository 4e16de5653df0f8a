"""Transcripts in more than one language: ``transcript.es.vtt`` beside ``transcript.vtt``.

An episode folder may hold, beside its transcript, one source per further language
named ``transcript.<language>.<ext>`` (``transcript.es.vtt``, ``transcript.pt-BR.srt``):
a BCP 47 tag (RFC 5646: a 2-3 letter language, optional subtags) between the name
and a reader's suffix. Each is published in every format under the same infix and
linked by its own ``podcast:transcript language=`` (Podcasting 2.0
``docs/tags/transcript.md``: "language: the language of the linked transcript"),
offered as its own ``<track srclang>`` on the page and written as its own ID3
USLT/SYLT frame. Requested in podcast-namespace#367 and pocket-casts-ios#3299.

``transcripts:`` in ``episode.yaml`` can also name such files (any name) with their
``language`` and whether each is a ``translation``. Pure discovery here; reading and
checking is the loader's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .model import Transcript

_NAME = re.compile(r"^transcript\.([a-z]{2,3}(?:-[a-z0-9]{2,8})*)\.(vtt|srt|json|txt)$", re.I)
PREFERENCE = ("vtt", "srt", "json", "txt")
"""Suffix preference when one language has several sources (as for the main transcript)."""

NAMES = {
    "ar": "العربية",
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "he": "עברית",
    "it": "Italiano",
    "ja": "日本語",
    "ko": "한국어",
    "nl": "Nederlands",
    "pt": "Português",
    "zh": "中文",
}
"""Each language's name in itself, for the page's language switch (else the code)."""


@dataclass(frozen=True)
class Translation:
    """One further transcript of an episode, in its own language."""

    language: str
    """BCP 47 tag as written in the file name (``es``, ``pt-BR``)."""
    path: Path
    display: str
    """Display path (relative to the project root)."""
    transcript: Transcript | None = None
    translation: bool = True
    """A translation (``transcripts:`` in episode.yaml can say the speech is in it too)."""


def language_name(code: str) -> str:
    """The language's own name (``es`` -> ``Español``), else the code itself."""
    return NAMES.get(code.split("-", 1)[0].lower(), code)


def find_translations(folder: Path, main_language: str) -> list[tuple[str, Path]]:
    """``(language, path)`` of every ``transcript.<language>.<ext>`` in *folder*.

    One per language (the preferred suffix, :data:`PREFERENCE`), sorted by language; a
    file in the episode's own language (*main_language*) is not a translation and is
    left out (the main transcript is that language).
    """
    found: dict[str, tuple[int, Path]] = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        m = _NAME.match(path.name)
        if not m or not path.is_file():
            continue
        lang, ext = m.group(1), m.group(2).lower()
        if lang.lower() == main_language.lower():
            continue
        rank = PREFERENCE.index(ext)
        if lang not in found or rank < found[lang][0]:
            found[lang] = (rank, path)
    return [(lang, found[lang][1]) for lang in sorted(found)]
