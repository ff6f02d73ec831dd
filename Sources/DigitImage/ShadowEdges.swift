/// Sharp steps in the light: the edge of a shadow across the paper. The smooth background
/// (`Background`, a coarse grid interpolated) rounds such a step off, so a band of shadowed
/// paper along the edge stays above it and reads as a long dark stroke. A fine grid of block
/// levels keeps the step: its grey-level opening (erode, then dilate one block further) drops
/// strokes narrower than the window and keeps regions wider than it, and the extra block
/// makes sure every pixel at the edge sees the shadow's level, not the lit paper's.
extension Preprocess {
    /// Blocks per short side of the fine grid. 48, not 16: the step is placed to a block (a
    /// block straddling the edge takes one side's level, and the dilation adds one more), and
    /// a 16th of a 200-330 px photo is 13-21 px of lit paper taken for shadow beside the edge.
    static let stepGrid = 48
    /// Erosion radius in blocks: ink up to 2·radius+1 blocks wide (5/16 of the short side) is
    /// ink, not a lighting region. A smaller window (7/32) left the cores of bold MNIST strokes
    /// in the background when composed numbers are upscaled (composed numbers 193 → 186/200).
    static let stepRadius = 7
    /// Grey levels a block must lie above the opened background to count as a dropped region,
    /// on paper at `wedgePaper` (12 took blocks of streak noise at 150 px for wedges:
    /// NoiseRejectionTests). A dim photo holds every difference smaller in proportion — its
    /// ink, its shadows, the rim beyond a rotated sheet — so the step scales with the paper's
    /// brightness (`wedgeStep(paper:)`).
    static let wedgeStep: Float = 24
    /// The paper brightness `wedgeStep` was set on: white paper in good light.
    static let wedgePaper: Float = 235
    /// The least step on the dimmest paper: below it JPEG blocks and grain start to form
    /// "wedges". Dev photos "all at once" (count.sh, seed 11, 300), the scaled step alone
    /// (no `maxDimWedgeDepth`): fixed 24 read 203; a floor of 8: 215, 10: 220, 12: 212;
    /// seeds 12 and 13 (100 each, 133 before): 8 → 144, 10 → 141.
    static let minWedgeStep: Float = 10
    /// A region found only with the smaller step of dim paper lies at most this share of the
    /// paper's brightness above the opened level: a lighting region (a shadow at 55-75 % of the
    /// light, the rim beyond a rotated sheet), not the ink of a digit cropped tight, which lies
    /// 60-75 % below a dim photo's paper. Without this bound the scaled step erased such digits
    /// (tight crops of the dim dev photos 262 → 239 of 300, "all at once" 203 → 220); 0.5: 255
    /// and 219, 0.35: 260 and 217, 0.25: 260 and 209 (seeds 12 + 13: 141, 138, 133 of 200).
    static let maxDimWedgeDepth: Float = 0.35

    /// The wedge step for paper at grey `paper`: `wedgeStep` scaled by its brightness, between
    /// `minWedgeStep` and `wedgeStep` (a dim photo's paper is at grey 105-130: 11-13 levels).
    static func wedgeStep(paper: Float) -> Float {
        min(wedgeStep, max(minWedgeStep, wedgeStep * paper / wedgePaper))
    }
    /// Frame blocks a dropped region must cover to be a wedge cut by the frame, not a stroke
    /// (a 48th of the short side each: a pen stroke meets the frame in up to 4 or 5).
    static let minWedgeFrame = 6
    /// A region on two or more sides of the frame is a wedge when it holds a block whose 7×7
    /// window is all region (or beyond the frame): a tight crop's strokes are 1-3 blocks wide.
    static let wedgeThickness = 3
    /// Least short side (px) for keeping frame wedges: in smaller images a bold pen fills whole
    /// blocks along the frame (64-px drawn digits lost a stroke to the background).
    static let minWedgeImage = 128
    /// Blocks a kept frame wedge passes its level on.
    static let wedgeSpread = 3
    /// Blocks around a block whose greatest step level the smooth background may follow: near
    /// a shadow's edge that is the shadow's level, so the blurred edge on the lit side is not
    /// exposed as a line of ink (measured with an earlier form of this rule, which followed
    /// all the way down from 6 levels above: the block's own level gave "all at once" 167 of
    /// 300, the neighbours' 176).
    static let followReach = 2
    /// Where the smooth background lies more than `followMin` but at most `followAbove` grey
    /// levels above that level, it comes down to `followMin` above it. Not all the way: the fine
    /// grid's level is biased low (its erosion takes the least of 225 noisy block percentiles),
    /// and paper under the background raises the noise floor and with it the threshold, which
    /// then cuts faint arcs (following all the way down: faint rings 258 of 300, this way 276;
    /// FaintInkTests' ring split in two). Over 24 the smooth level is a lighting region the
    /// opening dropped (a shadow band), and stays.
    static let followMin: Float = 2
    static let followAbove: Float = 24

