public enum Preprocess {
    /// Long side of the intermediate crop where the stroke width is measured and fixed.
    static let intermediate = 80
    /// Stroke width of MNIST digits at that scale (measured on the training set; see the tests).
    public static let targetStrokeWidth: Float = 8.5
    /// Below this ink level (after normalisation) a pixel is background for component analysis.
    static let inkThreshold: Float = 0.3
    /// Antialiased edges and faint parts of a stroke: kept with the digit they touch.
    static let faintThreshold: Float = 0.05

    // MARK: 1–2: polarity, background, soft threshold

    public static func clean(_ image: ByteImage) -> CleanedImage {
        clean(image, blockScale: 0).0
    }

    /// Also returns, when `blockScale` > 0, which blockScale×blockScale blocks hold ink
    /// (≥ inkThreshold): segmentation needs it, and the normalisation pass sees every pixel anyway.
    /// `measured`: the image's grid and sheet when already measured (`LitPicture`).
    static func clean(_ image: ByteImage, blockScale: Int, measured: LitPicture? = nil) -> (CleanedImage, [UInt8]) {
        let w = image.width, h = image.height, count = w * h
        // One grid of block means for both: the sheet's geometry and, when needed, local polarity.
        // Only a measurement of this picture (its grid and sheet index by its size; the pixels'
        // comparison is immediate when they share their storage, as the callers' do).
        let picture = measured.flatMap { $0.image.width == w && $0.image.height == h && $0.image.pixels == image.pixels ? $0 : nil }
            ?? LitPicture(image, isLifted: false)
        let grid = picture.grid, sheet = picture.sheet
        let invert = sheet != nil || darkInkOnLightPaper(image, grid: grid)
        // The percentiles need a sample, not every pixel: every other row, counted in the same
        // pass as the residual (see CleaningKernels).
        var counts = [Int32](repeating: 0, count: 1024)
        // Every element is written by the residual pass (no 48 MB zero fill first for a 12-MP photo).
        var values = image.pixels.withUnsafeBufferPointer { src in
            [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                // The buffer may be larger than asked for: only the image's own count is filled.
                let v = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
                initialized = residual(src, into: v, width: w, height: h, invert: invert, sheet: sheet, counts: &counts)
            }
        }
        let hist = mergedHistogram(counts)
        let noise = Float(percentile(hist, 0.5))
        // The threshold follows the image's own ink contrast: a fixed 24 levels would cut the
        // lighter half of every stroke in a dim or low-contrast photo (ink only 40-80 levels
        // below the paper), opening loops and breaking digits apart.
        let contrast = Float(inkContrast(hist))
        let low = max(noise * 2 + 8, min(24, contrast * 0.12))
        // Ink level: a high percentile of what is clearly above the threshold.
        var inkHist = [Int](repeating: 0, count: 256)
        var inkCount = 0
        for v in 0..<256 where Float(v) > low { inkHist[v] = hist[v]; inkCount += hist[v] }
        let high = inkCount > 0 ? max(Float(percentile(inkHist, 0.9)), low + 16, contrast / 2) : 255
        let scale = 1 / max(high - low, 1)
        // The label blocks' ink levels are taken in the normalisation pass (`inkBlocks`, fused).
        let bs = max(1, blockScale), lw = (w + bs - 1) / bs, lh = (h + bs - 1) / bs
        var blocks = [UInt8](repeating: 0, count: blockScale > 0 ? lw * lh : 0)
        values.withUnsafeMutableBufferPointer { v in
            blocks.withUnsafeMutableBufferPointer { b in
                guard let base = v.baseAddress, v.count == count else { return }
                // No blocks asked for: nil, never the (empty) array's address.
                guard blockScale > 0, b.count == lw * lh, let levels = b.baseAddress else {
                    for y in 0..<h { normaliseRow(base + y * w, width: w, low: low, scale: scale, blocks: nil, blockScale: bs) }
                    return
                }
                normaliseKeepingBands(base, width: w, height: h, low: low, noise: noise, scale: scale, levels: levels, blockScale: bs)
            }
        }
        let ink = FloatImage(width: w, height: h, pixels: values)
        return (CleanedImage(original: image, ink: ink, inverted: invert), blocks)
    }

