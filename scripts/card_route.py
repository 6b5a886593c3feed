#!/usr/bin/env python3
"""Trunk post_build hook (before csp.py): card links of the old format open the card page
without downloading the counter.

Card links used to point at the app itself (`<app>/?shop=<key>#mohar=<token>`, also with
`index.html`); they now point at the card page (`<app>/card/?shop=…`), a separate small entry
(crates/widget/tools/package.py). Links already sent on WhatsApp must keep working, and must not
cost the customer the counter's wasm. Trunk's index.html preloads the wasm and its glue
(`<link rel="modulepreload">`, `<link rel="preload" as="fetch">`) and starts them with an inline
module script that imports the glue statically. This step removes the two preloads and rewrites
that script so that it first looks at the address: a card link (a `mohar=` fragment that is not
an app route `#/…`) or a card page address that lost its fragment (`?shop=`) goes to `card/` with
`location.replace`; anything else starts the counter, fetching the wasm at once and importing the
glue alongside it, as the preloads did. csp.py then moves the script into a file as before.
"""
import os
import re
import sys

IMPORT = re.compile(r"import init, \* as bindings from '(\./mohar-[0-9a-f]+\.js)';\s*")
INIT = re.compile(r"init\(\{ module_or_path: '(\./mohar-[0-9a-f]+_bg\.wasm)' \}\)")
PRELOADS = re.compile(r'<link rel="(?:modulepreload|preload)" href="\./mohar-[0-9a-f]+(?:\.js|_bg\.wasm)"[^>]*>')

ROUTE = """// A card link (`#mohar=` not in an app route) or a card page address without its card
// (`?shop=`): the card page, before anything of the counter is downloaded.
const moharHash = location.hash;
if ((/(?:^#|&)mohar=/.test(moharHash) && !moharHash.startsWith('#/')) || /[?&]shop=/.test(location.search)) {
  location.replace('card/' + location.search + moharHash);
} else {
const moharWasm = fetch('{wasm}');
const bindings = await import('{glue}');
const init = bindings.default;
"""


def apply(index_path):
    with open(index_path, encoding="utf-8") as f:
        html = f.read()
    html, preloads = PRELOADS.subn("", html)
    if preloads != 2:
        sys.exit(f"card_route.py: expected the wasm and glue preloads in {index_path}, found {preloads}")

    def rewrite(match):
        body = match.group(2)
        glue = IMPORT.search(body)
        wasm = INIT.search(body)
        if not glue or not wasm:
            return match.group(0)
        body = IMPORT.sub("", body, count=1)
        body = INIT.sub("init({ module_or_path: moharWasm })", body, count=1)
        start = ROUTE.replace("{wasm}", wasm.group(1)).replace("{glue}", glue.group(1))
        return f"<script{match.group(1)}>\n{start}{body.strip()}\n}}\n</script>"

    html, count = re.subn(r"<script([^>]*type=\"module\"[^>]*)>(.*?)</script>", rewrite, html, flags=re.S)
    if "moharWasm" not in html:
        sys.exit(f"card_route.py: no Trunk loader script found in {index_path}")
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"card_route.py: {index_path}: card links go to card/; no wasm preload")


if __name__ == "__main__":
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        sys.exit("card_route.py: TRUNK_STAGING_DIR is not set; run it from a Trunk hook")
    apply(os.path.join(staging, "index.html"))
