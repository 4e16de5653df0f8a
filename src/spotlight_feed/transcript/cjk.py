"""Phrase boundaries for Chinese and Japanese, where a caption line may break.

Chinese and Japanese are written without spaces; breaking a line between any two
characters splits words (``学校`` as ``学`` / ``校``). BudouX (Google's phrase
segmenter, PyPI ``budoux``, Apache-2.0; the models its browsers' ``word-break:
auto-phrase`` uses) finds the phrase boundaries, and a line breaks only there.
A phrase longer than :data:`LONGEST` characters may still break between characters,
so a line never overflows. Korean is written with spaces and breaks there.

The parser is chosen by script: a run with kana is Japanese; other runs of Han
characters are Chinese (simplified, or traditional when *language* says so).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

LONGEST = 12
"""Characters of the longest phrase kept whole (6 of a 42-column line's 21 wide characters
would otherwise be the limit of what fits twice)."""


@lru_cache(maxsize=4)
def _parser(name: str) -> Any:
    import budoux

    loaders = {
        "ja": budoux.load_default_japanese_parser,
        "zh-hans": budoux.load_default_simplified_chinese_parser,
        "zh-hant": budoux.load_default_traditional_chinese_parser,
    }
    return loaders[name]()


def _model(run: str, language: str) -> str:
    if any("\u3040" <= c <= "\u30ff" for c in run) or language.startswith("ja"):
        return "ja"
    lang = language.lower()
    if lang.startswith(("zh-hant", "zh-tw", "zh-hk", "zh-mo")):
        return "zh-hant"
    return "zh-hans"


def phrases(run: str, language: str = "") -> list[str]:
    """*run* (text without spaces) cut into its phrases; joined, they are *run*."""
    parts: list[str] = _parser(_model(run, language)).parse(run)
    if "".join(parts) != run:  # never trust a model with the text itself
        return [run]
    return parts
