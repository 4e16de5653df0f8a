"""The fault catalogue: bad inputs and hostile conditions, each with a clear message.

Every case starts from a show that was built successfully, breaks one thing, runs
``spotlight-feed build`` and checks: the exact message, a non-zero exit, no
traceback, inputs byte-for-byte untouched, the previous ``dist/`` intact and
verified by its manifest, and no staging folder left behind.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from release_util import cli_env, make_show, tree_digest

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.cli import main
from spotlight_feed.release import manifest
from spotlight_feed.release.staging import BuildLock

SKIP = ("dist", ".spotlight-cache")
EP1 = "episodes/ep01/episode.yaml"
TONE = "tone.mp3"  # in the folder above the project: "outside"


def _edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        p = root / rel
        text = p.read_text(encoding="utf-8")
        assert text.count(old) == 1, (rel, old)
        p.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def _write(rel: str, data: bytes) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)

    return write


def _truncate(rel: str, size: int) -> Callable[[Path], None]:
    def cut(root: Path) -> None:
        p = root / rel
        if size < p.stat().st_size:
            p.write_bytes(p.read_bytes()[:size])
        else:
            os.truncate(p, size)

    return cut


def _symlink_out(rel: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def link(root: Path) -> None:
        p = root / rel
        dest = target(root)
        if p.is_dir():
            shutil.copytree(p, dest)
            shutil.rmtree(p)
        else:
            dest.write_bytes(p.read_bytes())
            p.unlink()
        p.symlink_to(dest)

    return link


def _outside(name: str) -> Callable[[Path], Path]:
    return lambda root: root.parent / name


def _delete(rel: str) -> Callable[[Path], None]:
    def delete(root: Path) -> None:
        p = root / rel
        shutil.rmtree(p) if p.is_dir() else p.unlink()

    return delete


def _both(*fns: Callable[[Path], None]) -> Callable[[Path], None]:
    def run(root: Path) -> None:
        for fn in fns:
            fn(root)

    return run


def _latin1(rel: str, marker: str) -> Callable[[Path], None]:
    def spoil(root: Path) -> None:
        p = root / rel
        p.write_bytes(p.read_bytes().replace(marker.encode(), b"caf\xe9"))

    return spoil


def _rename(rel: str, new: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).rename(root / new)


@dataclass(frozen=True)
class Fault:
    id: str
    mutate: Callable[[Path], None]
    expect: str
    """A line (or the start of one) the user must see."""
    args: tuple[str, ...] = ()
    code: int = 1
    env: dict[str, str] = field(default_factory=dict)


CATALOGUE = [
    # --- YAML and schema -------------------------------------------------------------
    Fault(
        "yaml-syntax",
        _edit("podcast.yaml", "title: Tiny Show", "title: [Tiny Show"),
        "podcast.yaml:2: YAML syntax error: while parsing a flow sequence, did not find expected "
        "',' or ']'",
    ),
    Fault(
        "yaml-tab-indent",
        _edit(EP1, "summary: The first episode.", "summary: x\n\tnumber: 3"),
        "episodes/ep01/episode.yaml:7: YAML syntax error: a tab character indents this line; "
        "YAML allows only spaces for indentation (YAML 1.2 §6.1), so replace the tab with spaces",
    ),
    Fault(
        "unknown-show-key",
        _edit("podcast.yaml", "language: en", "language: en\ntitel: Tiny"),
        "podcast.yaml:6: titel: unknown key (did you mean 'title'?)",
    ),
    Fault(
        "unknown-episode-key",
        _edit(EP1, "summary: The first episode.", "summary: x\nsumary: y"),
        "episodes/ep01/episode.yaml:7: sumary: unknown key (did you mean 'summary'?)",
    ),
    Fault(
        "impossible-date",
        _edit(EP1, "published: 2024-03-02T01:30:00+01:00", "published: 2024-13-45T10:00:00+00:00"),
        "episodes/ep01/episode.yaml:5: published: '2024-13-45T10:00:00+00:00': month 13 is not "
        "a month (1-12)",
    ),
    Fault(
        "date-without-zone",
        _edit(EP1, "published: 2024-03-02T01:30:00+01:00", "published: 2024-03-02T01:30:00"),
        "episodes/ep01/episode.yaml:5: published: ",
    ),
    Fault(
        "missing-field",
        _edit(EP1, "summary: The first episode.\n", ""),
        "episodes/ep01/episode.yaml:1: summary: required field is missing",
    ),
    Fault(
        "wrong-type",
        _edit(EP1, "number: 1\n", "number: one\n"),
        "episodes/ep01/episode.yaml:3: number: expected a whole number, got 'one'",
    ),
    Fault("empty-episode-yaml", _write(EP1, b""), "episodes/ep01/episode.yaml:1: expected a "),
    Fault(
        "duplicate-key",
        _edit(EP1, "summary: The first episode.", "summary: a\nsummary: b"),
        "episodes/ep01/episode.yaml:7: ",
    ),
    Fault(
        "duplicate-guid",
        _edit("episodes/ep02/episode.yaml", "guid: tiny-0002", "guid: tiny-0001"),
        "episodes/ep02/episode.yaml:2: guid: duplicate episode guid 'tiny-0001' (also in "
        "episodes/ep01/episode.yaml)",
    ),
    Fault(
        "raw-control-character",
        _edit(EP1, "title: Episode 1", "title: Episode\x01 1"),
        "episodes/ep01/episode.yaml:1: ",
    ),
    Fault(
        "invalid-utf8",
        _both(_edit(EP1, "title: Episode 1", "title: Episode 1 XX"), _latin1(EP1, "XX")),
        "episodes/ep01/episode.yaml",
    ),
    Fault(
        "base-url-without-scheme",
        _edit("podcast.yaml", "https://cdn.tiny.example/pod/", "cdn.tiny.example/pod/"),
        "podcast.yaml:4: base_url: ",
    ),
    Fault(
        "chapters-out-of-order",
        _edit(EP1, 'start: "00:01.500"', "start: 0"),
        "episodes/ep01/episode.yaml:28: chapters[1].start: starts at 00:00:00.000, not after "
        "chapter 0 (00:00:00.000); chapters must be in order",
    ),
    Fault(
        "unknown-speaker",
        _write("episodes/ep01/transcript.txt", b"Host\nHi.\n\nNarrator\nHello.\n"),
        "episodes/ep01/transcript.txt:4: speaker: speaker label 'Narrator' has no entry under "
        "voices: in episodes/ep01/episode.yaml",
    ),
    Fault(
        "non-ascii-folder",
        _rename("episodes/ep02", "episodes/épisode"),
        "episodes/épisode/episode.yaml: episode folder name 'épisode' must be ASCII",
    ),
    Fault("missing-show-config", _delete("podcast.yaml"), "podcast.yaml: no show config found"),
    # --- paths and links leading out of the project ----------------------------------
    Fault(
        "audio-dotdot",
        _edit(EP1, "audio: media/ep01.mp3", "audio: ../tone.mp3"),
        "episodes/ep01/episode.yaml:12: audio: '../tone.mp3' points outside the project",
    ),
    Fault(
        "audio-absolute",
        _edit(EP1, "audio: media/ep01.mp3", "audio: /etc/hostname"),
        "episodes/ep01/episode.yaml:12: audio: '/etc/hostname' points outside the project",
    ),
    Fault(
        "audio-symlink-out",
        _symlink_out("media/ep01.mp3", _outside("elsewhere.mp3")),
        "episodes/ep01/episode.yaml:12: audio: 'media/ep01.mp3' is a symlink to ",
    ),
    Fault(
        "transcript-symlink-out",
        _symlink_out("episodes/ep01/transcript.txt", _outside("t.txt")),
        "episodes/ep01/transcript.txt: is a symlink to ",
    ),
    Fault(
        "episode-folder-symlink-out",
        _symlink_out("episodes/ep02", _outside("ep02")),
        "episodes/ep02: is a symlink to ",
    ),
    # --- audio -----------------------------------------------------------------------
    Fault(
        "zero-byte-mp3",
        _write("media/ep01.mp3", b""),
        "episodes/ep01/episode.yaml:12: audio: media/ep01.mp3: audio file is empty (0 bytes)",
    ),
    Fault(
        "truncated-mp3-header",
        _truncate("media/ep01.mp3", 3),
        "episodes/ep01/episode.yaml:12: audio: media/ep01.mp3: not an MP3 file (no MPEG audio frames found)",
    ),
    Fault(
        "truncated-mp3-body",
        _truncate("media/ep01.mp3", 9000),
        "episodes/ep01/episode.yaml:12: audio: media/ep01.mp3: audio is truncated: its last MPEG frame lacks ",
    ),
    Fault(
        "sparse-4gb-mp3",
        _truncate("media/ep01.mp3", 4 << 30),
        "media/ep01.mp3: is a sparse file: 4.0 GB long but only ",
    ),
    Fault(
        "text-named-mp3",
        _write("media/ep01.mp3", b"<html>404 not found</html>\n" * 50),
        "episodes/ep01/episode.yaml:12: audio: media/ep01.mp3: not an MP3 file (no MPEG audio frames found)",
    ),
    Fault(
        "missing-audio",
        _delete("media/ep01.mp3"),
        "episodes/ep01/episode.yaml:12: audio: file not found: media/ep01.mp3",
    ),
    Fault(
        "missing-cover",
        _delete("media/cover.png"),
        "podcast.yaml:13: image: file not found: media/cover.png",
    ),
    # --- the GUID guard --------------------------------------------------------------
    Fault(
        "episode-guid-changed",
        _edit(EP1, "guid: tiny-0001", "guid: tiny-0099"),
        "episodes/ep01/episode.yaml:2: guid: episode 'ep01' was published with guid 'tiny-0001'",
        code=3,
    ),
    Fault(
        "published-episode-removed",
        _delete("episodes/ep02"),
        "spotlight.lock:5: published episode 'ep02' (guid tiny-0002, ",
        code=3,
    ),
    Fault(
        "podcast-guid-changed",
        _edit("podcast.yaml", "5bedcb2e-d1a2-5267", "5bedcb2e-d1a2-5268"),
        "podcast.yaml:14: podcast_guid: changed from 5bedcb2e-d1a2-5267-baa2-2a10e7b7cf6b",
        code=3,
    ),
    Fault(
        "corrupt-lock-file",
        _write("spotlight.lock", b"{ not json"),
        "spotlight.lock:1: not a valid lock file (",
    ),
    # --- options and environment -----------------------------------------------------
    Fault(
        "bad-source-date-epoch",
        _edit(EP1, "title: Episode 1", "title: One"),
        "error: SOURCE_DATE_EPOCH must be an integer, got 'yesterday'",
        env={"SOURCE_DATE_EPOCH": "yesterday"},
    ),
    Fault(
        "out-is-the-project",
        _edit(EP1, "title: Episode 1", "title: One"),
        "error: the output folder {root} contains the project",
        args=("-o", "{root}"),
    ),
    Fault(
        "out-is-an-input-folder",
        _edit(EP1, "title: Episode 1", "title: One"),
        "error: the output folder {root}/media is inside the project's media/",
        args=("-o", "{root}/media"),
    ),
    Fault(
        "out-is-an-unrelated-folder",
        _both(_edit(EP1, "title: Episode 1", "title: One")),
        "error: {root}/episodes/ep01 is not empty and is not a previous release",
        args=("-o", "{root}/notes"),
    ),
]


CATALOGUE += [
    # --- the output folder: only ever replace what this tool made ---------------------
    Fault(
        "out-is-home",
        _edit(EP1, "title: Episode 1", "title: One"),
        "error: the output folder {home} is or contains the home folder {home}",
        args=("-o", "{home}"),
    ),
    Fault(
        "out-contains-home",
        _edit(EP1, "title: Episode 1", "title: One"),
        "error: the output folder {root}/.. (really ",
        args=("-o", "{root}/.."),
    ),
    Fault(
        "out-is-root-of-file-system",
        _edit(EP1, "title: Episode 1", "title: One"),
        "error: the output folder / contains the project {root}",
        args=("-o", "/"),
    ),
    Fault(
        "out-dotdot-is-the-project",
        _both(_edit(EP1, "title: Episode 1", "title: One"), _write("feed.xml", b"<rss/>")),
        "error: the output folder {root}/dist/.. (really {root}) contains the project {root}",
        args=("-o", "{root}/dist/.."),
    ),
    Fault(
        "out-dotdot-into-media",
        _edit(EP1, "title: Episode 1", "title: One"),
        "error: the output folder {root}/dist/../media/out (really {root}/media/out) is inside "
        "the project's media/ ({root}/media)",
        args=("-o", "{root}/dist/../media/out"),
    ),
    Fault(
        "out-through-symlinked-parent",
        _both(
            _edit(EP1, "title: Episode 1", "title: One"),
            lambda root: (root.parent / "linked").symlink_to(root / "episodes"),
        ),
        "error: the output folder {root}/../linked/out (really {root}/episodes/out) is inside "
        "the project's episodes/ ({root}/episodes)",
        args=("-o", "{root}/../linked/out"),
    ),
    Fault(
        "out-is-templates-child",
        _edit(EP1, "title: Episode 1", "title: One"),
        "error: the output folder {root}/templates/out is inside the project's templates/ "
        "({root}/templates)",
        args=("-o", "{root}/templates/out"),
    ),
    Fault(
        "out-is-the-episodes-folder",
        _edit(EP1, "title: Episode 1", "title: One"),
        "error: the output folder {root}/episodes is inside the project's episodes/ "
        "({root}/episodes)",
        args=("-o", "{root}/episodes"),
    ),
    Fault(
        "out-is-a-web-project-with-pwa-manifest",
        lambda root: _web_project(root.parent / "home" / "site"),
        "error: {home}/site is not empty and is not a previous release (no manifest.json "
        "written by spotlight-feed); refusing to replace it",
        args=("-o", "{home}/site"),
    ),
    Fault(
        "out-has-a-stray-feed-xml",
        lambda root: _web_project(root.parent / "home" / "blog", "feed.xml"),
        "error: {home}/blog is not empty and is not a previous release",
        args=("-o", "{home}/blog"),
    ),
    Fault(
        "out-has-a-foreign-format-manifest",
        lambda root: _web_project(
            root.parent / "home" / "other",
            "manifest.json",
            b'{"generator": "spotlight-feed", "format": "spotlight-feed-release/99", "files": []}',
        ),
        "error: {home}/other is not empty and is not a previous release",
        args=("-o", "{home}/other"),
    ),
    Fault(
        "dist-holds-a-cname",
        _both(_edit(EP1, "title: Episode 1", "title: One"), _write("dist/CNAME", b"pod.example\n")),
        "error: {root}/dist holds files this tool did not write: CNAME; a build would delete "
        "them. Move them away, or list them under keep: in podcast.yaml",
    ),
    Fault(
        "dist-is-a-git-checkout",
        _both(_edit(EP1, "title: Episode 1", "title: One"), lambda root: _git_dir(root / "dist")),
        "error: {root}/dist holds files this tool did not write: .git/; a build would delete",
    ),
    Fault(
        "dist-holds-files-inside-episode-folders",
        _both(
            _edit(EP1, "title: Episode 1", "title: One"),
            _write("dist/episodes/ep01/notes.md", b"mine"),
            _write("dist/.well-known-x", b"mine"),
        ),
        "error: {root}/dist holds files this tool did not write: .well-known-x, "
        "episodes/ep01/notes.md; a build",
    ),
    Fault(
        "dist-holds-a-symlink",
        _both(
            _edit(EP1, "title: Episode 1", "title: One"),
            lambda root: (root / "dist" / "media").symlink_to(root / "media"),
        ),
        "error: {root}/dist holds files this tool did not write: media; a build",
    ),
    Fault(
        "keep-entry-leaves-dist",
        _edit("podcast.yaml", "language: en", "language: en\nkeep: [../podcast.yaml]"),
        "podcast.yaml:6: keep: expected a relative path inside dist/, got '../podcast.yaml'",
    ),
    Fault(
        "keep-entry-absolute",
        _edit("podcast.yaml", "language: en", "language: en\nkeep: [/etc]"),
        "podcast.yaml:6: keep: expected a relative path inside dist/, got '/etc'",
    ),
]


ESCAPE = "{{ cycler.__init__.__globals__.os.popen('touch {root}/../pwned').read() }}"
CATALOGUE += [
    # --- templates are sandboxed: no way from a show's template to Python internals -----
    Fault(
        "template-cycler-globals-popen",
        lambda root: _template("episode.html", ESCAPE, root),
        "templates/episode.html:1: access to attribute '__init__' of 'type' object is unsafe.",
    ),
    Fault(
        "template-joiner-globals",
        lambda root: _template("index.html", "{{ joiner.__init__.__globals__ }}", root),
        "templates/index.html:1: access to attribute '__init__' of 'type' object is unsafe.",
    ),
    Fault(
        "template-class-mro-subclasses",
        lambda root: _template(
            "episode.html", "{{ ''.__class__.__mro__[1].__subclasses__() }}", root
        ),
        "templates/episode.html:1: access to attribute '__class__' of 'str' object is unsafe.",
    ),
    Fault(
        "template-format-string-escape",
        lambda root: _template("episode.html", "{{ '{0.__class__}'.format(cycler) }}", root),
        "templates/episode.html:1: access to attribute '__class__' of 'type' object is unsafe.",
    ),
    # The page views' own data take a short path through the sandbox (issue #18); their
    # internals are refused exactly as before.
    Fault(
        "template-view-class-globals",
        lambda root: _template("episode.html", "{{ episode.__class__ }}", root),
        "templates/episode.html:1: access to attribute '__class__' of 'EpisodeView' object "
        "is unsafe.",
    ),
    Fault(
        "template-nested-view-dataclass-fields",
        lambda root: _template("episode.html", "{{ episode.cover.__dataclass_fields__ }}", root),
        "templates/episode.html:1: access to attribute '__dataclass_fields__' of 'Image' "
        "object is unsafe.",
    ),
    Fault(
        "template-view-instance-dict",
        lambda root: _template("episode.html", "{{ episode.__dict__ }}", root),
        "templates/episode.html:1: access to attribute '__dict__' of 'EpisodeView' object "
        "is unsafe.",
    ),
    Fault(
        "template-self-module-globals",
        lambda root: _template("index.html", "{{ self._TemplateReference__context }}", root),
        "templates/index.html:1: access to attribute '_TemplateReference__context' of "
        "'TemplateReference' object is unsafe.",
    ),
    Fault(
        "template-search-page-escape",
        lambda root: _template("search.html", "{{ cycler.__init__ }}", root),
        "templates/search.html:1: access to attribute '__init__' of 'type' object is unsafe.",
    ),
    # --- templates that fail: build names the template and line, and so does check -----
    Fault(
        "template-undefined-variable",
        lambda root: _template("episode.html", "{{ nope }}", root),
        "templates/episode.html:1: undefined: 'nope' is undefined",
    ),
    Fault(
        "template-syntax-error",
        lambda root: _template("episode.html", "{% if %}", root),
        "templates/episode.html:1: Expected an expression, got 'end of statement block'",
    ),
    Fault(
        "template-expression-raises",
        lambda root: _template("index.html", "{{ 1 + 'x' }}", root),
        "templates/index.html:1: unsupported operand type(s) for +: 'int' and 'str'",
    ),
    Fault(
        "template-missing-include",
        lambda root: _template("episode.html", "{% include 'missing.html' %}", root),
        "templates/episode.html:1: template not found: missing.html",
    ),
]


def _template(name: str, body: str, root: Path) -> None:
    folder = root / "templates"
    folder.mkdir(exist_ok=True)
    text = body.replace("{root}", str(root))
    (folder / name).write_text(text + "\n")


CATALOGUE += [
    # --- special files where the build reads: named, never read ------------------------
    Fault(
        "fifo-in-templates",
        lambda root: _fifo(root / "templates" / "episode.html"),
        "templates/episode.html: is a named pipe (FIFO), not a file; reading it could block "
        "the build for ever; remove it",
    ),
    Fault(
        "fifo-in-keep",
        lambda root: (
            _edit("podcast.yaml", "language: en", "language: en\nkeep: [CNAME]")(root),
            _fifo(root / "keep" / "CNAME"),
        ),
        "keep/CNAME: is a named pipe (FIFO), not a file; reading it could block "
        "the build for ever; remove it",
    ),
    Fault(
        "keep-file-links-out-of-the-project",
        lambda root: _keep_link(root),
        "keep/CNAME: is a symlink; files kept from the project are copied, never followed: "
        "put the file itself there",
    ),
    Fault(
        "keep-folder-links-out-of-the-project",
        lambda root: _keep_link(root, whole_folder=True),
        "keep: is a symlink; files kept from the project are copied, never followed: "
        "put the file itself there",
    ),
    Fault(
        "fifo-as-transcript",
        lambda root: _fifo(root / "episodes" / "ep01" / "transcript.txt"),
        "episodes/ep01/transcript.txt: is a named pipe (FIFO), not a file",
    ),
    Fault(
        "fifo-as-show-config",
        lambda root: _fifo(root / "podcast.yaml"),
        "podcast.yaml: is a named pipe (FIFO), not a file",
    ),
    Fault(
        "fifo-as-audio",
        lambda root: _fifo(root / "media" / "ep01.mp3"),
        "media/ep01.mp3: is a named pipe (FIFO), not a file",
    ),
    Fault(
        "socket-in-episode-folder",
        lambda root: _socket(root / "episodes" / "ep01" / "s"),
        "episodes/ep01/s: is a socket, not a file",
    ),
    Fault(
        "symlink-loop-as-audio",
        lambda root: _loop(root / "media" / "ep01.mp3"),
        "media/ep01.mp3: is a symlink loop (a link that leads back to itself); remove it",
    ),
    Fault(
        "symlink-loop-episode-folder",
        lambda root: _loop(root / "episodes" / "ep03"),
        "episodes/ep03: is a symlink loop (a link that leads back to itself); remove it",
    ),
    Fault(
        "symlink-loop-pair-in-templates",
        lambda root: _loop_pair(root / "templates"),
        "templates/a.html: is a symlink loop",
    ),
]


def _keep_link(root: Path, *, whole_folder: bool = False) -> None:
    """``keep: [CNAME]`` with ``keep/CNAME`` (or ``keep/`` itself) a link out of the project."""
    _edit("podcast.yaml", "language: en", "language: en\nkeep: [CNAME]")(root)
    outside = root.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "CNAME").write_text("secret\n")
    if whole_folder:
        (root / "keep").symlink_to(outside)
    else:
        (root / "keep").mkdir(exist_ok=True)
        (root / "keep" / "CNAME").symlink_to(outside / "CNAME")


def _fifo(path: Path) -> None:
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def _socket(path: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))


def _loop(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.symlink_to(path.name)


def _loop_pair(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "a.html").symlink_to("b.html")
    (folder / "b.html").symlink_to("a.html")


LAUGHS = "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['lol'] * 9)}]\n"
    for i in range(9)
)
"""The "billion laughs": 9 lines, under 1 KB of text, 9**9 values once expanded."""


def _show_edit(old: str, new: str) -> Callable[[Path], None]:
    return _edit("podcast.yaml", old, new)


def _ep_edit(old: str, new: str) -> Callable[[Path], None]:
    return _edit(EP1, old, new)


def _replace_transcript(name: str, text: str) -> Callable[[Path], None]:
    def swap(root: Path) -> None:
        folder = root / "episodes" / "ep01"
        (folder / "transcript.txt").unlink()
        (folder / name).write_text(text, encoding="utf-8")

    return swap


CATALOGUE += [
    # --- YAML: aliases, nesting, merge keys -------------------------------------------
    Fault(
        "yaml-billion-laughs",
        _show_edit("language: en", "language: en\n" + LAUGHS.rstrip("\n")),
        "podcast.yaml:11: YAML too complex: holds more than 100,000 values once its aliases "
        "are expanded (an alias bomb?); write the values out",
    ),
    Fault(
        "yaml-billion-laughs-in-episode",
        _ep_edit("number: 1", LAUGHS.rstrip("\n") + "\nnumber: 1"),
        "episodes/ep01/episode.yaml:8: YAML too complex: holds more than 100,000 values once its "
        "aliases are expanded (an alias bomb?); write the values out",
    ),
    Fault(
        "yaml-self-referencing-sequence",
        _show_edit("language: en", "language: en\nkeywords: &k [a, *k]"),
        "podcast.yaml:6: YAML too complex: an alias refers to the value that contains it",
    ),
    Fault(
        "yaml-self-referencing-mapping",
        _show_edit("owner:\n  name: Tiny Owner", "owner: &o\n  o: *o\n  name: Tiny Owner"),
        "podcast.yaml:7: YAML too complex: an alias refers to the value that contains it",
    ),
    Fault(
        "yaml-nesting-1000-flow",
        _ep_edit("number: 1", "extra: " + "[" * 1000 + "]" * 1000 + "\nnumber: 1"),
        "episodes/ep01/episode.yaml:3: YAML syntax error: while increasing flow level, exceeded "
        "maximum nesting depth",
    ),
    Fault(
        "yaml-nesting-60-block",
        _ep_edit(
            "number: 1", "extra:\n" + "".join("  " * i + "-\n" for i in range(1, 60)) + "number: 1"
        ),
        "episodes/ep01/episode.yaml:54: YAML too complex: nested more than 50 levels deep",
    ),
    Fault(
        "yaml-merge-key-of-a-scalar",
        _show_edit("owner:\n  name: Tiny Owner", "owner:\n  <<: 5\n  name: Tiny Owner"),
        "podcast.yaml:8: YAML syntax error: the merge key << takes a mapping or a list of mappings",
    ),
    Fault(
        "yaml-merge-key-brings-an-unknown-key",
        _show_edit(
            "owner:\n  name: Tiny Owner",
            "base: &b {nmae: x}\nowner:\n  <<: *b\n  name: Tiny Owner",
        ),
        "podcast.yaml:7: base: unknown key",
    ),
    # --- numbers -----------------------------------------------------------------------
    Fault(
        "chapter-start-inf",
        _ep_edit('start: "00:01.500"', "start: .inf"),
        "episodes/ep01/episode.yaml:28: chapters[1].start: expected a time in seconds, got inf "
        "(not a finite number)",
    ),
    Fault(
        "chapter-start-nan",
        _ep_edit('start: "00:01.500"', "start: .nan"),
        "episodes/ep01/episode.yaml:28: chapters[1].start: expected a time in seconds, got nan "
        "(not a finite number)",
    ),
    Fault(
        "chapter-start-400-digits",
        _ep_edit('start: "00:01.500"', "start: " + "9" * 400),
        "episodes/ep01/episode.yaml:28: chapters[1].start: expected a time of at most 4294967 s, "
        "got a 400-digit number",
    ),
    Fault(
        "chapter-start-1e306",
        _ep_edit('start: "00:01.500"', "start: 1.0e+306"),
        "episodes/ep01/episode.yaml:28: chapters[1].start: expected a time of at most 4294967 s, "
        "got 1e+306",
    ),
    Fault(
        "chapter-start-huge-hours",
        _ep_edit('start: "00:01.500"', 'start: "9999999:00:00"'),
        "episodes/ep01/episode.yaml:28: chapters[1].start: expected a time of at most 1193 hours",
    ),
    Fault(
        "chapter-start-4300-digit-hours",
        _ep_edit('start: "00:01.500"', 'start: "' + "1" * 4300 + ':00:00"'),
        "episodes/ep01/episode.yaml:28: chapters[1].start: expected HH:MM:SS(.mmm), MM:SS or "
        "seconds, got '1111",
    ),
    Fault(
        "episode-number-400-digits",
        _ep_edit("number: 1\n", "number: " + "1" * 400 + "\n"),
        "episodes/ep01/episode.yaml:3: number: Input should be less than or equal to 2147483647",
    ),
    Fault(
        "season-zero",
        _ep_edit("season: 2", "season: 0"),
        "episodes/ep01/episode.yaml:4: season: must be 1 or more, got 0",
    ),
    Fault(
        "json-transcript-1e306",
        _replace_transcript(
            "transcript.json",
            '{"version": "1.0.0", "segments": [{"speaker": "Host", "startTime": 1e306, '
            '"endTime": 2e306, "body": "Hi."}]}',
        ),
        "episodes/ep01/transcript.json:1: segments[0].startTime: expected seconds from the start, "
        "at most 4294967 (about 1193 hours), got 1e+306",
    ),
    Fault(
        "json-transcript-nan",
        _replace_transcript(
            "transcript.json",
            '{"version": "1.0.0", "segments": [{"speaker": "Host", "startTime": NaN, '
            '"endTime": 1, "body": "Hi."}]}',
        ),
        "episodes/ep01/transcript.json:1: segments[0].startTime: expected seconds from the start "
        "(0 or more), got nan",
    ),
    Fault(
        "json-transcript-nested-100000",
        _replace_transcript("transcript.json", "[" * 100_000 + "]" * 100_000),
        "episodes/ep01/transcript.json:1: unknown JSON shape: nested far too deeply; expected a "
        "Podcasting 2.0 transcript",
    ),
    Fault(
        "vtt-4300-digit-hours",
        _replace_transcript(
            "transcript.vtt",
            "WEBVTT\n\n" + "1" * 4300 + ":00:00.000 --> " + "1" * 4300 + ":00:01.000\n"
            "<v Host>Hi.\n",
        ),
        "episodes/ep01/transcript.vtt:3: cue 1: malformed timestamp '1111111111111111111111111111"
        "111111111111... (4310 characters)' (expected HH:MM:SS.mmm or MM:SS.mmm)",
    ),
    Fault(
        "srt-4300-digit-hours",
        _replace_transcript(
            "transcript.srt",
            "1\n" + "1" * 4300 + ":00:00,000 --> " + "1" * 4300 + ":00:01,000\nHost: Hi.\n",
        ),
        "episodes/ep01/transcript.srt:2: cue 1: malformed timestamp '1111111111111111111111111111"
        "111111111111... (4310 characters)' (expected HH:MM:SS,mmm)",
    ),
    Fault(
        "sde-out-of-range",
        _ep_edit("title: Episode 1", "title: One"),
        "error: SOURCE_DATE_EPOCH must be between 0 and 253402300799 (the year 9999), got "
        "99999999999999",
        env={"SOURCE_DATE_EPOCH": "99999999999999"},
    ),
    Fault(
        "sde-negative",
        _ep_edit("title: Episode 1", "title: One"),
        "error: SOURCE_DATE_EPOCH must be between 0 and 253402300799 (the year 9999), got -1",
        env={"SOURCE_DATE_EPOCH": "-1"},
    ),
    Fault(
        "sde-5000-digits",
        _ep_edit("title: Episode 1", "title: One"),
        "error: SOURCE_DATE_EPOCH must be an integer, got '1111",
        env={"SOURCE_DATE_EPOCH": "1" * 5000},
    ),
    Fault(
        "published-year-999",
        _ep_edit("published: 2024-03-02T01:30:00+01:00", "published: 0999-03-02T01:30:00+01:00"),
        "episodes/ep01/episode.yaml:5: published: expected a date in 1900 or later, got the year "
        "999",
    ),
    Fault(
        "published-year-1899",
        _ep_edit("published: 2024-03-02T01:30:00+01:00", "published: 1899-12-31T23:00:00+00:00"),
        "episodes/ep01/episode.yaml:5: published: expected a date in 1900 or later, got the year "
        "1899",
    ),
    # --- control characters in fields published as written; invisible titles ------------
    Fault(
        "guid-with-control-character",
        _ep_edit("guid: tiny-0001", 'guid: "tiny-0001\\x01"'),
        "episodes/ep01/episode.yaml:2: guid: expected printable text, got 'tiny-0001\\x01' (it "
        "contains U+0001, which is published as it is)",
    ),
    Fault(
        "guid-with-zero-width-space",
        _ep_edit("guid: tiny-0001", 'guid: "tiny\\u200b-0001"'),
        "episodes/ep01/episode.yaml:2: guid: expected printable text, got 'tiny\\u200b-0001' (it "
        "contains U+200B",
    ),
    Fault(
        "link-with-bell",
        _show_edit("link: https://tiny.example/", 'link: "https://tiny.example/\\a"'),
        "podcast.yaml:3: link: expected an absolute http(s) URL, got 'https://tiny.example/\\x07' "
        "(it contains U+0007)",
    ),
    Fault(
        "base-url-with-escape",
        _show_edit(
            "base_url: https://cdn.tiny.example/pod/", 'base_url: "https://cdn.tiny.example/\\e/"'
        ),
        "podcast.yaml:4: base_url: expected an absolute http(s) URL, got "
        "'https://cdn.tiny.example/\\x1b/' (it contains U+001B)",
    ),
    Fault(
        "owner-email-with-rtl-override",
        _show_edit("email: owner@tiny.example", 'email: "owner@\\u202etiny.example"'),
        "podcast.yaml:9: owner.email: expected an e-mail address, got 'owner@\\u202etiny.example' "
        "(it contains U+202E)",
    ),
    Fault(
        "licence-identifier-with-control",
        _show_edit(
            "explicit: false",
            'explicit: false\nlicense:\n  identifier: "CC-BY-4.0\\x02"\n'
            "  url: https://creativecommons.org/licenses/by/4.0/",
        ),
        "podcast.yaml:14: license.identifier: expected printable text, got 'CC-BY-4.0\\x02'",
    ),
    Fault(
        "funding-url-with-control",
        _show_edit(
            "explicit: false",
            'explicit: false\nfunding:\n  - url: "https://tiny.example/give\\x7f"\n    label: Give',
        ),
        "podcast.yaml:14: funding[0].url: expected an absolute http(s) URL, got "
        "'https://tiny.example/give\\x7f' (it contains U+007F)",
    ),
    Fault(
        "person-href-with-zero-width",
        _show_edit(
            "    role: host", '    role: host\n    href: "https://tiny.example/\\u200bhana"'
        ),
        "podcast.yaml:18: people[0].href: expected an absolute http(s) URL, got "
        "'https://tiny.example/\\u200bhana' (it contains U+200B)",
    ),
    Fault(
        "title-only-zero-width",
        _ep_edit("title: Episode 1", 'title: "\\u200b\\u200b"'),
        "episodes/ep01/episode.yaml:1: title: expected text, got '\\u200b\\u200b': only "
        "invisible characters",
    ),
    Fault(
        "show-title-word-joiner",
        _show_edit("title: Tiny Show", 'title: "\\u2060"'),
        "podcast.yaml:1: title: expected text, got '\\u2060': only invisible characters",
    ),
    Fault(
        "title-only-wide-spaces",
        _ep_edit("title: Episode 1", 'title: "\\u3000\\u00a0"'),
        "episodes/ep01/episode.yaml:1: title: must not be empty, got '\\u3000\\xa0'",
    ),
    # --- --base-url is checked exactly as base_url ---------------------------------------
    Fault(
        "base-url-option-javascript",
        _ep_edit("title: Episode 1", "title: One"),
        "error: --base-url: expected an absolute http(s) URL, got 'javascript:alert(1)'",
        args=("--base-url", "javascript:alert(1)"),
    ),
    Fault(
        "base-url-option-without-scheme",
        _ep_edit("title: Episode 1", "title: One"),
        "error: --base-url: expected an absolute http(s) URL, got 'cdn.example/pod/'",
        args=("--base-url", "cdn.example/pod/"),
    ),
    Fault(
        "base-url-option-with-space",
        _ep_edit("title: Episode 1", "title: One"),
        "error: --base-url: not a valid URL: a space cannot appear in a URL (percent-encode it "
        "as %20), got 'https://cdn.example/my pod/'",
        args=("--base-url", "https://cdn.example/my pod/"),
    ),
    Fault(
        "base-url-option-with-control",
        _ep_edit("title: Episode 1", "title: One"),
        "error: --base-url: expected an absolute http(s) URL, got 'https://cdn.example/\\x01' "
        "(it contains U+0001)",
        args=("--base-url", "https://cdn.example/\x01"),
    ),
    Fault(
        "keep-entry-empty",
        _show_edit("language: en", "language: en\nkeep: ['']"),
        "podcast.yaml:6: keep: expected a relative path inside dist/, got ''",
    ),
]


def _png_bomb(width: int, height: int) -> bytes:
    """A valid PNG header of *width* x *height* with a tiny compressed body (a few KB)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * (1 + 3 * width) * 16, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def _chapters(n: int) -> Callable[[Path], None]:
    marks = "".join(f"  - start: {i}\n    title: Part {i}\n" for i in range(n))
    return _ep_edit(
        'chapters:\n  - start: 0\n    title: Intro\n  - start: "00:01.500"\n    title: Main\n',
        "chapters:\n" + marks,
    )


