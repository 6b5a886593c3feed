#!/usr/bin/env bash
# Builds the release app, runs the 100 000-customer benchmark in headless Chromium and then the
# website widget's size benchmark; prints one JSON line per figure. Pass e.g.
# `--customers 10000` for a quicker run.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
# The production build (dist/) is what the size figures measure; the benchmark's entry points
# (src/bench) are only in a second build with the cargo feature "bench" (target/dist-bench/),
# which is the one served and timed.
trunk build --release
trunk build --release --features bench --dist target/dist-bench
node bench/run.mjs --dist target/dist-bench --sizes dist "$@"
node bench/widget_size.mjs dist
# The customer's side: bytes to open a card link (both verifier paths, a link of the old format)
# and the widget's on both paths, and the counter's cold start to its first screen.
node bench/card_size.mjs dist
