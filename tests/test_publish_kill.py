"""Kill ``publish`` after every object operation; the live feed must stay whole.

Issue #19 "Done when": at least 20 kill points; after each, every URL of the
live feed resolves, and the next publish completes. The kill is the
``SPOTLIGHT_PUBLISH_CRASH_AFTER=N`` hook of :mod:`spotlight_feed.publish.run`
(``os._exit`` right after the N-th object, in a forked child: nothing is
flushed or cleaned up, as with ``kill -9``), against the real SeaweedFS gateway.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import edit
from publish_support import Seaweed, build_release, http, live_urls, resolves, s3_env, seaweed
from release_util import GUID, make_show

from spotlight_feed.publish.remote import PATH as REMOTE
from spotlight_feed.publish.run import PublishOptions, Release, publish, read_release
from spotlight_feed.publish.targets import open_target

__all__ = ["s3_env", "seaweed"]


@pytest.fixture(scope="module")
def releases(
    tmp_path_factory: pytest.TempPathFactory, tone_mp3: Path, seaweed: Seaweed
) -> dict[str, Any]:
    """Version 1 (three episodes) and version 2 (ep02 retitled, ep03 removed) of one show,
    each built once for every kill point's prefix (the base URL is per prefix)."""
    root = make_show(tmp_path_factory.mktemp("killshow") / "show", tone_mp3, episodes=3)
    base = seaweed.public("KILL")
    v1 = build_release(root, root / "v1", base)
    edit(root / "episodes" / "ep02" / "episode.yaml", "title: Episode 2", "title: Episode Two")
    shutil.rmtree(root / "episodes" / "ep03")
    v2 = build_release(root, root / "v2", base, allow_removal=True)
    return {"v1": v1, "v2": v2, "base": base}


def _release_for(dist: Path, prefix: str, tmp: Path) -> Release:
    """*dist* as if built for *prefix*: the same files, URLs rewritten (one build per version)."""
    out = tmp / prefix / dist.name
    if not out.exists():
        shutil.copytree(dist, out)
        for rel in ("feed.xml", "index.html"):
            (out / rel).write_bytes(
                (out / rel).read_bytes().replace(b"/KILL/", f"/{prefix}/".encode())
            )
        from spotlight_feed.release import manifest

        (out / "manifest.json").write_bytes(manifest.render(manifest.entries_for(out)))
    return read_release(out)


def _crash_after(n: int, release: Release, spec: str) -> int:
    pid = os.fork()
    if pid == 0:  # the child publishes and dies at the kill point
        code = 0
        try:
            os.environ["SPOTLIGHT_PUBLISH_CRASH_AFTER"] = str(n)
            publish(release, open_target(spec), GUID, PublishOptions())
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _live_feed_is_whole(base: str) -> bool:
    if http("HEAD", base + "feed.xml")[0] == 404:
        return False
    for url in live_urls(base + "feed.xml"):
        assert resolves(url), f"the live feed names {url}, which does not resolve"
    return True


def _operations(release: Release, spec: str) -> int:
    report = publish(release, open_target(spec), GUID, PublishOptions(dry_run=True))
    p = report.plan
    return len(p.uploads) + len(p.relabels) + len(p.deletes) + 1 + int(bool(p.deletes))


def _complete_and_check(
    release: Release, spec: str, seaweed: Seaweed, prefix: str, *, again: bool = True
) -> None:
    done = publish(release, open_target(spec), GUID, PublishOptions())
    assert _live_feed_is_whole(seaweed.public(prefix))
    assert set(seaweed.keys(prefix)) == (set(release.files) - {"manifest.json"}) | {REMOTE}
    assert (
        http("GET", seaweed.public(prefix) + "feed.xml")[2]
        == (release.dist / "feed.xml").read_bytes()
    )
    if again:
        second = publish(release, open_target(spec), GUID, PublishOptions())
        assert second.uploaded == 0 and not second.deleted, (done.written, second.written)


def test_kill_during_first_publish(
    releases: dict[str, Any], seaweed: Seaweed, s3_env: Any, tmp_path: Path
) -> None:
    probe = _release_for(releases["v1"], "kill-a-count", tmp_path)
    total = _operations(probe, seaweed.target("kill-a-count"))
    assert total >= 20
    for n in range(1, total + 1):
        prefix = f"kill-a-{n}"
        release = _release_for(releases["v1"], prefix, tmp_path)
        code = _crash_after(n, release, seaweed.target(prefix))
        assert code == 137, f"kill point {n}: child exited {code}"
        live = _live_feed_is_whole(seaweed.public(prefix))
        assert live == (n >= total - 1), f"kill point {n}: feed live={live}"
        _complete_and_check(release, seaweed.target(prefix), seaweed, prefix, again=n % 4 == 0)


def test_kill_during_an_update_with_deletes(
    releases: dict[str, Any], seaweed: Seaweed, s3_env: Any, tmp_path: Path
) -> None:
    probe1 = _release_for(releases["v1"], "kill-b-count", tmp_path)
    publish(probe1, open_target(seaweed.target("kill-b-count")), GUID, PublishOptions())
    probe2 = _release_for(releases["v2"], "kill-b-count", tmp_path)
    total = _operations(probe2, seaweed.target("kill-b-count"))
    assert total >= 10
    old_feed = (probe1.dist / "feed.xml").read_bytes()
    for n in range(1, total + 1):
        prefix = f"kill-b-{n}"
        v1 = _release_for(releases["v1"], prefix, tmp_path)
        v2 = _release_for(releases["v2"], prefix, tmp_path)
        publish(v1, open_target(seaweed.target(prefix)), GUID, PublishOptions())
        code = _crash_after(n, v2, seaweed.target(prefix))
        assert code == 137, f"kill point {n}: child exited {code}"
        assert _live_feed_is_whole(seaweed.public(prefix))
        live = http("GET", seaweed.public(prefix) + "feed.xml")[2]
        assert live in {
            v1.dist.joinpath("feed.xml").read_bytes(),
            v2.dist.joinpath("feed.xml").read_bytes(),
        }
        assert (
            old_feed.replace(b"/kill-b-count/", f"/{prefix}/".encode())
            == v1.dist.joinpath("feed.xml").read_bytes()
        )
        _complete_and_check(v2, seaweed.target(prefix), seaweed, prefix, again=n % 4 == 0)