    /// The step-preserving background, ink bright (255 − grey for dark ink): per block of a
    /// fine grid, the opened 30th percentile of the block's pixels (paper, when at least 70 %
    /// of it is paper). nil for images under 64 px a side, or when no block rises above 0.
    struct Steps {
        let side: Int, columns: Int
        let levels: [Float]
        /// The greatest step level within `followReach` blocks: what the smooth background may follow.
        let nearLevels: [Float]

        init?(_ src: UnsafeBufferPointer<UInt8>, width w: Int, height h: Int, invert: Bool) {
            let short = min(w, h)
            guard short >= 64, let base = src.baseAddress else { return nil }
            side = max(short >= 128 ? 4 : 2, short / stepGrid)
            columns = (w + side - 1) / side
            let rows = (h + side - 1) / side
            let level = Self.blockPercentiles(base, width: w, height: h, side: side, invert: invert)
            let opened = blockFilter(blockFilter(level, columns, rows, radius: stepRadius, minimum: true),
                                     columns, rows, radius: stepRadius + 1, minimum: false)
            levels = short >= minWedgeImage
                ? Self.spreadingShadows(level, opened: Self.keepingFrameWedges(level, opened: opened, columns, rows), columns, rows)
                : opened
            nearLevels = blockFilter(levels, columns, rows, radius: followReach, minimum: false)
        }

        /// Kernel: the 30th percentile of each side×side block (ink bright), from every
        /// `step`-th row and column of it: all pixels of the small blocks of a 200-px photo
        /// (16-49 of them), every 4th of a 12-MP photo's 62-px blocks (256). One histogram,
        /// cleared by walking the block's samples again, not all 256 bins per block.
        static func blockPercentiles(_ base: UnsafePointer<UInt8>, width w: Int, height h: Int, side: Int,
                                     invert: Bool) -> [Float] {
            let columns = (w + side - 1) / side, rows = (h + side - 1) / side
            let step = side >= 32 ? 4 : side >= 8 ? 2 : 1
            let flip = invert ? 255 : 0
            var level = [Float](repeating: 0, count: columns * rows)
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { hist in
                hist.initialize(repeating: 0)
                for by in 0..<rows {
                    let ys = stride(from: by * side, to: min(h, by * side + side), by: step)
                    for bx in 0..<columns {
                        let xs = stride(from: bx * side, to: min(w, bx * side + side), by: step)
                        var count = 0
                        for y in ys {
                            let line = base + y * w
                            for x in xs { hist[abs(flip - Int(line[x]))] += 1; count += 1 }
                        }
                        // The value below which 30 % of the samples lie (as `percentile(_:_:)`).
                        let target = count * 3 / 10
                        var acc = 0, value = 255
                        for v in 0..<256 {
                            acc += hist[v]
                            if acc > target { value = v; break }
                        }
                        level[by * columns + bx] = Float(value)
                        for y in ys {
                            let line = base + y * w
                            for x in xs { hist[abs(flip - Int(line[x]))] = 0 }
                        }
                    }
                }
            }
            return level
        }

        /// The opening drops shadow regions narrower than its window, but a wedge of shadow in a
        /// corner, or cut by the frame, is narrow only because the frame cuts it. Blocks the opening
        /// lowered by more than `wedgeStep(paper:)`, connected to the frame through such blocks, keep their
        /// own level when their region covers `minWedgeFrame` blocks of the frame (and pass it one block on, as the opening's dilation does).
        static func keepingFrameWedges(_ level: [Float], opened: [Float], _ gw: Int, _ gh: Int) -> [Float] {
            // The paper's brightness: the blocks' median level, ink bright (255 − grey for dark
            // ink). Light ink on a dark ground reads as bright "paper": the full step, as before.
            let paper = 255 - medianLevel(level)
            let step = wedgeStep(paper: paper), deepest = maxDimWedgeDepth * paper
            // The sheet's edge, where light beyond it lies between the paper and the frame.
            let edge = besideLightBeyond(level, opened: opened, gw, gh, step: step)
            var wedge = frameRegions(zip(level, opened).map { $0 - $1 > wedgeStep }, gw, gh, edge: edge, shape: .thickWhenOnTwoSides)
            // On dim paper, also the fainter regions, up to a lighting region's depth: deeper
            // blocks are the ink of a digit cropped tight (see `maxDimWedgeDepth`).
            if step < wedgeStep {
                let dim = frameRegions(zip(level, opened).map { $0 - $1 > step && $0 - $1 <= deepest }, gw, gh, edge: edge,
                                       shape: .thickWhenOnTwoSides)
                for i in wedge.indices where dim[i] { wedge[i] = true }
            }
            // A bold digit cropped tight on one side is not a wedge (`TightCropStrokes`).
            wedge = withoutTightStrokes(wedge, level: level, opened: opened, gw, gh, paper: paper)
            // Strokes running through the wedge are not its paper (`WedgeInk`).
            wedge = withoutInk(wedge, level: level, opened: opened, gw, gh, margin: step)
            let kept = zip(level, wedge).map { $1 ? $0 : 0 }
            let spread = blockFilter(kept, gw, gh, radius: wedgeSpread, minimum: false)
            return zip(opened, spread).map { max($0, $1) }
        }

