"""Digits in other people's hands: 0-9 rendered from Debian's handwriting fonts, as pen on paper.

usage: make_font_digits.py OUT_DIR [--per-digit N] [--seed S] [--photo] [--numbers N]

A measure the model and its training never see: neither MNIST nor the stroke generator of
`--augment-extra styles` (StrokeDigits) draws these hands. Each font that is installed gives
OUT_DIR/<font>/<digit>_<k>.png, N variants of each digit (size, slant, rotation, pen weight,
position drawn from the seed), so `digitrec predict OUT_DIR/<font>` scores each hand on its own.
With --photo each image is also photographed badly (dim light, low contrast, blur, JPEG at
quality 40-80, saved as .jpg). Fonts that are not installed are named on stderr and skipped.
With --numbers N each font gives OUT_DIR/<font>-numbers/<number>_<k>.png instead: N numbers of
2-4 digits set so tight that neighbouring digits touch or overlap by up to 3 px (issue #15:
Humor Sans "0123" was read "023", "101" "61"), the first two of each font "0123" and "101".
The fonts: `apt-get install fonts-dkg-handwriting fonts-breip fonts-bwht fonts-humor-sans fonts-comic-neue fonts-klee fonts-kristi fonts-kaushanscript fonts-dancingscript`. Needs numpy and Pillow (`make test-venv`).
"""
import argparse
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# (name, file): one face per hand — bold and italic variants of a hand are the same writer.
# Left out: fonts-femkeklaver and fonts-cabinsketch draw digits as outlines, which no pen does.
FONTS = [
    ("dkg", "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf"),
    ("breip", "/usr/share/fonts/truetype/breip/Breip.ttf"),
    ("bwht-build", "/usr/share/fonts/opentype/bwht/BecauseWeBuild-Regular.otf"),
    ("bwht-connect", "/usr/share/fonts/opentype/bwht/BecauseWeConnect-Regular.otf"),
    ("bwht-create", "/usr/share/fonts/opentype/bwht/BecauseWeCreate-Regular.otf"),
    ("bwht-learn", "/usr/share/fonts/opentype/bwht/BecauseWeLearn-Regular.otf"),
    ("bwht-mentor", "/usr/share/fonts/opentype/bwht/BecauseWeMentor-Regular.otf"),
    ("bwht-organize", "/usr/share/fonts/opentype/bwht/BecauseWeOrganize-Regular.otf"),
    ("humor-sans", "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf"),
    ("comic-neue", "/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf"),
    ("klee", "/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf"),
    ("kristi", "/usr/share/fonts/truetype/kristi/Kristi.ttf"),
    ("kaushan", "/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf"),
    ("dancing", "/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf"),
]


def glyph(font_path, digit, rng):
    """The digit's ink coverage (0-1) in a square picture of 120-220 px, slanted, rotated and
    with a heavier or lighter pen, at a random place in the middle of the picture."""
    size = int(rng.integers(120, 221))
    font = ImageFont.truetype(font_path, int(size * 0.6))
    pic = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(pic)
    left, top, right, bottom = draw.textbbox((0, 0), str(digit), font=font)
    x = (size - (right - left)) / 2 - left + rng.uniform(-0.06, 0.06) * size
    y = (size - (bottom - top)) / 2 - top + rng.uniform(-0.06, 0.06) * size
    draw.text((x, y), str(digit), fill=255, font=font)
    shear = float(rng.uniform(-0.2, 0.2))
    pic = pic.transform(pic.size, Image.AFFINE, (1, shear, -shear * size / 2, 0, 1, 0), resample=Image.BICUBIC)
    pic = pic.rotate(float(rng.uniform(-8, 8)), resample=Image.BICUBIC)
    weight = rng.integers(0, 3)  # thinner, as drawn, heavier
    if weight == 0:
        pic = pic.filter(ImageFilter.MinFilter(3))
    elif weight == 2:
        pic = pic.filter(ImageFilter.MaxFilter(5))
    return np.asarray(pic, np.float32) / 255


def number_labels(rng, k):
    """The digits of the k-th number of a font: "0123" and "101" first, then 2-4 digits, a third
    from 0, 1 and 7, a third 1s beside round digits, a third any."""
    if k < 2:
        return [[0, 1, 2, 3], [1, 0, 1]][k]
    n = int(rng.integers(2, 5))
    kind = rng.random()
    if kind < 0.35:
        return [int(rng.choice([0, 1, 7])) for _ in range(n)]
    if kind < 0.7:
        first = rng.random() < 0.5
        return [1 if (i % 2 == 0) == first else int(rng.choice([0, 2, 3, 5, 6, 8, 9])) for i in range(n)]
    return [int(rng.integers(10)) for _ in range(n)]


