# Sourced by the other scripts: puts the project's tools on PATH and configures them.
# Cargo-installed tools (trunk, wasm-bindgen) live in ~/.cargo/bin; wasm-opt comes from the
# npm package binaryen in the project-local node_modules.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# wasm-bindgen-test-runner drives the system Chromium through this chromedriver.
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# Trunk's update check would reach GitHub, which is not reachable from these machines.
export TRUNK_SKIP_VERSION_CHECK=true
# Trunk parses NO_COLOR as a boolean and rejects the common NO_COLOR=1, so normalise it.
if [[ -n "${NO_COLOR:-}" ]]; then export NO_COLOR=true; fi
# wasm-bindgen-test-runner's timeout covers the WHOLE browser test suite (default 20 s), which
# a debug-build suite with IndexedDB tests outgrows quickly.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"
