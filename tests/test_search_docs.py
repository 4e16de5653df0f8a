"""The search index takes reused episodes' transcript entries from the cache (issue #18).

The episode stage has the transcript in hand and leaves its search entries in
``.spotlight-cache/search/<slug>.line``; writing the index gathers every episode's entries
into one file, ``.spotlight-cache/search.lines`` (and removes the per-episode ones), and
the index written on the next build takes the entries of every reused episode from there
instead of reading its transcript again (one file read, not one per episode).
A line is the slug, the key, the SHA-256 of the entries and the entries (the index's JSON
with a mark where the episode's number goes, copied into the index as text). Tampering
with a cached entry (keeping its key and writing its new digest) shows up in the next
index, which proves the entry is what the index used; a changed transcript, a damaged
entry (its digest no longer matches) or one of another shape is a miss and the
transcript is read again, and the index is then the same as a cold build's.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pagekit import build_show, episode_config, show_config, write_show

from spotlight_feed import BuildOptions, build

COMBINED = ".spotlight-cache/search.lines"

VTT = "WEBVTT\n\n00:00:00.200 --> 00:00:02.000\n<v Host>{text}\n"


@pytest.fixture
def show(tmp_path: Path) -> Path:
    root = tmp_path / "show"
    eps = {"one": episode_config("one", 1), "two": episode_config("two", 2)}
    write_show(root, show_config(), eps, seconds=3.0)
    for slug, text in (("one", "Welcome to the garden."), ("two", "A xylophone plays.")):
        folder = root / "episodes" / slug
        (folder / "transcript.txt").unlink()
        (folder / "transcript.vtt").write_text(VTT.format(text=text), encoding="utf-8")
    build_show(root)
    return root


def _index(root: Path) -> str:
    return (root / "dist" / "search" / "index.json").read_text(encoding="utf-8")


def _retitle(root: Path, slug: str, title: str) -> None:
    meta = root / "episodes" / slug / "episode.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("title: Episode 1", f"title: {title}"), encoding="utf-8")


def _cold(root: Path, tmp_path: Path) -> str:
    """The index of a cold build of a copy of *root* (no dist/, no cache)."""
    copy = shutil.copytree(
        root, tmp_path / "cold", ignore=shutil.ignore_patterns("dist", ".spotlight-cache")
    )
    build_show(copy)
    return _index(copy)


def _lines(root: Path) -> dict[str, tuple[str, object]]:
    """The combined file's entries: slug -> (key, entries without the number's mark)."""
    out: dict[str, tuple[str, object]] = {}
    for line in (root / COMBINED).read_text(encoding="utf-8").splitlines():
        slug, key, digest, docs = line.split("\t", 3)
        assert digest == hashlib.sha256(docs.encode("utf-8")).hexdigest()
        entries = json.loads(docs)
        assert all(entry[0] == "\0" for entry in entries)
        out[json.loads(slug)] = (key, [entry[1:] for entry in entries])
    return out


def _tamper(root: Path, old: str, new: str, *, digest: bool = True) -> None:
    """Replace *old* by *new* in the combined file's entries (and their digest, by default)."""
    path = root / COMBINED
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        slug, key, sha, docs = line.removesuffix("\n").split("\t", 3)
        docs = docs.replace(old, new)
        if digest:
            sha = hashlib.sha256(docs.encode("utf-8")).hexdigest()
        lines.append(f"{slug}\t{key}\t{sha}\t{docs}\n")
    path.write_text("".join(lines), encoding="utf-8")


