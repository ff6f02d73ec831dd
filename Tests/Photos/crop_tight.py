"""Crops photo-like digits to their ink with a 0-6 px margin, as people crop a photo to the
digit (a tight crop): crop_tight.py SRC OUT SEED, SRC a make_photos.py folder of condition folders."""
import os, sys, numpy as np
from PIL import Image
src, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = np.random.default_rng(seed)
for cond in sorted(os.listdir(src)):
    # A whole 12-MP phone photo is no crop (and skipping it leaves the others' margins as they were).
    if cond in ("two_lines", "phone_12mp"): continue
    os.makedirs(os.path.join(out, cond), exist_ok=True)
    for f in sorted(os.listdir(os.path.join(src, cond))):
        im = Image.open(os.path.join(src, cond, f)); g = np.asarray(im.convert("L"), np.float32)
        # ink: clearly darker than the local median paper level (rough: 25 levels under the 80th percentile)
        ink = g < np.percentile(g, 80) - 25
        ys, xs = np.where(ink)
        if len(ys) < 20: continue
        y0, y1 = np.percentile(ys, 0.5), np.percentile(ys, 99.5); x0, x1 = np.percentile(xs, 0.5), np.percentile(xs, 99.5)
        m = int(rng.integers(0, 7))
        box = (max(0, int(x0) - m), max(0, int(y0) - m), min(g.shape[1], int(x1) + 1 + m), min(g.shape[0], int(y1) + 1 + m))
        im.crop(box).save(os.path.join(out, cond, f))
