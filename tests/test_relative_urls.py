"""Page links: :func:`relative` is ``posixpath.relpath`` of two dist paths, quoted (issue #18).

The pages' relative links are worked out from path components, not by ``relpath``
(which asks the operating system for the working folder twice a call); on any pair
of dist paths, including ``.``, ``..``, empty ones and characters that need quoting,
the link is the one ``relpath`` gives.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from spotlight_feed.write.pages.fmt import relative

segment = st.sampled_from(["episodes", "ep1", "a b", "ü", "style.css", ".", "..", "x", ""])
path = st.lists(segment, max_size=4).map("/".join)


@settings(max_examples=500, deadline=None)
@given(path, path)
def test_relative_is_relpath(from_dir: str, target: str) -> None:
    expected = quote(posixpath.relpath(target or ".", from_dir or "."), safe="/")
    assert relative(from_dir, target) == expected


def test_common_cases() -> None:
    assert relative("episodes/ep1", "style.css") == "../../style.css"
    assert relative("", "episodes/ep1/") == "episodes/ep1"
    assert relative("episodes/ep1", "episodes/ep1/a b.mp3") == "a%20b.mp3"
    assert relative("search", "") == ".."