def test_a_reused_episode_s_transcript_entries_come_from_the_cache(show: Path) -> None:
    assert _lines(show)["two"][1] == [[0.2, "transcript", "Hana Host", "A xylophone plays."]]
    assert not list((show / ".spotlight-cache" / "search").iterdir())
    _tamper(show, "xylophone", "marimba")
    _retitle(show, "one", "First light")  # episode two is reused
    report = build_show(show)
    assert report.is_dir()
    index = json.loads(_index(show))
    texts = [d[4] for d in index["docs"] if d[2] == "transcript"]
    assert "A marimba plays." in texts and "A xylophone plays." not in texts
    assert "First light" in [d[4] for d in index["docs"] if d[2] == "title"]
    two = [n for n, ep in enumerate(index["episodes"]) if ep["href"].endswith("/two/")]
    assert [d[0] for d in index["docs"] if d[4] == "A marimba plays."] == two  # numbered


def test_an_entry_changed_without_its_digest_is_a_miss(show: Path, tmp_path: Path) -> None:
    _tamper(show, "xylophone", "marimba", digest=False)
    _retitle(show, "one", "First light")
    build_show(show)
    assert "marimba" not in _index(show)
    assert _index(show) == _cold(show, tmp_path)


def test_a_changed_transcript_is_read_again(show: Path, tmp_path: Path) -> None:
    _tamper(show, "xylophone", "marimba")
    vtt = show / "episodes" / "two" / "transcript.vtt"
    vtt.write_text(VTT.format(text="A violin plays."), encoding="utf-8")
    build_show(show)
    index = _index(show)
    assert "A violin plays." in index and "marimba" not in index
    assert index == _cold(show, tmp_path)


FOREIGN = [
    "3",  # valid JSON, each of another shape, with a matching digest
    "[[1]]",
    '[["\\u0000",0.2,"transcript","Hana Host"]]',
    '[["\\u0000",0.2,"chapter","","A xylophone plays."]]',
    '[["\\u0000","0.2","transcript","","A xylophone plays."]]',
    '[["\\u0000",0.2,"transcript","","A xylophone plays."],{"a":1}]',
    '[["\\u0000",0.2,"transcript","","A \\x plays."]]',  # not a JSON escape
    '[["\\u0000",NaN,"transcript","","A xylophone plays."]]',
    '[["\\u0000",0.2,"transcript","","A xylophone plays."]] ',
    '[[3,0.2,"transcript","","A xylophone plays."]]',  # numbered already
]


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        "x\ty",
        '"two"\tKEY\t3',
        '"two"\tKEY\t[[1]]',
        '"two"\tKEY',
        '"two"\tKEY\tSHA',  # no entries
        '"two"\tKEY\t0000\t[]',  # a digest that does not match
        *(f'"two"\tKEY\t{{sha}}\t{docs}' for docs in FOREIGN),
    ],
)
def test_a_damaged_or_foreign_entry_is_a_miss(show: Path, tmp_path: Path, damage: str) -> None:
    key = _lines(show)["two"][0]
    path = show / COMBINED
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if "{sha}" in damage:
        docs = damage.split("\t", 3)[3]
        damage = damage.replace("{sha}", hashlib.sha256(docs.encode("utf-8")).hexdigest())
    path.write_text(
        "".join(
            damage.replace("KEY", key) + "\n" if ln.startswith('"two"') else ln for ln in lines
        ),
        encoding="utf-8",
    )
    _retitle(show, "one", "First light")
    build_show(show)
    assert _index(show) == _cold(show, tmp_path)
    assert "A xylophone plays." in _index(show)


def test_a_truncated_or_missing_combined_file_is_a_miss(show: Path, tmp_path: Path) -> None:
    path = show / COMBINED
    path.write_bytes(path.read_bytes()[:-1])  # the last line lost its newline
    _retitle(show, "one", "First light")
    build_show(show)
    assert _index(show) == _cold(show, tmp_path)
    path.write_bytes(b"")
    meta = show / "episodes" / "one" / "episode.yaml"
    meta.write_text(meta.read_text("utf-8").replace("First light", "Second light"), "utf-8")
    build_show(show)
    assert "Second light" in _index(show) and "A xylophone plays." in _index(show)
    assert set(_lines(show)) == {"one", "two"}


