#!/usr/bin/env bash
# The release build of the app into dist/ (or --dist DIR): `trunk build --release` with the
# release build's size settings (scripts/wasm_release_env.sh), which Trunk cannot set itself.
# Extra arguments go to Trunk, e.g. `scripts/build.sh --features bench --dist target/dist-bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/wasm_release_env.sh
exec trunk build --release "$@"
