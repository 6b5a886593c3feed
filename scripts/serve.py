#!/usr/bin/env python3
"""Static file server for dist/ with the MIME types and cache headers a PWA needs.

python3 -m http.server alone is not enough: depending on the machine's /etc/mime.types it may
serve .wasm without application/wasm (breaking WebAssembly.instantiateStreaming) and
.webmanifest as application/octet-stream; and sw.js/index.html must be revalidated on every
request so that a new build is noticed. Every response carries the app's Content Security
Policy (scripts/csp.py).
    python3 scripts/serve.py [--dir dist] [--host 127.0.0.1] [--port 8080] [--quiet]
"""
import argparse
import functools
import http.server
import sys

import csp  # scripts/csp.py: the one definition of the policy

NO_CACHE = {"sw.js", "index.html", "", "manifest.webmanifest"}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".webmanifest": "application/manifest+json",
        ".js": "text/javascript",
        ".css": "text/css",
        ".png": "image/png",
        ".json": "application/json",
    }
    quiet = False
    isolated = False

    def end_headers(self):
        name = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
        if name in NO_CACHE:
            self.send_header("Cache-Control", "no-cache")
        # The same policy as the <meta> tag in index.html, plus what only a header can say
        # (frame-ancestors). On every response: the service worker script is governed by it too.
        self.send_header("Content-Security-Policy", csp.HEADER)
        if self.isolated:
            # Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs,
            # which the benchmark needs to time millisecond-long commits.
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def log_message(self, fmt, *args):
        if not self.quiet:
            super().log_message(fmt, *args)


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that went away mid-response (the kill test SIGKILLs it) is not an error.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="dist")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--isolated", action="store_true", help="send COOP/COEP headers (benchmark)")
    args = parser.parse_args()
    Handler.quiet = args.quiet
    Handler.isolated = args.isolated
    handler = functools.partial(Handler, directory=args.dir)
    with Server((args.host, args.port), handler) as httpd:
        print(f"Serving {args.dir}/ at http://{args.host}:{args.port}/", flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
