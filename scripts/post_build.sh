#!/usr/bin/env bash
# Trunk post-build hook: adds the website widget and the card page (card/) and the owner's
# bundle to the build, minifies the bundles' glue and the stylesheet (release builds), sends old
# card links from index.html to card/ (scripts/card_route.py), moves Trunk's inline loader
# script into a file and writes the Content Security Policy into index.html (scripts/csp.py),
# then writes the service worker's precache list over the final files (every bundle of the
# counter among them). One script, so they run in this order.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build_widget.sh "$TRUNK_STAGING_DIR"
# The on-demand bundles (the owner's screens; the customer screen's panels), named in the staged index.html.
scripts/build_owner.sh "$TRUNK_STAGING_DIR"
# Release builds: every bundle's JavaScript glue and the stylesheet minified (esbuild), their
# integrity hashes in index.html written again.
python3 scripts/minify_assets.py
# Card links of the old format: index.html sends them to card/ before loading the counter.
python3 scripts/card_route.py
python3 scripts/csp.py
python3 scripts/sw_precache.py
