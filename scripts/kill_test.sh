#!/usr/bin/env bash
# Kill test, benchmark-style: CYCLES times (default 100) add a stamp, SIGKILL Chromium the moment
# the screen acknowledges it, start it again on the same profile and check the stamp is there
# (tests/e2e/kill.spec.ts, which the e2e suite runs with 10 cycles). Prints "N/CYCLES survived".
#     scripts/kill_test.sh [CYCLES]        # SKIP_BUILD=1 to use the dist/ already built
set -euo pipefail
cd "$(dirname "$0")/.."
CYCLES="${1:-100}"
./scripts/setup.sh >/dev/null
source scripts/env.sh
[[ "${SKIP_BUILD:-}" == 1 ]] || scripts/build.sh
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
LOG="$(mktemp)"; trap 'rm -f "$LOG"' EXIT
status=0
E2E_PORT="$PORT" CI=true KILL_CYCLES="$CYCLES" npx playwright test tests/e2e/kill.spec.ts 2>&1 | tee "$LOG" || status=$?
grep -E '^[0-9]+/[0-9]+ survived$' "$LOG" | tail -n1 || echo "0/$CYCLES survived (the run stopped early: see above)"
exit $status
