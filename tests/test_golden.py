"""Golden releases: the text files of two built shows, compared byte for byte.

``tests/golden/<show>/dist/`` holds every text file of the release (feed, pages,
stylesheet, transcripts, chapters, manifest; the manifest carries the SHA-256 of
every binary file too, so the MP3s and art are covered as well). The shows:

- ``sample``: the repository's own sample show (podcast.yaml, episodes/, media/);
- ``full``: ``tests/golden/full/show/``, a show that sets every optional field of
  podcast.yaml and episode.yaml, with the sample's audio and cover copied in.

Both are built in a temporary copy (nothing is written into the checkout), with
``SOURCE_DATE_EPOCH`` unset. Run ``pytest tests/test_golden.py --update-golden`` to
rewrite the golden files; tests/golden/README.md says when that is legitimate.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from conftest import REPO, copy_sample

GOLDEN = REPO / "tests" / "golden"
TEXT_SUFFIXES = {".xml", ".html", ".css", ".json", ".vtt", ".srt", ".txt"}


def copy_full(dest: Path) -> Path:
    """The golden "full" show's inputs, with the sample's audio and cover, in *dest*."""
    shutil.copytree(GOLDEN / "full" / "show", dest)
    for name in ("always-alone.mp3", "cover.jpg"):
        shutil.copyfile(REPO / "media" / name, dest / "media" / name)
    return dest


def text_files(dist: Path) -> dict[str, bytes]:
    """Every text file under *dist*, by POSIX path relative to it."""
    return {
        p.relative_to(dist).as_posix(): p.read_bytes()
        for p in sorted(dist.rglob("*"))
        if p.is_file() and p.suffix in TEXT_SUFFIXES
    }


def built(tmp_path: Path, show: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    from spotlight_feed.build import BuildOptions, build

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / show
    if show == "sample":
        copy_sample(root)
    else:
        copy_full(root)
    return build(root, BuildOptions()).out_dir


@pytest.mark.parametrize("show", ["sample", "full"])
def test_release_matches_golden(
    show: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    dist = built(tmp_path, show, monkeypatch)
    got = text_files(dist)
    assert "feed.xml" in got and "manifest.json" in got, sorted(got)
    golden = GOLDEN / show / "dist"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(golden, ignore_errors=True)
        for rel, data in got.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_bytes(data)
    want = text_files(golden)
    assert sorted(got) == sorted(want), "the release has other text files than the golden one"
    for rel, data in got.items():
        if data != want[rel]:
            diff = difflib.unified_diff(
                want[rel].decode("utf-8").splitlines(),
                data.decode("utf-8").splitlines(),
                f"golden/{show}/dist/{rel}",
                f"built/{rel}",
                lineterm="",
                n=2,
            )
            pytest.fail("\n".join(list(diff)[:80]))


def test_full_show_sets_every_optional_field() -> None:
    """The "full" show really uses every field of both schemas (else it is not full)."""
    import yaml

    from spotlight_feed.config import EpisodeConfig, ShowConfig

    root = GOLDEN / "full" / "show"
    show = yaml.safe_load((root / "podcast.yaml").read_text(encoding="utf-8"))
    assert set(ShowConfig.model_fields) <= set(show), set(ShowConfig.model_fields) - set(show)
    episodes = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((root / "episodes").glob("*/episode.yaml"))
    ]
    used = set().union(*episodes)
    assert set(EpisodeConfig.model_fields) <= used, set(EpisodeConfig.model_fields) - used
