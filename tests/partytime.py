"""podcast-partytime (npm; the parser Podverse and the Podcast Index use), run with node.

scripts/test.sh installs it into ``.node/`` (git-ignored): podcast-partytime 5.0.0,
MIT licence, https://www.npmjs.com/package/podcast-partytime. ``tests/node/partytime.js``
parses one file and prints the result as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from conftest import REPO

MODULES = REPO / ".node" / "node_modules"


def parse(path: Path) -> dict[str, Any]:
    """The feed at *path* as podcast-partytime reads it."""
    node = shutil.which("node")
    assert node, "node is missing: scripts/test.sh installs nodejs and podcast-partytime"
    assert (MODULES / "podcast-partytime").is_dir(), "run scripts/test.sh (npm install)"
    env = {**os.environ, "NODE_PATH": str(MODULES), "PARTYTIME_LOG": "silent"}
    out = subprocess.run(
        [node, str(REPO / "tests" / "node" / "partytime.js"), str(path)],
        check=True,
        capture_output=True,
        env=env,
        timeout=120,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result
