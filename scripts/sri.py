"""The Subresource Integrity value of a file's bytes (`integrity="sha384-…"`), one definition for
the post-build steps that write files index.html names: csp.py, card_route.py, minify_assets.py."""
import base64
import hashlib


def integrity(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
