#!/usr/bin/env python3
"""Packages the customer-facing card code: the website widget and the card page.

    package.py GLUE_JS WASM EMBED_JS WEB_DIR OUT_DIR

writes into OUT_DIR:
- verifier-<hash>.js: the wasm verifier (crates/widget), the wasm-bindgen `no-modules` glue
  wrapped so it defines no global, with the wasm inlined as base64 (a classic <script> may load
  cross-origin, a fetch() of a .wasm or an import() of an ES module may not without CORS
  headers). Loaded only by browsers whose WebCrypto has no Ed25519, by the widget and the card
  page alike (web/core.js);
- widget-<hash>.js: web/core.js + web/widget.js, loaded by embed.js when the widget is needed;
- embed.js: the loader a shop pastes, with the widget's file name filled in;
- card/: the customer's card page: index.html (with the app's Content Security Policy from
  scripts/csp.py), card-<hash>.js (web/core.js + web/page.js), card-<hash>.css, icon.svg and its
  own service worker sw.js with this build's file list.
Comments and indentation are stripped from the hand-written JavaScript (only whole-line //
comments and a leading /* */ block exist in those files, and no multi-line strings). Prints the
files written.
"""
import base64
import hashlib
import json
import pathlib
import re
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "scripts"))
from csp import POLICY  # noqa: E402  (the one policy of the app, for the card page's <meta>)

glue_path, wasm_path, embed_path, web_dir, out_dir = sys.argv[1:6]
web = pathlib.Path(web_dir)
out = pathlib.Path(out_dir)


def short_hash(data):
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()[:12]


def strip(source):
    source = re.sub(r"\A/\*.*?\*/\n", "", source, flags=re.S)  # the header comment
    lines = [line.strip() for line in source.splitlines()]
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def wrap(*parts):
    return "(function(){\n" + "".join(parts) + "})();\n"


glue = pathlib.Path(glue_path).read_text()
if "let wasm_bindgen" not in glue:
    sys.exit("package.py: unexpected wasm-bindgen glue (expected --target no-modules)")
wasm = pathlib.Path(wasm_path).read_bytes()
verifier = wrap(
    glue, "\n",
    'var b=atob("' + base64.b64encode(wasm).decode() + '"),u=new Uint8Array(b.length);',
    "for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);",
    "wasm_bindgen({module_or_path:u}).then(function(){window.__mohar.v(wasm_bindgen)});\n",
)
verifier_name = f"verifier-{short_hash(verifier)}.js"

core = strip((web / "core.js").read_text())
if "__VERIFIER__" not in core:
    sys.exit("package.py: web/core.js has no __VERIFIER__ placeholder")
widget = wrap(core.replace("__VERIFIER__", verifier_name), strip((web / "widget.js").read_text()))
widget_name = f"widget-{short_hash(widget)}.js"

embed = strip(pathlib.Path(embed_path).read_text())
if "__WIDGET__" not in embed:
    sys.exit("package.py: embed.js has no __WIDGET__ placeholder")
embed = "/* Mohar rewards widget */\n" + embed.replace("__WIDGET__", widget_name)

page_js = wrap(core.replace("__VERIFIER__", "../" + verifier_name), strip((web / "page.js").read_text()))
page_js_name = f"card-{short_hash(page_js)}.js"
css = (web / "card.css").read_text()
css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
css = "\n".join(line.strip() for line in css.splitlines() if line.strip()) + "\n"
css_name = f"card-{short_hash(css)}.css"
html = (web / "card.html").read_text()
for placeholder, value in [("__CSP__", POLICY), ("__CSS__", css_name), ("__JS__", page_js_name)]:
    if placeholder not in html:
        sys.exit(f"package.py: web/card.html has no {placeholder}")
    html = html.replace(placeholder, value)
icon = (web / "icon.svg").read_text()
card_files = {"index.html": html, page_js_name: page_js, css_name: css, "icon.svg": icon}
digest = hashlib.sha256()
for name in sorted(card_files):
    digest.update(name.encode() + b"\0" + card_files[name].encode())
digest.update(verifier_name.encode())
precache = {"cache": "mohar-card-" + digest.hexdigest()[:16], "files": sorted(card_files), "verifier": "../" + verifier_name}
sw = (web / "card-sw.js").read_text()
sw, count = re.subn(r"/\*__CARD_PRECACHE__\*/.*?;\s*$", lambda _m: f"/*__CARD_PRECACHE__*/ {json.dumps(precache)};", sw, flags=re.M)
if count != 1:
    sys.exit("package.py: web/card-sw.js has no __CARD_PRECACHE__ line")
card_files["sw.js"] = sw

out.mkdir(parents=True, exist_ok=True)
for old in [*out.glob("widget-*.js"), *out.glob("verifier-*.js")]:
    old.unlink()
shutil.rmtree(out / "card", ignore_errors=True)
(out / "card").mkdir()
written = {verifier_name: verifier, widget_name: widget, "embed.js": embed}
written.update({"card/" + name: text for name, text in card_files.items()})
for name, text in written.items():
    (out / name).write_text(text)
    print(out / name)
