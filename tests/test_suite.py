"""The test suite itself runs anywhere (issue #17): missing tools skip with a reason, CI
turns every skip into a failure, Chromium is found where it is installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, checkout_listing
from systools import chromium_path

TESTS = REPO / "tests"

NEEDY = """\
from systools import needs, require

@needs("lame")
def test_marked():
    pass

def test_inside():
    require("java")
"""


def _pytest(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("CI", "SPOTLIGHT_FAIL_ON_SKIP")}
    full.update(env)
    full["PYTHONPATH"] = os.pathsep.join([str(TESTS), str(REPO / "src")])
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "noskip", "-p", "no:cacheprovider",
         "--rootdir", str(folder), str(folder)],
        capture_output=True, text=True, env=full, cwd=folder, timeout=120,
    )  # fmt: skip


def test_missing_tools_skip_with_what_to_install(tmp_path: Path) -> None:
    (tmp_path / "test_needy.py").write_text(NEEDY, encoding="utf-8")
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = _pytest(tmp_path, PATH=str(empty))
    assert proc.returncode == 0, proc.stdout
    assert "2 skipped" in proc.stdout
    assert (
        "needs lame, not found on PATH (lame: install lame; scripts/test.sh does it on Debian)"
        in proc.stdout
    )
    assert (
        "needs java, not found on PATH (java: install default-jre-headless (Debian/Ubuntu), "
        "any Java 11+ runtime elsewhere; scripts/test.sh does it on Debian)" in proc.stdout
    )
    assert "FileNotFoundError" not in proc.stdout


def test_ci_fails_when_a_test_skips(tmp_path: Path) -> None:
    (tmp_path / "test_needy.py").write_text(NEEDY, encoding="utf-8")
    empty = tmp_path / "bin"
    empty.mkdir()
    for env in ({"SPOTLIGHT_FAIL_ON_SKIP": "1"}, {"CI": "true"}):
        proc = _pytest(tmp_path, PATH=str(empty), **env)
        assert proc.returncode == 1, proc.stdout
        # a skip mark fails in setup (an error), a skip inside the test fails it
        assert "1 failed, 1 error" in proc.stdout
        assert "needs java, not found on PATH" in proc.stdout
        assert "skipped in CI, where every test must run: needs lame, not found on PATH" in (
            proc.stdout
        )


def test_ci_run_asks_for_no_skips() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "export SPOTLIGHT_FAIL_ON_SKIP=1" in script
    assert script.rstrip().endswith("exec ./scripts/test.sh")


def test_chromium_is_found_on_path_or_from_playwright(tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(bin_dir))
    bundled = tmp_path / "ms-playwright" / "chrome"
    bundled.parent.mkdir()
    bundled.write_text("#!/bin/sh\n")
    assert chromium_path(None) is None
    assert chromium_path(str(bundled)) == str(bundled)  # playwright's own download
    browser = bin_dir / "chromium-browser"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    assert chromium_path(str(bundled)) == str(browser)  # PATH first (Ubuntu's name)
    monkeypatch.setenv("CHROMIUM", str(bundled))
    assert chromium_path(None) == str(bundled)


def test_checkout_listing_sees_a_written_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_text("")
    before = checkout_listing(tmp_path)
    assert list(before) == ["a.txt"]
    (tmp_path / ".spotlight-cache").mkdir()
    (tmp_path / ".spotlight-cache" / "out.pickle").write_text("x")
    assert sorted(checkout_listing(tmp_path)) == [".spotlight-cache/out.pickle", "a.txt"]
    # The top-level download cache is not watched; a .cache folder anywhere else is.
    (tmp_path / ".cache" / "import-corpus").mkdir(parents=True)
    (tmp_path / ".cache" / "import-corpus" / "feed.xml").write_text("<rss/>")
    (tmp_path / "episodes" / ".cache").mkdir(parents=True)
    (tmp_path / "episodes" / ".cache" / "x").write_text("x")
    assert sorted(checkout_listing(tmp_path)) == [
        ".spotlight-cache/out.pickle",
        "a.txt",
        "episodes/.cache/x",
    ]


def test_build_backend_writes_pep_639_metadata_without_warnings(tmp_path: Path) -> None:
    """setuptools stops accepting a ``project.license`` table on 2027-02-18; the SPDX string
    (PEP 639) is the form that stays, and the backend must not warn about anything."""
    import shutil

    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, tree / name)
    shutil.copytree(REPO / "src", tree / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    out = tmp_path / "meta"
    out.mkdir()
    proc = subprocess.run(
        [sys.executable, "-W", "always", "-c",
         "import sys, setuptools.build_meta as b; print(b.prepare_metadata_for_build_wheel(sys.argv[1]))",
         str(out)],
        capture_output=True, text=True, cwd=tree, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Deprecat" not in proc.stderr and "warning" not in proc.stderr.lower(), proc.stderr
    metadata = (out / proc.stdout.strip().splitlines()[-1] / "METADATA").read_text()
    assert "License-Expression: MIT" in metadata.splitlines()
    assert "License-File: LICENSE" in metadata.splitlines()


def _fake_bin(folder: Path, uid: str, *, sudo: bool, apt: bool) -> Path:
    """A PATH with bash and coreutils, a stand-in `id`, and recording `sudo`/`apt-get`."""
    import shutil

    folder.mkdir()
    for tool in ("bash", "env", "sort", "tr", "cat"):
        found = shutil.which(tool)
        assert found, tool
        (folder / tool).symlink_to(found)
    scripts = {"id": f"#!/bin/sh\necho {uid}\n"}
    log = folder.parent / "calls.log"
    if sudo:
        scripts["sudo"] = f'#!/bin/sh\necho "sudo $*" >> {log}\nexec "$@"\n'
    if apt:
        scripts["apt-get"] = f'#!/bin/sh\necho "apt-get $*" >> {log}\n'
    for name, text in scripts.items():
        (folder / name).write_text(text)
        (folder / name).chmod(0o755)
    return folder


def _system_tools(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(path / "bash"), str(REPO / "scripts" / "system_tools.sh")],
        capture_output=True, text=True, env={"PATH": str(path)}, timeout=60,
    )  # fmt: skip


def test_system_tools_installs_through_sudo_for_a_normal_user(tmp_path: Path) -> None:
    proc = _system_tools(_fake_bin(tmp_path / "bin", "1000", sudo=True, apt=True))
    assert proc.returncode == 0, proc.stderr
    packages = "chromium default-jre-headless espeak-ng ffmpeg lame sox "
    assert proc.stdout == f"installing system packages: {packages}\n"
    calls = (tmp_path / "calls.log").read_text().splitlines()
    assert calls == [
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
        "apt-get update -qq",
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
        + packages.strip(),
        "apt-get install -y -qq --no-install-recommends " + packages.strip(),
    ]


def test_system_tools_says_what_to_install_without_apt_or_sudo(tmp_path: Path) -> None:
    for name, sudo, apt in (("no-apt", True, False), ("no-sudo", False, True)):
        folder = tmp_path / name
        folder.mkdir()
        proc = _system_tools(_fake_bin(folder / "bin", "1000", sudo=sudo, apt=apt))
        assert proc.returncode == 0, proc.stderr
        assert not (folder / "calls.log").exists()  # nothing was run
        lines = proc.stderr.splitlines()
        assert lines[0] == (
            "warning: not found: chromium java ffmpeg ffprobe lame espeak-ng sox; the tests that "
            "need them will be skipped."
        )
        assert lines[1] == (
            "  Debian/Ubuntu (as root): apt-get install chromium default-jre-headless espeak-ng "
            "ffmpeg lame sox "
        )
        assert any(line.startswith("  macOS (Homebrew): brew install") for line in lines)
        assert any("playwright install chromium" in line for line in lines)
