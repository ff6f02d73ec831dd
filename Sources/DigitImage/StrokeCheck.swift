/// Whether a digit candidate's ink forms strokes, or is noise or texture that merely has ink.
///
/// Pen strokes are spatially coherent: an inked pixel's neighbours are inked too, whatever
/// the pen's width or the image's resolution, so the ink level of a pixel and of its
/// neighbour are strongly correlated. Noise (sensor grain, a random-pixel image, salt and
/// pepper) has independent pixels: the correlation is near 0 at every density. A texture
/// (a checkerboard, a grid) is coherent but covers the box evenly with many same-sized holes,
/// which no digit does (an 8 has two).
enum StrokeCheck {
    /// Below this mean neighbour correlation the ink is noise. Measured over the box of all the
    /// ink found (2 px of margin; one thin 1 alone is too few pixels to judge): the sample
    /// digits and 200 composed MNIST numbers (1× to 6×) give 0.53 to 0.98, uniform noise, salt
    /// and pepper, grain and blank paper at 28 to 1000 px at most 0.12.
    static let minCorrelation = 0.3
    /// Or, in the direction where it is strongest (boxes of `minHairlineBox` px and up), at least this. A hairline (a pen under a pixel
    /// wide, anti-aliased) continues along its own direction only: a thin 0, 1, 4, 7 at 0.3–0.6 px
    /// in 150 px has a mean of 0.24–0.31 but 0.45–0.93 in its best direction; uniform noise and
    /// salt and pepper (28–200 px, every density) reach at most 0.07 in any direction.
    static let minDirectionalCorrelation = 0.4
    /// More enclosed background regions than this (each at least a stroke width square) in one
    /// digit is a texture: digits have at most 2, a group of merged pieces a few more.
    static let maxHoles = 6

    /// Whether the ink in `region` is coherent like pen strokes, not independent like noise.
    static func isCoherent(_ region: FloatImage) -> Bool {
        isCoherent(region, box: Box(x: 0, y: 0, width: region.width, height: region.height))
    }

    /// The same for the pixels of `box` in `img`, without copying them out.
    static func isCoherent(_ img: FloatImage, box: Box) -> Bool {
        let r = neighbourCorrelations(img, box: box)
        if r.reduce(0, +) / Double(r.count) >= minCorrelation { return true }
        // The best direction alone only in a box large enough to judge it: noise smeared one way
        // (scanner streaks, shake) is as strong along its direction, and in a box of 64 px its
        // pieces pass for strokes (NoiseRejectionTests.streakNoiseHasNoDigit); from 150 px up
        // they do not.
        return (r.max() ?? 0) >= minDirectionalCorrelation && max(box.width, box.height) >= minHairlineBox
    }

    /// The least side of the box, in pixels, for the hairline rule.
    static let minHairlineBox = 96

    /// Whether one digit's region is a texture (a grid of cells) rather than a digit.
    static func isTexture(_ region: FloatImage) -> Bool { holes(region) > maxHoles }

    /// The mean of the Pearson correlations between each pixel and its right, lower,
    /// lower-right and lower-left neighbour (all four, so a 1-pixel line at any angle counts).
    static func neighbourCorrelation(_ img: FloatImage) -> Double {
        let r = neighbourCorrelations(img)
        return r.reduce(0, +) / Double(r.count)
    }

    /// The Pearson correlations between each pixel and its right, lower, lower-right and
    /// lower-left neighbour, in that order (1 for a box too small or too even to judge).
    static func neighbourCorrelations(_ img: FloatImage) -> [Double] {
        neighbourCorrelations(img, box: Box(x: 0, y: 0, width: img.width, height: img.height))
    }

    /// The same for the pixels of `box` in `img`, read in place (`NeighbourSums`). A box
    /// reaching outside the image is cut to it.
    static func neighbourCorrelations(_ img: FloatImage, box: Box) -> [Double] {
        let x0 = max(0, box.x), y0 = max(0, box.y)
        let w = min(img.width, box.x + box.width) - x0, h = min(img.height, box.y + box.height) - y0
        guard w >= 3, h >= 3 else { return [1, 1, 1, 1] }
        return img.pixels.withUnsafeBufferPointer { p -> [Double] in
            // region (h, w) starting at (x0, y0), rows img.width apart; each pair inside the box.
            guard let base = p.baseAddress, p.count == img.width * img.height else { return [1, 1, 1, 1] }
            let s = NeighbourSums(base + y0 * img.width + x0, rowStride: img.width, width: w, height: h)
            return s.correlations
        }
    }

    /// Enclosed background regions (4-connected, not touching the box's edge) of at least a
    /// stroke width squared: the loops of a 0, 6, 8, 9 — or the cells of a texture.
    static func holes(_ img: FloatImage) -> Int {
        let minArea = minHoleArea(img)
        return img.pixels.withUnsafeBufferPointer { EnclosedRegions.count($0, width: img.width, height: img.height, minArea: minArea) }
    }

    /// The least area of a hole: a stroke width squared, at least 9 pixels. A smaller gap is no
    /// cell of a texture: where a hairline's pixel steps touch only at their corners, or a shaky
    /// 1 px line doubles back, it leaves 2×2 to 2×4 gaps along the stroke, a dozen in one digit
    /// (a thin-pen canvas drawing read "no digit found"; `ThinStrokeTests`).
    static func minHoleArea(_ img: FloatImage) -> Int {
        let stroke = max(1, Preprocess.strokeWidth(img))
        return max(9, Int((stroke * stroke).rounded()))
    }

    /// `holes` by a flood fill from every unseen pixel: the plain reference `EnclosedRegions`
    /// is tested against.
    static func holesByFloodFill(_ img: FloatImage) -> Int {
        let minArea = minHoleArea(img)
        return regionsByFloodFill(img).filter { $0.area >= minArea }.count
    }

    /// The regions of paper (below `inkFrom`) touching no edge, with their boxes, by a flood
    /// fill from every unseen pixel in order: `EnclosedRegions.regions`' reference.
    static func regionsByFloodFill(_ img: FloatImage, inkFrom: Float = 0.5) -> [EnclosedRegions.Region] {
        let w = img.width, h = img.height
        var seen = img.pixels.map { $0 >= inkFrom }  // ink counts as seen
        var stack: [Int] = []
        var regions: [EnclosedRegions.Region] = []
        for start in 0..<(w * h) where !seen[start] {
            seen[start] = true
            stack.append(start)
            var area = 0, touchesEdge = false
            var minX = w, minY = h, maxX = -1, maxY = -1
            while let i = stack.popLast() {
                area += 1
                let x = i % w, y = i / w
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                if x == 0 || y == 0 || x == w - 1 || y == h - 1 { touchesEdge = true }
                if x > 0 && !seen[i - 1] { seen[i - 1] = true; stack.append(i - 1) }
                if x < w - 1 && !seen[i + 1] { seen[i + 1] = true; stack.append(i + 1) }
                if y > 0 && !seen[i - w] { seen[i - w] = true; stack.append(i - w) }
                if y < h - 1 && !seen[i + w] { seen[i + w] = true; stack.append(i + w) }
            }
            if !touchesEdge {
                regions.append(EnclosedRegions.Region(box: Box(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1), area: area))
            }
        }
        return regions
    }
}
