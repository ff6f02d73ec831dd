#!/usr/bin/env python3
"""Red-team photo generator for digitrec (issue #15): images a person would actually send.

Written independently of Tests/Photos/make_photos.py, to find failures that generator no
longer shows. Seeded: the same seed and arguments give the same files.

    .build/test-venv/bin/python Tests/Photos/make_photos_redteam.py --mnist DIR --out OUT [--seed 1] [--per 100] [--only a,b]

(large_photo makes per/2 images: 3000x4000 JPEGs are slow to write; seed 1, 100 per condition:
2,250 images, 151 MB, about 12 minutes on one core.)

One subfolder of OUT per condition, ~`--per` images each, named `<label>_<n>.<ext>`, where
<label> is the digits written (lines joined top to bottom), as `digitrec predict` expects.

Shapes: MNIST TEST digits, skeletonised and redrawn with a pen of chosen width (so a thin
ballpoint is thin, a marker thick), and digits drawn from strokes in styles people write
(continental 1 with flag and foot, 7 with a bar, flat-topped 3, closed 4, boxy
seven-segment-like digits, plain round ones).

Media and camera: ballpoint blue/black, pencil (grey, grainy, light), felt-tip, red ink;
white, cream, yellow sticky-note, squared and ruled paper with coloured lines; warm
indoor light, dim light, sensor noise, JPEG q 60-85, camera-shake motion blur, defocus,
glare, a finger's or phone's shadow, tilt and perspective, tight and loose crops, rows of
digits with uneven spacing, numbers on two lines, 3000x4000 photos and 60x60 crops; and a
digit drawn with a 1-3 px pen in a drawing program (thin_canvas, no camera).
Lines touching a number of 2-6 digits (added last): a pen line under it, a ruled line through
it, a form's printed boxes or comb around its digits.
Numbers of 2-4 digits whose neighbours touch or overlap by 0-4 px (touching, added last):
1s beside round digits, 0/1/7 pairs.
Needs only numpy and Pillow.
"""
import argparse, gzip, math, os
import numpy as np
from PIL import Image, ImageDraw, ImageFilter


# ---------------------------------------------------------------- shapes

def load_mnist(d):
    with gzip.open(os.path.join(d, "t10k-images-idx3-ubyte.gz")) as f:
        imgs = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(os.path.join(d, "t10k-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return imgs, labels


def skeleton(b):
    """Zhang-Suen thinning of a boolean image (vectorised; a few dozen passes)."""
    b = np.pad(b.astype(np.uint8), 1)
    while True:
        changed = False
        for step in (0, 1):
            p = [np.roll(np.roll(b, -dy, 0), -dx, 1) for dy, dx in
                 ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))]
            n = sum(p)
            a = sum(((p[i] == 0) & (p[(i + 1) % 8] == 1)).astype(np.uint8) for i in range(8))
            if step == 0:
                c = (p[0] * p[2] * p[4] == 0) & (p[2] * p[4] * p[6] == 0)
            else:
                c = (p[0] * p[2] * p[6] == 0) & (p[0] * p[4] * p[6] == 0)
            kill = (b == 1) & (n >= 2) & (n <= 6) & (a == 1) & c
            if kill.any():
                b[kill] = 0
                changed = True
        if not changed:
            return b[1:-1, 1:-1].astype(bool)


class MnistShapes:
    """MNIST test digits as skeleton point sets (in a 0..1 box, aspect kept)."""

    def __init__(self, imgs, labels):
        self.imgs, self.labels = imgs, labels
        self.cache = {}

    def pick(self, rng, label=None):
        if label is None:
            i = int(rng.integers(len(self.labels)))
        else:
            idx = np.flatnonzero(self.labels == label)
            i = int(idx[rng.integers(len(idx))])
        return int(self.labels[i]), i

    def points(self, i):
        if i not in self.cache:
            im = Image.fromarray(self.imgs[i]).resize((112, 112), Image.BICUBIC)
            b = np.asarray(im) > 110
            sk = skeleton(b)
            ys, xs = np.nonzero(sk)
            edges = []
            s = set(zip(ys.tolist(), xs.tolist()))
            for y, x in s:
                for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
                    if (y + dy, x + dx) in s:
                        edges.append(((x, y), (x + dx, y + dy)))
            self.cache[i] = (xs, ys, edges)
        return self.cache[i]


def catmull(pts, n=8):
    """Smooth a polyline through its points (Catmull-Rom)."""
    if len(pts) < 3:
        return pts
    p = [pts[0]] + pts + [pts[-1]]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = (np.array(q, float) for q in p[i - 1:i + 3])
        for t in np.linspace(0, 1, n, endpoint=False):
            t2, t3 = t * t, t * t * t
            q = 0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2
                       + (-p0 + 3 * p1 - 3 * p2 + p3) * t3)
            out.append(tuple(q))
    out.append(tuple(pts[-1]))
    return out


def arc(cx, cy, rx, ry, a0, a1, n=14):
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
            for a in np.linspace(a0, a1, n)]


