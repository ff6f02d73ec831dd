"""Photo-like images of handwritten digits, for measuring digitrec the way people use it.

usage: make_photos.py MNIST_DIR OUT_DIR [--per-condition N] [--seed S] [--skip CONDITION ...]

Takes MNIST test digits (never the training set) and draws each as pen on paper photographed
under one condition: dim light, low contrast, blur, uneven light with vignetting, a shadow,
JPEG at low quality, rotation with perspective, a form's grid lines, and all of them at once;
then two conditions that test segmentation: numbers of 2-4 digits written on two lines
(two_lines, labelled with both lines' digits in reading order, "12" above "34" is 1234) and
rings and loops (0, 6, 8, 9) in faint ink whose strength fades along the stroke, so that a
plain threshold breaks them into arcs (faint_rings); then a notebook's ruled lines (and at times
its margin line) running through the digit (ruled_paper), a photo taken in so little light
that paper and ink are 15-30 levels apart near black, with the sensor's noise (very_dark), and
a whole 12-megapixel phone photo (phone_12mp): a sheet of paper on a desk filling most of the
frame, the digit 250-900 px tall on it, vignetting, a little blur and sensor noise, JPEG at
quality 80-92, a third of them stored on their side with an EXIF orientation tag as phones do
(`--skip phone_12mp` leaves these ~3 MB files out).
Each image is OUT_DIR/<condition>/<label>_<index>.jpg|png, so `digitrec predict` checks it
against its file name. Seeded: the same arguments give the same images, and adding a
condition at the end of the list leaves the others' images as they were.
Needs numpy and Pillow: `make test-venv` puts them in .build/test-venv.
"""
import argparse
import gzip
import os

import numpy as np
from PIL import Image, ImageFilter

CONDITIONS = ["clean", "dim", "low_contrast", "blur", "uneven_light", "shadow", "jpeg_q30",
              "rotated_perspective", "form_grid", "everything", "two_lines", "faint_rings",
              "ruled_paper", "very_dark", "phone_12mp", "phone_shadow"]
RINGS = (0, 6, 8, 9)


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
    if condition == "very_dark":
        paper = float(rng.uniform(35, 60))
        ink_level = paper - float(rng.uniform(15, 30))
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
    if condition == "ruled_paper":
        # Lines 0.28-0.5 of the digit's size apart, 1-3 px, blue or grey (0.6-0.85 of the paper
        # in grey), under the ink; half the pages have a darker margin line down the left.
        step = max(8, int(size * float(rng.uniform(0.28, 0.5))))
        thick, shade = int(rng.integers(1, 4)), float(rng.uniform(0.6, 0.85))
        ruled = np.ones((h, w), np.float32)
        for k in range(int(rng.integers(0, step)), h, step):
            ruled[k:k + thick, :] = shade
        if rng.random() < 0.5:
            x = int(w * float(rng.uniform(0.05, 0.25)))
            ruled[:, x:x + thick + 1] = float(rng.uniform(0.5, 0.7))
        # Only where a line is: elsewhere the paper keeps its grain (review).
        img = np.where(ruled < 1, np.minimum(img, paper * ruled * light * (1 - ink) + img * ink), img)
    img += rng.normal(0, 6.0 if condition == "very_dark" else 2.5, (h, w))
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    if condition in ("blur", "everything"):
        out = out.filter(ImageFilter.GaussianBlur(float(rng.uniform(1.5, 3.0))))
    if condition in ("ruled_paper", "very_dark"):
        out = out.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.5, 1.5))))
    if condition in ("rotated_perspective", "everything"):
        out = out.rotate(float(rng.uniform(-10, 10)), resample=Image.BICUBIC, fillcolor=int(paper * 0.9))
        d = [float(v) for v in rng.uniform(-0.06, 0.06, 8) * w]
        quad = (d[0], d[1], d[2], h + d[3], w + d[4], h + d[5], w + d[6], d[7])
        out = out.transform((w, h), Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=int(paper * 0.9))
    return out


def paper_photo(ink, rng, paper=235.0, ink_level=25.0, blur=0.0):
    """Ink coverage (0-1, any size) as pen on lightly textured, noisy paper."""
    h, w = ink.shape
    img = paper + rng.normal(0, 3.0, (h, w)).astype(np.float32)
    img = img * (1 - ink) + ink_level * ink + rng.normal(0, 2.5, (h, w))
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    return out.filter(ImageFilter.GaussianBlur(blur)) if blur > 0 else out


