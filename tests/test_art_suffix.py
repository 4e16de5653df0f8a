"""Art named ``.jpeg`` is published as ``.jpg`` (found importing ART19's feed, issue #13).

Apple's RSS guide asks for JPEG or PNG art with the extension ``.jpg`` or ``.png``, and
feedgen refused any other ``itunes:image`` URL with a traceback. The build now names
JPEG art ``.jpg``; feedparser reads the channel and item art back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
from conftest import write_cover

from spotlight_feed.build import BuildOptions, build


def test_jpeg_cover_and_episode_art_are_published_as_jpg(tiny_project: Path) -> None:
    from PIL import Image

    root = tiny_project
    with Image.open(write_cover(root / "media" / "tmp.png")) as im:
        im.convert("RGB").save(root / "media" / "cover.jpeg", "JPEG")
    shutil.copyfile(root / "media" / "cover.jpeg", root / "episodes" / "first" / "art.jpeg")
    show = root / "podcast.yaml"
    text = show.read_text(encoding="utf-8")
    assert "media/cover.png" in text
    show.write_text(text.replace("media/cover.png", "media/cover.jpeg"), encoding="utf-8")
    ep = root / "episodes" / "first" / "episode.yaml"
    ep.write_text(
        ep.read_text(encoding="utf-8") + "image: episodes/first/art.jpeg\n", encoding="utf-8"
    )
    build(root, BuildOptions(source_date_epoch=None))
    feed = feedparser.parse((root / "dist" / "feed.xml").read_bytes())
    assert feed.feed.image.href.endswith(".jpg")
    (entry,) = feed.entries
    assert entry.image.href.endswith(".jpg") and "/episodes/first/art-" in entry.image.href
    assert [p.name for p in (root / "dist" / "episodes" / "first").glob("art-*")] == [
        entry.image.href.rsplit("/", 1)[-1]
    ]
