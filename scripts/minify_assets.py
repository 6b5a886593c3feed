#!/usr/bin/env python3
"""Trunk post_build hook step (release builds only, after build_owner.sh, before card_route.py):
minifies the JavaScript glue of every wasm-bindgen bundle (the counter's, the owner's, the
panels'), the library's JavaScript snippets (the bundle loader, the hot write) and the stylesheets (the
counter's main.css, the owner's screens' owner-<hash>.css that build_owner.sh copied), in the
staging directory, with esbuild (npm, package.json).

Why: the counter's first load has a budget (issue 15: 400 KB gzipped before search answers), and
wasm-bindgen writes its glue readable (70 KB raw for the counter, 10.9 KB gzipped) and Trunk
copies the stylesheet as written (7.8 KB gzipped). Minified: 8.5 and 5.6 KB, 4.7 KB less before
the counter answers, and 2.7 and 3.1 KB less for the panels' and the owner's bundles. Since the
owner's screens' rules moved to owner.css (issue 15), the counter's main.css is 4.2 KB gzipped
and owner.css 1.9. Trunk's own `--minify` leaves wasm-bindgen's glue as it is and also rewrites index.html, whose Trunk-made
tags card_route.py and csp.py read, so the minifying is done here and nothing else changes.

The files keep Trunk's names (the hash in a name is Trunk's, made from the text before; it still
changes whenever the text does). index.html's Subresource Integrity hashes of the files are
written again, so the browser accepts the minified text; card_route.py then carries the glue's
preload, integrity included, into its route script as before.
"""
import os
import re
import subprocess
import sys

import sri

GLUE = re.compile(r"^(mohar|owner|panels)-[0-9a-f]+\.js$")
STYLESHEET = re.compile(r"^(main|owner)-[0-9a-f]+\.css$")


def integrity(path):
    with open(path, "rb") as f:
        return sri.integrity(f.read())


def main():
    if os.environ.get("TRUNK_PROFILE") != "release":
        return
    staging = os.environ["TRUNK_STAGING_DIR"]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    esbuild = os.path.join(root, "node_modules", ".bin", "esbuild")
    if not os.path.exists(esbuild):
        sys.exit("minify_assets.py: esbuild is missing: run scripts/setup.sh (npm ci)")
    names = sorted(name for name in os.listdir(staging) if GLUE.match(name) or STYLESHEET.match(name))
    if not any(GLUE.match(name) for name in names) or "main" not in {name.split("-")[0] for name in names if STYLESHEET.match(name)}:
        sys.exit(f"minify_assets.py: expected the glue and the stylesheet in {staging}, found {names}")
    # The library's JavaScript snippets wasm-bindgen copies beside the counter's glue (the bundle
    # loader, src/app/owner_bundle.js; the hot write, src/store/indexed_db/hot_write.js), also in
    # the counter's first load.
    for folder, _dirs, files in os.walk(os.path.join(staging, "snippets")):
        names += sorted(os.path.relpath(os.path.join(folder, name), staging).replace(os.sep, "/") for name in files if name.endswith(".js"))
    for name in names:
        path = os.path.join(staging, name)
        before = os.path.getsize(path)
        subprocess.run([esbuild, path, "--minify", f"--outfile={path}", "--allow-overwrite", "--log-level=warning"], check=True)
        print(f"minify_assets.py: {name} {before} -> {os.path.getsize(path)} bytes")

    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    for name in names:
        # A tag naming the file (`href="./NAME"`, `src="./NAME"`, or the owner's stylesheet's
        # `<meta content="./NAME" data-integrity=…>`) and its integrity hash.
        tag = re.compile(r'(<[^>]*(?:href|src|content)="\./' + re.escape(name) + r'"[^>]*integrity=")sha384-[^"]*(")')
        html, count = tag.subn(lambda match: match.group(1) + integrity(os.path.join(staging, name)) + match.group(2), html)
        if GLUE.match(name) and name.startswith("mohar-") and count != 1:
            sys.exit(f"minify_assets.py: expected one tag with the integrity of {name} in index.html, found {count}")
        if STYLESHEET.match(name) and count != 1:
            sys.exit(f"minify_assets.py: expected one tag with the integrity of {name} in index.html, found {count}")
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)


if __name__ == "__main__":
    main()