def ink_crop(digit):
    """An MNIST digit cut to the columns holding ink (as the composed-number tests do)."""
    cols = np.where(digit.max(axis=0) > 30)[0]
    return digit[:, cols.min():cols.max() + 1] if len(cols) else digit


def two_lines(images, labels, rng):
    """Two numbers of 2-4 MNIST digits, one above the other, at 4-8x; returns (image, label)."""
    scale = float(rng.uniform(4, 8))
    rows, label = [], ""
    for _ in range(2):
        picks = rng.choice(len(images), int(rng.integers(2, 5)), replace=False)
        parts = []
        for i in picks:
            parts += [ink_crop(images[i]), np.zeros((28, int(rng.integers(2, 6))), np.uint8)]
        rows.append(np.concatenate(parts[:-1], axis=1))
        label += "".join(str(labels[i]) for i in picks)
    # Lines 0.4-1 digit heights apart (MNIST's 20-px digits sit in 28 rows: 8 rows of margin
    # come on top), the lower line shifted by up to two digit widths.
    gap, shift = int(rng.integers(0, 13)), int(rng.integers(0, 30))
    width = max(rows[0].shape[1], rows[1].shape[1] + shift) + 16
    canvas = np.zeros((28 * 2 + gap + 16, width), np.float32)
    canvas[8:36, 8:8 + rows[0].shape[1]] = rows[0]
    canvas[36 + gap:64 + gap, 8 + shift:8 + shift + rows[1].shape[1]] = rows[1]
    size = (int(canvas.shape[1] * scale), int(canvas.shape[0] * scale))
    ink = np.asarray(Image.fromarray(canvas.astype(np.uint8)).resize(size, Image.BICUBIC), np.float32) / 255
    return paper_photo(np.clip(ink, 0, 1), rng, blur=float(rng.uniform(0, 1.5))), label


def faint_ring(digit, rng):
    """A loop digit in faint ink (40-70 levels below the paper) that fades to a quarter or less
    of its strength along a random direction, blurred a little: a threshold breaks it in arcs."""
    size = int(rng.integers(160, 260))
    ink = np.asarray(Image.fromarray(digit).resize((size, size), Image.BICUBIC), np.float32) / 255
    pad = int(size * 0.15)
    ink = np.pad(np.clip(ink, 0, 1), pad)
    h, w = ink.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle, period, phase = rng.uniform(0, np.pi), float(rng.uniform(0.5, 1.0)) * size, rng.uniform(0, 2 * np.pi)
    wave = np.cos(2 * np.pi * (xx * np.cos(angle) + yy * np.sin(angle)) / period + phase)
    strength = 1 - float(rng.uniform(0.6, 0.8)) * (0.5 + 0.5 * wave)
    paper = 235.0
    return paper_photo(ink * strength, rng, paper=paper, ink_level=paper - float(rng.uniform(40, 70)),
                       blur=float(rng.uniform(1.0, 2.0)))


