/// Stroke width: measured, and moved towards MNIST's (thin pens thickened, thick markers
/// thinned) so every digit reaches the network with the pen it was trained on.
extension Preprocess {
    /// Stroke width ≈ 2·area / perimeter of the binarised ink (exact for long thin strokes).
    public static func strokeWidth(_ img: FloatImage) -> Float {
        let (area, perimeter) = img.pixels.withUnsafeBufferPointer { inkArea($0, width: img.width, height: img.height) }
        return perimeter == 0 ? 0 : 2 * Float(area) / Float(perimeter)
    }

    /// Kernel: the binarised ink (≥ 0.5) of px (h, w): its pixels, and its perimeter = the sides
    /// of ink pixels that face paper or the image's edge. Counted as 4·area − 2·(ink pairs side
    /// by side, across and down), branch-free: a 12-MP photo's digit regions are 700 px a side,
    /// and testing each of a pixel's four neighbours cost more than the hole count itself.
    /// (0, 0) when px does not hold w×h values.
    static func inkArea(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int) -> (area: Int, perimeter: Int) {
        guard w > 0, h > 0, let p = px.baseAddress, px.count == w * h else { return (0, 0) }
        @inline(__always) func ink(_ v: Float) -> Int { v >= 0.5 ? 1 : 0 }
        var area = 0, pairs = 0
        for y in 0..<h {
            let line = p + y * w
            var left = 0
            for x in 0..<w {
                let a = ink(line[x])
                area += a
                pairs += a & left
                left = a
            }
            guard y + 1 < h else { continue }
            let below = line + w
            for x in 0..<w { pairs += ink(line[x]) & ink(below[x]) }
        }
        return (area, 4 * area - 2 * pairs)
    }

    /// Thickens thin pens and thins thick markers towards MNIST's stroke width.
    static func normaliseStroke(_ img: inout FloatImage) {
        let width = strokeWidth(img)
        guard width > 0 else { return }
        let target = targetStrokeWidth
        if width < target * 0.8 {
            let r = min(6, Int(((target - width) / 2).rounded()))
            if r > 0 { img = morphology(img, radius: r, dilate: true) }
        } else if width > target * 1.6 {
            let r = min(8, Int(((width - target) / 2).rounded()))
            if r > 0 { img = morphology(img, radius: r, dilate: false) }
        }
    }

    /// Grayscale dilation (max) or erosion (min) with a disk, over a zero-padded copy so the
    /// inner loop needs no edge tests.
    static func morphology(_ img: FloatImage, radius r: Int, dilate: Bool) -> FloatImage {
        let w = img.width, h = img.height, pw = w + 2 * r
        var padded = [Float](repeating: 0, count: pw * (h + 2 * r))
        for y in 0..<h { for x in 0..<w { padded[(y + r) * pw + x + r] = img.pixels[y * w + x] } }
        var offsets: [Int] = []
        for dy in -r...r { for dx in -r...r where dx * dx + dy * dy <= r * r + r { offsets.append(dy * pw + dx) } }
        var out = img
        padded.withUnsafeBufferPointer { p in
            offsets.withUnsafeBufferPointer { offs in
                out.pixels.withUnsafeMutableBufferPointer { o in
                    for y in 0..<h {
                        for x in 0..<w {
                            let c = p.baseAddress! + (y + r) * pw + x + r
                            var v: Float = dilate ? 0 : 1
                            if dilate { for off in offs { v = max(v, c[off]) } } else { for off in offs { v = min(v, c[off]) } }
                            o[y * w + x] = v
                        }
                    }
                }
            }
        }
        return out
    }

    /// Places a ≤20×20 digit in a 28×28 black field with its centre of mass at the centre.
    public static func centre(_ small: FloatImage) -> FloatImage {
        var mass: Float = 0, mx: Float = 0, my: Float = 0
        for y in 0..<small.height {
            for x in 0..<small.width {
                let v = small.pixels[y * small.width + x]
                mass += v; mx += v * Float(x); my += v * Float(y)
            }
        }
        var out = FloatImage(width: 28, height: 28, fill: 0)
        guard mass > 0 else { return out }
        let cx = mx / mass, cy = my / mass
        // MNIST's mean centre of mass sits at (13.5, 13.5) in pixel indices.
        var ox = Int((13.5 - cx).rounded()), oy = Int((13.5 - cy).rounded())
        ox = min(max(ox, 0), 28 - small.width)
        oy = min(max(oy, 0), 28 - small.height)
        for y in 0..<small.height {
            for x in 0..<small.width { out.pixels[(y + oy) * 28 + x + ox] = small.pixels[y * small.width + x] }
        }
        return out
    }
}