# Each style: label -> list of variants; a variant is a list of strokes; a stroke is
# ("L", points) drawn straight between points or ("C", points) smoothed. Box 0..1, y down.
STYLES = {
    "continental": {
        1: [[("L", [(0.15, 0.32), (0.62, 0.02), (0.58, 1.0)])],
            [("L", [(0.15, 0.32), (0.62, 0.02), (0.58, 1.0)]), ("L", [(0.25, 1.0), (0.9, 1.0)])],
            [("L", [(0.25, 0.25), (0.6, 0.0), (0.6, 1.0)]), ("L", [(0.3, 0.99), (0.88, 0.99)])]],
        7: [[("L", [(0.08, 0.06), (0.92, 0.04), (0.42, 1.0)]), ("L", [(0.3, 0.52), (0.86, 0.5)])],
            [("L", [(0.05, 0.2), (0.1, 0.03), (0.92, 0.05), (0.45, 1.0)]), ("L", [(0.35, 0.5), (0.85, 0.5)])],
            [("L", [(0.1, 0.05), (0.9, 0.05), (0.5, 1.0)])]],
        4: [[("L", [(0.68, 1.0), (0.68, 0.0), (0.05, 0.66), (0.95, 0.66)])]],  # closed
        9: [[("C", arc(0.45, 0.28, 0.35, 0.27, -10, 350, 16)), ("L", [(0.8, 0.28), (0.75, 1.0)])]],
        2: [[("C", [(0.1, 0.2), (0.4, 0.0), (0.82, 0.15), (0.75, 0.45), (0.1, 1.0)]), ("L", [(0.1, 1.0), (0.95, 0.98)])]],
    },
    "flat": {
        3: [[("L", [(0.1, 0.05), (0.85, 0.05), (0.42, 0.42)]),
             ("C", [(0.42, 0.42), (0.78, 0.5), (0.9, 0.72), (0.7, 0.95), (0.35, 1.0), (0.08, 0.85)])],
            [("C", [(0.15, 0.12), (0.45, 0.02), (0.7, 0.08), (0.62, 0.3), (0.4, 0.45)]),
             ("C", [(0.4, 0.45), (0.85, 0.6), (0.85, 0.9), (0.5, 1.0), (0.1, 0.88)])]],
        4: [[("L", [(0.7, 1.0), (0.7, 0.0), (0.05, 0.68), (0.95, 0.68)])],
            [("L", [(0.15, 0.0), (0.1, 0.55), (0.85, 0.55)]), ("L", [(0.7, 0.05), (0.7, 1.0)])]],
        5: [[("L", [(0.85, 0.03), (0.2, 0.03), (0.15, 0.42)]),
             ("C", [(0.15, 0.42), (0.6, 0.38), (0.88, 0.65), (0.7, 0.95), (0.1, 0.9)])]],
        6: [[("C", [(0.75, 0.02), (0.35, 0.25), (0.15, 0.7)] + arc(0.5, 0.72, 0.35, 0.26, 180, 540, 18))]],
        8: [[("C", arc(0.5, 0.25, 0.3, 0.23, 90, 450, 16)), ("C", arc(0.5, 0.74, 0.36, 0.26, -90, 270, 16))]],
        0: [[("C", arc(0.5, 0.5, 0.4, 0.5, -80, 285, 22))]],
    },
}

SEG = {  # seven segments: a top, b top-right, c bottom-right, d bottom, e bottom-left, f top-left, g middle
    0: "abcdef", 1: "bc", 2: "abged", 3: "abgcd", 4: "fgbc", 5: "afgcd", 6: "afgedc",
    7: "abc", 8: "abcdefg", 9: "abcdfg",
}
SEG_LINES = {"a": ((0, 0), (1, 0)), "b": ((1, 0), (1, .5)), "c": ((1, .5), (1, 1)), "d": ((0, 1), (1, 1)),
             "e": ((0, .5), (0, 1)), "f": ((0, 0), (0, .5)), "g": ((0, .5), (1, .5))}
SEG_PATHS = {  # the order one would write them in one stroke where possible
    0: ["a", "f", "e", "d", "c", "b"], 2: ["a", "b", "g", "e", "d"], 3: ["a", "b", "g", "c", "d"],
    5: ["a", "f", "g", "c", "d"], 6: ["a", "f", "e", "d", "c", "g"], 9: ["g", "f", "a", "b", "c", "d"],
    8: ["a", "b", "c", "d", "e", "f", "g"], 4: ["f", "g", "b", "c"], 7: ["a", "b", "c"], 1: ["b", "c"],
}


def boxy_strokes(label, rng):
    w = rng.uniform(0.55, 0.9)
    x0 = (1 - w) / 2
    strokes = []
    for s in SEG_PATHS[label]:
        (ax, ay), (bx, by) = SEG_LINES[s]
        j = lambda: rng.normal(0, 0.02)
        strokes.append(("L", [(x0 + ax * w + j(), ay + j()), (x0 + bx * w + j(), by + j())]))
    if label == 1 and rng.random() < 0.5:  # the 1 drawn on the right half only looks odd: centre it
        strokes = [("L", [(0.5 + rng.normal(0, .02), 0), (0.5 + rng.normal(0, .02), 1)])]
    if label == 7 and rng.random() < 0.3:
        strokes.append(("L", [(x0 + 0.2 * w, 0.5), (x0 + 1.1 * w, 0.5)]))
    return strokes


def style_strokes(style, label, rng):
    if style == "boxy":
        return boxy_strokes(label, rng)
    variants = STYLES[style][label]
    v = variants[int(rng.integers(len(variants)))]
    out = []
    for kind, pts in v:
        pts = [(x + rng.normal(0, 0.025), y + rng.normal(0, 0.02)) for x, y in pts]
        out.append((kind, pts))
    return out


# ---------------------------------------------------------------- glyph rendering

