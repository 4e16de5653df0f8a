"""Generate a synthetic show of N episodes for the release benchmarks.

Realistic metadata (titles, summaries, multi-paragraph notes, chapters, credits,
three voices), a timed WebVTT transcript of 150 turns per episode, and a small
real MP3 per episode (each its own file, as in a real show). Deterministic:
the same N gives the same catalogue.

    python benchmarks/catalogue.py /tmp/cat1000 1000

Also the two steps every release benchmark takes before it builds one: :func:`clean`
(the catalogue back to source only) and :func:`measure` (one build as its own process).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

AUDIO_SECONDS = 30
TURNS = 150

SHOW = """\
title: Benchmark Radio
description: >-
  A synthetic show for measuring spotlight-feed. Each episode has realistic metadata,
  a transcript of {turns} turns and a small MP3.
link: https://bench.example/
base_url: https://cdn.bench.example/show/
language: en
author: Bench Author
publisher: Bench Publisher
owner:
  name: Bench Owner
  email: owner@bench.example
category:
  category: Education
  subcategory: Language Learning
explicit: false
image: media/cover.png
image_alt: A plain blue square
copyright: (c) 2024 Bench
podcast_guid: 8add8845-091c-5819-9f9f-8b8829d94730
people:
  - name: Roger Host
    role: host
  - name: Alice Host
    role: host
keywords: [english, learning, bench]
"""

WORDS = [
    "people",
    "society",
    "family",
    "school",
    "work",
    "parents",
    "story",
    "city",
    "money",
    "time",
    "world",
    "friends",
    "history",
    "music",
    "science",
    "language",
    "travel",
    "future",
    "problem",
    "answer",
    "question",
    "reason",
]


def sentence(rng: random.Random, n: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def clock(ms: int) -> str:
    s, ms = divmod(ms, 1000)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def episode_yaml(i: int, rng: random.Random) -> str:
    notes = "\n\n".join(sentence(rng, 40) for _ in range(4))
    notes += "\n\nIn this programme:\n" + "\n".join(f"- {sentence(rng, 8)}" for _ in range(4))
    notes_block = "\n".join("  " + line if line else "" for line in notes.splitlines())
    chapters = "\n".join(
        f"  - start: {clock(k * AUDIO_SECONDS * 1000 // 5)}\n    title: {sentence(rng, 4)}"
        for k in range(5)
    )
    day = i % 28 + 1
    month = (i // 28) % 12 + 1
    year = 2000 + i // 336
    return f"""\
title: "Episode {i}: {sentence(rng, 6)}"
guid: bench-{i:06d}
number: {i}
season: {1 + i // 100}
published: {year:04d}-{month:02d}-{day:02d}T09:00:00+00:00
summary: >-
  {sentence(rng, 35)}
notes: |-
{notes_block}
audio: media/ep{i:06d}.mp3
transcript: transcript.vtt
credits:
  writers:
    - name: Wanda Writer
  producers:
    - name: Pete Producer
voices:
  Voice 1:
    name: Roger Host
    role: host
  Voice 2:
    name: Alice Host
    role: host
  Voice 3:
    description: a quoted expert
    quoted: true
chapters:
{chapters}
links:
  - title: Read more
    url: https://bench.example/episodes/{i}
"""


def transcript_vtt(rng: random.Random) -> str:
    step = AUDIO_SECONDS * 1000 // TURNS
    out = ["WEBVTT", ""]
    for k in range(TURNS):
        start, end = k * step + 10, (k + 1) * step - 10
        voice = f"Voice {1 + (k % 3 if k % 7 == 0 else k % 2)}"
        out += [f"{clock(start)} --> {clock(end)}", f"<v {voice}>{sentence(rng, 18)}", ""]
    return "\n".join(out)


def make_mp3(path: Path) -> None:
    import lameenc

    rate = 8000
    enc = lameenc.Encoder()
    enc.set_bit_rate(8)
    enc.set_in_sample_rate(rate)
    enc.set_channels(1)
    enc.set_quality(7)
    pcm = bytes(2 * rate * AUDIO_SECONDS)  # silence: the content does not matter here
    path.write_bytes(bytes(enc.encode(pcm) + enc.flush()))


def generate(root: Path, n: int) -> Path:
    from PIL import Image

    if root.exists():
        shutil.rmtree(root)
    (root / "media").mkdir(parents=True)
    (root / "podcast.yaml").write_text(SHOW.format(turns=TURNS), encoding="utf-8")
    Image.new("RGB", (1400, 1400), (20, 40, 90)).save(root / "media" / "cover.png")
    template = root / "media" / "template.mp3"
    make_mp3(template)
    for i in range(1, n + 1):
        rng = random.Random(i)
        folder = root / "episodes" / f"ep{i:06d}"
        folder.mkdir(parents=True)
        (folder / "episode.yaml").write_text(episode_yaml(i, rng), encoding="utf-8")
        (folder / "transcript.vtt").write_text(transcript_vtt(rng), encoding="utf-8")
        shutil.copyfile(template, root / "media" / f"ep{i:06d}.mp3")
    template.unlink()
    return root


EPOCH = "1893456000"
"""SOURCE_DATE_EPOCH for the builds: the catalogue's dates run to 2029 at 10,000 episodes,
and a build holds back episodes dated after its moment, so the benchmarks publish all."""


def clean(root: Path) -> None:
    """Remove what a build left in the catalogue (dist/, the cache, the lock file)."""
    for leftover in ("dist", ".spotlight-cache", "spotlight.lock"):
        p = root / leftover
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()


def measure(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run *cmd* as its own process: wall time, CPU (user + sys, its children included, by
    ``os.wait4``), peak RSS in MB and its stdout; a non-zero exit stops the benchmark.

    Output goes to files, not pipes: a build that prints more than a pipe holds (64 KB of
    notes at 1,000 episodes) would block on write while we wait4 for it."""
    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out_f, stderr=err_f)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out_f.seek(0)
        err_f.seek(0)
        out = out_f.read().decode()
        err = err_f.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd} failed:\n{out}\n{err[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "stdout": out.strip(),
    }


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
