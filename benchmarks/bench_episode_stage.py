"""One episode's transcript writers and page, timed in-process (best of N, CPU clock).

    PYTHONPATH=src python benchmarks/bench_episode_stage.py /tmp/sp/cat100 [--repeat 20]

The catalogue is one of ``benchmarks/catalogue.py`` (150 timed turns an episode). Times
are ``time.process_time`` per call of :func:`spotlight_feed.write.transcripts.
write_transcripts` (the five formats, captions cut) and of the transcript read the
episode stage does (:func:`spotlight_feed.load.project.with_transcript`), and of one
episode page: ours (view and context built, rendered in the sandboxed environment)
beside the same template, its transcript turns as a Jinja2 loop (as before the
``turns_html`` filter), rendered from the same, ready context by a bare
``jinja2.Environment`` (the issue's yardstick). The episode's relabelled transcript
(``Episode.named``) is computed before the page is timed, as the transcript writers do
in a build. Not run in CI.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import jinja2

from spotlight_feed.load.project import load_project, with_transcript
from spotlight_feed.plan.captionstyle import caption_styles
from spotlight_feed.plan.layout import Layout
from spotlight_feed.plan.outputs import EpisodeOutputs, PublishedTranscript
from spotlight_feed.plan.plan import plan_release
from spotlight_feed.timefmt import player_clock
from spotlight_feed.transcript import words
from spotlight_feed.write.pages.context import episode_context
from spotlight_feed.write.pages.writer import PageWriter
from spotlight_feed.write.transcripts import write_transcripts


def best(fn: Callable[[], object], repeat: int, cold: bool = True) -> float:
    """The least CPU time of *repeat* calls of *fn*; with *cold*, the text memos cleared first.

    The page is timed warm: in a build it comes after the episode's transcript writers,
    which normalised the same cue texts (``words.normalise`` memo) and relabelled them.
    """
    times = []
    for _ in range(repeat):
        for memo in vars(words).values() if cold else ():  # cold, as for a new episode
            clear = getattr(memo, "cache_clear", None)
            if clear is not None:
                clear()
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    project = load_project(args.root, keep_transcripts=False)
    layout = Layout(project.show.base_url)
    dropped = project.episodes[0]
    episode = with_transcript(dropped)
    styles = caption_styles(project.show.captions)
    plan = plan_release(project, layout)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        writers = best(  # a fresh Episode each time: its relabelled transcript is not memoised
            lambda: write_transcripts(replace(episode), plan[episode.slug], staging, styles),
            args.repeat,
        )
        ours, bare = page(project, layout, episode, staging, args.repeat)
    read = best(lambda: with_transcript(dropped), args.repeat)
    print(f"transcript writers (five formats): {1000 * writers:.2f} ms")
    print(f"transcript read again:             {1000 * read:.2f} ms")
    print(f"episode page, ours:                {1000 * ours:.2f} ms")
    print(f"episode page, bare Jinja2:         {1000 * bare:.2f} ms ({ours / bare:.2f}x)")


FILTERED = "{{ ep.turns | turns_html }}    </div>\n"
LOOP = """\
      {% for turn in ep.turns %}
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
"""  # noqa: E501  (the packaged episode.html's turns before the turns_html filter)


def page(
    project: object, layout: Layout, episode: object, staging: Path, repeat: int
) -> tuple[float, float]:
    """One episode page: ours (view, context, sandboxed render) and a bare render of it."""
    plan = plan_release(project, layout)  # type: ignore[arg-type]
    shutil.copy(project.image_path, staging / plan.cover.rel)  # type: ignore[attr-defined]
    writer = PageWriter(project, plan, staging)  # type: ignore[arg-type]
    slug = episode.slug  # type: ignore[attr-defined]
    out = EpisodeOutputs(30_000, 30_000, transcripts=(PublishedTranscript(None, timed=True),))
    _ = episode.named  # type: ignore[attr-defined]  # relabelled once, by the writers
    ours = best(lambda: writer.render_episode(episode, out), repeat, cold=False)  # type: ignore[arg-type]
    env = writer.env
    plain = jinja2.Environment(
        loader=env.loader,
        autoescape=env.autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    plain.filters["clock"] = player_clock
    files = writer.files({slug: out})
    position = writer.plan.position(slug)
    context = episode_context(project, episode, writer.plan[slug], layout, files, position=position)  # type: ignore[arg-type]
    # The yardstick is the page's template with its turns as a Jinja2 loop (as it was
    # before the turns_html filter): the bare engine on the same sections.
    source = env.loader.get_source(env, "episode.html")[0]  # type: ignore[union-attr]
    template = plain.from_string(source.replace(FILTERED, LOOP))  # (older code: the loop)
    assert template.render(context) == writer.render_episode(episode, out)[1].decode()  # type: ignore[arg-type]
    bare = best(lambda: template.render(context), repeat, cold=False)
    sandboxed = env.get_template("episode.html")
    built = best(
        lambda: episode_context(
            project, episode, writer.plan[slug], layout, files, position=position
        ),  # type: ignore[arg-type]
        repeat,
        cold=False,
    )
    print(
        f"  of ours: the context {1000 * built:.2f} ms, the sandboxed render "
        f"{1000 * best(lambda: sandboxed.render(context), repeat, cold=False):.2f} ms"
    )
    return ours, bare


if __name__ == "__main__":
    main()
