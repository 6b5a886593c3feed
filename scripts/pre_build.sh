#!/usr/bin/env bash
# Trunk pre-build hook: a release build must have the release build's settings
# (scripts/wasm_release_env.sh: std compiled with the app, panics that trap at once), which only
# the caller's environment can give Trunk's `cargo build`. Without them the counter's wasm would
# be about 27 KB gzipped larger than what the size budget is measured on, so refuse rather than ship it.
set -euo pipefail
if [[ "${TRUNK_PROFILE:-}" == release && -z "${MOHAR_WASM_RELEASE_ENV:-}" ]]; then
  echo "pre_build.sh: a release build needs the release settings: run scripts/build.sh [trunk args]" >&2
  echo "pre_build.sh: (or 'source scripts/wasm_release_env.sh' before 'trunk build --release')" >&2
  exit 1
fi