def test_a_removed_episode_s_entry_is_forgotten(show: Path) -> None:
    assert set(_lines(show)) == {"one", "two"}
    shutil.rmtree(show / "episodes" / "two")
    build(show, BuildOptions(allow_removal=True))
    assert set(_lines(show)) == {"one"}
    assert "xylophone" not in _index(show)


def test_kept_entries_take_the_episode_s_new_number(show: Path, tmp_path: Path) -> None:
    """Removing the newest episode renumbers the other: its kept text gets the new number."""
    index = json.loads(_index(show))
    assert [ep["href"] for ep in index["episodes"]] == ["../episodes/two/", "../episodes/one/"]
    shutil.rmtree(show / "episodes" / "two")
    build(show, BuildOptions(allow_removal=True))
    index = json.loads(_index(show))
    assert {d[0] for d in index["docs"]} == {0}
    assert "Welcome to the garden." in [d[4] for d in index["docs"]]
    assert _index(show) == _cold(show, tmp_path)


SEAL = ".spotlight-cache/search.lines.seal"


def _reseal(root: Path) -> None:
    """Write the seal of the combined file as it is now (what only the tool does)."""
    seal = (root / SEAL).read_text(encoding="utf-8")
    st = (root / COMBINED).stat()
    ident = f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}\n"
    assert seal.split(" ", 1)[1] != ident  # the tampering changed the file's change time
    code = seal.split(" ", 1)[0]
    (root / SEAL).write_text(code + " " + ident, encoding="utf-8")


def test_a_sealed_file_is_trusted_and_any_other_is_checked(show: Path, tmp_path: Path) -> None:
    """The seal (inode and change time) is what lets a line skip its digest and grammar.

    A line whose digest no longer matches is used only when the seal says the file is
    the one the tool wrote (here forged by the test, which only a writer of the project
    at that moment could do); the same file copied elsewhere (another inode and change
    time) is checked again, and the line is a miss.
    """
    st = (show / COMBINED).stat()
    seal = (show / SEAL).read_text(encoding="utf-8")
    assert seal.endswith(
        f" {st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}\n"
    )
    _tamper(show, "xylophone", "marimba", digest=False)
    _reseal(show)
    copy = shutil.copytree(show, tmp_path / "copy")  # the cache too, seal and all
    _retitle(show, "one", "First light")
    build_show(show)
    assert "A marimba plays." in _index(show)  # sealed: the digest was not checked
    _retitle(copy, "one", "First light")
    build_show(copy)
    assert "marimba" not in _index(copy) and "A xylophone plays." in _index(copy)
    assert _index(copy) == _cold(copy, tmp_path)


def test_an_unchanged_combined_file_is_left_as_it_is(show: Path, tmp_path: Path) -> None:
    """A title edit changes no transcript entry: the sealed file and its seal stay (same
    inode and change time, nothing written); a transcript edit writes a new one."""
    import os

    combined, seal = show / COMBINED, show / ".spotlight-cache" / "search.lines.seal"

    def ident(p: Path) -> tuple[int, int, int]:
        st = os.stat(p)
        return st.st_ino, st.st_ctime_ns, st.st_size

    before, sealed = ident(combined), seal.read_bytes()
    lines = _lines(show)
    _retitle(show, "one", "Episode One, renamed")
    build_show(show)
    assert "Episode One, renamed" in _index(show)
    assert ident(combined) == before and seal.read_bytes() == sealed
    assert _lines(show) == lines
    assert not list((show / ".spotlight-cache" / "search").glob("*.line"))
    assert _index(show) == _cold(show, tmp_path)
    vtt = show / "episodes" / "two" / "transcript.vtt"
    vtt.write_text(VTT.format(text="A marimba plays."), encoding="utf-8")
    build_show(show)
    assert ident(combined) != before and seal.read_bytes() != sealed
    assert "marimba" in combined.read_text(encoding="utf-8") and "marimba" in _index(show)
    shutil.rmtree(tmp_path / "cold")
    assert _index(show) == _cold(show, tmp_path)
