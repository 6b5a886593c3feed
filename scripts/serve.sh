#!/usr/bin/env bash
# Builds the release version of the app and serves it at http://127.0.0.1:8080 (PORT=... to
# change). Service workers only run on https or localhost, so open it via 127.0.0.1/localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
scripts/build.sh
exec python3 scripts/serve.py --dir dist --host 127.0.0.1 --port "${PORT:-8080}"