    /// Fills `v` (h, w) with the residual above the background (the smooth one, or the fine step
    /// grid where the two disagree — a sharp step in the light, a faint ring lifting the coarse
    /// blocks — or the desk around a sheet where higher), ink bright, and adds every other
    /// row (every row under 64) to `counts` (see `countRow`). Returns how many elements it
    /// initialised: all of them (zeros when the buffer does not match the image).
    private static func residual(_ src: UnsafeBufferPointer<UInt8>, into v: UnsafeMutableBufferPointer<Float>, width w: Int, height h: Int,
                                 invert: Bool, sheet: PaperSheet?, counts: inout [Int32]) -> Int {
        guard let out = v.baseAddress, let raw = src.baseAddress, src.count == w * h, v.count == w * h else {
            v.initialize(repeating: 0)
            return v.count
        }
        let background = Background(src, width: w, height: h, invert: invert)
        let steps = Steps(src, width: w, height: h, invert: invert)
        let flip: Float = invert ? -1 : 1, offset: Float = invert ? 255 : 0
        var bg = [Float](repeating: 0, count: w)
        bg.withUnsafeMutableBufferPointer { b in
            counts.withUnsafeMutableBufferPointer { c in
                guard let row = b.baseAddress, let cp = c.baseAddress, c.count == 1024 else { return }
                for y in 0..<h {
                    background.row(y, into: row)
                    steps?.adjust(y, b)
                    sheet?.raise(y, b)
                    residualRow(raw + y * w, row, into: out + y * w, width: w, flip: flip, offset: offset)
                    if y % 2 == 0 || h < 64 { countRow(out + y * w, width: w, into: cp) }
                }
            }
        }
        return v.count
    }

    /// The normalisation with the label blocks' levels, a lower threshold inside bands of faint
    /// ink (`FaintBands`): first every pixel from the lower threshold (values kept up to 1 + the
    /// shift, so the usual ones are exactly recovered), the blocks it fills counted; then, outside
    /// the bands, shifted back to the usual threshold, and the blocks' levels taken.
    /// `v` (h, w) the residual, `levels` (⌈h / bs⌉, ⌈w / bs⌉) zeros.
    /// `noise`: the paper's grain (the residual's median, as in `clean`).
    private static func normaliseKeepingBands(_ v: UnsafeMutablePointer<Float>, width w: Int, height h: Int, low: Float, noise: Float,
                                              scale: Float, levels: UnsafeMutablePointer<UInt8>, blockScale bs: Int) {
        let lw = (w + bs - 1) / bs, lh = (h + bs - 1) / bs
        let bandLow = max(0, low - bandLowering(noise: noise)), shift = (low - bandLow) * scale
        var counts = [Int32](repeating: 0, count: lw * lh), peaks = [Float](repeating: 0, count: lw * lh)
        counts.withUnsafeMutableBufferPointer { c in
            peaks.withUnsafeMutableBufferPointer { pk in
                guard let cp = c.baseAddress, let pp = pk.baseAddress else { return }
                for y in 0..<h {
                    normaliseRow(v + y * w, width: w, low: bandLow, scale: scale, ceiling: 1 + shift, blocks: nil, blockScale: bs)
                    countOverRow(v + y * w, width: w, blockScale: bs, into: cp + (y / bs) * lw, peaks: pp + (y / bs) * lw)
                }
            }
        }
        // Filled: at least half the block's pixels over the lower threshold.
        var filled = [Bool](repeating: false, count: lw * lh)
        for by in 0..<lh {
            let rows = min(bs, h - by * bs)
            for bx in 0..<lw { filled[by * lw + bx] = Int(counts[by * lw + bx]) * 2 >= rows * min(bs, w - bx * bs) }
        }
        let band = bandBlocks(filled, inky: peaks.map { $0 >= inkThreshold + shift }, width: lw, height: lh)
        let reach = bandReach(band, filled: filled, width: lw, height: lh)
        var bandRow = [Bool](repeating: false, count: lh)
        for by in 0..<lh { bandRow[by] = band[(by * lw)..<(by * lw + lw)].contains(true) || reach[(by * lw)..<(by * lw + lw)].contains(true) }
        for y in 0..<h {
            let line = v + y * w, by = y / bs, row = levels + by * lw
            guard bandRow[by] else {
                normaliseRow(line, width: w, low: shift, scale: 1, blocks: row, blockScale: bs)
                continue
            }
            for bx in 0..<lw {
                let x0 = bx * bs
                if reach[by * lw + bx] {
                    // Where a band reaches on: the usual level, or the band's where that is higher
                    // and still faint (then the blocks' levels as usual: values already 0…1).
                    let part = line + x0, n = min(bs, w - x0)
                    for x in 0..<n { part[x] = max(min(1, max(0, part[x] - shift)), min(bandCeiling, part[x])) }
                    normaliseRow(part, width: n, low: 0, scale: 1, blocks: row + bx, blockScale: bs)
                    continue
                }
                // A band is faint ink: kept under the ink threshold, so its grain never makes pieces.
                let inBand = band[by * lw + bx]
                normaliseRow(line + x0, width: min(bs, w - x0), low: inBand ? 0 : shift, scale: 1,
                             ceiling: inBand ? bandCeiling : 1, blocks: row + bx, blockScale: bs)
            }
        }
    }