def tight_number(font_path, digits, rng):
    """The ink (0-1) of a number whose digits are set so that each touches its left neighbour
    or overlaps it by up to 3 px (on the rows they share, where they come nearest), on one
    baseline, slanted and rotated as one, in a picture with a margin around it."""
    size = int(rng.integers(70, 131))
    font = ImageFont.truetype(font_path, size)
    weight = rng.integers(0, 3)  # thinner, as drawn, heavier
    glyphs = []
    for d in digits:
        pic = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(pic).text((size // 2, size // 2), str(d), fill=255, font=font)
        if weight == 0:
            pic = pic.filter(ImageFilter.MinFilter(3))
        elif weight == 2:
            pic = pic.filter(ImageFilter.MaxFilter(5))
        a = np.asarray(pic, np.float32) / 255
        cols = np.flatnonzero(a.max(axis=0) > 0.3)
        glyphs.append(a[:, cols.min():cols.max() + 1] if len(cols) else a)
    h = glyphs[0].shape[0]
    xs = [0]
    for a, b in zip(glyphs[:-1], glyphs[1:]):
        on_a, on_b = a > 0.3, b > 0.3
        rows = np.flatnonzero(on_a.any(axis=1) & on_b.any(axis=1))
        if len(rows):
            last = a.shape[1] - 1 - on_a[rows, ::-1].argmax(axis=1)
            first = on_b[rows].argmax(axis=1)
            need = int((last - first).max()) + 1
        else:
            need = a.shape[1]
        xs.append(xs[-1] + need - int(rng.integers(0, 4)))
    width = max(x + g.shape[1] for x, g in zip(xs, glyphs))
    ink = np.zeros((h, width), np.float32)
    for x, g in zip(xs, glyphs):
        ink[:, x:x + g.shape[1]] = np.maximum(ink[:, x:x + g.shape[1]], g)
    rows = np.flatnonzero(ink.max(axis=1) > 0.3)
    ink = ink[rows.min():rows.max() + 1]
    m = int(size * 0.6)
    pic = Image.fromarray((np.pad(ink, m) * 255).astype(np.uint8))
    shear = float(rng.uniform(-0.2, 0.2))
    pic = pic.transform(pic.size, Image.AFFINE, (1, shear, -shear * pic.size[1] / 2, 0, 1, 0), resample=Image.BICUBIC)
    pic = pic.rotate(float(rng.uniform(-5, 5)), resample=Image.BICUBIC)
    return np.asarray(pic, np.float32) / 255


def on_paper(ink, rng, photo):
    h, w = ink.shape
    paper, ink_level, blur = 235.0, 25.0, 0.0
    if photo:
        paper = float(rng.uniform(110, 200))
        ink_level = paper - float(rng.uniform(45, 80))
        blur = float(rng.uniform(1.0, 2.5))
    img = paper + rng.normal(0, 3.0, (h, w)).astype(np.float32)
    img = img * (1 - ink) + ink_level * ink + rng.normal(0, 2.5, (h, w))
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    return out.filter(ImageFilter.GaussianBlur(blur)) if blur > 0 else out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--per-digit", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--photo", action="store_true")
    parser.add_argument("--numbers", type=int, default=0)
    args = parser.parse_args()
    made = 0
    for fi, (name, path) in enumerate(FONTS):
        if not os.path.exists(path):
            print(f"make_font_digits: {name}: {path} is not installed; skipped", file=sys.stderr)
            continue
        rng = np.random.default_rng(args.seed * 1000 + fi)
        if args.numbers:
            folder = os.path.join(args.out, name + "-numbers")
            os.makedirs(folder, exist_ok=True)
            for k in range(args.numbers):
                digits = number_labels(rng, k)
                img = on_paper(tight_number(path, digits, rng), rng, args.photo)
                stem = os.path.join(folder, "".join(map(str, digits)) + f"_{k}")
                if args.photo:
                    img.save(stem + ".jpg", quality=int(rng.integers(40, 81)))
                else:
                    img.save(stem + ".png")
                made += 1
            continue
        folder = os.path.join(args.out, name)
        os.makedirs(folder, exist_ok=True)
        for digit in range(10):
            for k in range(args.per_digit):
                img = on_paper(glyph(path, digit, rng), rng, args.photo)
                stem = os.path.join(folder, f"{digit}_{k}")
                if args.photo:
                    img.save(stem + ".jpg", quality=int(rng.integers(40, 81)))
                else:
                    img.save(stem + ".png")
                made += 1
    if made == 0:
        raise SystemExit("make_font_digits: none of the handwriting fonts is installed (see --help)")


if __name__ == "__main__":
    main()
