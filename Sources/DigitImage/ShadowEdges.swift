/// Sharp steps in the light: the edge of a shadow across the paper. The smooth background
/// (`Background`, a coarse grid interpolated) rounds such a step off, so a band of shadowed
/// paper along the edge stays above it and reads as a long dark stroke. A fine grid of block
/// levels keeps the step: its grey-level opening (erode, then dilate one block further) drops
/// strokes narrower than the window and keeps regions wider than it, and the extra block
/// makes sure every pixel at the edge sees the shadow's level, not the lit paper's.
extension Preprocess {
    /// Blocks per short side of the fine grid.
    static let stepGrid = 16
    /// Erosion radius in blocks: ink up to 2·radius+1 blocks wide (5/16 of the short side) is
    /// ink, not a lighting region. A smaller window (7/32) left the cores of bold MNIST strokes
    /// in the background when composed numbers are upscaled (composed numbers 193 → 186/200).
    static let stepRadius = 2
    /// Grey levels a block must lie above the opened background to count as a dropped region
    /// (12 took blocks of streak noise at 150 px for wedges: NoiseRejectionTests).
    static let wedgeStep: Float = 24
    /// Frame blocks a dropped region must cover to be a wedge cut by the frame, not a stroke.
    static let minWedgeFrame = 2
    /// Least block side (px) for keeping frame wedges: in smaller images a bold pen fills whole
    /// blocks along the frame (64-px drawn digits lost a stroke to the background).
    static let minWedgeBlock = 8
    /// Blocks a kept frame wedge passes its level on.
    static let wedgeSpread = 1

    /// The step-preserving background, ink bright (255 − grey for dark ink): per block of a
    /// fine grid, the opened 30th percentile of the block's pixels (paper, when at least 70 %
    /// of it is paper). nil for images under 64 px a side, or when no block rises above 0.
    struct Steps {
        let side: Int, columns: Int
        let levels: [Float]

        init?(_ src: UnsafeBufferPointer<UInt8>, width w: Int, height h: Int, invert: Bool) {
            guard min(w, h) >= 64, let base = src.baseAddress else { return nil }
            side = max(2, min(w, h) / stepGrid)
            columns = (w + side - 1) / side
            let rows = (h + side - 1) / side
            var level = [Float](repeating: 0, count: columns * rows)
            var hist = [Int](repeating: 0, count: 256)
            for by in 0..<rows {
                for bx in 0..<columns {
                    for i in hist.indices { hist[i] = 0 }
                    // Every other row and column is plenty for a percentile.
                    for y in stride(from: by * side, to: min(h, by * side + side), by: 2) {
                        let line = base + y * w
                        for x in stride(from: bx * side, to: min(w, bx * side + side), by: 2) {
                            hist[invert ? 255 - Int(line[x]) : Int(line[x])] += 1
                        }
                    }
                    level[by * columns + bx] = Float(percentile(hist, 0.3))
                }
            }
            let opened = blockFilter(blockFilter(level, columns, rows, radius: stepRadius, minimum: true),
                                     columns, rows, radius: stepRadius + 1, minimum: false)
            levels = side >= minWedgeBlock ? Self.keepingFrameWedges(level, opened: opened, columns, rows) : opened
        }

        /// The opening drops shadow regions narrower than its window, but a wedge of shadow in a
        /// corner, or cut by the frame, is narrow only because the frame cuts it. Blocks the opening
        /// lowered by more than `wedgeStep`, connected to the frame through such blocks, keep their
        /// own level when their region covers `minWedgeFrame` blocks of the frame (and pass it one block on, as the opening's dilation does).
        static func keepingFrameWedges(_ level: [Float], opened: [Float], _ gw: Int, _ gh: Int) -> [Float] {
            let dropped = zip(level, opened).map { $0 - $1 > wedgeStep }
            func onFrame(_ i: Int) -> Bool {
                let x = i % gw, y = i / gw
                return x == 0 || y == 0 || x == gw - 1 || y == gh - 1
            }
            var seen = [Bool](repeating: false, count: gw * gh)
            var wedge = seen
            var stack: [Int] = []
            for start in 0..<(gw * gh) where dropped[start] && !seen[start] && onFrame(start) {
                seen[start] = true; stack.append(start)
                var members: [Int] = [], frame = 0
                while let i = stack.popLast() {
                    members.append(i)
                    if onFrame(i) { frame += 1 }
                    let x = i % gw, y = i / gw
                    for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
                    where nx >= 0 && ny >= 0 && nx < gw && ny < gh && dropped[ny * gw + nx] && !seen[ny * gw + nx] {
                        seen[ny * gw + nx] = true; stack.append(ny * gw + nx)
                    }
                }
                // A stroke reaching the frame meets it in a block or two; a wedge runs along it.
                if frame >= minWedgeFrame { for i in members { wedge[i] = true } }
            }
            let kept = zip(level, wedge).map { $1 ? $0 : 0 }
            let spread = blockFilter(kept, gw, gh, radius: wedgeSpread, minimum: false)
            return zip(opened, spread).map { max($0, $1) }
        }

        /// Raises row y of the smooth background to the step background where it lies below.
        func raise(_ y: Int, _ bg: UnsafeMutableBufferPointer<Float>) {
            let row = (y / side) * columns
            // Block by block: no division per pixel (a 12-MP photo has 4000 of them a row).
            for bx in 0..<columns {
                let level = levels[row + bx]
                for x in (bx * side)..<min(bg.count, bx * side + side) { bg[x] = max(bg[x], level) }
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