    /// Per blockScale×blockScale block of the cleaned ink: 0 no ink, 1 faint ink only, 2 ink
    /// at or above inkThreshold (what segmentation labels).
    static func inkBlocks(_ ink: FloatImage, blockScale: Int) -> [UInt8] {
        let w = ink.width, h = ink.height, bs = max(1, blockScale)
        let lw = (w + bs - 1) / bs, lh = (h + bs - 1) / bs
        var blocks = [UInt8](repeating: 0, count: lw * lh)
        ink.pixels.withUnsafeBufferPointer { v in
            blocks.withUnsafeMutableBufferPointer { b in
                for y in 0..<h {
                    let line = v.baseAddress! + y * w, row = (y / bs) * lw
                    for x in 0..<w where line[x] > faintThreshold {
                        let level: UInt8 = line[x] >= inkThreshold ? 2 : 1
                        if b[row + x / bs] < level { b[row + x / bs] = level }
                    }
                }
            }
        }
        return blocks
    }

    /// Polarity from the image itself, not from how bright its border is (a dim photo of white
    /// paper has a border at grey 120): the ink is a minority of pixels that differ strongly
    /// from the background, on one side of it. "Strongly" is half-way from the background to the
    /// side that reaches furthest (robust 0.5 / 99.5 % percentiles; the tails of a few hundred
    /// samples when those find both sides or neither: `fineTail`). A side holding more than a
    /// third of the image is paper in other light (a shadow, a lit half), not ink. When both
    /// sides qualify or neither does, the shape of the ink decides (`strokeInkIsDark`: strokes
    /// are lines, a shadow's edge a step), and when that cannot tell either, the image's own
    /// local contrast (`localInkIsDark`). A bright minority is light ink unless the lines are
    /// clearly dark (`strokeInkIsClearlyDark`).
    static func darkInkOnLightPaper(_ image: ByteImage, grid: BlockGrid? = nil) -> Bool {
        let background = borderMedian(image)
        var hist = [Int](repeating: 0, count: 256)
        image.pixels.withUnsafeBufferPointer { p in
            // Every other row and column is plenty for a histogram.
            let step = image.width * image.height > 40_000 ? 2 : 1
            for y in stride(from: 0, to: image.height, by: step) {
                let line = p.baseAddress! + y * image.width
                for x in stride(from: 0, to: image.width, by: step) { hist[Int(line[x])] += 1 }
            }
        }
        let total = hist.reduce(0, +)
        let coarse = minoritySides(hist, background: background, tail: 0.005)
        // A small digit on a large page (a loose crop, a whole phone photo) is under half a
        // percent of the pixels: the 0.5 % tails are paper grain, vignetting and JPEG noise on
        // both sides, and the rules below then guessed (thin ballpoint digits at 10-20 % of
        // the frame: 33 of 100 read as light ink). The tails of about 200 samples (`fineTail`)
        // reach the ink; they only decide when they find one side alone.
        var sides = coarse
        if coarse.map({ $0.dark == $0.bright }) ?? true,
           let fine = minoritySides(hist, background: background, tail: fineTail(total)), fine.dark != fine.bright {
            sides = fine
        }
        guard let sides else { return background > 127 }
        let darkReach = sides.darkReach, brightReach = sides.brightReach
        switch (sides.dark, sides.bright) {
        case (true, false): return true
        // Light ink, unless the ink's lines are clearly dark: lit paper beside a shadow (or a
        // rotated sheet's rim) under a third of a dim photo is this minority too.
        case (false, true): return strokeInkIsClearlyDark(grid ?? BlockGrid(image))
        // Paper at two levels (a shadow, a dim sheet) or ink on both sides: the shape of the
        // ink (lines, not steps), else the local contrast.
        case (true, true) where Float(darkReach) >= clearReachRatio * Float(brightReach):
            return true
        // Glare: the bright side one soft blob, the dark one strokes (`MinorityThickness`).
        case (true, true) where brightBlobOverDarkStrokes(image, background: background, cut: max(darkReach, brightReach) / 2):
            return true
        case (true, true), (false, false):
            let blocks = grid ?? BlockGrid(image)
            return strokeInkIsDark(blocks, contrast: max(darkReach, brightReach)) ?? localInkIsDark(image, grid: blocks)
        }
    }

