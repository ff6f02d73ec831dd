"""Digits in other people's hands: 0-9 rendered from Debian's handwriting fonts, as pen on paper.

usage: make_font_digits.py OUT_DIR [--per-digit N] [--seed S] [--photo]

A measure the model and its training never see: neither MNIST nor the stroke generator of
`--augment-extra styles` (StrokeDigits) draws these hands. Each font that is installed gives
OUT_DIR/<font>/<digit>_<k>.png, N variants of each digit (size, slant, rotation, pen weight,
position drawn from the seed), so `digitrec predict OUT_DIR/<font>` scores each hand on its own.
With --photo each image is also photographed badly (dim light, low contrast, blur, JPEG at
quality 40-80, saved as .jpg). Fonts that are not installed are named on stderr and skipped.
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
    args = parser.parse_args()
    made = 0
    for fi, (name, path) in enumerate(FONTS):
        if not os.path.exists(path):
            print(f"make_font_digits: {name}: {path} is not installed; skipped", file=sys.stderr)
            continue
        rng = np.random.default_rng(args.seed * 1000 + fi)
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