CATALOGUE += [
    # --- ID3 and image limits ----------------------------------------------------------
    Fault(
        "cover-png-decompression-bomb",
        _write("media/cover.png", _png_bomb(20000, 20000)),
        "podcast.yaml:13: image: cover.png: refusing to decode it: Image size (400000000 pixels) "
        "exceeds limit of 178956970 pixels, could be decompression bomb DOS attack.",
    ),
    Fault(
        "cover-png-wide-bomb",
        _write("media/cover.png", _png_bomb(40_000_000, 1)),
        "podcast.yaml:13: image: cover.png claims 40000000x1 px (40,000,000 pixels), more than "
        "the 36,000,000 this tool decodes (a decompression bomb?)",
    ),
    Fault(
        "cover-png-7000-square",
        _write("media/cover.png", _png_bomb(7000, 7000)),
        "podcast.yaml:13: image: cover.png claims 7000x7000 px (49,000,000 pixels), more than",
    ),
    Fault(
        "chapters-256",
        _chapters(256),
        "episodes/ep01/episode.yaml:25: chapters: at most 255 chapters, got 256: the ID3 table "
        "of contents counts its chapters in one byte (ID3v2 Chapter Frame Addendum §4.1, CTOC "
        "entry count); merge some",
    ),
    Fault(
        "chapters-1000",
        _chapters(1000),
        "episodes/ep01/episode.yaml:25: chapters: at most 255 chapters, got 1000",
    ),
]


