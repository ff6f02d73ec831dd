/// How thick the pixels of one side of the paper's level lie: a pen's ink is strokes, a few
/// pixels to a few dozen across however large the digit; glare is one soft blob as wide as a
/// good part of the picture. The histogram and the block lines cannot tell a bright blob from
/// light ink when the spot is small enough to stand above its neighbours (red team, glare: 4
/// of the 13 dev misses, the spot read as the digit and the dark digit through it as paper).
/// Thickness here is area over edge: a band t px across has about 2 edge pixels per t of
/// area, a disc of radius r about r / 2.
extension Preprocess {
    /// How many times thicker than the dark side's pixels the bright side's must lie for the
    /// picture to be dark ink under a bright blob (glare, lit paper beside a shadow) rather
    /// than light ink with dark specks. A stroke drawn with one pen varies by a factor of two
    /// or so along a digit; a glare spot is ten pen widths across and more.
    static let blobOverStroke: Float = 3

    /// Area over edge of the pixels `inSide` says are in, counted on every `step`-th row and
    /// column (a pixel is edge when one of its four sampled neighbours, or the frame, is out),
    /// in the image's own pixels; 0 when none is in.
    static func thickness(_ image: ByteImage, step: Int, _ inSide: (UInt8) -> Bool) -> Float {
        let w = image.width, h = image.height, s = max(1, step)
        guard w > 0, h > 0, image.pixels.count == w * h else { return 0 }
        var area = 0, edge = 0
        image.pixels.withUnsafeBufferPointer { p in
            for y in stride(from: 0, to: h, by: s) {
                for x in stride(from: 0, to: w, by: s) where inSide(p[y * w + x]) {
                    area += 1
                    let outside = x < s || x + s >= w || y < s || y + s >= h
                        || !inSide(p[y * w + x - s]) || !inSide(p[y * w + x + s])
                        || !inSide(p[(y - s) * w + x]) || !inSide(p[(y + s) * w + x])
                    if outside { edge += 1 }
                }
            }
        }
        guard area > 0 else { return 0 }
        return Float(area) / Float(max(1, edge)) * Float(s)
    }

    /// Whether the bright pixels (above `background` by more than `cut`) lie as one thick blob
    /// and the dark ones (below it by more than `cut`) as strokes: `blobOverStroke` times
    /// thinner at least. Then the dark side is the ink (the bright one glare, or paper in
    /// better light), whatever the two sides' reach.
    static func brightBlobOverDarkStrokes(_ image: ByteImage, background: Int, cut: Int) -> Bool {
        let step = image.width * image.height > 40_000 ? 2 : 1
        let low = background - cut, high = background + cut
        let dark = thickness(image, step: step) { Int($0) < low }
        guard dark > 0 else { return false }
        let bright = thickness(image, step: step) { Int($0) > high }
        return bright >= blobOverStroke * dark
    }
}
