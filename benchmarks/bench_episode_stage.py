"""One episode's transcript writers and page, timed in-process (best of N, CPU clock).

    PYTHONPATH=src python benchmarks/bench_episode_stage.py /tmp/sp/cat100 [--repeat 20]

The catalogue is one of ``benchmarks/catalogue.py`` (150 timed turns an episode). Times
are ``time.process_time`` per call of :func:`spotlight_feed.write.transcripts.
write_transcripts` (the five formats, captions cut) and of the transcript read the
episode stage does (:func:`spotlight_feed.load.project.with_transcript`), and of one
episode page: ours (view and context built, rendered in the sandboxed environment)
beside the same template rendered from the same, ready context by a bare
``jinja2.Environment`` (the issue's yardstick). Not run in CI.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
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


def best(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        for memo in vars(words).values():  # every memo starts cold, as for a new episode
            clear = getattr(memo, "cache_clear", None)
            if clear is not None:
                clear()
        t0 = time.process_time()
        fn()  # type: ignore[operator]
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


def page(
    project: object, layout: Layout, episode: object, staging: Path, repeat: int
) -> tuple[float, float]:
    """One episode page: ours (view, context, sandboxed render) and a bare render of it."""
    plan = plan_release(project, layout)  # type: ignore[arg-type]
    shutil.copy(project.image_path, staging / plan.cover.rel)  # type: ignore[attr-defined]
    writer = PageWriter(project, plan, staging)  # type: ignore[arg-type]
    slug = episode.slug  # type: ignore[attr-defined]
    out = EpisodeOutputs(30_000, 30_000, transcripts=(PublishedTranscript(None, timed=True),))
    ours = best(lambda: writer.render_episode(replace(episode), out), repeat)  # type: ignore[type-var]
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
    context = episode_context(project, episode, writer.plan[slug], layout, files)  # type: ignore[arg-type]
    template = plain.get_template("episode.html")
    assert template.render(context) == writer.render_episode(episode, out)[1].decode()  # type: ignore[arg-type]
    bare = best(lambda: template.render(context), repeat)
    sandboxed = env.get_template("episode.html")
    built = best(
        lambda: episode_context(project, replace(episode), writer.plan[slug], layout, files),  # type: ignore[type-var]
        repeat,
    )
    print(
        f"  of ours: the context {1000 * built:.2f} ms, the sandboxed render "
        f"{1000 * best(lambda: sandboxed.render(context), repeat):.2f} ms"
    )
    return ours, bare


if __name__ == "__main__":
    main()