def smooth_noise(h, w, cells, rng):
    """Noise that varies over about `cells` cells across the frame, -1..1: light and grain."""
    small = rng.uniform(-1, 1, (max(2, cells * h // w), cells)).astype(np.float32)
    return np.asarray(Image.fromarray(small, mode="F").resize((w, h), Image.BICUBIC), np.float32)


def phone_photo(digit, rng, shadow=False):
    """A 4000x3000 phone photo: a sheet of paper, a little turned, on a desk, the MNIST digit
    written on it 250-900 px tall, light falling off to the corners, a little blur and noise.
    `shadow`: the phone's or the hand's shadow over it, a straight edge (sharp or soft) at any
    angle running through or near the digit, the shadowed side 25-55 % darker.
    Returns (image, EXIF orientation or None)."""
    h, w = 3000, 4000
    desk = float(rng.uniform(60, 150))
    img = desk * (1 + 0.15 * smooth_noise(h, w, 8, rng)) + rng.normal(0, 4.0, (h, w)).astype(np.float32)
    # The sheet: 70-95 % of the frame's height, turned by up to 8 degrees, off-centre.
    sheet_h = float(rng.uniform(0.7, 0.95)) * h
    sheet_w = sheet_h * float(rng.uniform(0.7, 1.0))
    cx, cy = w / 2 + float(rng.uniform(-0.1, 0.1)) * w, h / 2 + float(rng.uniform(-0.05, 0.05)) * h
    angle = np.deg2rad(float(rng.uniform(-8, 8)))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    u = (xx - cx) * np.cos(angle) + (yy - cy) * np.sin(angle)
    v = -(xx - cx) * np.sin(angle) + (yy - cy) * np.cos(angle)
    on_sheet = (np.abs(u) < sheet_w / 2) & (np.abs(v) < sheet_h / 2)
    paper = float(rng.uniform(190, 240))
    img = np.where(on_sheet, paper + rng.normal(0, 3.0, (h, w)).astype(np.float32), img)
    # The digit, somewhere on the middle of the sheet.
    size = int(rng.integers(250, 901))
    ink = np.asarray(Image.fromarray(digit).resize((size, size), Image.BICUBIC), np.float32) / 255
    ink = np.clip(ink, 0, 1)
    dx = cx + float(rng.uniform(-0.2, 0.2)) * sheet_w - size / 2
    dy = cy + float(rng.uniform(-0.2, 0.2)) * sheet_h - size / 2
    x0, y0 = int(np.clip(dx, 0, w - size)), int(np.clip(dy, 0, h - size))
    ink_level = float(rng.uniform(20, 70))
    patch = img[y0:y0 + size, x0:x0 + size]
    img[y0:y0 + size, x0:x0 + size] = patch * (1 - ink) + ink_level * ink
    # Light: a gentle slope across the frame and vignetting, 20-45 % darker in the corners.
    r2 = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) / 0.5
    light = (1 - float(rng.uniform(0.2, 0.45)) * r2) * (1 + 0.08 * smooth_noise(h, w, 3, rng))
    if shadow:
        theta = float(rng.uniform(0, 2 * np.pi))
        nx, ny = np.cos(theta), np.sin(theta)
        # The edge passes within 0.6 of the digit's size of its centre: often right through it.
        offset = float(rng.uniform(-0.6, 0.6)) * size
        dist = (xx - (x0 + size / 2)) * nx + (yy - (y0 + size / 2)) * ny - offset
        depth, soft = float(rng.uniform(0.45, 0.75)), float(rng.uniform(2, 40))
        light *= depth + (1 - depth) / (1 + np.exp(-np.clip(dist / soft, -40, 40)))
    img = img * light + rng.normal(0, 3.0, (h, w)).astype(np.float32)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    out = out.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.8, 2.5))))
    # A phone held upright stores the sensor's landscape pixels and says so in EXIF: 6 means
    # "turn 90 degrees clockwise to view", so the stored image is the view turned the other way.
    orientation = None
    if rng.random() < 1 / 3:
        orientation = 6 if rng.random() < 0.5 else 8
        out = out.transpose(Image.Transpose.ROTATE_90 if orientation == 6 else Image.Transpose.ROTATE_270)
    return out, orientation


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mnist")
    parser.add_argument("out")
    parser.add_argument("--per-condition", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip", nargs="*", default=[], choices=CONDITIONS, help="conditions not to make")
    args = parser.parse_args()
    images, labels = mnist_test(args.mnist)
    for ci, condition in enumerate(CONDITIONS):
        if condition in args.skip:
            continue
        rng = np.random.default_rng(args.seed * 100 + ci)
        folder = os.path.join(args.out, condition)
        os.makedirs(folder, exist_ok=True)
        if condition == "two_lines":
            for k in range(args.per_condition):
                img, label = two_lines(images, labels, rng)
                img.save(os.path.join(folder, f"{label}_{k}.png"))
            continue
        pool = np.where(np.isin(labels, RINGS))[0] if condition == "faint_rings" else np.arange(len(images))
        for index in rng.choice(pool, args.per_condition, replace=False):
            if condition == "faint_rings":
                faint_ring(images[index], rng).save(os.path.join(folder, f"{labels[index]}_{index}.png"))
                continue
            if condition in ("phone_12mp", "phone_shadow"):
                img, orientation = phone_photo(images[index], rng, shadow=condition == "phone_shadow")
                exif = Image.Exif()
                if orientation:
                    exif[0x0112] = orientation
                img.save(os.path.join(folder, f"{labels[index]}_{index}.jpg"), quality=int(rng.integers(80, 93)), exif=exif)
                continue
            img = photo(images[index], condition, rng)
            name = os.path.join(folder, f"{labels[index]}_{index}")
            if condition in ("jpeg_q30", "everything", "ruled_paper", "very_dark"):
                img.save(name + ".jpg", quality=30 if condition == "jpeg_q30" else int(rng.integers(40, 80)))
            else:
                img.save(name + ".png")


if __name__ == "__main__":
    main()
