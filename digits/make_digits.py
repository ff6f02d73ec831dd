#!/usr/bin/env python3
"""Makes the sample images in digits/ (run from the repository root: python3 digits/make_digits.py).

Every image is drawn here: digits as jittered pen strokes (so the stroke width can be
thin on a big canvas or thick on an icon) or rendered from the handwriting fonts in
Debian's fonts-dkg-handwriting, and fonts-breip packages, with random
slant, rotation and position. Sizes run from 28x28 to 1000x800, both polarities, and
gray, RGB, RGBA (ink only in alpha), palette, gray+alpha and 16-bit gray PNGs.
The true label starts the file name (7_thin_canvas.png, 5283_row.png).

Needs: pip install pillow; apt-get install fonts-dkg-handwriting fonts-breip.
The seed is fixed, so a re-run reproduces the same pictures.
"""
import math
import os
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = os.path.dirname(os.path.abspath(__file__))
FONTS = [
    "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf",
    "/usr/share/fonts/truetype/breip/Breip.ttf",
    "/usr/share/fonts/truetype/fifthhorseman/dkgBd.ttf",
]
rng = random.Random(20261121)


def arc(cx, cy, rx, ry, a0, a1, n=24):
    return [(cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n))) for i in range(n + 1)]


# Pen strokes per digit in a unit box (x right, y down), the way people write them.
STROKES = {
    0: [arc(0.5, 0.5, 0.32, 0.46, -90, 275)],
    1: [[(0.35, 0.22), (0.56, 0.05), (0.54, 0.95)]],
    2: [arc(0.5, 0.3, 0.3, 0.25, 200, 360) + arc(0.5, 0.3, 0.3, 0.25, 0, 40) + [(0.2, 0.95), (0.85, 0.95)]],
    3: [arc(0.48, 0.28, 0.3, 0.23, 200, 450) + arc(0.48, 0.72, 0.33, 0.24, -90, 160)],
    4: [[(0.62, 0.95), (0.62, 0.05), (0.15, 0.68), (0.88, 0.68)]],
    5: [[(0.8, 0.06), (0.3, 0.06), (0.26, 0.45)] + arc(0.5, 0.66, 0.32, 0.29, -120, 150)],
    6: [arc(0.62, 0.5, 0.42, 0.46, 235, 160)[::-1][:0] + [(0.72, 0.06), (0.45, 0.25), (0.22, 0.6)]
        + arc(0.5, 0.7, 0.29, 0.25, 180, 540)],
    7: [[(0.15, 0.07), (0.85, 0.07), (0.4, 0.95)]],
    8: [arc(0.5, 0.27, 0.24, 0.21, 90, 450), arc(0.5, 0.71, 0.3, 0.24, -90, 270)],
    9: [arc(0.5, 0.3, 0.28, 0.24, 0, 360), [(0.78, 0.3), (0.7, 0.95)]],
}


def jitter(points, amount):
    return [(x + rng.uniform(-amount, amount), y + rng.uniform(-amount, amount)) for x, y in points]


def pen_digit(d, size, width, slant=None, rot=None):
    """A white-on-black L image of digit d drawn with pen strokes of the given width."""
    scale = 4  # draw large, then downsample for antialiasing
    w, h = size
    img = Image.new("L", (w * scale, h * scale), 0)
    draw = ImageDraw.Draw(img)
    slant = rng.uniform(-0.25, 0.25) if slant is None else slant
    rot = math.radians(rng.uniform(-10, 10) if rot is None else rot)
    for stroke in STROKES[d]:
        pts = []
        for x, y in jitter(stroke, 0.02):
            x = x + slant * (0.5 - y)
            x, y = x - 0.5, y - 0.5
            x, y = x * math.cos(rot) - y * math.sin(rot), x * math.sin(rot) + y * math.cos(rot)
            pts.append(((x * 0.55 + 0.5) * w * scale, (y * 0.75 + 0.5) * h * scale))
        draw.line(pts, fill=255, width=max(1, int(width * scale)), joint="curve")
        r = width * scale / 2
        for px, py in (pts[0], pts[-1]):
            draw.ellipse([px - r, py - r, px + r, py + r], fill=255)
    return img.resize((w, h), Image.LANCZOS)


