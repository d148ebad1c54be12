#!/usr/bin/env bash
# Install the headless browser the report tests and screenshots use: Debian's Chromium plus
# Noto CJK fonts (so Chinese renders in screenshots). Idempotent: does nothing when
# /usr/bin/chromium is already there. Never runs `playwright install` (it downloads a browser).
# Needs root (or sudo) and apt; run from the Makefile's test target.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-noto-cjk)

if [[ -x "$CHROMIUM" ]]; then
  echo "chromium present: $CHROMIUM"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: $CHROMIUM is missing and apt-get is not available; install Chromium and a CJK font" \
       "(e.g. Noto Sans CJK) yourself, or set WEISU_CHROMIUM to a Chromium binary" >&2
  exit 1
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "error: installing ${PACKAGES[*]} needs root (no sudo found)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y "${PACKAGES[@]}"
echo "installed: $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