def _web_project(folder: Path, name: str = "manifest.json", data: bytes | None = None) -> None:
    """Someone's web project: an index page and a PWA manifest (or a feed.xml)."""
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>mine</title>")
    (folder / name).write_bytes(data or b'{"name": "My App", "start_url": "/"}')


def _git_dir(folder: Path) -> None:
    (folder / ".git" / "objects").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (folder / ".git" / "objects" / "ab").write_bytes(b"x")


INPUT_FAULTS = [f for f in CATALOGUE if not f.args and not f.env and not f.id.startswith("dist-")]
"""Faults of the inputs, templates included (not of options or dist/, which only build sees)."""


@pytest.mark.parametrize("fault", INPUT_FAULTS, ids=[f.id for f in INPUT_FAULTS])
def test_check_on_what_build_rejects(released: Path, fault: Fault) -> None:
    """``check`` never crashes on an input ``build`` rejects, and fails on it too."""
    fault.mutate(released)
    with _unchanged(released):
        result = CliRunner().invoke(main, ["check", "-C", str(released)])
    out = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception),
        out,
    )
    assert "Traceback" not in out
    assert result.exit_code != 0, out
    assert "error" in out, out


TEMPLATE_FAULTS = [f for f in CATALOGUE if f.id.startswith("template-")]


