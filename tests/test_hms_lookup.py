"""``hms`` looks its fields up (issue #18); it writes what the plain formatting wrote."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spotlight_feed.timefmt import hms


def formatted(ms: int, sep: str) -> str:
    """The former ``hms``: three ``divmod`` and a format spec a field."""
    s, ms = divmod(ms, 1000)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


@settings(max_examples=2000, deadline=None)
@given(
    ms=st.integers(0, 360_000_000) | st.integers(-(10**12), 10**13),
    sep=st.sampled_from([".", ","]),
)
def test_hms_is_the_formatted_time(ms: int, sep: str) -> None:
    assert hms(ms, sep) == formatted(ms, sep)


def test_hms_at_the_edges() -> None:
    assert hms(0) == "00:00:00.000"
    assert hms(359_999_999, ",") == "99:59:59,999"
    assert hms(360_000_000) == "100:00:00.000" == formatted(360_000_000, ".")
