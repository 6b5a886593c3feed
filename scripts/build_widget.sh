#!/usr/bin/env bash
# Builds the customer-facing card code into OUT_DIR (default dist/): the website widget (embed.js,
# the loader a shop puts on its website, and widget-<hash>.js, which it loads), the card page
# (card/, what a card link opens, with its own service worker) and verifier-<hash>.js, the wasm
# verifier (crates/widget, wasm inlined) that both load only where WebCrypto has no Ed25519.
# The JavaScript is web/*.js; crates/widget/tools/package.py puts it together.
#     scripts/build_widget.sh [OUT_DIR]
# Needs the wasm32 target, wasm-bindgen-cli (= the wasm-bindgen crate's version) and wasm-opt
# (node_modules/.bin, binaryen 132), which scripts/setup.sh installs. Respects CARGO_TARGET_DIR
# and CARGO_BUILD_JOBS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Always a release build: with the release build's size settings (std built with it, panics that
# trap at once), whoever calls it.
source scripts/wasm_release_env.sh
OUT="${1:-dist}"
MANIFEST=crates/widget/Cargo.toml

cargo build --release --target wasm32-unknown-unknown --manifest-path "$MANIFEST"
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps --manifest-path "$MANIFEST" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
WASM="$TARGET_DIR/wasm32-unknown-unknown/release/mohar_widget.wasm"

WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
wasm-bindgen --target no-modules --no-typescript --out-dir "$WORK" --out-name widget "$WASM"
# The features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept them.
wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$WORK/widget_bg.opt.wasm" "$WORK/widget_bg.wasm"
python3 crates/widget/tools/package.py "$WORK/widget.js" "$WORK/widget_bg.opt.wasm" \
  crates/widget/embed.js web "$OUT"
