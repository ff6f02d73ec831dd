"""Photo-like images of handwritten digits, for measuring digitrec the way people use it.

usage: make_photos.py MNIST_DIR OUT_DIR [--per-condition N] [--seed S]

Takes MNIST test digits (never the training set) and draws each as pen on paper photographed
under one condition: dim light, low contrast, blur, uneven light with vignetting, a shadow,
JPEG at low quality, rotation with perspective, a form's grid lines, and all of them at once.
Each image is OUT_DIR/<condition>/<label>_<index>.jpg|png, so `digitrec predict` checks it
against its file name. Seeded: the same arguments give the same images.
Needs numpy and Pillow: `make test-venv` puts them in .build/test-venv.
"""
import argparse
import gzip
import os

import numpy as np
from PIL import Image, ImageFilter

CONDITIONS = ["clean", "dim", "low_contrast", "blur", "uneven_light", "shadow", "jpeg_q30",
              "rotated_perspective", "form_grid", "everything"]


def mnist_test(folder):
    def read(name, offset):
        for candidate in (name + ".gz", name):
            path = os.path.join(folder, candidate)
            if os.path.exists(path):
                with (gzip.open if candidate.endswith(".gz") else open)(path, "rb") as f:
                    return np.frombuffer(f.read(), np.uint8, offset=offset)
        raise SystemExit(f"{name} not found in {folder}")
    images = read("t10k-images-idx3-ubyte", 16).reshape(-1, 28, 28)
    labels = read("t10k-labels-idx1-ubyte", 8)
    return images, labels


def photo(digit, condition, rng):
    """A 28×28 MNIST digit (ink bright) as a ~200 px photo of pen on paper (uint8 gray)."""
    size = int(rng.integers(160, 260))
    ink = np.asarray(Image.fromarray(digit).resize((size, size), Image.BICUBIC), np.float32) / 255
    canvas = np.zeros((int(size * 1.3), int(size * 1.3)), np.float32)
    oy, ox = (canvas.shape[0] - size) // 2 + int(rng.integers(-8, 9)), (canvas.shape[1] - size) // 2 + int(rng.integers(-8, 9))
    canvas[oy:oy + size, ox:ox + size] = ink
    ink = np.clip(canvas, 0, 1)
    h, w = ink.shape
    paper, ink_level = 235.0, 25.0
    if condition in ("dim", "everything"):
        paper, ink_level = float(rng.uniform(105, 130)), float(rng.uniform(25, 45))
    if condition in ("low_contrast", "everything"):
        ink_level = paper - float(rng.uniform(40, 70))
    light = np.ones((h, w), np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if condition in ("uneven_light", "everything"):
        gx, gy = rng.uniform(-0.35, 0.35, 2)
        light *= 1 + gx * (xx / w - 0.5) + gy * (yy / h - 0.5)
        r2 = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) / 0.5
        light *= 1 - float(rng.uniform(0.15, 0.35)) * r2
    if condition in ("shadow", "everything"):
        edge = float(rng.uniform(0.2, 0.8)) * w + (yy - h / 2) * float(rng.uniform(-0.5, 0.5))
        light *= np.where(xx < edge, float(rng.uniform(0.55, 0.75)), 1.0)
    texture = rng.normal(0, 3.0, (h, w)).astype(np.float32)
    img = (paper + texture) * light
    img = img * (1 - ink) + (ink_level * light) * ink
    if condition in ("form_grid", "everything"):
        step = int(rng.integers(40, 70))
        for k in range(step // 2, h, step):
            img[k:k + 2, :] = np.minimum(img[k:k + 2, :], paper * 0.75)
        for k in range(step // 3, w, step):
            img[:, k:k + 2] = np.minimum(img[:, k:k + 2], paper * 0.75)
    img += rng.normal(0, 2.5, (h, w))
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    if condition in ("blur", "everything"):
        out = out.filter(ImageFilter.GaussianBlur(float(rng.uniform(1.5, 3.0))))
    if condition in ("rotated_perspective", "everything"):
        out = out.rotate(float(rng.uniform(-10, 10)), resample=Image.BICUBIC, fillcolor=int(paper * 0.9))
        d = [float(v) for v in rng.uniform(-0.06, 0.06, 8) * w]
        quad = (d[0], d[1], d[2], h + d[3], w + d[4], h + d[5], w + d[6], d[7])
        out = out.transform((w, h), Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=int(paper * 0.9))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mnist")
    parser.add_argument("out")
    parser.add_argument("--per-condition", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    images, labels = mnist_test(args.mnist)
    for ci, condition in enumerate(CONDITIONS):
        rng = np.random.default_rng(args.seed * 100 + ci)
        folder = os.path.join(args.out, condition)
        os.makedirs(folder, exist_ok=True)
        for index in rng.choice(len(images), args.per_condition, replace=False):
            img = photo(images[index], condition, rng)
            name = os.path.join(folder, f"{labels[index]}_{index}")
            if condition in ("jpeg_q30", "everything"):
                img.save(name + ".jpg", quality=30 if condition == "jpeg_q30" else int(rng.integers(40, 80)))
            else:
                img.save(name + ".png")


if __name__ == "__main__":
    main()
