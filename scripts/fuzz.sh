#!/usr/bin/env bash
# Fuzzes every reader of outside input (crates/fuzz: card tokens and links, the search-index
# snapshot, stored events, customer and shop records, phones, amounts, dates, backup files and
# CSV files to import) for SECONDS each
# (default 30) and prints per target the inputs run and the crashes, then a total. Exits non-zero
# if any input panicked, printing each distinct crash with its input in hex.
#     scripts/fuzz.sh [SECONDS_PER_TARGET] [--target NAME] [--seed N]
#     scripts/fuzz.sh --repro NAME HEX      # run one crashing input with the panic shown
# Runs on stable Rust (no cargo-fuzz): a mutation fuzzer that catches panics with catch_unwind.
# Built in the dev profile (unwinding panics, overflow checks on), sharing the test build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != --* && -n "${1:-}" ]]; then SECONDS_ARG="$1"; shift; else SECONDS_ARG=30; fi
if [[ "${1:-}" == "--repro" ]]; then exec cargo run --quiet -p mohar-fuzz -- "$@"; fi
exec cargo run --quiet -p mohar-fuzz -- "$SECONDS_ARG" "$@"
