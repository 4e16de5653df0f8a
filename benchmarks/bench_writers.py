"""The five transcript formats of one episode beside the issue's two yardsticks (#18).

    PYTHONPATH=src python benchmarks/bench_writers.py /tmp/sp/cat100 [--repeat 20] [--episodes 5]

The catalogue is one of ``benchmarks/catalogue.py`` (150 timed turns an episode). Ours is
:func:`spotlight_feed.write.transcripts.write_transcripts` (the five formats, captions
cut to the caption standard, every text memo cleared before each call, as for a new
episode). The yardsticks are written here from the issue's words, "the simplest correct
writers": WebVTT and SRT with each cue cut by :func:`textwrap.wrap` (42 and 32 columns,
two lines a caption, timed in proportion to characters), the JSON by ``json.dumps(...,
indent=2)``, HTML turns with :func:`html.escape`, plain text by :func:`textwrap.fill`; and
the same without splitting (one caption a cue, on one line). They meet no caption
standard (no reading speed, no line balance, no linguistic breaks, no ``-->`` guard):
they are what the issue compares against. Times are CPU (``time.process_time``), the
best of *repeat* calls, averaged over the first *episodes* episodes; ours both as a build
writes them (five files, each call into a new empty staging folder, as a build's
``release/staging.py`` makes one; also, as measured before, over the files of the call
before) and as text only (:func:`~spotlight_feed.write.transcripts.render`,
like the yardsticks, which write no file). Not run in CI.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
import textwrap
from dataclasses import replace
from pathlib import Path

from spotlight_feed.load.project import load_project, with_transcript
from spotlight_feed.plan.captionstyle import caption_styles
from spotlight_feed.plan.layout import Layout
from spotlight_feed.plan.plan import plan_release
from spotlight_feed.timefmt import player_clock
from spotlight_feed.transcript import words
from spotlight_feed.transcript.model import Transcript
from spotlight_feed.write.transcripts import render, write_transcripts

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_episode_stage import best  # the same timing as the page benchmark

_WRAP = {w: textwrap.TextWrapper(w, break_on_hyphens=False) for w in (32, 42, 72)}
"""One wrapper a width, made once (the cheapest way to use textwrap)."""


def hms(ms: int, sep: str = ".") -> str:
    """A timestamp the simplest way (the yardstick does not use our lookup tables)."""
    s, ms = divmod(ms, 1000)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _chunks(text: str, width: int, split: bool) -> list[list[str]]:
    if not split:
        return [[text]]
    lines = _WRAP[width].wrap(text) or [text]
    return [lines[k : k + 2] for k in range(0, len(lines), 2)]


def _timed(start: int, end: int, chunks: list[list[str]]) -> list[tuple[int, int]]:
    sizes = [sum(map(len, c)) + 1 for c in chunks]
    total, at, out = sum(sizes), start, []
    for k, size in enumerate(sizes):
        nxt = end if k == len(sizes) - 1 else at + (end - start) * size // total
        out.append((at, nxt))
        at = nxt
    return out


def simple_vtt(t: Transcript, split: bool) -> str:
    out = ["WEBVTT", ""]
    for cue in t.cues:
        assert cue.start_ms is not None and cue.end_ms is not None
        chunks = _chunks(cue.text, 42, split)
        voice = f"<v {cue.speaker}>" if cue.speaker else ""
        for (s, e), lines in zip(_timed(cue.start_ms, cue.end_ms, chunks), chunks, strict=True):
            esc = [x.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for x in lines]
            out += [f"{hms(s)} --> {hms(e)}", voice + "\n".join(esc), ""]
    return "\n".join(out)


def simple_srt(t: Transcript, split: bool) -> str:
    out: list[str] = []
    n, last = 0, None
    for cue in t.cues:
        assert cue.start_ms is not None and cue.end_ms is not None
        chunks = _chunks(cue.text, 32, split)
        for k, ((s, e), lines) in enumerate(
            zip(_timed(cue.start_ms, cue.end_ms, chunks), chunks, strict=True)
        ):
            n += 1
            name = f"{cue.speaker}: " if cue.speaker and k == 0 and cue.speaker != last else ""
            out += [str(n), f"{hms(s, ',')} --> {hms(e, ',')}", name + "\n".join(lines), ""]
        last = cue.speaker
    return "\n".join(out)


def simple_json(t: Transcript) -> str:
    segments = [
        {"speaker": c.speaker, "startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000}
        | {"body": c.text}
        for c in t.cues
        if c.start_ms is not None and c.end_ms is not None
    ]
    return json.dumps({"version": "1.0.0", "segments": segments}, ensure_ascii=False, indent=2)


def simple_html(t: Transcript) -> str:
    out = ["<!DOCTYPE html>", "<html>", "<body>"]
    for turn in words.turns(t):
        if turn.speaker:
            out.append(f"<cite>{html.escape(turn.speaker)}:</cite>")
        if turn.start_ms is not None:
            out.append(f"<time>{player_clock(turn.start_ms)}</time>")
        out.append(f"<p>{html.escape(' '.join(c.text for c in turn.cues))}</p>")
    return "\n".join([*out, "</body>", "</html>", ""])


def simple_plain(t: Transcript) -> str:
    blocks = [
        (f"{turn.speaker}\n" if turn.speaker else "")
        + _WRAP[72].fill(" ".join(c.text for c in turn.cues))
        for turn in words.turns(t)
    ]
    return "\n\n".join(blocks) + "\n"


def simple(t: Transcript, split: bool) -> None:
    """The five formats the simplest way (module docstring)."""
    simple_vtt(t, split), simple_srt(t, split), simple_json(t), simple_html(t), simple_plain(t)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--episodes", type=int, default=5)
    args = ap.parse_args()
    project = load_project(args.root, keep_transcripts=False)
    layout = Layout(project.show.base_url)
    styles = caption_styles(project.show.captions)
    plan = plan_release(project, layout)
    ours = over = text = wrapped = unsplit = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for dropped in project.episodes[: args.episodes]:
            episode = with_transcript(dropped)
            named = episode.named
            assert named is not None
            ep_plan = plan[episode.slug]
            # Each call writes into a staging folder of its own, made before the clock
            # starts, as a build does (release/staging.py: a new mkdtemp every build);
            # "over" writes over the files of the call before (session 6's measure:
            # truncating a file just written costs the kernel more than making one).
            fresh = [Path(tmp, f"{episode.slug}-{k}") for k in range(args.repeat)]
            for folder in fresh:
                folder.mkdir()
            staged = iter(fresh)
            ours += best(  # a fresh Episode each time: its relabelled transcript is not kept
                lambda e=episode, p=ep_plan, s=staged: write_transcripts(
                    replace(e), p, next(s), styles
                ),
                args.repeat,
                cold=True,
            )
            over += best(
                lambda e=episode, p=ep_plan: write_transcripts(replace(e), p, Path(tmp), styles),
                args.repeat,
                cold=True,
            )
            text += best(  # the same five texts, not written to files (as the yardsticks)
                lambda e=episode, p=ep_plan: render(
                    replace(e).named,  # type: ignore[arg-type]
                    title=e.config.title,
                    language=p.language,
                    styles=styles,
                ),
                args.repeat,
                cold=True,
            )
            wrapped += best(lambda t=named: simple(t, True), args.repeat, cold=False)
            unsplit += best(lambda t=named: simple(t, False), args.repeat, cold=False)
    n = args.episodes
    print(f"five formats, ours, written:      {1000 * ours / n:.2f} ms an episode")
    print(f"  written over the files before:  {1000 * over / n:.2f} ms")
    print(f"five formats, ours, text only:    {1000 * text / n:.2f} ms")
    print(f"simplest, textwrap (text only):   {1000 * wrapped / n:.2f} ms")
    print(f"simplest, without splitting:      {1000 * unsplit / n:.2f} ms")
    print(
        f"ratios, written / text only: {ours / wrapped:.2f}x / {text / wrapped:.2f}x textwrap, "
        f"{ours / unsplit:.2f}x / {text / unsplit:.2f}x without splitting"
    )
    print(f"ratios, written over: {over / wrapped:.2f}x textwrap, {over / unsplit:.2f}x without")


if __name__ == "__main__":
    main()
