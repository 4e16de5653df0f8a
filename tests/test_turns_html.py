"""The ``turns_html`` filter writes exactly what the episode page's former Jinja2 loop wrote.

The loop below is the packaged ``episode.html``'s transcript turns before issue #18 moved
them into Python (:mod:`spotlight_feed.write.pages.turnshtml`); it stays here as the
specification, rendered by the pages' own sandboxed environment and compared byte for
byte with the filter on generated turns (markup characters, quotes, untimed turns, turns
without a speaker, several paragraphs). The golden release (tests/test_golden.py) checks
the real pages.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from spotlight_feed.write.pages.env import make_environment
from spotlight_feed.write.pages.turnshtml import _text
from spotlight_feed.write.pages.views import Turn

LOOP = """\
    <div class="turns">
      {% for turn in turns %}
      <div class="turn" id="{{ turn.id }}"{% if turn.start_ms is not none %} data-start-ms="{{ turn.start_ms }}"{% endif %}>
        <p class="turn__head">
          {% if turn.speaker %}<span class="speaker" dir="auto">{{ turn.speaker }}</span>{% endif %}
          {% if turn.href %}<a class="ts" href="{{ turn.href }}" data-start="{{ turn.start }}"><span class="visually-hidden">Play from </span><time datetime="PT{{ turn.start }}S">{{ turn.start_ms | clock }}</time></a>{% endif %}
        </p>
        {% for para in turn.paragraphs %}
        <p dir="auto">{{ para }}</p>
        {% endfor %}
      </div>
      {% endfor %}
    </div>
"""
FILTER = """\
    <div class="turns">
{{ turns | turns_html }}    </div>
"""

TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'é漢\u2028")), max_size=12)


@st.composite
def turn(draw: st.DrawFn, index: int = 0) -> Turn:
    timed = draw(st.booleans())
    start_ms = draw(st.integers(0, 5_000_000)) if timed else None
    start = draw(st.sampled_from(["0", "81.5", "3600.123"])) if timed else None
    href = f"../a&b.mp3#t={start}" if timed and draw(st.booleans()) else None
    speaker = draw(st.none() | TEXT)
    paragraphs = tuple(draw(st.lists(TEXT, min_size=1, max_size=3)))
    return Turn(speaker, start_ms, start, href, f"turn-{draw(st.integers(1, 200))}", paragraphs)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> jinja2.Environment:
    return make_environment(tmp_path_factory.mktemp("show"))


@settings(max_examples=300, deadline=None)
@given(turns=st.lists(turn(), min_size=1, max_size=6))
def test_the_filter_writes_what_the_loop_wrote(turns: list[Turn], env: jinja2.Environment) -> None:
    loop = env.from_string(LOOP).render(turns=tuple(turns))
    assert env.from_string(FILTER).render(turns=tuple(turns)) == loop


def test_the_filter_takes_only_the_pages_turns(env: jinja2.Environment, tmp_path: Path) -> None:
    for value in ("cycler", "[cycler]", "'text'", "[{'id': 1}]"):
        with pytest.raises(TypeError, match="turns_html takes the page's transcript turns"):
            env.from_string("{{ " + value + " | turns_html }}").render()


@settings(max_examples=500, deadline=None)
@given(text=st.text() | st.text(alphabet=st.sampled_from(list("a &<>\"'\u00e9"))))
def test_its_escaping_is_markupsafes(text: str) -> None:
    assert _text(text) == str(escape(text))
    assert _text(Markup(text)) == str(escape(Markup(text)))  # markup stays as it is
