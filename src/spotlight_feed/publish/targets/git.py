"""A git branch for GitHub, GitLab or Codeberg Pages, like ``mkdocs gh-deploy``.

The release is committed onto the branch (default ``gh-pages``) of a repository
and pushed, without ``dist/`` ever being a checkout: objects are written into a
private, temporary repository with ``git hash-object`` and ``git update-index``
on a throw-away index that starts from the branch's current tree, so files this
tool did not publish (``CNAME``, anything added by hand) stay, and
``.nojekyll`` is added so GitHub Pages serves every path as it is
(https://docs.github.com/en/pages/getting-started-with-github-pages/about-github-pages#static-site-generators).
One commit is one atomic swap of the whole site. The push is never forced: if
the branch moved since this publish fetched it, the push is refused and
nothing changes (the conditional write of issue #19). Pages hosts set their
own Content-Type and Cache-Control (``max-age=600``) and send
``Access-Control-Allow-Origin: *``; they do not read ``_headers``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import PublishError
from ..plan import Put
from .base import Done, keep_labels

KEEP = (".nojekyll", "CNAME")


class GitTarget:
    """One branch of one repository."""

    sets_headers = False

    def __init__(self, url: str, branch: str = "gh-pages", public_url: str | None = None) -> None:
        self.url = url
        self.branch = branch
        self.label = f"git {url} branch {branch}"
        self.public_url = public_url
        self._work: Path | None = None
        self._tip: str | None = None

    @classmethod
    def from_spec(cls, spec: str, settings: Mapping[str, Any]) -> GitTarget:
        """``git+URL[#branch]`` or ``git:REMOTE[#branch]`` (a remote of the project's repo)."""
        rest, _, branch = spec.partition("#")
        if rest.startswith("git+"):
            url = rest[len("git+") :]
            if url.startswith("file://"):
                url = url[len("file://") :]
        else:
            remote = rest[len("git:") :] or "origin"
            project = str(settings.get("project_dir") or ".")
            proc = subprocess.run(
                ["git", "-C", project, "remote", "get-url", remote],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                raise PublishError(f"{spec}: {project} has no git remote '{remote}'")
            url = proc.stdout.strip()
        if not url:
            raise PublishError(f"{spec}: no repository; write git+URL#branch or git:REMOTE#branch")
        return cls(url, branch or "gh-pages", settings.get("public_url"))

    # --- git plumbing ---------------------------------------------------------------------
    def _git(
        self, *args: str, input: bytes | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        if shutil.which("git") is None:
            raise PublishError("the git target needs git: apt-get install git")
        assert self._work is not None
        env = {
            **os.environ,
            "GIT_DIR": str(self._work / "repo.git"),
            "GIT_INDEX_FILE": str(self._work / "index"),
            "GIT_WORK_TREE": str(self._work / "empty"),  # never checked out into
            "GIT_AUTHOR_NAME": os.environ.get("GIT_AUTHOR_NAME", "spotlight-feed"),
            "GIT_AUTHOR_EMAIL": os.environ.get("GIT_AUTHOR_EMAIL", "spotlight-feed@localhost"),
            "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", "spotlight-feed"),
            "GIT_COMMITTER_EMAIL": os.environ.get(
                "GIT_COMMITTER_EMAIL", "spotlight-feed@localhost"
            ),
            "GIT_TERMINAL_PROMPT": "0",
        }
        proc = subprocess.run(
            ["git", *args], input=input, capture_output=True, env=env, check=False
        )
        if check and proc.returncode != 0:
            message = proc.stderr.decode(errors="replace").strip()
            raise PublishError(f"{self.label}: git {args[0]} failed: {message}")
        return proc

    def connect(self) -> None:
        """Fetch the branch (if it exists) into a private repository; start the index from it."""
        self._work = Path(tempfile.mkdtemp(prefix="spotlight-git-"))
        (self._work / "empty").mkdir()
        if shutil.which("git") is None:
            raise PublishError("the git target needs git: apt-get install git")
        subprocess.run(
            ["git", "init", "-q", "--bare", str(self._work / "repo.git")],
            capture_output=True,
            check=True,
        )
        probe = self._git("ls-remote", "--heads", self.url, self.branch, check=False)
        if probe.returncode != 0:
            message = probe.stderr.decode(errors="replace").strip()
            raise PublishError(f"{self.label}: cannot reach the repository: {message}")
        if probe.stdout.strip():
            self._git("fetch", "-q", "--depth=1", self.url, f"refs/heads/{self.branch}")
            self._tip = self._git("rev-parse", "FETCH_HEAD").stdout.decode().strip()
            self._git("read-tree", self._tip)
        else:
            self._git("read-tree", "--empty")
        if self._blob(".nojekyll") is None:
            self._add([(self._hash(b""), ".nojekyll")])

    def close(self) -> None:
        """Remove the private repository."""
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None

    def _hash(self, data: bytes) -> str:
        return self._git("hash-object", "-w", "--stdin", input=data).stdout.decode().strip()

    def _add(self, entries: Sequence[tuple[str, str]]) -> None:
        lines = "".join(f"100644 {sha}\t{path}\n" for sha, path in entries)
        self._git("update-index", "--add", "--index-info", input=lines.encode())

    def _blob(self, path: str) -> str | None:
        proc = self._git("ls-files", "-s", "--", path, check=False)
        fields = proc.stdout.decode().split()
        return fields[1] if len(fields) >= 2 else None

    # --- the target -----------------------------------------------------------------------
    def read(self, path: str) -> bytes | None:
        """The file as the branch (plus this publish's writes) has it."""
        blob = self._blob(path)
        return None if blob is None else self._git("cat-file", "blob", blob).stdout

    def token(self, path: str) -> str | None:
        """The blob id (a rewrite changes it)."""
        return self._blob(path)

    def fingerprint(self, path: str) -> str | None:
        """The SHA-256 of the file's bytes."""
        data = self.read(path)
        return None if data is None else hashlib.sha256(data).hexdigest()

    def listing(self) -> list[str]:
        """Every file of the branch."""
        out = self._git("ls-files", "-z").stdout.decode().split("\0")
        return sorted(p for p in out if p and p not in KEEP)

    def prepare(self) -> list[str]:
        """Pages hosts choose the headers."""
        return []

    def upload(self, puts: Sequence[Put], dist: Path, done: Done) -> None:
        """``git hash-object -w --stdin-paths`` for all, then one ``update-index``."""
        if not puts:
            return
        paths = "".join(str(dist / p.path) + "\n" for p in puts).encode()
        shas = self._git("hash-object", "-w", "--stdin-paths", input=paths).stdout.decode().split()
        self._add([(sha, put.path) for sha, put in zip(shas, puts, strict=True)])
        for put in puts:
            done(put)

    def relabel(self, puts: Sequence[Put], done: Done) -> None:
        """Nothing to relabel."""
        keep_labels(puts, done)

    def write(self, put: Put, data: bytes, expect: str | None) -> str | None:
        """Stage *data*; the push in :meth:`commit` is the conditional step."""
        if self._blob(put.path) != expect:
            raise PublishError(f"{self.label}: {put.path} changed during this publish")
        sha = self._hash(data)
        self._add([(sha, put.path)])
        return sha

    def delete(self, paths: Sequence[str], done: Callable[[str], None]) -> None:
        """Drop *paths* from the index."""
        self._git(
            "update-index",
            "--force-remove",
            "-z",
            "--stdin",
            input="\0".join(paths).encode() + b"\0",
        )
        for path in paths:
            done(path)

    def commit(self, message: str) -> None:
        """Commit the index on top of the fetched tip and push it, never forced."""
        tree = self._git("write-tree").stdout.decode().strip()
        if self._tip is not None:
            current = self._git("rev-parse", f"{self._tip}^{{tree}}").stdout.decode().strip()
            if current == tree:
                return
        parents = ["-p", self._tip] if self._tip else []
        commit = (
            self._git("commit-tree", tree, *parents, "-m", f"spotlight-feed: {message}")
            .stdout.decode()
            .strip()
        )
        push = self._git("push", "-q", self.url, f"{commit}:refs/heads/{self.branch}", check=False)
        if push.returncode != 0:
            message = push.stderr.decode(errors="replace").strip()
            raise PublishError(
                f"{self.label}: the push was refused ({message}); if the branch moved since "
                "this publish fetched it, run publish again; nothing was forced"
            )
        self._tip = commit
