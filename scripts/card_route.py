#!/usr/bin/env python3
"""Trunk post_build hook (before csp.py): card links of the old format open the card page
without downloading the counter, and the counter starts as fast as before.

Card links used to point at the app itself (`<app>/?shop=<key>#mohar=<token>`, also with
`index.html`); they now point at the card page (`<app>/card/?shop=…`), a separate small entry
(crates/widget/tools/package.py). Links already sent on WhatsApp must keep working, and must not
cost the customer the counter's wasm. Trunk's index.html preloads the wasm and its glue
(`<link rel="modulepreload">`, `<link rel="preload" as="fetch">`) and starts them with an inline
module script that imports the glue statically. This step
- moves the two preloads out of the HTML into `route-<hash>.js`, a small classic script that runs
  first in <head>: a card link (a `mohar=` fragment that is not an app route `#/…`) or a card
  page address that lost its fragment (`?shop=`) goes to `card/` with `location.replace`; any
  other address gets the preloads back at once, so the wasm download starts as early as before;
- guards Trunk's loader with the same test (it imports the glue only for the counter), so no
  wasm is fetched for a card link even if the loader runs before the page is left.
csp.py then moves the loader into a file as before, and puts the policy before both scripts.
"""
import hashlib
import json
import os
import re
import sys

import sri

IMPORT = re.compile(r"import init, \* as bindings from '(\./mohar-[0-9a-f]+\.js)';\s*")
INIT = re.compile(r"init\(\{ module_or_path: '(\./mohar-[0-9a-f]+_bg\.wasm)' \}\)")
PRELOADS = re.compile(r'<link rel="(?:modulepreload|preload)" href="\./mohar-[0-9a-f]+(?:\.js|_bg\.wasm)"[^>]*>')

CARD_LINK = "(/(?:^#|&)mohar=/.test(location.hash) && location.hash.indexOf('#/') != 0) || /[?&]shop=/.test(location.search)"

ROUTE_SCRIPT = """// Mohar: a card link, or a card page address without its card, opens the card page (card/)
// before anything of the counter is fetched; the counter gets its preloads (scripts/card_route.py).
(function () {
  if (CARD_LINK) {
    location.replace('card/' + location.search + location.hash);
  } else {
    document.head.insertAdjacentHTML('beforeend', PRELOADS);
  }
})();
"""

ROUTE = """// A card link (`#mohar=` not in an app route) or a card page address without its card
// (`?shop=`): the card page, before anything of the counter is downloaded.
// (route-<hash>.js has already left for card/; this only makes sure nothing more is fetched.)
if (CARD_LINK) {
  // Nothing: the page is on its way to card/.
} else {
const bindings = await import('{glue}');
const init = bindings.default;
"""


def apply(index_path):
    with open(index_path, encoding="utf-8") as f:
        html = f.read()
    found = PRELOADS.findall(html)
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
        start = ROUTE.replace("{glue}", glue.group(1)).replace("CARD_LINK", CARD_LINK)
        return f"<script{match.group(1)}>\n{start}{body.strip()}\n}}\n</script>"

    html, count = re.subn(r"<script([^>]*type=\"module\"[^>]*)>(.*?)</script>", rewrite, html, flags=re.S)
    if "const bindings = await import(" not in html:
        sys.exit(f"card_route.py: no Trunk loader script found in {index_path}")
    # The route script, first in <head> (csp.py puts the policy before it).
    route = ROUTE_SCRIPT.replace("CARD_LINK", CARD_LINK).replace("PRELOADS", json.dumps("".join(found))).encode()
    name = f"route-{hashlib.sha256(route).hexdigest()[:16]}.js"
    with open(os.path.join(os.path.dirname(index_path), name), "wb") as f:
        f.write(route)
    integrity = sri.integrity(route)
    tag = f'\n    <script src="./{name}" integrity="{integrity}"></script>'
    html, count = re.subn(r"<meta charset=[^>]*>", lambda m: m.group(0) + tag, html, count=1, flags=re.I)
    if count != 1:
        sys.exit(f"card_route.py: no <meta charset> in {index_path} to put the route script after")
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"card_route.py: {index_path}: card links go to card/ ({name}); the preloads only for the counter")


if __name__ == "__main__":
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        sys.exit("card_route.py: TRUNK_STAGING_DIR is not set; run it from a Trunk hook")
    apply(os.path.join(staging, "index.html"))
