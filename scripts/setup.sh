#!/usr/bin/env bash
# Installs everything the build and the tests need, skipping whatever is already in place.
# Safe to run repeatedly and non-interactively (CI=true, no stdin).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
say() { printf 'setup: %s\n' "$*"; }

command -v cargo >/dev/null || { say "cargo/rustup missing: install Rust via rustup first"; exit 1; }

# The wasm target for the app build and the browser tests.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "skip wasm32-unknown-unknown target (installed)"
else
  say "install wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown
fi

# std's source, which the release build compiles with the app (scripts/wasm_release_env.sh:
# -Zbuild-std, for panics that trap at once): the toolchain's rust-src component.
if rustup component list --installed | grep -qx 'rust-src'; then
  say "skip rust-src component (installed)"
else
  say "install rust-src component"; rustup component add rust-src
fi

# Chromium and chromedriver from Debian, for wasm-bindgen-test and Playwright.
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  say "skip chromium + chromedriver (installed)"
else
  say "install chromium + chromedriver (apt)"
  apt-get update -q && apt-get install -y -q chromium chromium-driver </dev/null
fi

# Fonts for the shops' scripts (Devanagari, Bengali, Gujarati), so screenshots and layout tests
# see real text rather than empty boxes.
FONTS=(fonts-lohit-deva fonts-lohit-beng-bengali fonts-lohit-gujr)
if dpkg -s "${FONTS[@]}" >/dev/null 2>&1; then
  say "skip ${FONTS[*]} (installed)"
else
  say "install ${FONTS[*]} (apt)"
  apt-get update -q && apt-get install -y -q "${FONTS[@]}" </dev/null
fi

if command -v npm >/dev/null; then
  say "skip node + npm (installed: node $(node --version))"
else
  say "install nodejs + npm (apt)"
  apt-get update -q && apt-get install -y -q nodejs npm </dev/null
fi

# Trunk, exactly the version the Trunk.toml and this guide were checked against.
if [[ "$(trunk --version 2>/dev/null)" == "trunk $TRUNK_VERSION" ]]; then
  say "skip trunk $TRUNK_VERSION (installed)"
else
  say "install trunk $TRUNK_VERSION (cargo install, ~12 min)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock, or Trunk (offline = true)
# and wasm-bindgen-test-runner refuse to work. It is installed without --locked, which is the
# way it is known to build on these machines.
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
if [[ "$(wasm-bindgen --version 2>/dev/null)" == "wasm-bindgen $WBG_VERSION" ]] &&
   command -v wasm-bindgen-test-runner >/dev/null; then
  say "skip wasm-bindgen-cli $WBG_VERSION (installed)"
else
  say "install wasm-bindgen-cli $WBG_VERSION (cargo install, ~6 min)"
  cargo install --force "wasm-bindgen-cli@$WBG_VERSION"
fi

# twiggy, for the benchmark's list of what the wasm's bytes are (bench/sizes.mjs).
TWIGGY_VERSION=0.8.0
if [[ "$(twiggy --version 2>/dev/null)" == *" $TWIGGY_VERSION" ]]; then
  say "skip twiggy $TWIGGY_VERSION (installed)"
else
  say "install twiggy $TWIGGY_VERSION (cargo install, ~3 min)"
  cargo install --locked "twiggy@$TWIGGY_VERSION"
fi

# Playwright and binaryen (wasm-opt) from package-lock.json into ./node_modules. The stamp file
# records which lockfile node_modules was installed from.
if cmp -s package-lock.json node_modules/.mohar-lock-stamp; then
  say "skip npm ci (node_modules matches package-lock.json)"
else
  say "install npm packages (npm ci)"
  npm ci --no-audit --no-fund </dev/null
  cp package-lock.json node_modules/.mohar-lock-stamp
fi
if [[ "$(wasm-opt --version 2>/dev/null)" != *"version $BINARYEN_VERSION "* ]]; then
  say "wasm-opt is not version $BINARYEN_VERSION: $(command -v wasm-opt || echo missing)"; exit 1
fi

# PouchDB Server for the sync tests (scripts/pouchdb_server.sh), pinned by its own lockfile in
# tools/pouchdb-server, installed beside (not into) the app's node_modules.
if cmp -s tools/pouchdb-server/package-lock.json tools/pouchdb-server/node_modules/.mohar-lock-stamp; then
  say "skip PouchDB Server (tools/pouchdb-server/node_modules matches its package-lock.json)"
else
  say "install PouchDB Server (npm ci in tools/pouchdb-server)"
  (cd tools/pouchdb-server && npm ci --no-audit --no-fund </dev/null)
  cp tools/pouchdb-server/package-lock.json tools/pouchdb-server/node_modules/.mohar-lock-stamp
fi

# PouchDB's browser build for the sync benchmark (bench/sync.mjs times PouchDB's replicate()
# beside Mohar's sync), pinned by its own lockfile in tools/pouchdb-browser. Only its prebuilt
# dist/pouchdb.min.js is used, so the install scripts of its Node adapters (leveldown's native
# build) are skipped.
if cmp -s tools/pouchdb-browser/package-lock.json tools/pouchdb-browser/node_modules/.mohar-lock-stamp; then
  say "skip PouchDB browser build (tools/pouchdb-browser/node_modules matches its package-lock.json)"
else
  say "install PouchDB browser build (npm ci --ignore-scripts in tools/pouchdb-browser)"
  (cd tools/pouchdb-browser && npm ci --ignore-scripts --no-audit --no-fund </dev/null)
  cp tools/pouchdb-browser/package-lock.json tools/pouchdb-browser/node_modules/.mohar-lock-stamp
fi

# Trunk runs `cargo build --offline` (offline = true in Trunk.toml), so download crates now.
say "cargo fetch"
cargo fetch --quiet
# ... and the crates std is built from in the release build (its own Cargo.lock in rust-src).
(source scripts/wasm_release_env.sh && cargo fetch --quiet --target wasm32-unknown-unknown)

say "ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $BINARYEN_VERSION, $(chromium --version 2>/dev/null | head -n1)"