        /// Which frame regions count, beyond their reach along the frame.
        enum FrameRegionShape {
            /// Any shape (light beyond the sheet).
            case any
            /// A region that meets two or more sides of the frame counts only when thick: it holds
            /// a block whose whole (2·`wedgeThickness`+1)² window lies in the region or beyond the
            /// frame (a shadow's wedge, not the strokes of a digit cropped tight).
            case thickWhenOnTwoSides
        }

        /// The `dropped` blocks connected to the frame through dropped blocks whose region covers
        /// `minWedgeFrame` blocks of the frame, and is of the `shape` asked for.
        static func frameRegions(_ dropped: [Bool], _ gw: Int, _ gh: Int, edge: [Bool] = [],
                                 shape: FrameRegionShape = .any) -> [Bool] {
            // `edge`: blocks that count as on the frame too (`besideLightBeyond`).
            let edge = edge.count == gw * gh ? edge : []
            func onFrame(_ i: Int) -> Bool {
                let x = i % gw, y = i / gw
                return x == 0 || y == 0 || x == gw - 1 || y == gh - 1 || (!edge.isEmpty && edge[i])
            }
            var wedge = [Bool](repeating: false, count: gw * gh), inRegion = wedge
            // A digit cropped tight meets the frame on two or more sides with strokes a few
            // blocks wide (red team: tight crops 74 of 100 read, most of the rest "no digit
            // found", the strokes raised into the background as a wedge); a shadow band meets
            // one side, a shadow's corner two but wide. Sides ≥ 3 alone: tight crops 79 and 75
            // of 100 (seeds 1, 2); every region thick: 92 and 89 but dev "all at once" 4 and 2
            // lower (seeds 13, 12); this: 88 and 85, the dev sets unchanged. Only the wedge step
            // asks it: for the light-beyond-the-sheet step too, dev seed 13 lost 2.
            func isThick(_ members: [Int]) -> Bool {
                let r = wedgeThickness
                for i in members { inRegion[i] = true }
                defer { for i in members { inRegion[i] = false } }
                return members.contains { i in
                    let x = i % gw, y = i / gw
                    for ny in (y - r)...(y + r) {
                        for nx in (x - r)...(x + r) where nx >= 0 && ny >= 0 && nx < gw && ny < gh && !inRegion[ny * gw + nx] {
                            return false
                        }
                    }
                    return true
                }
            }
            func sides(_ members: [Int]) -> Int {
                var left = false, right = false, top = false, bottom = false
                for i in members {
                    let x = i % gw, y = i / gw
                    left = left || x == 0; right = right || x == gw - 1; top = top || y == 0; bottom = bottom || y == gh - 1
                }
                return [left, right, top, bottom].filter { $0 }.count
            }
            for members in BlockRegions.of(dropped, gw, gh) {
                // Regions not meeting the frame have no frame blocks and are never a wedge.
                let frame = members.filter(onFrame).count
                // A stroke reaching the frame meets it in a few blocks; a wedge runs along it.
                if frame >= minWedgeFrame && (shape == .any || sides(members) < 2 || isThick(members)) {
                    for i in members { wedge[i] = true }
                }
            }
            return wedge
        }

        /// Row y of the background: the block's step level where the smooth background lies
        /// below it; `followMin` above the level near it where the smooth one lies
        /// `followMin`-`followAbove` above that (see there). The coarse smooth grid rounds a
        /// faint ring's inner blocks up onto the ring (its 8×8 blocks are mostly ring there) and
        /// cuts the ring's faint arcs; the fine grid's wide opening keeps the paper. Far above,
        /// the smooth level is a lighting region the opening dropped (a shadow band), and stays.
        func adjust(_ y: Int, _ bg: UnsafeMutableBufferPointer<Float>) {
            let row = (y / side) * columns
            // Block by block: no division per pixel (a 12-MP photo has 4000 of them a row).
            for bx in 0..<columns {
                let level = levels[row + bx], near = nearLevels[row + bx]
                for x in (bx * side)..<min(bg.count, bx * side + side) {
                    let above = bg[x] - near
                    bg[x] = above >= followMin && above <= followAbove ? near + followMin : max(bg[x], level)
                }
            }
        }
    }

    /// Minimum (or maximum) over a square of blocks, separably: rows, then columns.
    static func blockFilter(_ a: [Float], _ gw: Int, _ gh: Int, radius r: Int, minimum: Bool) -> [Float] {
        func pick(_ p: Float, _ q: Float) -> Float { minimum ? min(p, q) : max(p, q) }
        var rows = a
        for y in 0..<gh {
            for x in 0..<gw {
                var m = a[y * gw + x]
                for k in max(0, x - r)...min(gw - 1, x + r) { m = pick(m, a[y * gw + k]) }
                rows[y * gw + x] = m
            }
        }
        var out = rows
        for y in 0..<gh {
            for x in 0..<gw {
                var m = rows[y * gw + x]
                for k in max(0, y - r)...min(gh - 1, y + r) { m = pick(m, rows[k * gw + x]) }
                out[y * gw + x] = m
            }
        }
        return out
    }
}