/// A smooth background level: the 30th percentile of each block of a coarse grid (opened, see
/// `opened`), interpolated bilinearly between block centres. Handles uneven paper and vignetting.
struct Background {
    let grid: Int
    let width: Int
    var levels: [Float]
    private var lo: [Int], hi: [Int], fx: [Float]
    private var ylo: [Int], yhi: [Int], fy: [Float]

    init(_ v: UnsafeBufferPointer<UInt8>, width w: Int, height h: Int, invert: Bool) {
        width = w
        grid = min(8, max(1, min(w, h) / 24))
        levels = [Float](repeating: 0, count: grid * grid)
        var floor = [Float](repeating: 0, count: grid * grid)
        for gy in 0..<grid {
            for gx in 0..<grid {
                var hist = [Int](repeating: 0, count: 256)
                let x0 = gx * w / grid, x1 = (gx + 1) * w / grid, y0 = gy * h / grid, y1 = (gy + 1) * h / grid
                // About a thousand samples per block are plenty for a percentile.
                let step = max(1, Int((Double((x1 - x0) * (y1 - y0)) / 1024).squareRoot()))
                var y = y0
                while y < y1 {
                    var x = x0
                    while x < x1 { hist[invert ? 255 - Int(v[y * w + x]) : Int(v[y * w + x])] += 1; x += step }
                    y += step
                }
                levels[gy * grid + gx] = Float(Background.paperLevel(hist))
                floor[gy * grid + gx] = Float(Preprocess.percentile(hist, 0.05))
            }
        }
        levels = Background.opened(levels, grid, floor: floor)
        (lo, hi, fx) = Background.axis(w, grid)
        (ylo, yhi, fy) = Background.axis(h, grid)
    }

    /// The paper's level in one block: its 30th percentile, unless the block is mostly a bold
    /// stroke (two populations: the 5th percentile far below the 30th, further than the spread
    /// of one noisy level would put it); then the 30th percentile is ink, and taking it as
    /// background hollowed bold strokes out (bold MNIST 8s read as 3s), so the 5th is the paper.
    static func paperLevel(_ hist: [Int]) -> Int {
        let p5 = Preprocess.percentile(hist, 0.05), p30 = Preprocess.percentile(hist, 0.3)
        let p50 = Preprocess.percentile(hist, 0.5)
        return p30 - p5 > max(12, 4 * (p50 - p30)) ? p5 : p30
    }

    /// A grey-level opening (minimum, then maximum, over each block's 3×3 neighbours) of the
    /// levels: a faint ring fills its inner blocks with ink, lifting their 30th percentile onto
    /// the stroke (a threshold then breaks the ring into arcs); the opening takes the paper
    /// around them instead. It never goes below a block's own paper (its 5th percentile plus
    /// `grain`, the noise below a paper's mean), so a blank vignetted page, whose darker corners
    /// hold no ink, keeps its smooth background and shows no "digits".
    static func opened(_ levels: [Float], _ grid: Int, floor: [Float], grain: Float = 6) -> [Float] {
        let eroded = Preprocess.blockFilter(levels, grid, grid, radius: 1, minimum: true)
        let open = Preprocess.blockFilter(eroded, grid, grid, radius: 1, minimum: false)
        var out = levels
        for i in out.indices { out[i] = max(open[i], min(levels[i], floor[i] + grain)) }
        return out
    }

    static func axis(_ n: Int, _ grid: Int) -> ([Int], [Int], [Float]) {
        let cell = Float(n) / Float(grid)
        var lo = [Int](repeating: 0, count: n), hi = lo, f = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let g = max(0, min(Float(grid - 1), (Float(i) + 0.5) / cell - 0.5))
            lo[i] = Int(g); hi[i] = min(grid - 1, lo[i] + 1); f[i] = g - Float(lo[i])
        }
        return (lo, hi, f)
    }

    /// The background of pixel row y.
    func row(_ y: Int, into out: UnsafeMutablePointer<Float>) {
        let a = ylo[y] * grid, b = yhi[y] * grid, t = fy[y]
        withUnsafeTemporaryAllocation(of: Float.self, capacity: grid) { r in
            for g in 0..<grid { r[g] = levels[a + g] * (1 - t) + levels[b + g] * t }
            lo.withUnsafeBufferPointer { l in
                hi.withUnsafeBufferPointer { hh in
                    fx.withUnsafeBufferPointer { f in
                        for x in 0..<width { out[x] = r[l[x]] * (1 - f[x]) + r[hh[x]] * f[x] }
                    }
                }
            }
        }
    }
}
