"""Feed items are kept between builds: an unchanged item's bytes are not rendered again.

Each build leaves every ``<item>`` it wrote in ``.spotlight-cache/feed.items``, keyed by
a digest of the item's values, the feed's ``<rss>`` start tag and the tool's code, and
seals the file (its inode and change time, src/spotlight_feed/write/sealed.py). The
next build copies the bytes of every item whose key is unchanged from there, and only
from a sealed file. Tests mark the kept items (an XML comment, resealed as only the
tool would) to see which ones a build took from the cache: a changed item is rendered
again, a copied, rewritten, damaged or foreign file is not used at all, and every feed
is byte for byte a cold build's once the marks are gone.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import re
import shutil
import types
import typing
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from pagekit import build_show, episode_config, mp3_bytes, show_config, write_show
from pydantic import BaseModel

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.config import EpisodeConfig, ShowConfig
from spotlight_feed.errors import BuildError
from spotlight_feed.plan.outputs import EpisodeOutputs
from spotlight_feed.plan.plan import EpisodePlan
from spotlight_feed.write.feed import values
from spotlight_feed.write.feed.apps.values import item_apps
from spotlight_feed.write.feed.item_cache import FORMAT
from spotlight_feed.write.feed.values import ItemData

ITEMS = ".spotlight-cache/feed.items"
SEAL = ".spotlight-cache/feed.items.seal"
MARK = b"<!--kept-->"
SLUGS = ("one", "two", "three")
_ITEM = re.compile(rb"(?m)^    <item>")


@pytest.fixture
def show(tmp_path: Path) -> Path:
    root = tmp_path / "show"
    eps = {slug: episode_config(slug, n) for n, slug in enumerate(SLUGS, 1)}
    write_show(root, show_config(), eps)
    build_show(root)
    return root


def _feed(root: Path) -> bytes:
    return (root / "dist" / "feed.xml").read_bytes()


def _items(feed: bytes) -> dict[str, bytes]:
    """The feed's ``<item>`` elements by guid."""
    starts = [m.start() for m in _ITEM.finditer(feed)]
    out = {}
    for a, b in zip(starts, [*starts[1:], feed.index(b"  </channel>")], strict=True):
        guid = re.search(rb"<guid[^>]*>([^<]*)</guid>", feed[a:b])
        assert guid is not None
        out[guid.group(1).decode()] = feed[a:b]
    return out


def _cold(root: Path, tmp_path: Path) -> bytes:
    """The feed of a cold build of a copy of *root* (no dist/, no cache)."""
    copy = shutil.copytree(
        root, tmp_path / "cold", ignore=shutil.ignore_patterns("dist", ".spotlight-cache")
    )
    build_show(copy)
    return _feed(copy)


def _records(root: Path) -> list[tuple[bytes, bytes]]:
    """The file's records: (inputs key + key + length, item bytes)."""
    data = (root / ITEMS).read_bytes()
    assert data.startswith(FORMAT)
    out, pos = [], len(FORMAT)
    while pos < len(data):
        size = int.from_bytes(data[pos + 64 : pos + 72], "big")
        out.append((data[pos : pos + 64], data[pos + 72 : pos + 72 + size]))
        pos += 72 + size
    return out


def _write_records(root: Path, records: list[tuple[bytes, bytes]]) -> None:
    body = b"".join(k[:64] + len(d).to_bytes(8, "big") + d for k, d in records)
    (root / ITEMS).write_bytes(FORMAT + body)


def _mark_all(root: Path) -> None:
    """Mark every kept item (the file is rewritten in place: its seal no longer holds)."""
    records = _records(root)
    assert len(records) == len(SLUGS)
    _write_records(
        root, [(k, d.replace(b"    <item>", b"    <item>" + MARK, 1)) for k, d in records]
    )


def _reseal(root: Path) -> None:
    """Write the seal of the file as it is now: what only the tool itself does."""
    code = (root / SEAL).read_text(encoding="utf-8").split(" ", 1)[0]
    st = (root / ITEMS).stat()
    ident = f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"
    (root / SEAL).write_text(f"{code} {ident}\n", encoding="utf-8")


def _retitle(root: Path, slug: str, title: str) -> None:
    meta = root / "episodes" / slug / "episode.yaml"
    n = SLUGS.index(slug) + 1
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace(f"title: Episode {n}\n", f"title: {title}\n"), encoding="utf-8")


