/// A sheet of paper lying on a darker desk: the way most people photograph what they wrote.
///
/// The desk is a dark region along the image's border, often a third of the picture, so the
/// whole-image polarity rule (`Preprocess.darkInkOnLightPaper`: the border is the background,
/// a side holding more than a third of the image is not ink) takes the bright sheet for ink,
/// and the smooth background, fitted to the sheet, leaves the desk standing out as a huge
/// "stroke". Both are decided here from the geometry instead: on a coarse grid of block means,
/// the largest bright connected region that fills most of its bounding box is the sheet; the
/// dark blocks connected to the image's border are outside it (the desk, or a hard shadow
/// across the paper). Polarity is read inside the sheet, and outside it (plus one block of rim,
/// where the sheet's edge lies) the background is raised to that region's own level, so the
/// desk and the sheet's edge are not ink while ink written in a shadow still is.
struct PaperSheet {
    /// The sheet must be this much brighter than what lies outside it (grey levels, block means).
    static let minContrast: Float = 48
    /// The surround's mean must be at most this fraction of the sheet's to be a desk.
    static let maxDeskRatio: Float = 0.7
    /// The share of the image's border the surround must cover: a desk is seen on most sides of
    /// a sheet, a hard shadow across the paper (a wedge from one side, or half the page) on
    /// fewer; treating a shadow as a desk lost the ink in it (photo-like "shadow" 298 → 242/300).
    static let minBorderShare = 0.6
    /// Outside levels are lowered by this much: the desk's grain and JPEG noise below its mean.
    static let grain: Float = 8
    /// Half-width (blocks) of the window whose outside blocks set the level there.
    static let levelRadius = 4
    /// Ink too rare for the sheet's 0.5 % tail: samples at least this far below the paper's
    /// median (grey levels; its grain is a few)...
    static let fewInkDepth = 32
    /// ...and at least this many of them.
    static let fewInkSamples = 50

    let factor: Int, columns: Int
    /// The share of the image's border the desk covers (`minBorderShare`).
    let borderShare: Double
    /// Per block: the background to use (inverted grey, ink bright), or 0 inside the sheet.
    let raised: [Float]

    /// nil when the image shows no sheet on a darker surround, or the sheet's ink is not dark.
    /// `grid`: the image's block means (built from it when not given).
    init?(_ image: ByteImage, grid: BlockGrid? = nil) {
        let grid = grid ?? BlockGrid(image)
        let factor = grid.factor, gw = grid.columns, gh = grid.rows, means = grid.means
        guard let shape = Self.shape(means, gw, gh) else { return nil }
        guard Self.inkIsDark(image, factor: factor, member: shape.member, outside: shape.outside, gw, means: means) else { return nil }
        let raised = Self.levels(means, outside: shape.outside, gw, gh)
        // Paper in shadow holds ink; a desk does not (and what is written is on the sheet).
        guard !Self.holdsInk(image, factor: factor, outside: shape.outside, raised: raised, depth: shape.depth) else { return nil }
        self.factor = factor
        self.borderShare = shape.borderShare
        columns = gw
        self.raised = raised
    }

    /// A sheet's shape on the block means alone (gw×gh): its blocks, the desk's (`outside`),
    /// the share of the border the desk covers and half the step from desk to sheet; nil when
    /// the means show no bright region, large and filling its box, with a darker surround on
    /// most of the border. The pixels are not read here (the ink's checks are), so a picture
    /// can be judged by its means before it is made (`ShadowLine.lit`, `liftedMeans`).
    static func shape(_ means: [Float], _ gw: Int, _ gh: Int)
        -> (member: [Bool], outside: [Bool], borderShare: Double, depth: Float)? {
        guard min(gw, gh) >= 16, means.count == gw * gh else { return nil }
        // A desk, not a shadow across the paper (which `Steps` follows, keeping the ink in it):
        // clearly darker, and all around the sheet (see `minBorderShare`).
        guard let cut = Self.otsu(means), cut.bright - cut.dark >= Self.minContrast,
              cut.dark <= cut.bright * Self.maxDeskRatio else { return nil }
        let bright = means.map { $0 >= cut.threshold }
        guard let sheet = Self.largestRegion(bright, gw, gh) else { return nil }
        let total = gw * gh
        // A sheet, not a bold stroke: a large region that fills most of its box (a rotated sheet still does).
        guard sheet.count * 8 >= total, sheet.count * 10 >= sheet.boxArea * 6 else { return nil }
        let outside = Self.outside(of: sheet.member, gw, gh)
        let outsideCount = outside.reduce(0) { $0 + ($1 ? 1 : 0) }
        let borderShare = Self.borderShare(outside, gw, gh)
        guard outsideCount * 12 >= total, borderShare >= Self.minBorderShare else { return nil }
        return (sheet.member, outside, borderShare, (cut.bright - cut.dark) / 2)
    }

