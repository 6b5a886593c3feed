#!/usr/bin/env bash
# Builds the release app, prints what each bundle weighs and what the wasm's bytes are, runs the
# 100 000-customer benchmark in headless Chromium at 1× and 4× CPU throttling and then the
# website widget's size benchmark; prints one JSON line per figure and a summary table. Pass
# e.g. `--customers 10000` for a quicker run, `--cpu-throttle 6` for 1× and 6×.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
# The production build (dist/) is what the size figures measure; the benchmark's entry points
# (src/bench) are only in a second build with the cargo feature "bench" (target/dist-bench/),
# which is the one served and timed.
scripts/build.sh
# Before the bench build, which replaces wasm-bindgen's output that the size report reads.
node bench/sizes.mjs --dist dist
scripts/build.sh --features bench --dist target/dist-bench
node bench/run.mjs --dist target/dist-bench --sizes dist "$@"
node bench/widget_size.mjs dist
# The customer's side: bytes to open a card link (both verifier paths, a link of the old format)
# and the widget's on both paths, and the counter's cold start to its first screen.
node bench/card_size.mjs dist
