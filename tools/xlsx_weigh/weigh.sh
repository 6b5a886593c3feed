#!/usr/bin/env bash
# Builds the harness with and without calamine, as Mohar's bundles are built, and prints gzip -9 sizes.
set -euo pipefail
cd "$(dirname "$0")"
source ../../scripts/env.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/xlsx-weigh-target}"
for variant in base xlsx; do
  features=""; [ "$variant" = xlsx ] && features="--features xlsx"
  cargo build --release --target wasm32-unknown-unknown $features
  OUT="${OUT:-/tmp/xlsx-weigh-out}"; rm -rf "$OUT/$variant"; mkdir -p "$OUT/$variant"
  wasm-bindgen --target web --no-typescript --out-dir "$OUT/$variant" "$CARGO_TARGET_DIR"/wasm32-unknown-unknown/release/xlsx_weigh.wasm
  wasm-opt -Oz --flatten --rereloop -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue -o "$OUT/$variant"/opt.wasm "$OUT/$variant"/xlsx_weigh_bg.wasm
  echo "$variant raw $(wc -c < "$OUT/$variant"/opt.wasm) gz $(gzip -9 < "$OUT/$variant"/opt.wasm | wc -c)"
done