    /// Raises row y of the (inverted) background to the outside region's own level there.
    func raise(_ y: Int, _ bg: UnsafeMutableBufferPointer<Float>) {
        let row = (y / factor) * columns
        for bx in 0..<columns {
            let level = raised[row + bx]
            guard level > 0 else { continue }
            for x in (bx * factor)..<min(bg.count, bx * factor + factor) { bg[x] = max(bg[x], level) }
        }
    }

    /// Otsu's two-class split of the block means: the threshold and each class's mean.
    static func otsu(_ values: [Float]) -> (threshold: Float, dark: Float, bright: Float)? {
        var hist = [Double](repeating: 0, count: 256)
        for v in values { hist[Int(min(255, max(0, v)))] += 1 }
        let n = Double(values.count), sumAll = hist.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element }
        var best = -1.0, result: (Float, Float, Float)? = nil
        var count0 = 0.0, sum0 = 0.0
        for t in 0..<255 {
            count0 += hist[t]; sum0 += Double(t) * hist[t]
            let count1 = n - count0
            guard count0 > 0, count1 > 0 else { continue }
            let m0 = sum0 / count0, m1 = (sumAll - sum0) / count1
            let between = count0 * count1 * (m0 - m1) * (m0 - m1)
            if between > best { best = between; result = (Float(t + 1), Float(m0), Float(m1)) }
        }
        return result.map { (threshold: $0.0, dark: $0.1, bright: $0.2) }
    }

    /// The largest 4-connected region of `on` blocks: membership, size and bounding-box area.
    static func largestRegion(_ on: [Bool], _ gw: Int, _ gh: Int) -> (member: [Bool], count: Int, boxArea: Int)? {
        var label = [Int32](repeating: -1, count: gw * gh)
        var best: (id: Int32, count: Int, boxArea: Int) = (-1, 0, 0)
        var stack: [Int] = [], next: Int32 = 0
        for start in 0..<(gw * gh) where on[start] && label[start] < 0 {
            label[start] = next; stack.append(start)
            var count = 0, x0 = gw, x1 = 0, y0 = gh, y1 = 0
            while let i = stack.popLast() {
                count += 1
                let x = i % gw, y = i / gw
                x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
                for n in neighbours(i, gw, gh) where on[n] && label[n] < 0 { label[n] = next; stack.append(n) }
            }
            if count > best.count { best = (next, count, (x1 - x0 + 1) * (y1 - y0 + 1)) }
            next += 1
        }
        guard best.id >= 0 else { return nil }
        return (label.map { $0 == best.id }, best.count, best.boxArea)
    }

    /// The blocks outside the sheet reachable from the image's border without crossing it
    /// (holes inside the sheet, such as bold ink, stay inside).
    static func outside(of sheet: [Bool], _ gw: Int, _ gh: Int) -> [Bool] {
        var out = [Bool](repeating: false, count: gw * gh)
        var stack: [Int] = []
        for i in 0..<(gw * gh) where !sheet[i] {
            let x = i % gw, y = i / gw
            if x == 0 || y == 0 || x == gw - 1 || y == gh - 1 { out[i] = true; stack.append(i) }
        }
        while let i = stack.popLast() {
            for n in neighbours(i, gw, gh) where !sheet[n] && !out[n] { out[n] = true; stack.append(n) }
        }
        return out
    }

    /// The share of the grid's border blocks that are outside the sheet.
    static func borderShare(_ outside: [Bool], _ gw: Int, _ gh: Int) -> Double {
        var on = 0, all = 0
        for i in 0..<(gw * gh) {
            let x = i % gw, y = i / gw
            guard x == 0 || y == 0 || x == gw - 1 || y == gh - 1 else { continue }
            all += 1
            if outside[i] { on += 1 }
        }
        return Double(on) / Double(max(1, all))
    }

    /// Whether the ink on the sheet is darker than the sheet (the usual rule, on the sheet's own
    /// pixels away from its edge); a sheet showing no ink either way is not a sheet here.
    /// Dark ink on the sheet by either measure: against one level for the whole sheet (the
    /// usual case), or against the sheet's lighting where each pixel lies (`lighting`): a sheet
    /// lit from one side spans 60 grey levels, and that gradient, not the small digit on it,
    /// set both tails (walkthrough 36: 7 of 20 tilted sheets on a desk went unseen, and their
    /// edge was read as a 1). Either, not only the second: a sheet found by the first stays found
    /// (PhoneSheetTests: a sheet tilted 3° on a light desk is found by the first and not the
    /// second).
    static func inkIsDark(_ image: ByteImage, factor: Int, member: [Bool], outside: [Bool], _ gw: Int, means: [Float]? = nil) -> Bool {
        let gh = member.count / gw
        let inner = member.indices.map { i in member[i] && !neighbours(i, gw, gh).contains { outside[$0] } }
        let flat = [Int](repeating: 0, count: inner.count)
        if Self.inkIsDark(histogram(image, factor: factor, inner: inner, gw, offset: flat)) { return true }
        // The paper's level per block, as an offset that brings it to mid-grey.
        guard let means, let fit = lighting(means, inner: inner, gw) else { return false }
        return Self.inkIsDark(histogram(image, factor: factor, inner: inner, gw, offset: fit.map { 128 - Int($0.rounded()) }))
    }

    /// The grey levels of the sheet's inner blocks, each block's moved by `offset` (clamped).
    static func histogram(_ image: ByteImage, factor: Int, inner: [Bool], _ gw: Int, offset: [Int]) -> [Int] {
        var hist = [Int](repeating: 0, count: 256)
        let w = image.width, h = image.height
        let step = factor >= 4 ? 2 : 1
        image.pixels.withUnsafeBufferPointer { p in
            for y in stride(from: 0, to: h, by: step) {
                let line = p.baseAddress! + y * w, row = (y / factor) * gw
                for x in stride(from: 0, to: w, by: step) where inner[row + x / factor] {
                    hist[min(255, max(0, Int(line[x]) + offset[row + x / factor]))] += 1
                }
            }
        }
        return hist
    }

    /// Whether a sheet's histogram shows ink darker than its paper.
    static func inkIsDark(_ hist: [Int]) -> Bool {
        let paper = Preprocess.percentile(hist, 0.5)
        let darkReach = paper - Preprocess.percentile(hist, 0.005), brightReach = Preprocess.percentile(hist, 0.995) - paper
        guard hist.contains(where: { $0 > 0 }) else { return false }
        if darkReach >= 16 || brightReach >= 16 { return darkReach >= brightReach }
        // The ink is under 0.5 % of the sheet's pixels here: a digit 10 % of a 12-MP photo's
        // height, or a bold one whose blocks are holes in the sheet's region so that only its
        // fringe is counted (phone_12mp: the sheet went unseen and its edge was read as a 1).
        // Then it is dark when clearly dark pixels are there, and far more than clearly light
        // ones. A sheet showing no ink at all is still not taken for one: a bold light stroke on
        // a dark background is a bright, uniform region with "desk" around it, and would be erased.
        let dark = hist[0..<max(0, paper - Self.fewInkDepth)].reduce(0, +)
        let light = hist[min(256, paper + Self.fewInkDepth + 1)...].reduce(0, +)
        // At least a 20,000th of the sheet's samples: 50 of a 12-MP sheet's are a speck (review).
        return dark >= max(Self.fewInkSamples, hist.reduce(0, +) / 20_000) && dark > 4 * light
    }

    /// The sheet's lighting per block: the quadratic surface (in the block's column and row)
    /// closest to the inner blocks' means, least squares. Ink is a small share of those means,
    /// and a bold stroke's blocks are holes in the sheet, not inner blocks. nil when the fit is
    /// singular (too few blocks) or gives a level outside 0...255 on an inner block (others are
    /// clamped).
    static func lighting(_ means: [Float], inner: [Bool], _ gw: Int) -> [Float]? {
        let gh = inner.count / max(1, gw)
        guard gw > 2, gh > 2, means.count == inner.count else { return nil }
        func basis(_ i: Int) -> [Double] {
            let x = 2 * Double(i % gw) / Double(gw - 1) - 1, y = 2 * Double(i / gw) / Double(gh - 1) - 1
            return [1, x, y, x * x, x * y, y * y]
        }
        var a = [Double](repeating: 0, count: 36), b = [Double](repeating: 0, count: 6), n = 0
        for i in inner.indices where inner[i] {
            let f = basis(i), v = Double(means[i])
            for r in 0..<6 {
                b[r] += f[r] * v
                for c in 0..<6 { a[r * 6 + c] += f[r] * f[c] }
            }
            n += 1
        }
        guard n >= 24, let coef = solve6(a, b) else { return nil }
        var out = [Float](repeating: 0, count: inner.count)
        for i in inner.indices {
            let f = basis(i)
            let v = (0..<6).reduce(0.0) { $0 + coef[$1] * f[$1] }
            guard v.isFinite else { return nil }
            if inner[i], !(0...255).contains(v) { return nil }
            out[i] = Float(min(255, max(0, v)))
        }
        return out
    }

    /// The 6×6 system a·x = b by Gaussian elimination with partial pivoting; nil when singular.
    static func solve6(_ a: [Double], _ b: [Double]) -> [Double]? {
        var m = a, r = b
        for col in 0..<6 {
            guard let pivot = (col..<6).max(by: { abs(m[$0 * 6 + col]) < abs(m[$1 * 6 + col]) }),
                  abs(m[pivot * 6 + col]) > 1e-9 else { return nil }
            if pivot != col {
                for c in 0..<6 { m.swapAt(col * 6 + c, pivot * 6 + c) }
                r.swapAt(col, pivot)
            }
            for row in (col + 1)..<6 {
                let k = m[row * 6 + col] / m[col * 6 + col]
                for c in col..<6 { m[row * 6 + c] -= k * m[col * 6 + c] }
                r[row] -= k * r[col]
            }
        }
        var x = [Double](repeating: 0, count: 6)
        for row in stride(from: 5, through: 0, by: -1) {
            var sum = r[row]
            for c in (row + 1)..<6 { sum -= m[row * 6 + c] * x[c] }
            x[row] = sum / m[row * 6 + row]
            guard x[row].isFinite else { return nil }
        }
        return x
    }

    /// Per block, the inverted background outside the sheet and on its rim (the blocks touching
    /// it, where the sheet's edge lies): the median of the outside blocks' means in a window of
    /// `levelRadius` blocks around it, lowered by `grain`; 0 elsewhere. A median, so neither
    /// ink written in a shadow (darker blocks) nor the mixed blocks along the sheet's edge
    /// (brighter) set the level: both are a minority of the window.
    static func levels(_ means: [Float], outside: [Bool], _ gw: Int, _ gh: Int) -> [Float] {
        var raised = [Float](repeating: 0, count: gw * gh)
        var window: [Float] = []
        let r = levelRadius
        for i in 0..<(gw * gh) {
            let x = i % gw, y = i / gw
            var near = false
            for yy in max(0, y - 1)...min(gh - 1, y + 1) {
                for xx in max(0, x - 1)...min(gw - 1, x + 1) where outside[yy * gw + xx] { near = true }
            }
            guard near else { continue }
            window.removeAll(keepingCapacity: true)
            for yy in max(0, y - r)...min(gh - 1, y + r) {
                for xx in max(0, x - r)...min(gw - 1, x + r) where outside[yy * gw + xx] { window.append(means[yy * gw + xx]) }
            }
            window.sort()
            raised[i] = max(1, 255 - window[window.count / 2] + grain)
        }
        return raised
    }

    /// Whether more than 1 in 2000 of the outside region's pixels lie `depth` below its level:
    /// strokes, so the region is paper in shadow, not a desk.
    static func holdsInk(_ image: ByteImage, factor: Int, outside: [Bool], raised: [Float], depth: Float) -> Bool {
        let w = image.width, h = image.height, gw = (w + factor - 1) / factor
        let step = factor >= 4 ? 2 : 1
        var dark = 0, all = 0
        image.pixels.withUnsafeBufferPointer { p in
            for y in stride(from: 0, to: h, by: step) {
                let line = p.baseAddress! + y * w, row = (y / factor) * gw
                for x in stride(from: 0, to: w, by: step) where outside[row + x / factor] {
                    all += 1
                    if Float(line[x]) < 255 + grain - raised[row + x / factor] - depth { dark += 1 }
                }
            }
        }
        return dark * 2000 > all
    }

    /// The 4-neighbours of block i inside the grid.
    static func neighbours(_ i: Int, _ gw: Int, _ gh: Int) -> [Int] {
        let x = i % gw, y = i / gw
        var n: [Int] = []
        n.reserveCapacity(4)
        if x > 0 { n.append(i - 1) }
        if x < gw - 1 { n.append(i + 1) }
        if y > 0 { n.append(i - gw) }
        if y < gh - 1 { n.append(i + gw) }
        return n
    }
}
