#!/usr/bin/env python3
"""Remakes the gray+alpha PNG fixtures of TransparencyTests (standard library only):
  python3 Tests/DigitImageTests/Fixtures/make-png-fixtures.py
- light-7-on-clear.png: a white 7 (a bar and a stroke, 12 px wide) on a fully transparent
  96×96 canvas, as a drawing program exports a white pen on a clear layer.
- light-7-on-clear-16-adam7.png: the same, 16-bit and Adam7-interlaced (another decode path).
- dark-7-on-clear.png: a black 7 on a clear canvas: stays on white.
- sheet-with-clear-margins.png: an opaque light sheet (gray 230) with a dark 7 on it, inside
  8 px clear margins: mostly opaque, so it stays on white."""
import os, struct, zlib

def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)

def png_la(path, w, h, pixel):
    raw = b"".join(b"\0" + b"".join(bytes(pixel(x, y)) for x in range(w)) for y in range(h))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 4, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)

# Adam7 passes: (x0, y0, dx, dy).
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

def png_la16_adam7(path, w, h, pixel):
    """16-bit gray + alpha, interlaced; `pixel` gives 8-bit values, scaled to 16 bits."""
    raw = b""
    for x0, y0, dx, dy in ADAM7:
        xs, ys = range(x0, w, dx), range(y0, h, dy)
        if not xs or not ys:
            continue
        for y in ys:
            raw += b"\0" + b"".join(struct.pack(">HH", *(257 * v for v in pixel(x, y))) for x in xs)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 4, 0, 0, 1))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)

def seven(x, y, s=1.0, ox=0, oy=0):
    x, y = (x - ox) / s, (y - oy) / s
    bar = 20 <= y <= 32 and 22 <= x <= 74
    # the stroke from (74, 26) down to (40, 84), 12 px wide
    t = (y - 26) / 58
    stem = 0 <= t <= 1 and abs(x - (74 - 34 * t)) <= 6
    return bar or stem

here = os.path.dirname(os.path.abspath(__file__))
png_la(os.path.join(here, "light-7-on-clear.png"), 96, 96, lambda x, y: (255, 255) if seven(x, y) else (0, 0))
png_la16_adam7(os.path.join(here, "light-7-on-clear-16-adam7.png"), 96, 96, lambda x, y: (255, 255) if seven(x, y) else (0, 0))
png_la(os.path.join(here, "dark-7-on-clear.png"), 96, 96, lambda x, y: (0, 255) if seven(x, y) else (0, 0))
png_la(os.path.join(here, "sheet-with-clear-margins.png"), 96, 96,
       lambda x, y: (0, 0) if min(x, y, 95 - x, 95 - y) < 8 else ((30, 255) if seven(x, y, 0.8, 10, 10) else (230, 255)))
