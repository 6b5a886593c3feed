#!/usr/bin/env python3
"""The app's Content Security Policy, and the build step that makes index.html meet it.

Trunk loads the wasm with an inline module script (`import init … from './mohar-<hash>.js'`).
Its text changes with every build (the file names carry content hashes), so allowing it by hash
would make the policy change with every build too, and a host's header could never be written
down once. Instead, run as a Trunk post_build hook, this moves every inline script of the staged
index.html into a file of its own (`start-<hash>.js`, loaded with `integrity`), so the page has
no inline script at all and the policy is one constant string, the same for the `<meta>` tag
written into index.html (a static host may not let you set headers; the service worker's cached
copy keeps it offline too) and for the header that scripts/serve.py sends (README, Deploy).

    python3 scripts/csp.py            # in a Trunk hook: rewrites $TRUNK_STAGING_DIR/index.html
    python3 scripts/csp.py --print    # prints the header value
"""
import hashlib
import os
import re
import sys

import sri

# Why each directive is what it is:
# - script-src 'self' 'wasm-unsafe-eval': the app's own files only; wasm may be compiled (the one
#   kind of eval allowed); no 'unsafe-inline', no 'unsafe-eval', no hashes (there is no inline
#   script left).
# - style-src 'self': the stylesheet only. No 'unsafe-inline': the app sets no style attribute in
#   markup; its one dynamic width is set through the CSSOM (Leptos `style:width`), which CSP does
#   not restrict. A style attribute or <style> element injected into the page is refused.
# - img-src 'self': icons; the QR code is inline SVG markup drawn by the app.
# - connect-src 'self' https: http://127.0.0.1:* http://localhost:*: the wasm and the service
#   worker's precache, and sync (issue 14), which talks to the shop's own CouchDB server, whose
#   address the owner types: any https server, or plain http on this machine (a CouchDB on
#   loopback, the tests' PouchDB Server). A server elsewhere on the shop's network needs https,
#   as an https page may not call http anyway.
# - object-src 'none', base-uri 'none': no plugins; no <base> that would re-point relative URLs.
# - form-action 'self': the forms are handled by the app and never submitted elsewhere.
POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
])
# frame-ancestors (no framing of the counter by another site) only works as a header.
HEADER = POLICY + "; frame-ancestors 'none'"

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


def externalize_scripts(html, out_dir):
    """Moves every inline script into start-<hash>.js beside index.html; returns the new html."""

    def move(match):
        attributes, body = match.group(1), match.group(2)
        data = body.encode()
        name = f"start-{hashlib.sha256(data).hexdigest()[:16]}.js"
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
        integrity = sri.integrity(data)
        return f'<script{attributes} src="./{name}" integrity="{integrity}"></script>'

    return INLINE_SCRIPT.sub(move, html)


def apply(index_path):
    with open(index_path, encoding="utf-8") as f:
        html = f.read()
    html = externalize_scripts(html, os.path.dirname(index_path))
    if INLINE_SCRIPT.search(html) or EVENT_HANDLER.search(html):
        sys.exit(f"csp.py: {index_path} still has inline script, which the policy refuses")
    if "Content-Security-Policy" in html:
        sys.exit(f"csp.py: {index_path} already has a policy")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{POLICY}" />'
    html, count = CHARSET.subn(lambda m: m.group(0) + meta, html, count=1)
    if count != 1:
        sys.exit(f"csp.py: no <meta charset> in {index_path} to put the policy after")
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp.py: {index_path}: no inline script; policy in <meta>")


def main():
    if sys.argv[1:] == ["--print"]:
        print(HEADER)
        return
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        sys.exit("csp.py: TRUNK_STAGING_DIR is not set; run it from a Trunk hook (or use --print)")
    apply(os.path.join(staging, "index.html"))


if __name__ == "__main__":
    main()
