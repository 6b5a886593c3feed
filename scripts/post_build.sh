#!/usr/bin/env bash
# Trunk post-build hook: adds the website widget (embed.js and its verifier) to the build, then
# writes the service worker's precache list. One script, so the two run in this order.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build_widget.sh "$TRUNK_STAGING_DIR"
python3 scripts/sw_precache.py
