#!/usr/bin/env bash
# The system tools the tests use, installed when missing: with apt-get on Debian/Ubuntu, as
# root or through sudo; elsewhere (or without root and sudo) it says what to install and the
# tests that need a missing tool are skipped with the reason (in CI, .ci/run, a skip fails).
# Run by scripts/test.sh; tests/test_suite.py runs it with stand-in apt-get, sudo and id.
set -euo pipefail

# tool on PATH -> Debian package (a function, not an associative array: macOS has bash 3.2)
package_of() {
  case "$1" in
    java) echo default-jre-headless ;;
    ffprobe) echo ffmpeg ;;
    *) echo "$1" ;;
  esac
}
missing_tools=()
for tool in chromium java ffmpeg ffprobe lame espeak-ng sox; do
  if [ "$tool" = chromium ]; then
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
      || missing_tools+=("$tool")
  else
    command -v "$tool" >/dev/null 2>&1 || missing_tools+=("$tool")
  fi
done
if ((${#missing_tools[@]})); then
  packages=$(for t in "${missing_tools[@]}"; do package_of "$t"; done | sort -u | tr '\n' ' ')
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
  fi
  if command -v apt-get >/dev/null 2>&1 && [ "$SUDO" != none ]; then
    echo "installing system packages: $packages"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      $packages >/dev/null
  else
    {
      echo "warning: not found: ${missing_tools[*]}; the tests that need them will be skipped."
      echo "  Debian/Ubuntu (as root): apt-get install $packages"
      echo "  Fedora: dnf install chromium java-17-openjdk-headless ffmpeg lame espeak-ng sox"
      echo "  macOS (Homebrew): brew install --cask chromium; brew install openjdk ffmpeg lame espeak-ng sox"
      echo "  Chromium can also come from playwright: .venv/bin/playwright install chromium"
    } >&2
  fi
fi