@pytest.mark.parametrize("fault", TEMPLATE_FAULTS, ids=[f.id for f in TEMPLATE_FAULTS])
def test_check_reports_the_template_line_build_reports(released: Path, fault: Fault) -> None:
    """``check`` renders the pages in build's sandbox: the same file, line and message."""
    fault.mutate(released)
    with _unchanged(released):
        result = CliRunner().invoke(main, ["check", "-C", str(released)])
    where, message = fault.expect.split(": ", 1)
    assert f"{where}: error: {message} [spotlight-feed: templates]" in result.output.splitlines()
    assert result.exit_code == 1, result.output
    assert not (released.parent / "pwned").exists()


def test_catalogue_is_large_enough() -> None:
    """Issue #12: at least 120 fault and hostile-input cases (this table plus the tests below)."""
    others = [n for n in globals() if n.startswith("test_fault_")]
    assert len(CATALOGUE) + len(others) >= 120, (len(CATALOGUE), len(others))
    assert len({f.id for f in CATALOGUE}) == len(CATALOGUE), "every case has its own id"


@pytest.fixture
def released(tmp_path: Path, tone_mp3: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A two-episode show built once (its dist/ is the release to protect).

    HOME is a real folder of its own under the test's temporary folder, holding a
    file, so that data-loss cases aimed at "the home folder" hit this one and can
    prove it survived; the machine's own home is never involved.
    """
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".config" / "settings.ini").write_text("mine = 1\n")
    monkeypatch.setenv("HOME", str(home))
    shutil.copyfile(tone_mp3, tmp_path / TONE)
    root = make_show(tmp_path / "show", tone_mp3, 2)
    build(root)
    return root


def _fix(text: str, root: Path) -> str:
    return text.replace("{root}", str(root)).replace("{home}", str(root.parent / "home"))


def _fix_args(args: tuple[str, ...], root: Path) -> list[str]:
    return [_fix(a, root) for a in args]


@contextlib.contextmanager
def _unchanged(root: Path) -> Iterator[None]:
    """Assert that inputs and the previous release survive the block untouched."""
    inputs = tree_digest(root, skip=SKIP)
    dist = tree_digest(root / "dist")
    around = tree_digest(root.parent, skip=(root.name,))
    yield
    assert tree_digest(root, skip=SKIP) == inputs, "inputs were modified"
    assert tree_digest(root.parent, skip=(root.name,)) == around, "files beside it changed"
    assert tree_digest(root / "dist") == dist, "the previous dist/ changed"
    # foreign files a case planted in dist/ are "not listed"; everything listed is intact
    unlisted = f"not listed in {manifest.MANIFEST}"
    assert [p for p in manifest.verify(root / "dist") if not p.endswith(unlisted)] == []
    assert not list(root.parent.glob("**/.dist-*")), "a staging folder was left behind"


@pytest.mark.parametrize("fault", CATALOGUE, ids=[f.id for f in CATALOGUE])
def test_fault(released: Path, fault: Fault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = released
    if fault.id == "out-is-an-unrelated-folder":
        (root / "notes").mkdir()
        (root / "notes" / "todo.txt").write_text("keep me")
    fault.mutate(root)
    for k, v in fault.env.items():
        monkeypatch.setenv(k, v)
    with _unchanged(root):
        result = CliRunner().invoke(main, ["build", "-C", str(root), *_fix_args(fault.args, root)])
    out = result.output
    expected = _fix(fault.expect, root)
    if fault.id == "out-is-an-unrelated-folder":
        expected = f"error: {root}/notes is not empty and is not a previous release"
        assert (root / "notes" / "todo.txt").read_text() == "keep me"
    assert result.exit_code == fault.code, out
    assert result.exception is None or isinstance(result.exception, SystemExit), out
    assert "Traceback" not in out
    assert any(line.startswith(expected) for line in out.splitlines()), out


def test_fault_concurrent_build(released: Path) -> None:
    _edit(EP1, "title: Episode 1", "title: One")(released)
    with BuildLock(released / "dist"), _unchanged(released):
        result = CliRunner().invoke(main, ["build", "-C", str(released)])
    assert result.exit_code == 75
    assert result.output.startswith(f"error: another build is writing {released / 'dist'}")


def test_fault_write_error_from_rlimit_fsize(released: Path) -> None:
    """A real EFBIG from the kernel: the file size limit is below one MP3."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (16_000, 16_000))

    with _unchanged(released):
        proc = subprocess.run(
            [sys.executable, "-m", "spotlight_feed", "build", "--force", "-C", str(released)],
            capture_output=True,
            text=True,
            env=cli_env(),
            preexec_fn=limit,
            timeout=120,
        )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: cannot write the release: File too large"), proc.stderr
    assert proc.stderr.rstrip().endswith("dist/ was left as it was")


# --- faults needing a file system of their own (root only: mount) ----------------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    ok = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], capture_output=True
    )
    if ok.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {ok.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-R", "-l", str(mnt)], check=False)


def _on_tmpfs(mnt: Path, tone_mp3: Path) -> Path:
    root = make_show(mnt / "show", tone_mp3, 2)
    build(root)
    return root


def test_fault_disk_full(tmpfs: Path, tone_mp3: Path) -> None:
    root = _on_tmpfs(tmpfs, tone_mp3)
    st = os.statvfs(tmpfs)
    free = st.f_bavail * st.f_frsize
    (tmpfs / "filler").write_bytes(b"\0" * max(0, free - 8192))
    with _unchanged(root):
        result = CliRunner().invoke(main, ["build", "--force", "-C", str(root)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: cannot write the release: No space left on device"), (
        result.output
    )


def test_fault_read_only_file_system(tmpfs: Path, tone_mp3: Path) -> None:
    root = _on_tmpfs(tmpfs, tone_mp3)
    _edit(EP1, "title: Episode 1", "title: One")(root)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    with _unchanged(root):
        result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith(
        f"error: cannot create a staging folder beside {root / 'dist'}: Read-only file system"
    ), result.output


def _lock_case(tmpfs: Path, tone_mp3: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A show on its own file system, released into a folder on another one, plus a new
    episode whose GUID only a new spotlight.lock would record."""
    from release_util import add_episode

    root = make_show(tmpfs / "show", tone_mp3, 2)
    out = tmp_path / "public"
    build(root, BuildOptions(out_dir=out))
    add_episode(root, tone_mp3, 3)
    return root, out


def _lock_unchanged_run(root: Path, out: Path) -> tuple[int, str]:
    lock = (root / "spotlight.lock").read_bytes()
    dist = tree_digest(out)
    result = CliRunner().invoke(main, ["build", "-C", str(root), "-o", str(out)])
    assert (root / "spotlight.lock").read_bytes() == lock
    assert tree_digest(out) == dist, "the release was swapped in without its lock"
    assert manifest.verify(out) == []
    assert "tiny-0003" not in (out / "feed.xml").read_text()
    assert not list(out.parent.glob(".public-staging-*"))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_fault_lock_on_read_only_project(tmpfs: Path, tone_mp3: Path, tmp_path: Path) -> None:
    root, out = _lock_case(tmpfs, tone_mp3, tmp_path)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    code, output = _lock_unchanged_run(root, out)
    assert code == 1, output
    assert (
        "error: cannot update spotlight.lock: Read-only file system; the new release was not "
        "swapped in (an episode the lock does not record must never be published); public/ was "
        "left as it was"
    ) in output


def test_fault_lock_on_full_project_disk(tmpfs: Path, tone_mp3: Path, tmp_path: Path) -> None:
    root, out = _lock_case(tmpfs, tone_mp3, tmp_path)
    st = os.statvfs(tmpfs)
    with contextlib.suppress(OSError):
        (tmpfs / "filler").write_bytes(b"\0" * (st.f_bavail * st.f_frsize))
    code, output = _lock_unchanged_run(root, out)
    assert code == 1, output
    assert "error: cannot update spotlight.lock: No space left on device; the new release" in (
        output
    )


def test_fault_lock_is_a_folder(released: Path, tone_mp3: Path) -> None:
    from release_util import add_episode

    add_episode(released, tone_mp3, 3)
    lock = released / "spotlight.lock"
    text = lock.read_bytes()
    lock.unlink()
    lock.mkdir()
    (lock / "x").write_bytes(text)
    with _unchanged(released):
        result = CliRunner().invoke(main, ["build", "-C", str(released)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("spotlight.lock: cannot read: [Errno 21] Is a directory: ")


def test_fault_read_only_dist(tmpfs: Path, tone_mp3: Path) -> None:
    root = _on_tmpfs(tmpfs, tone_mp3)
    dist = root / "dist"
    subprocess.run(["mount", "--bind", str(dist), str(dist)], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(dist)], check=True)
    _edit(EP1, "title: Episode 1", "title: One")(root)
    with _unchanged(root):
        result = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: cannot swap .dist-staging-"), result.output
    assert f"into {dist}: Device or resource busy" in result.output


# --- markup in every text field: escaped in the release, flagged by check ---------------

SCRIPT = '<script>alert("x")</script><b onmouseover=alert(1)>hi</b>'
SHOW_FIELDS = {
    "title: Tiny Show": "title",
    "description: A tiny show for tests.": "description",
    "author: Tiny Author": "author",
    "  name: Tiny Owner": "owner.name",
    "  - name: Hana Host": "people[0].name",
}
EPISODE_FIELDS = {
    "title: Episode 1": "title",
    "summary: The first episode.": "summary",
    "  Hello and welcome.": "notes",
    "    title: Intro": "chapters[0].title",
    "    - name: Wanda Writer": "credits.writers[0].name",
}


def _inject(path: Path, fields: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for line in fields:
        key, _, _ = line.partition(": ")
        assert text.count(line + "\n") == 1, line
        text = text.replace(line + "\n", f"{key}: '{SCRIPT}'\n")
    path.write_text(text, encoding="utf-8")


def test_html_and_script_in_every_text_field(released: Path) -> None:
    from lxml import etree, html

    from spotlight_feed.lint import check

    _inject(released / "podcast.yaml", SHOW_FIELDS)
    _inject(released / EP1, EPISODE_FIELDS)
    build(released)
    tree = etree.parse(str(released / "dist" / "feed.xml"))
    assert not [el for el in tree.iter() if etree.QName(el).localname in ("script", "b")]
    texts = [el.text or "" for el in tree.iter()]
    assert sum(SCRIPT in t for t in texts) >= 5  # the text survives, as text
    for encoded in tree.iter("{http://purl.org/rss/1.0/modules/content/}encoded"):
        page = html.fragment_fromstring(encoded.text or "", create_parent="div")
        assert not page.xpath("//script | //b | //*[@onmouseover]")
    found = {
        (f.where.split(":")[0], f.message.split(":")[0])
        for f in check(released)
        if "contains HTML markup" in f.message
    }
    expected = {("podcast.yaml", f) for f in SHOW_FIELDS.values()} | {
        (EP1, f) for f in EPISODE_FIELDS.values()
    }
    assert found == expected
    strict = CliRunner().invoke(main, ["check", "--strict", "-C", str(released)])
    assert strict.exit_code == 1
    assert (
        "episodes/ep01/episode.yaml:1: warning: title: contains HTML markup ('<script'); "
        "this plain-text field is escaped, so readers see the tags as text [RSS Profile: markup "
        "in plain-text elements is escaped, never rendered]"
    ) in strict.output
