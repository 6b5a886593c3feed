#!/usr/bin/env bash
# Starts or stops PouchDB Server (tools/pouchdb-server, installed by scripts/setup.sh) on a free
# loopback port, for the sync tests.
#
#   scripts/pouchdb_server.sh start [STATE_DIR]   prints the server's address (http://127.0.0.1:PORT)
#   scripts/pouchdb_server.sh stop [STATE_DIR]    stops the server this script started there
#
# STATE_DIR (default target/pouchdb-server) holds its pid file and log; it is in-memory, so
# stopping it forgets every database.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE="${2:-target/pouchdb-server}"
mkdir -p "$STATE"

case "${1:-}" in
  start)
    [[ -d tools/pouchdb-server/node_modules/express-pouchdb ]] || { echo "PouchDB Server missing: run scripts/setup.sh" >&2; exit 1; }
    node tools/pouchdb-server/server.js 0 >"$STATE/server.log" 2>&1 &
    echo $! >"$STATE/pid"
    for _ in $(seq 1 100); do
      if port=$(awk '/^listening / { print $2; exit }' "$STATE/server.log") && [[ -n "$port" ]]; then
        echo "http://127.0.0.1:$port"; exit 0
      fi
      kill -0 "$(cat "$STATE/pid")" 2>/dev/null || break
      sleep 0.1
    done
    echo "PouchDB Server did not start:" >&2; cat "$STATE/server.log" >&2; exit 1
    ;;
  stop)
    if [[ -f "$STATE/pid" ]]; then
      kill "$(cat "$STATE/pid")" 2>/dev/null || true
      rm -f "$STATE/pid"
    fi
    ;;
  *) echo "usage: $0 start|stop [STATE_DIR]" >&2; exit 2 ;;
esac
