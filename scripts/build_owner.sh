#!/usr/bin/env bash
# Builds the owner's bundle (src/bin/owner.rs: owner-only screens, loaded on demand by the
# counter, see src/app/owner_bundle.rs) into OUT_DIR (default dist/): owner-<hash>.js and
# owner-<hash>_bg.wasm, and names them in OUT_DIR/index.html as
# <meta name="mohar-owner-bundle" content="owner-<hash>">, which the counter's loader reads.
#     scripts/build_owner.sh [OUT_DIR]
# Run by Trunk's post-build hook (scripts/post_build.sh), always as a release build without
# features: the production owner's bundle, also in the benchmark's build.
# Needs what scripts/build_widget.sh needs. Respects CARGO_TARGET_DIR and CARGO_BUILD_JOBS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
OUT="${1:-dist}"

cargo build --release --target wasm32-unknown-unknown --bin mohar-owner
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
WASM="$TARGET_DIR/wasm32-unknown-unknown/release/mohar-owner.wasm"

WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$WORK" --out-name owner "$WASM"
# wasm-bindgen writes out every snippet of the library (the counter's loader among them), but
# the owner's bundle must import none: they would not be copied.
if grep -q "snippets/" "$WORK/owner.js"; then
  echo "build_owner.sh: the owner's bundle imports JS snippets, which this script does not copy" >&2
  exit 1
fi
# The same passes as the counter's bundle (index.html: data-wasm-opt="z" and its params), with
# the features rustc enables by default for wasm32-unknown-unknown.
wasm-opt -Oz --flatten --rereloop -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$WORK/owner_bg.opt.wasm" "$WORK/owner_bg.wasm"

HASH="$(cat "$WORK/owner.js" "$WORK/owner_bg.opt.wasm" | sha256sum | cut -c1-16)"
NAME="owner-$HASH"
cp "$WORK/owner.js" "$OUT/$NAME.js"
cp "$WORK/owner_bg.opt.wasm" "$OUT/${NAME}_bg.wasm"
python3 - "$OUT/index.html" "$NAME" <<'PY'
import re, sys
path, name = sys.argv[1], sys.argv[2]
html = open(path, encoding="utf-8").read()
html = re.sub(r'\s*<meta name="mohar-owner-bundle"[^>]*>', "", html)
html, count = re.subn(r"</head>", f'  <meta name="mohar-owner-bundle" content="{name}" />\n  </head>', html, count=1)
if count != 1:
    sys.exit(f"build_owner.sh: no </head> in {path}")
open(path, "w", encoding="utf-8").write(html)
PY
echo "build_owner.sh: $NAME ($(gzip -9c "$OUT/${NAME}_bg.wasm" | wc -c) bytes of wasm gzipped)"
