#!/usr/bin/env bash
# Builds the on-demand bundles, each a wasm-bindgen module the counter loads the first time one
# of its parts is opened (src/app/owner_bundle.rs), into OUT_DIR (default dist/):
#   owner   src/bin/owner.rs   owner-only screens (Settings, the dashboard, messages, sync, …)
#   panels  src/bin/panels.rs  the customer screen's less-used panels (customer_panels.rs)
# as NAME-<hash>.js and NAME-<hash>_bg.wasm, and names each in OUT_DIR/index.html as
# <meta name="mohar-NAME-bundle" content="NAME-<hash>">, which the counter's loader reads; a
# bundle's stylesheet style/NAME.css (the owner's) likewise, as NAME-<hash>.css.
#     scripts/build_owner.sh [OUT_DIR]
# Run by Trunk's post-build hook (scripts/post_build.sh), always as a release build without
# features: the production bundles, also in the benchmark's build. A new bundle: a binary in
# Cargo.toml and a line in BUNDLES.
# Needs what scripts/build_widget.sh needs. Respects CARGO_TARGET_DIR and CARGO_BUILD_JOBS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Always a release build: with the release build's size settings (std built with it, panics that
# trap at once), whoever calls it.
source scripts/wasm_release_env.sh
OUT="${1:-dist}"
# name:binary
BUNDLES=(owner:mohar-owner panels:mohar-panels)

BINS=()
for bundle in "${BUNDLES[@]}"; do BINS+=(--bin "${bundle#*:}"); done
# One cargo run for all of them: the library is compiled once and the links run side by side.
cargo build --release --target wasm32-unknown-unknown "${BINS[@]}"
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"

WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
for bundle in "${BUNDLES[@]}"; do
  BASE="${bundle%%:*}"
  WASM="$TARGET_DIR/wasm32-unknown-unknown/release/${bundle#*:}.wasm"
  wasm-bindgen --target web --no-typescript --out-dir "$WORK" --out-name "$BASE" "$WASM"
  # wasm-bindgen writes out every snippet of the library; a bundle imports those its code calls
  # (the hot write's src/store/indexed_db/hot_write.js: the owner's saves commit through it
  # too). They are the library's files under the library's snippet folder, the same paths as
  # the counter's, so the bundle shares the counter's copy (one module, one precache entry); a
  # snippet the counter does not import is copied. One that differs from the counter's would
  # mean two builds of the library: refused.
  for SNIPPET in $(grep -o "snippets/[^'\"]*\.js" "$WORK/$BASE.js" | sort -u); do
    if [[ ! -f "$OUT/$SNIPPET" ]]; then
      mkdir -p "$(dirname "$OUT/$SNIPPET")"
      cp "$WORK/$SNIPPET" "$OUT/$SNIPPET"
    elif ! cmp -s "$WORK/$SNIPPET" "$OUT/$SNIPPET"; then
      echo "build_owner.sh: the $BASE bundle's $SNIPPET differs from the counter's" >&2
      exit 1
    fi
  done
  # The same passes as the counter's bundle (index.html: data-wasm-opt="z" and its params), with
  # the features rustc enables by default for wasm32-unknown-unknown.
  wasm-opt -Oz --flatten --rereloop -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$WORK/${BASE}_bg.opt.wasm" "$WORK/${BASE}_bg.wasm"

  HASH="$(cat "$WORK/$BASE.js" "$WORK/${BASE}_bg.opt.wasm" | sha256sum | cut -c1-16)"
  NAME="$BASE-$HASH"
  cp "$WORK/$BASE.js" "$OUT/$NAME.js"
  cp "$WORK/${BASE}_bg.opt.wasm" "$OUT/${NAME}_bg.wasm"
  python3 - "$OUT/index.html" "$BASE" "$NAME" <<'PY'
import re, sys
path, base, name = sys.argv[1], sys.argv[2], sys.argv[3]
html = open(path, encoding="utf-8").read()
html = re.sub(rf'\s*<meta name="mohar-{base}-bundle"[^>]*>', "", html)
html, count = re.subn(r"</head>", f'  <meta name="mohar-{base}-bundle" content="{name}" />\n  </head>', html, count=1)
if count != 1:
    sys.exit(f"build_owner.sh: no </head> in {path}")
open(path, "w", encoding="utf-8").write(html)
PY
  echo "build_owner.sh: $NAME ($(gzip -9c "$OUT/${NAME}_bg.wasm" | wc -c) bytes of wasm gzipped)"

  # A bundle's own stylesheet, style/NAME.css if there is one (the owner's screens' rules, kept
  # out of the counter's first load): copied as NAME-<hash>.css and named in index.html by
  # <meta name="mohar-NAME-stylesheet" content="./NAME-<hash>.css" data-integrity="sha384-…">;
  # the loader applies it before the bundle mounts anything (src/app/owner_bundle.js).
  # minify_assets.py minifies it in release builds and writes its integrity again.
  if [[ -f "style/$BASE.css" ]]; then
    STYLE="$BASE-$(sha256sum "style/$BASE.css" | cut -c1-16).css"
    cp "style/$BASE.css" "$OUT/$STYLE"
    python3 - "$OUT/index.html" "$BASE" "$OUT/$STYLE" <<'PY'
import os, re, sys
sys.path.insert(0, "scripts")
import sri
path, base, style = sys.argv[1], sys.argv[2], sys.argv[3]
with open(style, "rb") as f:
    integrity = sri.integrity(f.read())
html = open(path, encoding="utf-8").read()
html = re.sub(rf'\s*<meta name="mohar-{base}-stylesheet"[^>]*>', "", html)
tag = f'<meta name="mohar-{base}-stylesheet" content="./{os.path.basename(style)}" data-integrity="{integrity}" />'
html, count = re.subn(r"</head>", f"  {tag}\n  </head>", html, count=1)
if count != 1:
    sys.exit(f"build_owner.sh: no </head> in {path}")
open(path, "w", encoding="utf-8").write(html)
PY
    echo "build_owner.sh: $STYLE ($(gzip -9c "$OUT/$STYLE" | wc -c) bytes gzipped before minifying)"
  fi
done
