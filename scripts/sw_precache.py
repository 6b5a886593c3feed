#!/usr/bin/env python3
"""Trunk post_build hook: give the service worker this build's precache list and cache name.

Trunk runs this after it has written everything to $TRUNK_STAGING_DIR and before it moves the
staging directory to dist/. We list every file there (except sw.js itself and source maps),
hash their paths and contents, and write both into the PRECACHE line of the staged sw.js.
"""
import hashlib
import json
import os
import re
import sys

MARKER = re.compile(r"/\*__MOHAR_PRECACHE__\*/.*?;\s*$", re.M)
CUSTOMER_FILE = re.compile(r"^(card/|embed\.js$|(widget|verifier)-[0-9a-f]+\.js$)")


def main():
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        sys.exit("sw_precache.py: TRUNK_STAGING_DIR is not set; run it from a Trunk hook")
    sw_path = os.path.join(staging, "sw.js")

    files = []
    for root, _dirs, names in os.walk(staging):
        for name in names:
            rel = os.path.relpath(os.path.join(root, name), staging).replace(os.sep, "/")
            # The customer-facing files are not the counter's: the card page (card/, with its own
            # worker), the widget (embed.js, widget-*.js) and the wasm verifier both may load.
            if rel != "sw.js" and not rel.endswith(".map") and not CUSTOMER_FILE.match(rel):
                files.append(rel)
    files.sort()

    digest = hashlib.sha256()
    for rel in files:
        digest.update(rel.encode() + b"\0")
        with open(os.path.join(staging, rel), "rb") as f:
            digest.update(hashlib.sha256(f.read()).digest())
    cache = "mohar-shell-" + digest.hexdigest()[:16]

    with open(sw_path, encoding="utf-8") as f:
        source = f.read()
    payload = json.dumps({"cache": cache, "files": files})
    source, count = MARKER.subn(lambda _m: f"/*__MOHAR_PRECACHE__*/ {payload};", source)
    if count != 1:
        sys.exit(f"sw_precache.py: expected one PRECACHE marker in {sw_path}, found {count}")
    with open(sw_path, "w", encoding="utf-8") as f:
        f.write(source)
    print(f"sw_precache.py: {cache} precaches {len(files)} files")


if __name__ == "__main__":
    main()
