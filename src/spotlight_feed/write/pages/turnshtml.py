"""The episode page's transcript turns as HTML, written in Python (the ``turns_html`` filter).

A page's 150 turns were three quarters of its Jinja2 rendering (issue #18: each turn
reads a dozen attributes through the sandbox and escapes six values in template code).
The packaged ``episode.html`` writes ``{{ ep.turns | turns_html }}``, and this function
writes exactly what its former loop did (``trim_blocks`` and ``lstrip_blocks`` on; kept
in tests/test_turns_html.py as the specification, compared on generated turns and on the
golden release):

.. code-block:: jinja

    {% for turn in ep.turns %}
    <div class="turn" id="{{ turn.id }}"{% if turn.start_ms is not none %} data-start-ms="{{ turn.start_ms }}"{% endif %}>
      <p class="turn__head">
        {% if turn.speaker %}<span class="speaker" dir="auto">{{ turn.speaker }}</span>{% endif %}
        {% if turn.href %}<a class="ts" href="{{ turn.href }}" data-start="{{ turn.start }}">...{% endif %}
      </p>
      {% for para in turn.paragraphs %}
      <p dir="auto">{{ para }}</p>
      {% endfor %}
    </div>
    {% endfor %}

A project template may still loop over ``ep.turns`` itself. The filter takes only the
page's own :class:`~.views.Turn` objects (anything else is refused, so a template cannot
use it to read attributes of other objects past the sandbox).
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ...timefmt import player_clock
from .views import Turn


def turns_html(turns: Sequence[Turn]) -> Markup:
    """The HTML of *turns*, as the packaged template's loop wrote it (module docstring)."""
    if not isinstance(turns, tuple | list) or any(type(t) is not Turn for t in turns):
        raise TypeError("turns_html takes the page's transcript turns (ep.turns)")
    out: list[str] = []
    add = out.append
    for t in turns:
        at = "" if t.start_ms is None else f' data-start-ms="{t.start_ms}"'
        add(f'      <div class="turn" id="{_text(t.id)}"{at}>\n        <p class="turn__head">\n')
        if t.speaker:
            add(f'<span class="speaker" dir="auto">{_text(t.speaker)}</span>')
        if t.href:
            start, ms = _text(t.start), t.start_ms
            assert ms is not None  # a turn links to its start only when it has one
            add(
                f'<a class="ts" href="{_text(t.href)}" data-start="{start}"><span '
                f'class="visually-hidden">Play from </span><time datetime="PT{start}S">'
                f"{_text(player_clock(ms))}</time></a>"
            )
        add("        </p>\n")
        for para in t.paragraphs:
            add(f'        <p dir="auto">{_text(para)}</p>\n')
        add("      </div>\n")
    return Markup("".join(out))


def _text(value: object) -> str:
    """*value* as the template's autoescape writes it (:func:`markupsafe.escape`).

    markupsafe (https://markupsafe.palletsprojects.com/en/stable/escaping/; its
    ``_native._escape_inner`` in MarkupSafe 3.0) replaces ``&``, ``<``, ``>``, ``'`` and
    ``"`` by ``&amp;``, ``&lt;``, ``&gt;``, ``&#39;`` and ``&#34;``. A plain string is
    escaped here by the same replacements, and most of a transcript's text has none of
    the five, so it is written as it is, without a :class:`~markupsafe.Markup` built for
    each of a page's ~900 values (issue #18). Anything else takes markupsafe's own path.
    tests/test_turns_html.py compares the two on generated text.
    """
    if type(value) is not str:
        return str(escape(value))
    if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
        return (
            value.replace("&", "&amp;")
            .replace(">", "&gt;")
            .replace("<", "&lt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )
    return value
