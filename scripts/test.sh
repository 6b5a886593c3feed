#!/usr/bin/env bash
# Runs every test stage, even after a failure, then prints one line per stage and a closing
# "N passed, N failed" line (counting stages). Exits non-zero if any stage failed.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
source scripts/env.sh

LOGDIR="target/test-logs"; mkdir -p "$LOGDIR"
SUMMARY=(); PASSED=0; FAILED=0

# run_stage NAME COMMAND...: runs the command with its output both shown and logged, and
# records the result, the duration and the test counts that the runner reported.
run_stage() {
  local name="$1"; shift
  local log="$LOGDIR/${name// /-}.log" start=$SECONDS status
  echo; echo "=== $name: $*"
  "$@" 2>&1 | tee "$log"; status=${PIPESTATUS[0]}
  local secs=$((SECONDS - start)) counts
  counts="$(count_tests "$log")"
  if [[ $status -eq 0 ]]; then
    PASSED=$((PASSED + 1)); SUMMARY+=("PASS  $name (${secs}s${counts})")
  else
    FAILED=$((FAILED + 1)); SUMMARY+=("FAIL  $name (${secs}s${counts}, exit $status, log: $log)")
  fi
  return $status
}

# Adds up cargo's "test result:" lines or reads Playwright's "N passed" line, for the summary.
count_tests() {
  local p f
  p=$(grep -hoE 'test result: [A-Za-z]+\. [0-9]+ passed' "$1" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -hoE '; [0-9]+ failed' "$1" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
  if grep -q 'test result:' "$1"; then echo ", tests: $p passed, $f failed"; return; fi
  p=$(grep -oE '^ *[0-9]+ passed' "$1" | tail -n1 | tr -dc 0-9)
  f=$(grep -oE '^ *[0-9]+ failed' "$1" | tail -n1 | tr -dc 0-9)
  [[ -n "$p$f" ]] && echo ", tests: ${p:-0} passed, ${f:-0} failed"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

run_stage "native cargo test" cargo test --workspace
# Every reader of outside input, 2 s each under a mutation fuzzer (scripts/fuzz.sh 60 for longer).
run_stage "fuzz" scripts/fuzz.sh 2
run_stage "wasm browser tests" cargo test --target wasm32-unknown-unknown --lib
if run_stage "trunk release build" scripts/build.sh; then
  # PouchDB Server on a free loopback port for the sync specs (they start their own when
  # SYNC_SERVER_URL is unset), stopped however the stage ends.
  SYNC_SERVER_URL="$(scripts/pouchdb_server.sh start "$LOGDIR/pouchdb-server")" && export SYNC_SERVER_URL
  trap 'scripts/pouchdb_server.sh stop "$LOGDIR/pouchdb-server"' EXIT
  # Playwright starts scripts/serve.py on this port (see playwright.config.ts).
  E2E_PORT="$(free_port)" CI=true run_stage "playwright e2e" npx playwright test
  scripts/pouchdb_server.sh stop "$LOGDIR/pouchdb-server"
else
  FAILED=$((FAILED + 1)); SUMMARY+=("FAIL  playwright e2e (not run: no release build)")
fi

echo; echo "=== summary (stages)"
printf '%s\n' "${SUMMARY[@]}"
echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