def _marked(root: Path) -> set[str]:
    """The guids of the items the last build took from the (marked) cache."""
    return {g.removeprefix("guid-") for g, b in _items(_feed(root)).items() if MARK in b}


def _sealed(root: Path) -> bool:
    if not (root / SEAL).is_file():
        return False
    st = (root / ITEMS).stat()
    ident = f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}\n"
    return (root / SEAL).read_text(encoding="utf-8").endswith(" " + ident)


def test_a_one_episode_change_reuses_the_other_items(show: Path, tmp_path: Path) -> None:
    assert _sealed(show) and len(_records(show)) == 3
    _mark_all(show)
    _reseal(show)
    _retitle(show, "one", "First light")
    build_show(show)
    assert _marked(show) == {"two", "three"}  # kept: copied from the cache as they were
    one = _items(_feed(show))["guid-one"]
    assert b"<title>First light</title>" in one and MARK not in one
    assert _sealed(show) and len(_records(show)) == 3  # this build's items, sealed again
    assert _feed(show).replace(MARK, b"") == _cold(show, tmp_path)


def test_the_feed_after_a_one_episode_change_is_a_cold_build_s(show: Path, tmp_path: Path) -> None:
    _retitle(show, "two", "Second wind")
    build_show(show)
    feed = _feed(show)
    assert feed == _cold(show, tmp_path)
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.bozo_exception
    assert [e.title for e in parsed.entries] == ["Episode 3", "Second wind", "Episode 1"]


def _louder(root: Path) -> None:
    (root / "media" / "two.mp3").write_bytes(mp3_bytes(3.0))  # another enclosure length


def _prefixed(root: Path) -> None:
    with (root / "podcast.yaml").open("a", encoding="utf-8") as f:
        f.write("analytics:\n- prefix: https://op3.dev/e/\n")


@pytest.mark.parametrize(
    ("change", "redone"),
    [
        (lambda root: _retitle(root, "two", "Second wind"), {"two"}),
        (_louder, {"two"}),
        (_prefixed, set(SLUGS)),  # a show field every item uses (the enclosure URL)
    ],
    ids=["title", "enclosure-size", "show-analytics"],
)
def test_an_item_whose_input_changed_is_rendered_again(
    show: Path, tmp_path: Path, change: typing.Callable[[Path], None], redone: set[str]
) -> None:
    _mark_all(show)
    _reseal(show)
    change(show)
    build_show(show)
    assert _marked(show) == set(SLUGS) - redone
    feed = _feed(show)
    assert feed.replace(MARK, b"") == _cold(show, tmp_path)
    if "two" in redone:
        old = _items(feed)["guid-two"]
        assert MARK not in old


def _copied(root: Path, tmp_path: Path) -> Path:
    """The show copied elsewhere, its cache too, seal and all (another out_dir: another key)."""
    return shutil.copytree(root, tmp_path / "copy")


def _restored(root: Path, tmp_path: Path) -> Path:
    """The show's cache folder restored from a copy, in place (same paths, same keys)."""
    cache = root / ".spotlight-cache"
    backup = shutil.copytree(cache, tmp_path / "backup")
    shutil.rmtree(cache)
    shutil.copytree(backup, cache)
    return root


def _rewritten(root: Path, tmp_path: Path) -> Path:
    """The file rewritten in place (by :func:`_mark_all`), its seal left as it was."""
    return root


@pytest.mark.parametrize(
    "how", [_copied, _restored, _rewritten], ids=["copied", "restored", "rewritten"]
)
def test_a_cache_file_this_build_did_not_seal_is_not_used(
    show: Path, tmp_path: Path, how: typing.Callable[[Path, Path], Path]
) -> None:
    """A valid-looking file with the right keys and injected bytes, not the tool's own."""
    _mark_all(show)
    if how is not _rewritten:
        _reseal(show)  # sealed where it is: there it is the tool's own file
    root = how(show, tmp_path)
    _retitle(root, "one", "First light")
    build_show(root)
    assert MARK not in _feed(root)
    assert _feed(root) == _cold(root, tmp_path)
    assert _sealed(root) and MARK not in (root / ITEMS).read_bytes()