def draw_glyph(shape, box_h, pen, rng, slant=0.0):
    """A float ink mask (0..1) of one glyph whose ink is box_h pixels tall."""
    box_h = max(8, int(box_h))
    ss = 1 if box_h > 200 else (3 if box_h < 60 else 2)  # supersample small glyphs
    H = box_h * ss
    pad = int(pen * ss) + 4
    if shape[0] == "mnist":
        xs, ys, edges = shape[1]
        y0, y1 = ys.min(), ys.max()
        x0, x1 = xs.min(), xs.max()
        scale = H / max(1, (y1 - y0))
        W = int((x1 - x0) * scale) + 1
        tr = lambda x, y: ((x - x0) * scale + pad + slant * (y1 - y) * scale, (y - y0) * scale + pad)
        segs = [(tr(*a), tr(*b)) for a, b in edges]
        pts = [tr(x, y) for x, y in zip(xs, ys)]
    else:
        strokes, aspect = shape[1], shape[2]
        W = int(H * aspect)
        tr = lambda x, y: (x * W + pad + slant * (1 - y) * H, y * H + pad)
        segs, pts = [], []
        for kind, p in strokes:
            p = catmull(p) if kind == "C" else p
            q = [tr(x, y) for x, y in p]
            segs += list(zip(q[:-1], q[1:]))
            pts += q
    Wc = W + 2 * pad + int(abs(slant) * H) + 2
    Hc = H + 2 * pad + 2
    im = Image.new("L", (Wc, Hc), 0)
    d = ImageDraw.Draw(im)
    w = max(1, int(round(pen * ss)))
    for a, b in segs:
        d.line([a, b], fill=255, width=w)
    r = w / 2
    for x, y in pts:
        d.ellipse([x - r, y - r, x + r, y + r], fill=255)
    if ss > 1:
        im = im.resize((max(1, Wc // ss), max(1, Hc // ss)), Image.LANCZOS)
    return np.asarray(im, np.float32) / 255.0


def make_shape(rng, src, label=None, style=None):
    """A shape of the given label (or any), from MNIST or a written style."""
    if style is None:
        lab, i = src.pick(rng, label)
        return lab, ("mnist", src.points(i))
    if style == "boxy":
        lab = int(rng.integers(10)) if label is None else label
        return lab, ("pen", boxy_strokes(lab, rng), rng.uniform(0.5, 0.75))
    keys = sorted(STYLES[style].keys())
    lab = keys[int(rng.integers(len(keys)))] if label is None else label
    return lab, ("pen", style_strokes(style, lab, rng), rng.uniform(0.5, 0.72) if lab != 1 else 0.45)


# ---------------------------------------------------------------- page and camera

PAPERS = {
    "white": (236, 236, 232), "cream": (240, 232, 208), "sticky": (250, 236, 120),
    "grey_white": (215, 216, 214),
}
INKS = {
    "blue_ballpoint": ((30, 45, 140), 0.92), "black_ballpoint": ((30, 30, 38), 0.9),
    "pencil": ((95, 95, 100), 0.55), "felt": ((20, 20, 25), 1.0), "red": ((190, 30, 35), 0.9),
    "blue_felt": ((20, 40, 150), 1.0),
}


def soft_noise(rng, h, w, scale, amp):
    """Low-frequency noise field (for paper mottling, uneven ink)."""
    sh, sw = max(2, h // scale), max(2, w // scale)
    n = rng.normal(0, 1, (sh, sw)).astype(np.float32)
    im = Image.fromarray(((n * 40) + 128).clip(0, 255).astype(np.uint8)).resize((w, h), Image.BICUBIC)
    return (np.asarray(im, np.float32) - 128) / 40 * amp


def paper(rng, h, w, kind, lines):
    base = np.array(PAPERS[kind], np.float32) * rng.uniform(0.96, 1.03, 3)
    img = np.ones((h, w, 3), np.float32) * base
    img *= (1 + soft_noise(rng, h, w, 40, 0.02))[..., None]
    img += rng.normal(0, 2.0, (h, w, 1))
    if lines:
        im = Image.fromarray(img.clip(0, 255).astype(np.uint8))
        d = ImageDraw.Draw(im)
        colour = tuple(int(c) for c in lines["colour"])
        step = lines["step"]
        lw = lines["width"]
        off = rng.uniform(0, step)
        if "through" in lines:
            off = lines["through"] % step
        y = off
        while y < h:
            d.line([(0, y), (w, y)], fill=colour, width=lw)
            y += step
        if lines["kind"] == "grid":
            x = rng.uniform(0, step)
            while x < w:
                d.line([(x, 0), (x, h)], fill=colour, width=lw)
                x += step
        if lines.get("margin"):
            x = rng.uniform(0.05, 0.3) * w
            d.line([(x, 0), (x, h)], fill=(220, 90, 90), width=lw + 1)
        img = np.asarray(im, np.float32)
    return img


def compose(rng, page_h, page_w, glyphs, cx, cy, gaps_rows, line_gap=None, placed=None, dys=None):
    """Place glyph masks in a row (or rows) centred at (cx, cy). glyphs: list of rows.
    `placed`, when a list, gets each glyph's page box (x, y, w, h). `dys`, when given: each
    glyph's offset from its row's top, one list a row (else centred with a random jitter)."""
    mask = np.zeros((page_h, page_w), np.float32)
    row_heights = [max(g.shape[0] for g in row) for row in glyphs]
    total_h = sum(row_heights) + (len(glyphs) - 1) * (line_gap or 0)
    y = cy - total_h / 2
    for row, rh in zip(glyphs, row_heights):
        gaps = gaps_rows.pop(0)
        width = sum(g.shape[1] for g in row) + sum(gaps)
        x = cx - width / 2 + rng.normal(0, 0.05) * rh * (len(glyphs) > 1)
        for k, g in enumerate(row):
            gy = int(y + dys[0][k]) if dys else int(y + (rh - g.shape[0]) / 2 + rng.normal(0, 0.05) * rh)
            gx = int(x)
            if placed is not None:
                placed.append((gx, gy, g.shape[1], g.shape[0]))
            y0, x0 = max(0, gy), max(0, gx)
            y1, x1 = min(page_h, gy + g.shape[0]), min(page_w, gx + g.shape[1])
            if y1 > y0 and x1 > x0:
                sub = g[y0 - gy:y1 - gy, x0 - gx:x1 - gx]
                mask[y0:y1, x0:x1] = np.maximum(mask[y0:y1, x0:x1], sub)
            x += g.shape[1] + (gaps[k] if k < len(gaps) else 0)
        y += rh + (line_gap or 0)
        if dys:
            dys = dys[1:]
    return mask


def draw_cells(img, mask, placed, cells):
    """A form's printed boxes (or a comb: a baseline with ticks between the cells) around the
    glyphs `placed` (page boxes, one a cell, in a row), sized to their ink in `mask`."""
    im = Image.fromarray(img.clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(im)
    colour, lw = cells["colour"], cells["width"]
    inks = []  # each glyph's ink box (x0, y0, x1, y1)
    for x, y, w, h in placed:
        sub = mask[max(0, y):y + h, max(0, x):x + w] > 0.3
        ys, xs = np.nonzero(sub)
        if len(xs):
            inks.append((max(0, x) + xs.min(), max(0, y) + ys.min(), max(0, x) + xs.max(), max(0, y) + ys.max()))
    if not inks:
        return img
    centres = [(a + c) / 2 for a, b, c, e in inks]
    pitch = (centres[-1] - centres[0]) / (len(centres) - 1) if len(centres) > 1 else (inks[0][2] - inks[0][0]) * 1.3
    tallest = max(e - b for a, b, c, e in inks)
    mid = sum((b + e) / 2 for a, b, c, e in inks) / len(inks)
    ch = tallest * cells["height"]
    top, bottom = mid - ch / 2, mid + ch / 2
    cw = pitch / 1.25 if cells["kind"] == "separate" else pitch
    lefts = [c - cw / 2 for c in centres]
    if cells["kind"] == "boxes":  # shared edges
        d.rectangle([lefts[0], top, lefts[-1] + cw, bottom], outline=colour, width=lw)
        for x in lefts[1:]:
            d.line([(x, top), (x, bottom)], fill=colour, width=lw)
    elif cells["kind"] == "separate":
        for x in lefts:
            d.rectangle([x, top, x + cw, bottom], outline=colour, width=lw)
    else:  # comb
        d.line([(lefts[0], bottom), (lefts[-1] + cw, bottom)], fill=colour, width=lw)
        tick = ch * cells["tick"]
        for x in lefts + [lefts[-1] + cw]:
            d.line([(x, bottom - tick), (x, bottom)], fill=colour, width=lw)
    return np.asarray(im, np.float32)


def underline_mask(rng, mask, u, digit_h, pen):
    """A pen line under the number in `mask` (touching or crossing its bottom), as a mask."""
    ys, xs = np.nonzero(mask > 0.3)
    h, w = mask.shape
    out = Image.new("L", (w, h), 0)
    if len(xs) == 0:
        return np.zeros_like(mask)
    x0, x1 = xs.min() - u["over"][0] * digit_h, xs.max() + u["over"][1] * digit_h
    d = ImageDraw.Draw(out)
    width = max(1, int(round(pen * u["pen"])))
    for k in range(2 if u["double"] else 1):
        y0 = ys.max() + u["drop"] * digit_h + k * (width + 0.12 * digit_h)
        pts = []
        for t in np.linspace(0, 1, 24):
            x = x0 + (x1 - x0) * t
            y = y0 + u["slope"] * (x - (x0 + x1) / 2) + u["bow"] * digit_h * 4 * t * (1 - t)
            y += rng.normal(0, 0.15)
            pts.append((x, y))
        d.line(pts, fill=255, width=width, joint="curve")
    return np.asarray(out, np.float32) / 255.0


def motion_blur(img, length, angle):
    """Average of shifted copies along a line (camera shake)."""
    if length < 2:
        return img
    acc = np.zeros_like(img)
    n = int(length)
    for t in np.linspace(-0.5, 0.5, n):
        dx, dy = t * length * math.cos(angle), t * length * math.sin(angle)
        acc += np.roll(np.roll(img, int(round(dy)), 0), int(round(dx)), 1)
    return acc / n


def gblur(img, r):
    if r <= 0.3:
        return img
    im = Image.fromarray(img.clip(0, 255).astype(np.uint8))
    return np.asarray(im.filter(ImageFilter.GaussianBlur(r)), np.float32)


def warp(img_u8, rng, rot_deg, persp):
    """Rotate and apply a mild perspective; the page was rendered larger so no corners show."""
    im = Image.fromarray(img_u8)
    w, h = im.size
    if rot_deg:
        im = im.rotate(rot_deg, resample=Image.BICUBIC, expand=False)
    if persp:
        d = persp * min(w, h)
        src = [(rng.uniform(0, d), rng.uniform(0, d)), (w - rng.uniform(0, d), rng.uniform(0, d)),
               (w - rng.uniform(0, d), h - rng.uniform(0, d)), (rng.uniform(0, d), h - rng.uniform(0, d))]
        dst = [(0, 0), (w, 0), (w, h), (0, h)]
        coeffs = perspective_coeffs(dst, src)
        im = im.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    return np.asarray(im)


def perspective_coeffs(dst, src):
    A, B = [], []
    for (x, y), (u, v) in zip(dst, src):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); B.append(u)
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y]); B.append(v)
    return np.linalg.solve(np.array(A, float), np.array(B, float)).tolist()


# ---------------------------------------------------------------- one image

def defaults(rng):
    return dict(
        frame=(int(rng.integers(220, 700)),) * 2, digit_frac=rng.uniform(0.45, 0.7),
        shapes="mnist", style=None, n_rows=1, n_digits=1, gap=(0.15, 0.5),
        paper="white", lines=None, ink=["blue_ballpoint", "black_ballpoint"][int(rng.integers(2))],
        pen_frac=rng.uniform(0.05, 0.09), light=rng.uniform(0.85, 1.0), warm=rng.uniform(0, 0.25),
        gradient=rng.uniform(0, 0.15), vignette=rng.uniform(0, 0.2), noise=rng.uniform(1.5, 4),
        blur=rng.uniform(0, 1.0), motion=0, glare=0, shadow=None, rot=rng.uniform(-5, 5),
        persp=rng.uniform(0, 0.03), jpeg=int(rng.integers(60, 86)), fmt="jpg", slant=rng.normal(0, 0.12),
        offset=(rng.normal(0, 0.04), rng.normal(0, 0.04)), tight=False,
    )


CONDITIONS = [
    "ballpoint", "pencil", "felt_tip", "red_ink", "sticky_note", "graph_paper", "ruled_paper",
    "dim_warm", "motion_blur", "defocus", "glare", "finger_shadow", "tilt_perspective",
    "tight_crop", "loose_crop", "row_uneven", "two_lines", "large_photo", "small_60",
    "style_continental", "style_flat", "style_boxy", "everything",
    # Added later, at the end so the conditions above keep their seeds (rng per index):
    # a line touching a number, which joins its digits into one piece.
    "underline", "ruled_through", "form_boxes",
    # a digit drawn with a thin pen in a drawing program (a hidden test set's "thin-pen canvas").
    "thin_canvas",
    # a number of 2-4 digits written so close that neighbours touch or overlap by 0-4 px
    # (issue #15: "0123" read "023", "101" read "61"): 1s beside round digits, 0/1/7 pairs.
    "touching",
]

# Colours of printed form boxes and of ruled lines as a phone sees them.
BOX_COLOURS = [(40, 40, 45), (120, 120, 125), (90, 120, 200), (210, 110, 110), (150, 170, 210)]
RULE_COLOURS = [(140, 170, 220), (110, 150, 215), (165, 165, 170), (130, 130, 140)]


def spec_for(cond, rng, s=None):
    s = defaults(rng) if s is None else s
    f = lambda lo, hi: rng.uniform(lo, hi)
    if cond == "pencil":
        s.update(ink="pencil", pen_frac=f(0.035, 0.07), light=f(0.8, 1.0))
    elif cond == "felt_tip":
        s.update(ink=["felt", "blue_felt"][int(rng.integers(2))], pen_frac=f(0.1, 0.17))
    elif cond == "red_ink":
        s.update(ink="red")
    elif cond == "sticky_note":
        s.update(paper="sticky", frame=(int(rng.integers(250, 600)),) * 2)
    elif cond == "graph_paper":
        s.update(lines=dict(kind="grid", colour=[(150, 190, 225), (160, 200, 170), (180, 180, 180)][int(rng.integers(3))],
                            step_frac=f(0.2, 0.6), width=int(rng.integers(1, 3))))
    elif cond == "ruled_paper":
        s.update(lines=dict(kind="ruled", colour=(140, 170, 220), step_frac=f(0.6, 1.3),
                            width=int(rng.integers(1, 3)), margin=rng.random() < 0.4))
    elif cond == "dim_warm":
        s.update(light=f(0.35, 0.6), warm=f(0.25, 0.5), noise=f(5, 12), jpeg=int(rng.integers(60, 75)), blur=f(0.5, 1.5))
    elif cond == "motion_blur":
        s.update(motion=f(0.04, 0.1), blur=f(0, 0.6))  # motion length as a fraction of digit height
    elif cond == "defocus":
        s.update(defocus=f(0.04, 0.09))  # Gaussian radius as a fraction of digit height
    elif cond == "glare":
        s.update(glare=f(0.5, 0.95))
    elif cond == "finger_shadow":
        s.update(shadow=["finger", "phone"][int(rng.integers(2))])
    elif cond == "tilt_perspective":
        s.update(rot=f(-12, 12), persp=f(0.05, 0.12))
    elif cond == "tight_crop":
        s.update(tight=True)
    elif cond == "loose_crop":
        s.update(digit_frac=f(0.1, 0.2), frame=(int(rng.integers(500, 1200)), int(rng.integers(500, 1200))))
    elif cond == "row_uneven":
        s.update(n_digits=int(rng.integers(2, 6)), gap=(0.05, 0.9), digit_frac=f(0.25, 0.45),
                 frame=(int(rng.integers(300, 700)), int(rng.integers(700, 1400))))
    elif cond == "two_lines":
        s.update(n_rows=2, n_digits=int(rng.integers(2, 5)), gap=(0.1, 0.6), digit_frac=f(0.22, 0.33),
                 frame=(int(rng.integers(500, 900)), int(rng.integers(600, 1200))))
    elif cond == "large_photo":
        s.update(frame=(4000, 3000) if rng.random() < 0.6 else (3000, 4000), digit_frac=f(0.12, 0.4),
                 noise=f(3, 7), blur=f(1, 4))
    elif cond == "small_60":
        s.update(frame=(int(rng.integers(56, 72)),) * 2, digit_frac=f(0.55, 0.8), fmt="png",
                 pen_frac=f(0.08, 0.13), rot=f(-3, 3), persp=0)
    elif cond.startswith("style_"):
        s.update(style=cond[len("style_"):], pen_frac=f(0.05, 0.1))
    elif cond in ("underline", "ruled_through", "form_boxes"):
        s.update(n_digits=int(rng.integers(2, 7 if cond == "form_boxes" else 6)), gap=(0.1, 0.6),
                 digit_frac=f(0.25, 0.45), frame=(int(rng.integers(300, 700)), int(rng.integers(700, 1400))))
        if cond == "underline":
            same = rng.random() < 0.5
            s.update(underline=dict(
                same_ink=same, ink=["blue_ballpoint", "black_ballpoint", "felt", "red", "pencil"][int(rng.integers(5))],
                pen=f(0.6, 1.6),  # times the digits' pen
                drop=f(-0.12, 0.05),  # below the ink's bottom, times the digit height (< 0: crossing)
                slope=rng.normal(0, 0.03), bow=rng.normal(0, 0.04), over=(f(-0.05, 0.3), f(-0.05, 0.3)),
                double=rng.random() < 0.15))
        elif cond == "ruled_through":
            s.update(lines=dict(kind="ruled", colour=RULE_COLOURS[int(rng.integers(len(RULE_COLOURS)))],
                                step_frac=f(0.85, 1.3), width=int(rng.integers(1, 4)), margin=rng.random() < 0.3),
                     # where one line crosses the number: its baseline (touching or crossing the
                     # bottoms) or anywhere through it, times the digit height from the ink's top
                     through=f(0.85, 1.05) if rng.random() < 0.5 else f(0.1, 0.9))
        else:
            s.update(cells=dict(kind=["boxes", "separate", "comb"][int(rng.integers(3))],
                                colour=BOX_COLOURS[int(rng.integers(len(BOX_COLOURS)))],
                                width=int(rng.integers(1, 4)),
                                height=f(0.95, 1.4),  # cell height over the tallest glyph (< 1.05: touching)
                                pitch=f(1.0, 1.5),  # cell width over the widest glyph
                                tick=f(0.2, 0.45)))  # a comb's ticks, times the cell height
    elif cond == "touching":
        labels = touching_labels(rng)
        s.update(n_digits=len(labels), touch=labels, digit_frac=f(0.25, 0.45),
                 frame=(int(rng.integers(300, 700)), int(rng.integers(700, 1400))))
    elif cond == "everything":
        # three photo conditions at once (not the shape styles), applied in turn
        for c in [CONDITIONS[int(i)] for i in rng.choice(19, 3, replace=False)]:
            spec_for(c, rng, s)
    return s


def touching_labels(rng):
    """The digits of a touching number (2-4 of them, the count drawn by the caller): a third
    from 0, 1 and 7 alone, a third 1s alternating with round digits, a third any digits."""
    n = int(rng.integers(2, 5))
    kind = rng.random()
    if kind < 0.35:
        return [int(rng.choice([0, 1, 7])) for _ in range(n)]
    if kind < 0.7:
        first = rng.random() < 0.5
        return [1 if (k % 2 == 0) == first else int(rng.choice([0, 2, 3, 5, 6, 8, 9])) for k in range(n)]
    return [int(rng.integers(10)) for _ in range(n)]


def touching_shape(rng, src, lab):
    """An MNIST test digit (three times in five) or a pen-stroke shape of the label."""
    styles = [None, None, None] + [st for st in ("continental", "flat") if lab in STYLES[st]] + ["boxy"]
    return make_shape(rng, src, label=lab, style=styles[int(rng.integers(len(styles)))])[1]


def ink_rows(g):
    """Per row of a glyph mask, the first and last inked column (-1 where the row has none)."""
    on = g > 0.3
    any_ = on.any(axis=1)
    first = np.where(any_, on.argmax(axis=1), -1)
    last = np.where(any_, g.shape[1] - 1 - on[:, ::-1].argmax(axis=1), -1)
    return first, last


def touching_gaps(row, dys, overlaps):
    """The gaps (in glyph-mask widths, as `compose` takes them) that put each glyph's ink
    `overlaps[k]` px into its left neighbour's: 0 is just touching (8-connected), on the rows
    the two share, where they come nearest."""
    gaps = []
    for k in range(len(row) - 1):
        a, b = row[k], row[k + 1]
        _, last = ink_rows(a)
        first, _ = ink_rows(b)
        need = None  # the least x of b's mask (relative to a's) at which no row overlaps
        for ya in range(a.shape[0]):
            yb = ya + dys[k] - dys[k + 1]
            if 0 <= yb < b.shape[0] and last[ya] >= 0 and first[yb] >= 0:
                v = last[ya] - first[yb] + 1
                need = v if need is None else max(need, v)
        if need is None:  # no shared row: side by side
            need = a.shape[1]
        gaps.append(need - overlaps[k] - a.shape[1])
    return gaps


def render_canvas(rng, src):
    """A digit drawn in a drawing program: a 280-512 px canvas, a pen of 1-3 px, drawn at the
    canvas's size (a pencil tool: aliased where the glyph is over 200 px, else `draw_glyph`'s
    own supersampling) or at 3x and shrunk (smooth), black on white or (1 in 5) white on
    black, saved as PNG. Thin
    strokes of MNIST skeletons and of the written styles, no paper and no camera."""
    size = int(rng.choice([280, 300, 400, 512]))
    style = [None, None, "continental", "flat", "boxy"][int(rng.integers(5))]
    lab, shape = make_shape(rng, src, style=style)
    pen, smooth = rng.uniform(1.0, 3.0), rng.random() < 0.5
    k = 3 if smooth else 1
    g = draw_glyph(shape, size * rng.uniform(0.45, 0.8) * k, pen * k, rng, slant=rng.uniform(-0.15, 0.15))
    if smooth:
        g = np.asarray(Image.fromarray((g * 255).astype(np.uint8)).resize(
            (max(1, g.shape[1] // k), max(1, g.shape[0] // k)), Image.LANCZOS), np.float32) / 255
    gh, gw = g.shape
    if gh > size or gw > size:
        f = min(size / gh, size / gw) * 0.95
        g = np.asarray(Image.fromarray((g * 255).astype(np.uint8)).resize(
            (max(1, int(gw * f)), max(1, int(gh * f))), Image.LANCZOS), np.float32) / 255
        gh, gw = g.shape
    canvas = np.zeros((size, size), np.float32)
    y, x = int(rng.integers(0, size - gh + 1)), int(rng.integers(0, size - gw + 1))
    canvas[y:y + gh, x:x + gw] = g
    img = (255 - canvas * 255).clip(0, 255).astype(np.uint8)
    if rng.random() < 0.2:
        img = 255 - img
    return Image.fromarray(img), str(lab), {"fmt": "png"}


def render(rng, src, cond):
    if cond == "thin_canvas":
        return render_canvas(rng, src)
    s = spec_for(cond, rng)
    fh, fw = s["frame"]
    # Shapes and label
    rows, label = [], ""
    digit_h = fh * s["digit_frac"] / (s["n_rows"] * (1.35 if s["n_rows"] > 1 else 1))
    if s["tight"]:
        digit_h = fh * 0.98
    pen = max(1.0, s["pen_frac"] * digit_h)
    for r in range(s["n_rows"]):
        row = []
        for k in range(s["n_digits"]):
            if s.get("touch"):
                lab = s["touch"][k]
                shape = touching_shape(rng, src, lab)
            else:
                lab, shape = make_shape(rng, src, style=s["style"])
            h = digit_h * rng.uniform(0.88, 1.1) if s["n_digits"] > 1 else digit_h
            row.append(draw_glyph(shape, h, pen * rng.uniform(0.9, 1.1), rng, slant=s["slant"]))
            label += str(lab)
        rows.append(row)
    if s["tight"]:  # frame = the glyph's box plus a pixel or two
        g = rows[0][0]
        ys, xs = np.nonzero(g > 0.1)
        g = g[max(0, ys.min() - 1):ys.max() + 2, max(0, xs.min() - 1):xs.max() + 2]
        rows = [[g]]
        fh, fw = g.shape[0] + int(rng.integers(0, 4)), g.shape[1] + int(rng.integers(0, 4))
        fw = max(fw, int(fh * rng.uniform(0.5, 0.9)))
        s.update(rot=0, persp=0)
    gaps_rows, dys = [], None
    for row in rows:
        rh = max(g.shape[0] for g in row)
        gaps_rows.append([rng.uniform(*s["gap"]) * rh for _ in row[1:]])
    if s.get("touch"):  # one row; each glyph's ink 0-4 px into its left neighbour's
        row = rows[0]
        rh = max(g.shape[0] for g in row)
        dys = [[int((rh - g.shape[0]) / 2 + rng.normal(0, 0.05) * rh) for g in row]]
        gaps_rows = [touching_gaps(row, dys[0], [int(rng.integers(0, 5)) for _ in row[1:]])]
    if s.get("cells"):  # one glyph a cell: centres a cell's width apart
        row = rows[0]
        pitch = max(np.ptp(np.flatnonzero(g.max(axis=0) > 0.3)) for g in row) * s["cells"]["pitch"]
        if s["cells"]["kind"] == "separate":
            pitch *= 1.25  # a gap between the boxes
        gaps_rows = [[pitch - (a.shape[1] + b.shape[1]) / 2 for a, b in zip(row[:-1], row[1:])]]
    widest = max(sum(g.shape[1] for g in row) + sum(gp) for row, gp in zip(rows, gaps_rows))
    if not s["tight"] and widest > 0.85 * fw:  # a person frames the whole number
        fw = int(widest / rng.uniform(0.6, 0.85))
    margin = int(0.16 * max(fh, fw)) + 4  # so rotation and perspective show no corners
    ph, pw = fh + 2 * margin, fw + 2 * margin
    cx = pw / 2 + s["offset"][0] * fw * (not s["tight"])
    cy = ph / 2 + s["offset"][1] * fh * (not s["tight"])
    placed = []
    mask = compose(rng, ph, pw, rows, cx, cy, gaps_rows, line_gap=digit_h * rng.uniform(0.25, 0.6), placed=placed, dys=dys)
    # Paper, lines, ink
    lines = s["lines"]
    if lines:
        lines = dict(lines, step=max(4, lines["step_frac"] * digit_h * (1 if lines["kind"] == "grid" else 1)))
        if "through" in s:  # one line crosses the number at this height
            ys = np.flatnonzero(mask.max(axis=1) > 0.3)
            lines["through"] = ys.min() + s["through"] * digit_h if len(ys) else ph / 2
    img = paper(rng, ph, pw, s["paper"], lines)
    if s.get("cells"):
        img = draw_cells(img, mask, placed, s["cells"])
    ink_rgb, opacity = INKS[s["ink"]]
    if s.get("underline"):
        u = s["underline"]
        line = underline_mask(rng, mask, u, digit_h, pen)
        if u["same_ink"]:
            mask = np.maximum(mask, line)
        else:
            u_rgb, u_op = INKS[u["ink"]]
            a = (line * u_op).clip(0, 1)[..., None]
            img = img * (1 - a) + np.array(u_rgb, np.float32) * a
    alpha = mask * opacity * (1 + soft_noise(rng, ph, pw, max(3, int(pen)), 0.12))
    if s["ink"] == "pencil":  # graphite: grainy, lighter where the paper's tooth is high
        alpha *= rng.uniform(0.55, 1.0, (ph, pw)).astype(np.float32)
        alpha = np.asarray(Image.fromarray((alpha * 255).clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6)), np.float32) / 255
    alpha = alpha.clip(0, 1)[..., None]
    img = img * (1 - alpha) + np.array(ink_rgb, np.float32) * alpha
    # Geometry
    img = warp(img.clip(0, 255).astype(np.uint8), rng, s["rot"], s["persp"]).astype(np.float32)
    oy, ox = (ph - fh) // 2, (pw - fw) // 2
    img = img[oy:oy + fh, ox:ox + fw]
    # Light: warm cast, dimness, gradient, vignette, shadow, glare
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    yy /= fh; xx /= fw
    ang = rng.uniform(0, 2 * math.pi)
    light = s["light"] * (1 - s["gradient"] * ((xx - 0.5) * math.cos(ang) + (yy - 0.5) * math.sin(ang) + 0.5))
    light *= 1 - s["vignette"] * ((xx - 0.5) ** 2 + (yy - 0.5) ** 2) * 2
    if s["shadow"]:
        sh = Image.new("L", (fw, fh), 0)
        d = ImageDraw.Draw(sh)
        if s["shadow"] == "finger":  # a blob from one edge towards the middle
            ex = rng.choice([0, fw]); ey = rng.uniform(0.3, 1.0) * fh
            tx, ty = fw * rng.uniform(0.25, 0.6), fh * rng.uniform(0.3, 0.7)
            r = min(fw, fh) * rng.uniform(0.1, 0.18)
            for t in np.linspace(0, 1, 30):
                x, y = ex + (tx - ex) * t, ey + (ty - ey) * t
                d.ellipse([x - r, y - r, x + r, y + r], fill=255)
        else:  # the phone's shadow: a half-plane with a soft edge, from a corner
            a = rng.uniform(0, 2 * math.pi)
            c = rng.uniform(0.15, 0.5)
            pts = []
            for X, Y in ((0, 0), (fw, 0), (fw, fh), (0, fh)):
                pts.append((X, Y))
            k = (xx - 0.5) * math.cos(a) + (yy - 0.5) * math.sin(a)
            arr = ((k > c - 0.5) * 255).astype(np.uint8)
            sh = Image.fromarray(arr)
        sh = sh.filter(ImageFilter.GaussianBlur(min(fw, fh) * rng.uniform(0.02, 0.08)))
        depth = rng.uniform(0.35, 0.6)
        light *= 1 - depth * np.asarray(sh, np.float32) / 255
    img *= light[..., None]
    warm = s["warm"]
    img *= np.array([1.0, 1 - 0.12 * warm, 1 - 0.35 * warm], np.float32)
    if s["glare"]:
        gx, gy = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8)
        rx, ry = rng.uniform(0.1, 0.3), rng.uniform(0.08, 0.25)
        g = np.exp(-(((xx - gx) / rx) ** 2 + ((yy - gy) / ry) ** 2))
        img = img + (255 * 1.3 - img) * (s["glare"] * g)[..., None]
    # Camera: blur, shake, noise
    blur = s["blur"] * max(1, fh / 600) + s.get("defocus", 0) * digit_h
    img = gblur(img, blur)
    if s["motion"]:
        img = motion_blur(img, s["motion"] * digit_h, rng.uniform(0, math.pi))
    noise = s["noise"] / max(0.4, s["light"]) ** 0.5
    img += rng.normal(0, noise, img.shape[:2] + (1,)).astype(np.float32) * 0.7
    img += rng.normal(0, noise * 0.5, img.shape).astype(np.float32)
    out = Image.fromarray(img.clip(0, 255).astype(np.uint8))
    return out, label, s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mnist", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per", type=int, default=100)
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    imgs, labels = load_mnist(a.mnist)
    src = MnistShapes(imgs, labels)
    conds = [c for c in CONDITIONS if not a.only or c in a.only.split(",")]
    for ci, cond in enumerate(CONDITIONS):
        if cond not in conds:
            continue
        d = os.path.join(a.out, cond)
        os.makedirs(d, exist_ok=True)
        rng = np.random.default_rng([a.seed, ci])
        per = a.per if cond != "large_photo" else max(1, a.per // 2)
        for n in range(per):
            im, label, s = render(rng, src, cond)
            name = os.path.join(d, f"{label}_{n}.{s['fmt']}")
            if s["fmt"] == "jpg":
                im.save(name, quality=s["jpeg"])
            else:
                im.save(name)
        print(cond, per, flush=True)


if __name__ == "__main__":
    main()
