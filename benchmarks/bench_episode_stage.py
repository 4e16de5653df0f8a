"""One episode's transcript writers and page, timed in-process (best of N, CPU clock).

    PYTHONPATH=src python benchmarks/bench_episode_stage.py /tmp/sp/cat100 [--repeat 20]

The catalogue is one of ``benchmarks/catalogue.py`` (150 timed turns an episode). Times
are ``time.process_time`` per call of :func:`spotlight_feed.write.transcripts.
write_transcripts` (the five formats, captions cut) and of the transcript read the
episode stage does (:func:`spotlight_feed.load.project.with_transcript`). Not run in CI.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from spotlight_feed.load.project import load_project, with_transcript
from spotlight_feed.plan.captionstyle import caption_styles
from spotlight_feed.plan.layout import Layout
from spotlight_feed.transcript import words
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
    project = load_project(args.root, probe_audio=False, keep_transcripts=False)
    layout = Layout(project.show.base_url)
    dropped = project.episodes[0]
    episode = with_transcript(dropped)
    styles = caption_styles(project.show.captions)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        writers = best(
            lambda: write_transcripts(episode, layout, staging, "en", styles), args.repeat
        )
    read = best(lambda: with_transcript(dropped), args.repeat)
    print(f"transcript writers (five formats): {1000 * writers:.2f} ms")
    print(f"transcript read again:             {1000 * read:.2f} ms")


if __name__ == "__main__":
    main()