def _truncated(root: Path) -> None:
    data = (root / ITEMS).read_bytes()
    (root / ITEMS).write_bytes(data[: len(data) // 2])


def _garbage(root: Path) -> None:
    (root / ITEMS).write_bytes(os.urandom(5000))


def _old_format(root: Path) -> None:
    data = (root / ITEMS).read_bytes()
    (root / ITEMS).write_bytes(b"spotlight-feed-items/0\n" + data[len(FORMAT) :])


def _empty(root: Path) -> None:
    (root / ITEMS).write_bytes(b"")


def _a_folder(root: Path) -> None:
    (root / ITEMS).unlink()
    (root / ITEMS).mkdir()


def _items_fifo(root: Path) -> None:
    (root / ITEMS).unlink()
    os.mkfifo(root / ITEMS)  # opening it to read without O_NONBLOCK would block for ever


def _a_symlink(root: Path) -> None:
    """The (marked) file moved out of the cache and linked from where it was."""
    away = root.parent / "elsewhere.items"
    (root / ITEMS).rename(away)
    (root / ITEMS).symlink_to(away)


def _seal_garbage(root: Path) -> None:
    (root / SEAL).write_bytes(os.urandom(200))


def _a_fifo(root: Path) -> None:
    (root / SEAL).unlink()
    os.mkfifo(root / SEAL)


DAMAGES = {
    "truncated": (_truncated, False),
    "truncated-resealed": (_truncated, True),
    "garbage": (_garbage, False),
    "garbage-resealed": (_garbage, True),
    "old-format": (_old_format, False),
    "old-format-resealed": (_old_format, True),
    "empty": (_empty, False),
    "empty-resealed": (_empty, True),
    "folder": (_a_folder, False),
    "fifo": (_items_fifo, False),
    "symlink": (_a_symlink, False),
    "symlink-resealed": (_a_symlink, True),  # sealed for the file it points to
    "seal-garbage": (_seal_garbage, False),
    "seal-fifo": (_a_fifo, False),
}


@pytest.mark.parametrize("case", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_cache_file_is_a_clean_miss(
    show: Path, tmp_path: Path, case: tuple[typing.Callable[[Path], None], bool]
) -> None:
    """Even sealed (as if the tool had written it so), a damaged file is never an error.

    A sealed truncated file gives the items before the cut (they are whole records).
    """
    damage, resealed = case
    _mark_all(show)
    damage(show)
    if resealed:
        _reseal(show)
    _retitle(show, "one", "First light")
    build_show(show)
    feed = _feed(show)
    assert feed.replace(MARK, b"") == _cold(show, tmp_path)
    if not resealed or damage is not _truncated:
        assert MARK not in feed
    if damage is _a_folder:  # nothing can be put in its place: no valid seal, nothing left
        assert not _sealed(show)
        assert not [p for p in (show / ".spotlight-cache").iterdir() if p.name.endswith(".tmp")]
    else:  # this build's items, sealed
        assert _sealed(show) and len(_records(show)) == 3


def test_the_seal_does_not_survive_a_failed_build(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The feed fails: no seal is left, so neither a half-written nor the old file is trusted."""
    real = values.item_data

    def failing(project: typing.Any, episode: typing.Any, *args: typing.Any) -> ItemData:
        if episode.slug == "two":  # the changed item: the only one decided again
            raise OSError(28, "No space left on device")
        return real(project, episode, *args)

    assert _sealed(show)
    _mark_all(show)
    _reseal(show)
    _retitle(show, "two", "Second wind")
    monkeypatch.setattr(values, "item_data", failing)
    with pytest.raises(BuildError, match="No space left on device"):
        build(show, BuildOptions())
    monkeypatch.undo()
    assert not (show / SEAL).exists()
    assert not [p for p in (show / ".spotlight-cache").iterdir() if p.name.endswith(".tmp")]
    build_show(show)
    assert MARK not in _feed(show)  # the old file was not trusted any more
    assert _feed(show) == _cold(show, tmp_path)
    assert _sealed(show)


def _leaves(t: object, seen: set[object]) -> set[object]:
    """The leaf types of a field type, checking each class on the way spells its fields."""
    origin = typing.get_origin(t)
    if origin is typing.Annotated:
        return _leaves(typing.get_args(t)[0], seen)
    if origin is typing.Literal:
        return {type(a) for a in typing.get_args(t)}
    if origin in (typing.Union, types.UnionType, tuple, list, dict):
        out: set[object] = set()
        for a in typing.get_args(t):
            if a is not Ellipsis:
                out |= _leaves(a, seen)
        return out
    assert origin is None, t
    if t in seen:
        return set()
    seen.add(t)
    assert isinstance(t, type)
    if t in (str, int, float, bool, type(None), datetime):
        return {t}
    source = inspect.getsource(t)
    assert "__repr__" not in source and "__repr_args__" not in source, t
    if dataclasses.is_dataclass(t):
        assert t.__dataclass_params__.frozen, t  # type: ignore[attr-defined]
        hidden = [f.name for f in dataclasses.fields(t) if not f.repr]
        assert hidden == (["layout"] if t is EpisodePlan else []), t  # inputs() spells it
        hints = typing.get_type_hints(t, include_extras=True)
        return set().union(*(_leaves(hints[f.name], seen) for f in dataclasses.fields(t)))
    if issubclass(t, BaseModel):
        assert t.model_config.get("extra") == "forbid" and t.model_config.get("frozen"), t
        assert not t.model_computed_fields, t
        assert all(f.repr and not f.exclude for f in t.model_fields.values()), t
        hooks = t.__pydantic_decorators__
        assert not hooks.field_serializers and not hooks.model_serializers, t
        return set().union(*(_leaves(f.annotation, seen) for f in t.model_fields.values()))
    return {t}


def test_the_key_spells_every_value_of_an_item() -> None:
    """The key digests ``repr(item)``: every type in ItemData's tree must spell its value.

    Dataclasses and pydantic models with their generated ``repr`` (every field shown),
    and leaves whose ``repr`` reads back as the same value; ``published``'s time zone is
    checked at run time (src/spotlight_feed/write/feed/item_cache.py).
    """
    leaves = _leaves(ItemData, set())
    assert leaves <= {str, int, bool, type(None), datetime}, leaves


def test_the_inputs_key_spells_everything_item_data_reads() -> None:
    """What ``ItemSource.inputs`` spells is all ``item_data`` (and ``item_apps``) read.

    The config models as pydantic's JSON (every field, no serializer of their own), the
    plan and outputs as their ``repr`` (every field but the plan's layout, which
    ``inputs`` adds), and of the project and the episode only ``project.show`` and
    ``episode.config``.
    """
    for t in (EpisodeConfig, ShowConfig, EpisodePlan, EpisodeOutputs):
        assert _leaves(t, set()) <= {str, int, float, bool, type(None), datetime}, t
    for fn in (values.item_data, item_apps):
        source = inspect.getsource(fn)
        assert set(re.findall(r"\bproject\.\w+", source)) <= {"project.show"}, fn
        assert set(re.findall(r"\bepisode\.\w+", source)) <= {"episode.config"}, fn
    assert "repr(self.planned.layout)" in inspect.getsource(values.ItemSource.inputs)


def test_unchanged_items_values_are_not_decided_again(
    show: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-episode change decides one item's values (``item_data``), not every item's."""
    real, decided = values.item_data, []

    def counted(project: typing.Any, episode: typing.Any, *args: typing.Any) -> ItemData:
        decided.append(episode.slug)
        return real(project, episode, *args)

    monkeypatch.setattr(values, "item_data", counted)
    _retitle(show, "two", "Second wind")
    build_show(show)
    assert decided == ["two"]
    decided.clear()
    _prefixed(show)  # a show field: every item's inputs changed
    build_show(show)
    assert sorted(decided) == sorted(SLUGS)


def test_paged_feeds_take_kept_items_too(tmp_path: Path) -> None:
    """RFC 5005 pages and the archive (write/feed/paging.py) are written from the same items."""
    root = tmp_path / "paged"
    eps = {slug: episode_config(slug, n) for n, slug in enumerate(SLUGS, 1)}
    write_show(root, show_config(paging={"page_size": 2, "archive": True}), eps)
    build_show(root)
    names = ("feed.xml", "feed-page-2.xml", "feed-archive.xml")
    _mark_all(root)
    _reseal(root)
    _retitle(root, "one", "First light")
    build_show(root)
    pages = {n: (root / "dist" / n).read_bytes() for n in names}
    assert MARK in pages["feed.xml"] and MARK in pages["feed-archive.xml"]
    assert MARK not in _items(pages["feed-page-2.xml"])["guid-one"]
    copy = shutil.copytree(
        root, tmp_path / "cold", ignore=shutil.ignore_patterns("dist", ".spotlight-cache")
    )
    build_show(copy)
    for n in names:
        assert pages[n].replace(MARK, b"") == (copy / "dist" / n).read_bytes(), n
        assert not feedparser.parse(pages[n]).bozo
