#!/usr/bin/env python3
"""Draw Mohar's PWA icons (a red rubber-stamp circle with an "M") as PNG files, and the same
design as the SVG the browser tab shows (icon.svg, a tenth of the 192-pixel PNG's bytes on
every first load).

Only the standard library is used (zlib + struct), so the icons can be regenerated on any
machine with python3. The PNGs are committed; rerun this only to change the design:
    python3 scripts/make_icons.py public/icons
"""
import math
import os
import struct
import sys
import zlib

INK = (179, 38, 30)        # stamp red, same as theme_color in manifest.webmanifest
PAPER = (255, 248, 238)    # cream, same as background_color
SUBSAMPLES = 3             # 3x3 samples per pixel give smooth (anti-aliased) edges


def seg_dist(px, py, ax, ay, bx, by):
    """Distance from point P to segment AB; used to draw the thick strokes of the M."""
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


M_STROKES = [(-0.17, 0.17, -0.17, -0.16), (-0.17, -0.16, 0.0, 0.07),
             (0.0, 0.07, 0.17, -0.16), (0.17, -0.16, 0.17, 0.17)]


def sample(x, y, maskable):
    """Colour (r, g, b, a) at a point in [-0.5, 0.5]^2, centre at 0."""
    # Maskable icons must keep content in the central 80% circle and fill the whole square.
    scale = 0.78 if maskable else 1.0
    x, y = x / scale, y / scale
    r = math.hypot(x, y)
    if any(seg_dist(x, y, *s) < 0.045 for s in M_STROKES) and r < 0.36:
        return PAPER + (255,)
    if r < 0.36 or 0.40 < r < 0.46:
        return INK + (255,)
    if r <= 0.40:
        return PAPER + (255,)
    return INK + (255,) if maskable else (0, 0, 0, 0)


def render(size, maskable):
    rows = []
    n = SUBSAMPLES
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0 (none) for every scanline
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(n):
                for sx in range(n):
                    x = (px + (sx + 0.5) / n) / size - 0.5
                    y = (py + (sy + 0.5) / n) / size - 0.5
                    c = sample(x, y, maskable)
                    # Premultiply so transparent samples don't darken edges.
                    acc[0] += c[0] * c[3]
                    acc[1] += c[1] * c[3]
                    acc[2] += c[2] * c[3]
                    acc[3] += c[3]
            a = acc[3]
            if a:
                row += bytes((round(acc[0] / a), round(acc[1] / a), round(acc[2] / a), round(a / (n * n))))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, raw):
    """Encodes RGBA scanlines (each led by a filter byte) as a PNG. The icons use only a few
    dozen colours (two inks and their anti-aliased blends), so an indexed-colour PNG with a
    palette is written: about a quarter of the bytes of RGBA, for every install of the app."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    stride = 1 + size * 4
    palette, indices = {}, bytearray()
    for y in range(size):
        line = raw[y * stride + 1:(y + 1) * stride]
        indices.append(0)
        for x in range(size):
            colour = bytes(line[x * 4:x * 4 + 4])
            indices.append(palette.setdefault(colour, len(palette)))
    if len(palette) > 256:
        header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
        body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
    else:
        colours = sorted(palette, key=palette.get)
        header = struct.pack(">IIBBBBB", size, size, 8, 3, 0, 0, 0)  # 8-bit palette indices
        body = (chunk(b"IHDR", header)
                + chunk(b"PLTE", b"".join(c[:3] for c in colours))
                + chunk(b"tRNS", bytes(c[3] for c in colours))
                + chunk(b"IDAT", zlib.compress(bytes(indices), 9)))
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


def svg():
    """The design of `sample` (not maskable) as SVG, in a 100-unit square centred on 0: the ink
    ring from 40 to 46 % of the size, cream inside it, the ink disc to 36 %, and the M's strokes
    (4.5 % from their centre lines, so round caps and joins) in cream."""
    ink = "#%02x%02x%02x" % INK
    paper = "#%02x%02x%02x" % PAPER
    points = [M_STROKES[0][:2]] + [stroke[2:] for stroke in M_STROKES]
    path = "M" + " ".join("%g %g" % (round(x * 100, 1), round(y * 100, 1)) for x, y in points)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-50 -50 100 100">'
        f'<circle r="43" fill="{paper}" stroke="{ink}" stroke-width="6"/>'
        f'<circle r="36" fill="{ink}"/>'
        f'<path d="{path}" fill="none" stroke="{paper}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>'
        "</svg>\n"
    )


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "public/icons"
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "icon.svg"), "w") as f:
        f.write(svg())
    print("wrote", os.path.join(out, "icon.svg"))
    for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("icon-maskable-512.png", 512, True)]:
        with open(os.path.join(out, name), "wb") as f:
            f.write(png(size, render(size, maskable)))
        print("wrote", os.path.join(out, name))


if __name__ == "__main__":
    main()
