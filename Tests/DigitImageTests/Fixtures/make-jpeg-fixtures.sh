#!/usr/bin/env bash
# Remakes the JPEG fixtures of JPEGDecoderTests (and the digit JPEG of JPEGCLITests).
# Needs Debian's libjpeg-turbo-progs (cjpeg, jpegtran 2.1.5) and, for the CMYK file only,
# Pillow in a virtual environment under .build/:
#   apt-get install -y libjpeg-turbo-progs
#   python3 -m venv .build/fixtures-venv && .build/fixtures-venv/bin/pip install pillow
# Run from the repository root: Tests/DigitImageTests/Fixtures/make-jpeg-fixtures.sh
#
# The picture (47×30, sides not multiples of 8 or 16, so partial MCUs are decoded): white,
# a black 16×16 square at the top left, a pure red 16×16 square at the top right (gray 76 by
# the JPEG luma weights). JPEGDecoderTests.layout draws the same picture as expected gray.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp/layout.ppm" <<'EOF'
import sys
w, h = 47, 30
px = bytearray()
for y in range(h):
    for x in range(w):
        if y < 16 and x < 16: px += bytes((0, 0, 0))
        elif y < 16 and x >= w - 16: px += bytes((255, 0, 0))
        else: px += bytes((255, 255, 255))
open(sys.argv[1], "wb").write(b"P6\n%d %d\n255\n" % (w, h) + bytes(px))
EOF

q="-quality 90"
cjpeg $q "$tmp/layout.ppm" > baseline-420.jpg
cjpeg $q -sample 1x1 "$tmp/layout.ppm" > baseline-444.jpg
cjpeg $q -sample 2x1 "$tmp/layout.ppm" > baseline-422.jpg
cjpeg $q -sample 1x2 "$tmp/layout.ppm" > baseline-440.jpg
cjpeg $q -sample 4x1 "$tmp/layout.ppm" > baseline-411.jpg
# Sampling TurboJPEG 2.1 has no name for (its header call refuses it; the decoder goes on).
cjpeg $q -sample 3x1 "$tmp/layout.ppm" > sampling-3x1.jpg
cjpeg $q -optimize "$tmp/layout.ppm" > optimized.jpg
cjpeg $q -progressive "$tmp/layout.ppm" > progressive.jpg
cjpeg $q -arithmetic "$tmp/layout.ppm" > arithmetic.jpg
cjpeg $q -rgb "$tmp/layout.ppm" > rgb.jpg
cjpeg $q -grayscale "$tmp/layout.ppm" > gray.jpg
jpegtran -progressive gray.jpg > gray-progressive.jpg
# A restart marker after every MCU (-restart 1B: an interval of one MCU).
cjpeg $q -restart 1B "$tmp/layout.ppm" > restart.jpg
jpegtran -restart 1B -progressive baseline-444.jpg > restart-progressive.jpg

# Photoshop-style CMYK: Pillow writes CMYK as 255 − ink with an Adobe APP14 segment.
"../../../.build/fixtures-venv/bin/python" - "$tmp/layout.ppm" cmyk-adobe.jpg <<'EOF'
import sys
from PIL import Image
Image.open(sys.argv[1]).convert("CMYK").save(sys.argv[2], quality=90)
EOF

# A real digit for `digitrec predict` (JPEGCLITests): digits/3_font_white_on_black.png at quality 75.
# (`convert FILE.png ppm:-` is any PNG-to-PPM converter: ImageMagick, or `pngtopnm`.)
convert ../../../digits/3_font_white_on_black.png ppm:- | cjpeg -quality 75 > digit-3-q75.jpg

ls -l *.jpg
