#!/usr/bin/env python3
"""Packages the built widget for any website, with no CORS needed on the app's host:

    package.py GLUE_JS WASM EMBED_JS OUT_DIR

writes OUT_DIR/widget-<hash>.js (the wasm-bindgen `no-modules` glue, wrapped so it defines no
global, with the wasm inlined as base64: a classic <script> may load cross-origin, a fetch() of
a .wasm or an import() of an ES module may not without CORS headers) and OUT_DIR/embed.js (the
loader with comments and indentation stripped and the widget's file name filled in).
Prints the two file names.
"""
import base64
import hashlib
import pathlib
import re
import sys

glue_path, wasm_path, embed_path, out_dir = sys.argv[1:5]
glue = pathlib.Path(glue_path).read_text()
wasm = pathlib.Path(wasm_path).read_bytes()
if "let wasm_bindgen" not in glue:
    sys.exit("package.py: unexpected wasm-bindgen glue (expected --target no-modules)")

widget = (
    "(function(){\n" + glue + "\n"
    + 'var b=atob("' + base64.b64encode(wasm).decode() + '"),u=new Uint8Array(b.length);'
    + "for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);"
    + "wasm_bindgen({module_or_path:u}).then(function(){window.__mohar.r(wasm_bindgen)});"
    + "})();\n"
)
name = "widget-" + hashlib.sha256(widget.encode()).hexdigest()[:12] + ".js"

embed = pathlib.Path(embed_path).read_text()
embed = re.sub(r"\A/\*.*?\*/\n", "", embed, flags=re.S)  # the header comment
lines = [line.strip() for line in embed.splitlines()]
# Only whole-line // comments exist in embed.js, and no multi-line strings, so this is safe.
embed = "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"
if "__WIDGET__" not in embed:
    sys.exit("package.py: embed.js has no __WIDGET__ placeholder")
embed = "/* Mohar rewards widget */\n" + embed.replace("__WIDGET__", name)

out = pathlib.Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
for old in out.glob("widget-*.js"):
    old.unlink()
(out / name).write_text(widget)
(out / "embed.js").write_text(embed)
print(out / "embed.js")
print(out / name)
