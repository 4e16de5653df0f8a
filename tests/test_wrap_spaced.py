"""The line search of ``wrap`` for normalised ASCII text lays out what the word loop did.

:func:`spotlight_feed.transcript.words._wrap_spaced` finds each line's last space with
``str.rfind`` (issue #18); :func:`~spotlight_feed.transcript.words._wrap_words`, the
greedy word loop it replaces for such text, is the specification.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spotlight_feed.transcript.words import _wrap_spaced, _wrap_words, wrap

WORDS = st.lists(st.text(alphabet="abcxyz.,-\t'", min_size=1, max_size=15), max_size=30)


@settings(max_examples=1000, deadline=None)
@given(words=WORDS, width=st.integers(-2, 80), first_extra=st.integers(0, 90))
def test_the_line_search_is_the_word_loop(words: list[str], width: int, first_extra: int) -> None:
    text = " ".join(words)
    assert _wrap_spaced(text, width, first_extra) == _wrap_words(words, width, first_extra)
    assert wrap(text, width, first_extra) == _wrap_words(words, width, first_extra)


def test_text_with_runs_of_spaces_takes_the_word_loop() -> None:
    assert wrap("  a  b ", 3) == ["a b"] == _wrap_words(["a", "b"], 3, 0)