    /// How much further the darkest pixels must reach from the paper than the brightest for
    /// a picture with a minority on both sides to be dark ink without asking the lines. Glare
    /// (a bright spot with the digit running dark through it) and grainy paper under pencil
    /// are a bright minority whose block means make "lines" as strong as thin ink's (the spot
    /// lies above its neighbours, the grain is the size of a block), so the stroke rule took
    /// them for light ink; their darkest pixels, the ink's, reach 1.3-1.9 times as far as the
    /// brightest. Lit paper beside a shadow, what the stroke rule is for, reaches further than
    /// faint ink instead. Red-team dev set (count.sh, 100 a condition): glare 84 → 87, pencil
    /// 89 → 98, all 2108 → 2120 of 2250, nothing lower; dev photos seeds 11-13 unchanged.
    static let clearReachRatio: Float = 1.25

    /// Which sides of the `background` level hold a minority of strongly differing pixels
    /// (nil when neither side reaches 16 levels): "strongly" is half-way from the background
    /// to the side that reaches furthest, measured at the `tail` percentiles; a side holding
    /// more than a third of the samples is paper in other light, not ink.
    static func minoritySides(_ hist: [Int], background: Int, tail: Double)
        -> (dark: Bool, bright: Bool, darkReach: Int, brightReach: Int)? {
        let total = hist.reduce(0, +)
        let darkReach = background - percentile(hist, tail), brightReach = percentile(hist, 1 - tail) - background
        guard max(darkReach, brightReach) >= 16 else { return nil }
        let cut = max(darkReach, brightReach) / 2
        let darker = hist[0..<max(0, background - cut)].reduce(0, +)
        let brighter = hist[min(256, background + cut + 1)...].reduce(0, +)
        return (darker > 0 && darker * 3 <= total, brighter > 0 && brighter * 3 <= total, darkReach, brightReach)
    }

    /// The tail of about 200 samples (never beyond the usual 0.5 %, never under 0.02 %), for
    /// ink that is a small part of a large picture.
    static func fineTail(_ samples: Int) -> Double {
        min(0.005, max(0.0002, 200 / Double(max(1, samples))))
    }

    static func borderMedian(_ image: ByteImage) -> Int {
        var hist = [Int](repeating: 0, count: 256)
        let w = image.width, h = image.height
        let band = max(1, min(w, h) / 20)
        image.pixels.withUnsafeBufferPointer { p in
            for y in 0..<h {
                let line = p.baseAddress! + y * w
                if y < band || y >= h - band {
                    for x in 0..<w { hist[Int(line[x])] += 1 }
                } else {
                    for x in 0..<min(band, w) { hist[Int(line[x])] += 1 }
                    for x in max(band, w - band)..<w { hist[Int(line[x])] += 1 }
                }
            }
        }
        return percentile(hist, 0.5)
    }

    /// The value below which `fraction` of the histogram's samples lie.
    static func percentile(_ hist: [Int], _ fraction: Double) -> Int {
        let total = hist.reduce(0, +)
        guard total > 0 else { return 0 }
        let target = Int(Double(total) * fraction)
        var acc = 0
        for (v, c) in hist.enumerated() {
            acc += c
            if acc > target { return v }
        }
        return hist.count - 1
    }

    // MARK: 3–5: crop, scale with stroke normalisation, centre

    /// Builds the 28×28 input for the ink of `cleaned` inside `box`; `keep` (when given)
    /// says which pixels belong to this digit (others, e.g. a neighbouring digit, are ignored).
    public static func digit(from cleaned: FloatImage, box: Box, mask: InkMask? = nil) -> DigitSample {
        digit(region: region(of: cleaned, box: box, mask: mask), box: box)
    }

    /// The box's pixels, those of other digits (per `mask`) set to 0.
    static func region(of cleaned: FloatImage, box: Box, mask: InkMask?) -> FloatImage {
        var region = FloatImage(width: box.width, height: box.height, fill: 0)
        let columns = mask?.columns(box) ?? []
        region.pixels.withUnsafeMutableBufferPointer { r in
            cleaned.pixels.withUnsafeBufferPointer { c in
                for y in 0..<box.height {
                    let src = c.baseAddress! + (box.y + y) * cleaned.width + box.x
                    let dst = r.baseAddress! + y * box.width
                    if let mask {
                        let start = mask.rowStart(box.y + y)
                        for x in 0..<box.width where mask.owner[start + columns[x]] == mask.id { dst[x] = src[x] }
                    } else {
                        dst.update(from: src, count: box.width)
                    }
                }
            }
        }
        return region
    }