def font_digits(text, size, font_path, height_frac=0.7):
    """White-on-black L image of text rendered with a handwriting font, slanted a little."""
    w, h = size
    font = ImageFont.truetype(font_path, int(h * height_frac))
    img = Image.new("L", (w * 2, h * 2), 0)
    ImageDraw.Draw(img).text((w, h), text, fill=255, font=font, anchor="mm")
    img = img.rotate(rng.uniform(-8, 8), resample=Image.BICUBIC)
    bbox = img.getbbox()
    ink = img.crop(bbox)
    out = Image.new("L", (w, h), 0)
    ink.thumbnail((int(w * 0.9), int(h * 0.85)), Image.LANCZOS)
    out.paste(ink, ((w - ink.width) // 2 + rng.randint(-w // 20, w // 20), (h - ink.height) // 2))
    return out


def row(digits_imgs, gap):
    """Side by side with a gap, on black."""
    w = sum(i.width for i in digits_imgs) + gap * (len(digits_imgs) + 1)
    h = max(i.height for i in digits_imgs) + 2 * gap
    out = Image.new("L", (w, h), 0)
    x = gap
    for i in digits_imgs:
        out.paste(i, (x, gap + rng.randint(-gap // 3, gap // 3)))
        x += i.width + gap
    return out


def ink_on_paper(ink, paper=245, ink_level=20, noise=0):
    """Dark ink on light paper from a white-on-black mask."""
    px = ink.load()
    out = Image.new("L", ink.size, paper)
    po = out.load()
    for y in range(ink.height):
        for x in range(ink.width):
            a = px[x, y] / 255
            v = paper * (1 - a) + ink_level * a
            if noise:
                v += rng.uniform(-noise, noise)
            po[x, y] = max(0, min(255, int(v)))
    return out


def save(img, name, mode):
    path = os.path.join(OUT, name)
    if mode == "L":
        img.convert("L").save(path, optimize=True)
    elif mode == "RGB":
        img.convert("RGB").save(path, optimize=True)
    elif mode == "P":
        img.convert("RGB").quantize(colors=16).save(path, optimize=True)
    elif mode == "I;16":
        img.convert("I").point(lambda v: v * 257).convert("I;16").save(path)
    else:
        raise ValueError(mode)


def save_alpha_only(mask, name, rgb=(0, 0, 0)):
    """RGBA: colour constant, the digit only in the alpha channel (how drawing apps export)."""
    img = Image.new("RGBA", mask.size, rgb + (0,))
    img.putalpha(mask)
    img.save(os.path.join(OUT, name), optimize=True)


def save_la(mask, name):
    """Gray + alpha: dark ink, transparent background."""
    img = Image.merge("LA", (Image.new("L", mask.size, 30), mask))
    img.save(os.path.join(OUT, name), optimize=True)


def colour_ink(mask, paper=(250, 248, 240), ink=(20, 40, 140)):
    img = Image.new("RGB", mask.size, paper)
    img.paste(Image.new("RGB", mask.size, ink), mask=mask)
    return img


def main():
    for f in os.listdir(OUT):
        if f.endswith(".png"):
            os.remove(os.path.join(OUT, f))
    # Single digits: pen strokes at many sizes and widths.
    save(pen_digit(0, (28, 28), 2.2), "0_mnist_size.png", "L")
    save(ink_on_paper(pen_digit(1, (1000, 800), 4)), "1_thin_canvas.png", "L")
    save(colour_ink(pen_digit(2, (640, 480), 18)), "2_blue_ballpoint.png", "RGB")
    save_alpha_only(pen_digit(3, (32, 32), 4.5), "3_icon_alpha.png")
    save(pen_digit(4, (200, 200), 14), "4_chalk_on_black.png", "RGB")
    save(ink_on_paper(pen_digit(5, (1000, 800), 3, rot=8), paper=200, ink_level=120), "5_grey_pen.png", "L")
    save(ink_on_paper(pen_digit(6, (64, 64), 7)), "6_palette.png", "P")
    save(ink_on_paper(pen_digit(7, (1050, 800), 5), noise=12), "7_thin_canvas.png", "RGB")
    save(ink_on_paper(pen_digit(8, (300, 400), 30)), "8_thick_marker.png", "L")
    save_la(pen_digit(9, (120, 120), 9), "9_gray_alpha.png")
    save(pen_digit(7, (28, 28), 2.5), "7_gray16.png", "I;16")
    save_alpha_only(pen_digit(4, (32, 32), 5), "4_icon_alpha.png", rgb=(200, 30, 30))
    # Single digits from handwriting fonts.
    for d, font, size, name, mode in [
        (2, FONTS[0], (256, 256), "2_font_dkg.png", "L"),
        (5, FONTS[1], (160, 200), "5_font_breip.png", "RGB"),
        (8, FONTS[2], (400, 300), "8_font_dkg_bold.png", "P"),
        (3, FONTS[0], (96, 96), "3_font_white_on_black.png", "L"),
        (0, FONTS[1], (500, 500), "0_font_breip_paper.png", "RGB"),
        (6, FONTS[2], (240, 320), "6_font_dkg_bold_chalk.png", "L"),
        (9, FONTS[0], (800, 600), "9_font_dkg_canvas.png", "RGB"),
        (1, FONTS[2], (64, 64), "1_font_dkg_bold_small.png", "L"),
    ]:
        img = font_digits(str(d), size, font)
        light = "chalk" not in name and "white_on_black" not in name
        save(ink_on_paper(img) if light else img, name, mode)
    # Several digits in one image.
    save(ink_on_paper(row([pen_digit(d, (120, 160), 10) for d in (5, 2, 8, 3)], 20)), "5283_row.png", "L")
    save(row([pen_digit(d, (60, 80), 6) for d in (4, 2)], 12), "42_chalk.png", "RGB")
    save(colour_ink(row([pen_digit(d, (200, 260), 5) for d in (1, 9, 0, 7)], 40)), "1907_thin_blue.png", "RGB")
    save(ink_on_paper(font_digits("360", (600, 240), FONTS[0], 0.6)), "360_font_dkg.png", "L")
    save_alpha_only(row([pen_digit(d, (40, 52), 4) for d in (6, 1)], 8), "61_alpha.png")


if __name__ == "__main__":
    main()
