#!/usr/bin/env bash
# Builds the release app, runs the 100 000-customer benchmark in headless Chromium and then the
# website widget's size benchmark; prints one JSON line per figure. Pass e.g.
# `--customers 10000` for a quicker run.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
trunk build --release
node bench/run.mjs "$@"
node bench/widget_size.mjs dist
