"""The JSON transcript writer's own indentation is ``json.dumps(..., indent=2)`` (issue #18).

:func:`spotlight_feed.transcript.podcast_json.write_podcast_json` writes the indentation
itself (the standard library's indenting encoder is pure Python); on any cue list the
text must be what ``json.dumps`` with ``indent=2`` gives.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from spotlight_feed.transcript.model import Cue, Transcript
from spotlight_feed.transcript.podcast_json import VERSION, _indented, write_podcast_json
from spotlight_feed.transcript.words import normalise

scalar = st.one_of(
    st.booleans(),
    st.none(),
    st.text(max_size=30),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
)
segments = st.lists(st.dictionaries(st.text(max_size=8), scalar, max_size=5), max_size=6)


@settings(max_examples=300, deadline=None)
@given(segments)
def test_indented_is_json_dumps_indent_2(segs: list[dict[str, object]]) -> None:
    doc = {"version": VERSION, "segments": segs}
    assert _indented(segs) == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


cues = st.lists(
    st.tuples(
        st.integers(0, 10**7),
        st.integers(1, 10**5),
        st.none() | st.sampled_from(["Ana", "Ben Okafor", "李小龍", " ", 'a"b\\c']),
        st.text(min_size=1, max_size=40).map(normalise),  # as a reader makes it (#18)
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(cues, st.booleans())
def test_written_transcript_is_the_indented_document(
    raw: list[tuple[int, int, str | None, str]], timed: bool
) -> None:
    transcript = Transcript(
        tuple(
            Cue(s if timed else None, s + d if timed else None, who, text)
            for s, d, who, text in raw
        )
    )
    text = write_podcast_json(transcript)
    doc = json.loads(text)
    assert text == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    assert [seg["body"] for seg in doc["segments"]] == [normalise(t) for *_, t in raw]