    /// `region`: the digit's box cut from the cleaned image (see `region(of:box:mask:)`).
    static func digit(region: FloatImage, box: Box) -> DigitSample {
        // Intermediate: long side = 80 (pad the box to a square first so the aspect stays).
        let long = max(box.width, box.height)
        let iw = max(1, Int((Double(box.width) * Double(intermediate) / Double(long)).rounded()))
        let ih = max(1, Int((Double(box.height) * Double(intermediate) / Double(long)).rounded()))
        let scaled = long >= intermediate
            ? Resample.area(region, toWidth: iw, height: ih)
            : upscale(region, toWidth: iw, height: ih)
        // A margin lets a thin stroke grow (a thin "1" crops to a box one pixel wide);
        // the crop is tightened again after the stroke is normalised.
        let margin = 8
        var mid = FloatImage(width: iw + 2 * margin, height: ih + 2 * margin, fill: 0)
        for y in 0..<ih { for x in 0..<iw { mid.pixels[(y + margin) * mid.width + x + margin] = scaled.pixels[y * iw + x] } }
        stretch(&mid)
        normaliseStroke(&mid)
        mid = inkCrop(mid)
        // 20×20 box, aspect kept.
        let longMid = max(mid.width, mid.height)
        let ow = max(1, Int((Double(mid.width) * 20 / Double(longMid)).rounded()))
        let oh = max(1, Int((Double(mid.height) * 20 / Double(longMid)).rounded()))
        let small = Resample.area(mid, toWidth: ow, height: oh)
        return DigitSample(box: box, cropped: mid, final: centre(small))
    }

    /// The image cropped to the pixels with any ink.
    static func inkCrop(_ img: FloatImage) -> FloatImage {
        var minX = img.width, minY = img.height, maxX = -1, maxY = -1
        for y in 0..<img.height {
            for x in 0..<img.width where img.pixels[y * img.width + x] > 0.02 {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        guard maxX >= 0 else { return img }
        var out = FloatImage(width: maxX - minX + 1, height: maxY - minY + 1, fill: 0)
        for y in 0..<out.height {
            for x in 0..<out.width { out.pixels[y * out.width + x] = img.pixels[(y + minY) * img.width + x + minX] }
        }
        return out
    }

    /// Bilinear upscaling for crops smaller than the intermediate size.
    static func upscale(_ img: FloatImage, toWidth w: Int, height h: Int) -> FloatImage {
        var out = FloatImage(width: w, height: h, fill: 0)
        let sx = Float(img.width) / Float(w), sy = Float(img.height) / Float(h)
        for y in 0..<h {
            for x in 0..<w {
                let fx = (Float(x) + 0.5) * sx - 0.5, fy = (Float(y) + 0.5) * sy - 0.5
                out.pixels[y * w + x] = clampedBilinear(img, fx, fy)
            }
        }
        return out
    }

    static func clampedBilinear(_ img: FloatImage, _ x: Float, _ y: Float) -> Float {
        let cx = min(max(x, 0), Float(img.width - 1)), cy = min(max(y, 0), Float(img.height - 1))
        let x0 = Int(cx), y0 = Int(cy)
        let x1 = min(x0 + 1, img.width - 1), y1 = min(y0 + 1, img.height - 1)
        let fx = cx - Float(x0), fy = cy - Float(y0)
        let p = img.pixels, w = img.width
        return (p[y0 * w + x0] * (1 - fx) + p[y0 * w + x1] * fx) * (1 - fy) + (p[y1 * w + x0] * (1 - fx) + p[y1 * w + x1] * fx) * fy
    }

    /// Scales intensities so the strokes' core reaches 1: downscaling a thin pen leaves it grey,
    /// and a stroke that fades along its length has a fainter core there (`liftFaintStrokes`).
    static func stretch(_ img: inout FloatImage) {
        var hist = [Int](repeating: 0, count: 256)
        var any = false
        for v in img.pixels where v > 0.02 { hist[min(255, Int(v * 255))] += 1; any = true }
        guard any else { return }
        let top = max(Float(percentile(hist, 0.95)) / 255, 0.05)
        liftFaintStrokes(&img, top: top)
    }
}
