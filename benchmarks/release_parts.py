"""Where a rebuild's CPU goes: the CLI build with one later feature's step stubbed out.

    PYTHONPATH=src python benchmarks/release_parts.py /tmp/pair/cat1000 --repeat 3

Attributes the no-op rebuild and the one-episode change of ``release_pair.py`` to the
features that landed after the structure work started (issue #11). On a catalogue built
once by this checkout, each variant runs the same ``spotlight-feed build`` process (measured
with ``os.wait4``: CPU time, user + sys, worker processes included) with one step replaced
by a stub; the difference to the full build is that step's cost. The stubbed builds'
output is incomplete and is rebuilt by the next full build; only the times are kept.

- ``warnings``: the first-hour warnings the CLI prints before every build (issue #17,
  ``cli._print_build_warnings`` and its cache);
- ``search``: the site-search index written on every build that is not a no-op (issue #15/
  #18, ``write.search.write_search_index``; one-episode change only).

The load cache's re-validation of every ``episode.yaml`` (issue #12's JSON state, which
replaced the pickle) cannot be stubbed; ``--load`` times the load stage in-process instead
(the same call as the build's ``_load``), for this checkout and, with ``--before-src``, for
the start's pickle cache. Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

STUBS = {
    "full": "",
    "warnings": (
        "class _R:\n"
        "    warnings = ()\n"
        "    def save(self): pass\n"
        "cli._print_build_warnings = lambda project: _R()\n"
    ),
    "search": (
        "import spotlight_feed.write.pages.writer as w\n"
        "w.write_search_index = lambda *a, **k: None\n"
    ),
}

RUN = """\
import sys
from spotlight_feed import cli
{stub}
sys.argv = ["spotlight-feed", "build", "-C", sys.argv[1]]
cli.main()
"""

LOAD = """\
import sys, time
from pathlib import Path
root = Path(sys.argv[1]).resolve()
try:
    from spotlight_feed.load.project import load_project
    from spotlight_feed.release.keys import code_fingerprint
    from spotlight_feed.release.state import LoadCache
    cache = LoadCache(root, root / "dist", code_fingerprint())
except ImportError:  # the start (8235824): flat modules, a pickle per episode
    from spotlight_feed.cache import LoadCache
    from spotlight_feed.load import load_project
    cache = LoadCache(root, root / "dist")
t = time.process_time()
project = load_project(root, reuse=cache.lookup, keep_transcripts=False)
cpu = time.process_time() - t
assert len(cache.hits) == len(project.episodes), (len(cache.hits), len(project.episodes))
print(cpu)
"""


def run(code: str, root: Path, src: str) -> float:
    env = dict(os.environ, PYTHONPATH=src)
    env.setdefault("SOURCE_DATE_EPOCH", "1893456000")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, str(root)], env=env, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(err.read().decode())
        out.seek(0)
        text = out.read().decode()
    if code.startswith("import sys, time"):
        return float(text.strip().splitlines()[-1])
    return usage.ru_utime + usage.ru_stime


def build(root: Path, src: str, stub: str = "full") -> float:
    return run(RUN.format(stub=STUBS[stub]), root, src)


def one_episode(root: Path, src: str, stub: str) -> float:
    meta = root / "episodes" / "ep000001" / "episode.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace('title: "Episode 1:', 'title: "Episode One:'), encoding="utf-8")
    try:
        cpu = build(root, src, stub)
    finally:
        meta.write_text(text, encoding="utf-8")
    build(root, src)  # back to the catalogue as it was, complete
    return cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path, help="a generated catalogue (benchmarks/catalogue.py)")
    ap.add_argument("--src", default="src", help="the checkout's src folder to measure")
    ap.add_argument("--before-src", default=None, help="also time the load stage of this one")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    results: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        results.setdefault(name, []).append(value)
        print(json.dumps({name: value}), flush=True)

    for src, tag in [(args.src, "after"), (args.before_src, "before")]:
        if src is None:
            continue
        subprocess.run(["rm", "-rf", str(args.root / "dist"), str(args.root / ".spotlight-cache")])
        (args.root / "spotlight.lock").unlink(missing_ok=True)
        run(RUN.format(stub=""), args.root, src)  # cold build: the caches the rebuilds use
        for _ in range(args.repeat):
            add(f"load stage, {tag}", run(LOAD, args.root, src))
            if tag == "after":
                for stub in ("full", "warnings"):
                    add(f"no-op, {stub}", build(args.root, src, stub))
                for stub in ("full", "warnings", "search"):
                    add(f"one-episode, {stub}", one_episode(args.root, src, stub))
    summary: dict[str, Any] = {k: round(statistics.median(v), 3) for k, v in results.items()}
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
