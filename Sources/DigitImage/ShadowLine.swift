import Glibc

/// A shadow with a straight edge across the paper (a phone or a hand held over the sheet): the
/// light drops by the same share along one straight line through the picture. The background
/// estimates (`Background`, `Steps`) are grids of blocks: they round such a step off or place it
/// a block wrong, so a band of shadowed paper along the edge reads as a stroke, a stroke that
/// crosses the edge is cut there (a ring read as two pieces), and the ink in the shadow is
/// weaker than the ink in the light. Here the edge is found as a line on the block means with
/// the strokes closed away (a grey closing: a stroke is narrow, a shadow is not), and the image
/// is divided by the light's profile across it, so the pipeline sees evenly lit paper.
struct ShadowLine {
    /// Least share of the light the shadow takes away (as measured across the line): fainter
    /// steps are left to the background estimates.
    static let minDrop: Float = 0.15
    /// Samples along the line that must show the step (at least 10 % darker on the same side):
    /// a shadow's edge does along its whole length, the edge of a stroke or a grid line
    /// (left by the closing) does not.
    static let minSteadyShare: Float = 0.7
    /// The line must run at least this share of the grid's short side through the picture.
    static let minLengthShare: Float = 0.6
    /// Least short side (px): below it a bold stroke is as wide as the closing window (an icon
    /// of 32 px took a 4's stem for a shadow's edge), and no photo is that small.
    static let minSide = 128
    /// Blocks either side of the line where the light is measured (past the edge's blur); on
    /// the image, at least 12 px.
    static let reach = 5
    /// Closing radius: this share of the grid's long side (a stroke of MNIST's proportions is
    /// about an 11th of the digit wide, the closing window is 2·radius + 1 blocks).
    static let closingShare = 12

    /// Unit normal pointing to the lit side; on the line n·p = rho (p in pixels, pixel centres
    /// at integer coordinates).
    let nx: Float, ny: Float, rho: Float
    /// How far either side of the line (px) the light's profile is measured.
    let span: Float
    /// The light's share across the line, at signed distances −span…span px in steps of half a
    /// pixel (lit side positive): 1 in the light, below it in the shadow.
    let profile: [Float]

    /// The image with the shadow lifted; nil when no straight shadow edge is found.
    ///
    /// A sheet lying on a desk has straight edges with the dark beyond them, which pass for a
    /// shadow's edge: lifted as one, the desk beyond became paper, the sheet was not found or
    /// lost that side (`PaperSheet` raises the desk to the paper instead), and its edge stayed
    /// as a stroke, read as a 1 or joined to the digit (whole 12-MP phone photos: 10 of 100
    /// wrong). Yet the phone held over a sheet casts a shadow across it and the desk alike, and
    /// left there the shadowed paper beside the sheet's edge was the "digit" (phone photos with
    /// a shadow, seed 11: 83 of 100). So the lines are tried strongest first, and one whose
    /// lifting leaves a sheet with the desk all round it (`deskAround` of the border) is taken:
    /// a shadow's edge does (the sheet, evenly lit, is found — also when ink in the shadow had
    /// kept it from being found), a sheet's edge does not (the desk it lifted is no longer
    /// dark). Measured on seed 11 (the shadow's line known from the generator) and 600 photos
    /// without a shadow (seeds 11 and 13): lifting the shadow's edge left 0.81-1 of the border
    /// to the desk, 2/3 of them ≥ 0.95; lifting another line 0.62-0.94 but three times of 1,800
    /// (at 0.93 one of them read a 2 as 1).
    /// Failing that, a sheet running off the frame: the first line whose lift leaves the desk
    /// on ≥ `offFrameDesk` of the border and whose step shows on the desk itself (`desksStep`).
    /// Otherwise, as before: nothing when the image shows a sheet, else the strongest line.
    static func lifted(_ image: ByteImage, grid: BlockGrid? = nil) -> ByteImage? {
        let picture = lit(image, grid: grid)
        return picture.isLifted ? picture.image : nil
    }

    /// The picture with its shadow lifted as in `lifted`, measured for cleaning. A line is
    /// judged first on the block means it would leave (`liftedMeans`: no image is made, a
    /// 12-MP lift is a full copy and its sheet reads millions of pixels), and only a line whose
    /// means leave a sheet with the desk nearly all round (`deskAround` − `meansSlack`) is
    /// lifted and judged on the image (lifting every candidate took a whole 12-MP sheet photo
    /// from 105 to 210 ms).
    static func lit(_ image: ByteImage, grid: BlockGrid? = nil) -> LitPicture {
        let grid = grid ?? BlockGrid(image)
        let before = PaperSheet(image, grid: grid)
        // The strongest line's lift is measured only when no other is taken (a 12-MP sheet's
        // measures read millions of pixels).
        var strongest: ByteImage? = nil, found: LitPicture? = nil, tried = 0
        var offFrame: ShadowLine? = nil
        _ = find(image, grid: grid) { line in
            let shape = line.isWithinSpan ? PaperSheet.shape(line.liftedMeans(grid, image), grid.columns, grid.rows) : nil
            // A sheet running off the frame (`offFrameDesk`): the first such line, kept in case no line reaches `deskAround`.
            if offFrame == nil, let shape, shape.borderShare >= offFrameDesk - meansSlack,
               let step = line.desksStep(shape.outside, grid), step <= deskStepRatio {
                offFrame = line
            }
            if let share = shape?.borderShare, share >= deskAround - meansSlack {
                let lifted = line.lift(image, capped: true)
                let liftedGrid = BlockGrid(lifted)
                if let sheet = PaperSheet(lifted, grid: liftedGrid), sheet.borderShare >= deskAround {
                    found = LitPicture(lifted, isLifted: true, grid: liftedGrid, sheet: .some(sheet))
                    return true
                }
            }
            if strongest == nil, before == nil { strongest = line.lift(image) }
            tried += 1
            return tried >= maxTried
        }
        if let found { return found }
        if let offFrame {
            let lifted = offFrame.lift(image, capped: true)
            let liftedGrid = BlockGrid(lifted)
            if let sheet = PaperSheet(lifted, grid: liftedGrid), sheet.borderShare >= offFrameDesk {
                return LitPicture(lifted, isLifted: true, grid: liftedGrid, sheet: .some(sheet))
            }
        }
        if let strongest { return LitPicture(strongest, isLifted: true) }
        return LitPicture(image, isLifted: false, grid: grid, sheet: .some(before))
    }

    /// How far under `deskAround` the share judged on the means may lie and the line still be
    /// lifted and judged on the image: on 764 candidate lines of 200 whole 12-MP photos (seed 11,
    /// with and without a shadow) the means' share was within 0.012 of the lifted image's, and
    /// every line taken had 0.95 or more on both.
    static let meansSlack = 0.03

    /// The least share of the image's border a lifted picture's desk must cover (see `lifted`).
    static let deskAround = 0.95

    /// A sheet that runs off the frame (70-95 % of the frame's short side, turned and off
    /// centre, as people photograph a page) has no desk on that side, so even the shadow's own
    /// lift leaves the desk on under `deskAround` of the border (phone photos with a shadow,
    /// dev seeds 31/32/11: 0.87-0.94 in 6 of 17 misses, where the sheet's edge was lifted
    /// instead and read as a 1). Such a lift is still taken, when no line reaches
    /// `deskAround`, if its sheet has the desk on at least this share of the border...
    static let offFrameDesk = 0.85
    /// ...and the shadow shows on the desk itself (`desksStep`): a shadow falls on the desk
    /// beside the sheet too, a sheet's edge ends at the sheet's corners, where desk meets
    /// desk. Least desk samples along the line, and the most their median ratio (shadow over
    /// light) may be. Measured on 17 misses and 40 photos without a shadow (seed 11): the
    /// shadows' lines 0.47-0.59 (13-63 samples), sheet edges' 0.76-1 with 10 or more.
    static let deskStepSamples = 10
    static let deskStepRatio: Float = 0.7

    /// The median ratio of the original block means (`grid`) across the line, `reach` blocks
    /// either side, where both sides lie on the desk (`outside`, from the lifted means' sheet);
    /// nil with fewer than `deskStepSamples` such places.
    func desksStep(_ outside: [Bool], _ grid: BlockGrid) -> Float? {
        let gw = grid.columns, gh = grid.rows, f = Float(grid.factor), r = Float(Self.reach)
        guard outside.count == gw * gh, grid.means.count == gw * gh else { return nil }
        // The line in block coordinates (pixel x = f·u + (f − 1) / 2).
        let rb = (rho - (f - 1) / 2 * (nx + ny)) / f
        func block(_ u: Float, _ v: Float) -> Int? {
            // Never Int(nan) or Int(±huge): a line from bad input is simply off the grid.
            guard u.isFinite, v.isFinite, abs(u) < 1e6, abs(v) < 1e6 else { return nil }
            let x = Int(u.rounded()), y = Int(v.rounded())
            return x >= 0 && y >= 0 && x < gw && y < gh ? y * gw + x : nil
        }
        var ratios: [Float] = []
        for t in stride(from: -Float(gw + gh), through: Float(gw + gh), by: 1) {
            let px = rb * nx - t * ny, py = rb * ny + t * nx
            guard let lit = block(px + r * nx, py + r * ny), let dark = block(px - r * nx, py - r * ny),
                  outside[lit], outside[dark] else { continue }
            ratios.append(grid.means[dark] / max(1, grid.means[lit]))
        }
        return ratios.count >= Self.deskStepSamples ? Self.median(ratios) : nil
    }

    /// The block means as the lifted image's would be (`lift`), each block divided by the light
    /// at its centre: a line is judged by the sheet these leave before the image is lifted.
    func liftedMeans(_ grid: BlockGrid, _ image: ByteImage) -> [Float] {
        let f = Float(grid.factor), bias = Float(min(image.width, image.height) / Self.biasSide)
        var out = grid.means
        for by in 0..<grid.rows {
            for bx in 0..<grid.columns {
                // The block's centre in pixels (blocks cut by the image's edge: near enough).
                let cx = Float(bx) * f + (f - 1) / 2, cy = Float(by) * f + (f - 1) / 2
                let i = by * grid.columns + bx
                out[i] = min(255, out[i] / light(at: nx * cx + ny * cy - rho - bias))
            }
        }
        return out
    }

    /// Whether the light's step is whole within the middle half of the measured span: a soft
    /// shadow (a hand held high) rises over more than the span, and lifting it by a profile cut
    /// off there left a thin stripe at its end, read as a 1 beside the digit (phone photos with
    /// a shadow, seed 11: 2 of 100); the background estimates follow such a slope anyway.
    var isWithinSpan: Bool {
        let n = profile.count / 2
        guard n >= 2, let deepest = profile.first, deepest < 1 else { return false }
        let depth = 1 - deepest
        return profile[n + n / 2] >= 1 - 0.1 * depth && profile[n - n / 2] <= deepest + 0.1 * depth
    }

    /// Lines judged in turn looking for one whose lifting leaves a sheet (`lit`): the sheet's
    /// four edges and the shadow's.
    static let maxTried = 5

    /// The strongest straight step of the closed block means that passes the checks, placed
    /// and measured on the image itself, or nil.
    static func find(_ image: ByteImage, grid: BlockGrid) -> ShadowLine? {
        find(image, grid: grid) { _ in true }
    }

    /// The straight steps that pass the checks, strongest first, each offered to `take` until
    /// it says enough; the one it took, or nil.
    static func find(_ image: ByteImage, grid: BlockGrid, take: (ShadowLine) -> Bool) -> ShadowLine? {
        let gw = grid.columns, gh = grid.rows
        guard min(image.width, image.height) >= minSide, min(gw, gh) >= 24, grid.means.count == gw * gh,
              image.pixels.count == image.width * image.height else { return nil }
        let radius = max(2, max(gw, gh) / closingShare)
        let closed = Preprocess.blockFilter(Preprocess.blockFilter(grid.means, gw, gh, radius: radius, minimum: false),
                                            gw, gh, radius: radius, minimum: true)
        let f = Float(grid.factor)
        let span = max(12, Float(reach) * f)
        for (angle, rho) in Self.peaks(closed, gw, gh, count: 8) {
            let nx = cos(angle), ny = sin(angle)
            guard Self.isShadowEdge(closed, gw, gh, nx: nx, ny: ny, rho: rho) else { continue }
            // Block coordinates u = (x + 0.5) / factor − 0.5 to pixels.
            let coarse = ShadowLine(nx: nx, ny: ny, rho: f * rho + (f - 1) / 2 * (nx + ny), span: span, profile: [])
            let line = coarse.refined(image, step: f)
            guard let profile = line.measuredProfile(image, step: f) else { continue }
            let measured = ShadowLine(nx: line.nx, ny: line.ny, rho: line.rho, span: span, profile: profile)
            if take(measured) { return measured }
        }
        return nil
    }

    /// Angular resolution of the line search (radians): 2°.
    static let angleStep: Float = .pi / 90

    /// The `count` strongest (angle, rho) lines of a gradient-direction Hough transform of `c`
    /// (gw×gh): each block votes, weighted by its Sobel gradient, for the lines within 12° of
    /// the direction across its gradient; the normal points up the gradient (to the light).
    static func peaks(_ c: [Float], _ gw: Int, _ gh: Int, count: Int) -> [(Float, Float)] {
        let angles = Int((2 * Float.pi / angleStep).rounded())
        let diag = Int(Float(gw * gw + gh * gh).squareRoot()) + 2
        let bins = 2 * diag + 1
        var votes = [Float](repeating: 0, count: angles * bins)
        let spread = 6
        for y in 3..<(gh - 3) {
            for x in 3..<(gw - 3) {
                func at(_ dx: Int, _ dy: Int) -> Float { c[(y + dy) * gw + x + dx] }
                let gx = (at(1, -1) + 2 * at(1, 0) + at(1, 1)) - (at(-1, -1) + 2 * at(-1, 0) + at(-1, 1))
                let gy = (at(-1, 1) + 2 * at(0, 1) + at(1, 1)) - (at(-1, -1) + 2 * at(0, -1) + at(1, -1))
                let g = (gx * gx + gy * gy).squareRoot()
                guard g > 4 else { continue }
                var phi = atan2(gy, gx)
                if phi < 0 { phi += 2 * .pi }
                let centre = Int((phi / angleStep).rounded())
                for k in (centre - spread)...(centre + spread) {
                    let a = (k % angles + angles) % angles
                    let theta = Float(a) * angleStep
                    let rho = cos(theta) * Float(x) + sin(theta) * Float(y)
                    let bin = Int(rho.rounded()) + diag
                    guard bin >= 0, bin < bins else { continue }
                    votes[a * bins + bin] += g
                }
            }
        }
        var found: [(Float, Float)] = []
        var used = [Bool](repeating: false, count: votes.count)
        for _ in 0..<count {
            var best = -1, bestVote: Float = 0
            for i in votes.indices where !used[i] && votes[i] > bestVote { best = i; bestVote = votes[i] }
            guard best >= 0 else { break }
            let a = best / bins, b = best % bins
            found.append((Float(a) * angleStep, Float(b - diag)))
            // Suppress the peak's neighbourhood: ±10° and ±4 blocks.
            for da in -5...5 {
                let aa = ((a + da) % angles + angles) % angles
                for db in -4...4 where b + db >= 0 && b + db < bins { used[aa * bins + b + db] = true }
            }
        }
        return found
    }

    /// Bilinear sample of `c` (gw×gh) at block coordinates (u, v); nil outside.
    static func sample(_ c: [Float], _ gw: Int, _ gh: Int, _ u: Float, _ v: Float) -> Float? {
        guard u >= 0, v >= 0, u <= Float(gw - 1), v <= Float(gh - 1) else { return nil }
        let x0 = min(Int(u), gw - 2), y0 = min(Int(v), gh - 2)
        let fx = u - Float(x0), fy = v - Float(y0)
        let top = c[y0 * gw + x0] * (1 - fx) + c[y0 * gw + x0 + 1] * fx
        let bottom = c[(y0 + 1) * gw + x0] * (1 - fx) + c[(y0 + 1) * gw + x0 + 1] * fx
        return top * (1 - fy) + bottom * fy
    }

    /// Whether the line (block coordinates) is a shadow's edge on the closed block means `c`:
    /// long enough, darker on the same side nearly everywhere along it, by `minDrop` or more.
    static func isShadowEdge(_ c: [Float], _ gw: Int, _ gh: Int, nx: Float, ny: Float, rho: Float) -> Bool {
        let r = Float(reach)
        let tx = -ny, ty = nx
        let diag = Float(gw + gh)
        var ratios: [Float] = []
        var steady = 0
        for t in stride(from: -diag, through: diag, by: 1) {
            let px = rho * nx + t * tx, py = rho * ny + t * ty
            guard let lit = sample(c, gw, gh, px + r * nx, py + r * ny), lit > 8,
                  let dark = sample(c, gw, gh, px - r * nx, py - r * ny) else { continue }
            if dark / lit <= 0.9 { steady += 1 }
            ratios.append(dark / lit)
        }
        return Float(ratios.count) >= minLengthShare * Float(min(gw, gh))
            && Float(steady) >= minSteadyShare * Float(ratios.count)
            && median(ratios) <= 1 - minDrop
    }

    /// Bilinear sample of the image at pixel coordinates (x, y); nil outside.
    static func sample(_ image: ByteImage, _ x: Float, _ y: Float) -> Float? {
        let w = image.width, h = image.height
        guard w >= 2, h >= 2, x >= 0, y >= 0, x <= Float(w - 1), y <= Float(h - 1) else { return nil }
        let x0 = min(Int(x), w - 2), y0 = min(Int(y), h - 2)
        let fx = x - Float(x0), fy = y - Float(y0)
        let p = image.pixels, i = y0 * w + x0
        let top = Float(p[i]) * (1 - fx) + Float(p[i + 1]) * fx
        let bottom = Float(p[i + w]) * (1 - fx) + Float(p[i + w + 1]) * fx
        return top * (1 - fy) + bottom * fy
    }

    /// The image's values across the line at `t` px along it, at −span…span px in steps of
    /// `1 / perPixel` px; nil when any lies outside the image.
    func across(_ image: ByteImage, at t: Float, perPixel: Int) -> [Float]? {
        let px = rho * nx - t * ny, py = rho * ny + t * nx
        let n = Int(span) * perPixel
        var values: [Float] = []
        values.reserveCapacity(2 * n + 1)
        for k in -n...n {
            let d = Float(k) / Float(perPixel)
            guard let v = Self.sample(image, px + d * nx, py + d * ny) else { return nil }
            values.append(v)
        }
        return values
    }

    /// Positions along the line every `step` px, through the whole image.
    func positions(_ image: ByteImage, step: Float) -> StrideThrough<Float> {
        let diag = Float(image.width + image.height)
        return stride(from: -diag, through: diag, by: max(1, step))
    }

    /// The line moved and turned onto the image's own edge: where each cut across it crosses
    /// half-way from the shadow's level to the light's (nearest the coarse line), fitted by
    /// least squares twice (the second time without points over 2 px off: ink at the edge).
    /// The block grid places the line to a block; half a block wrong leaves a stripe of
    /// lifted shadow or of unlifted light along the edge, which reads as a stroke.
    func refined(_ image: ByteImage, step: Float) -> ShadowLine {
        var points: [(t: Float, d: Float)] = []
        let n = Int(span)
        for t in positions(image, step: step) {
            guard let v = across(image, at: t, perPixel: 1) else { continue }
            let dark = Self.median(Array(v[0...(n / 2)])), lit = Self.median(Array(v[(n + n / 2)...]))
            guard lit - dark >= lit * Self.minDrop * 0.6 else { continue }
            let mid = (dark + lit) / 2
            // The crossing nearest the centre (k → k + 1 goes from below mid to at or above it).
            var best: Float? = nil
            for k in 0..<(2 * n) where (v[k] < mid) != (v[k + 1] < mid) {
                let d = Float(k - n) + (mid - v[k]) / (v[k + 1] - v[k])
                if abs(d) < abs(best ?? .infinity) { best = d }
            }
            if let best { points.append((t, best)) }
        }
        guard points.count >= 8 else { return self }
        var fit = Self.lineFit(points)
        let close = points.filter { abs($0.d - (fit.a + fit.b * $0.t)) <= 2 }
        if close.count >= 8 { fit = Self.lineFit(close) }
        // Points on the new line: (rho + a + b·t)·n + t·(−ny, nx).
        let norm = (1 + fit.b * fit.b).squareRoot()
        let mx = (nx + fit.b * ny) / norm, my = (ny - fit.b * nx) / norm
        return ShadowLine(nx: mx, ny: my, rho: (rho + fit.a) / norm, span: span, profile: [])
    }

    /// Least squares d = a + b·t (t centred first: positions run to thousands of pixels, and
    /// their squares in Float would swamp the fit).
    static func lineFit(_ p: [(t: Float, d: Float)]) -> (a: Float, b: Float) {
        let n = Float(max(1, p.count))
        let mt = p.reduce(0) { $0 + $1.t } / n, md = p.reduce(0) { $0 + $1.d } / n
        let stt = p.reduce(0) { $0 + ($1.t - mt) * ($1.t - mt) }, std = p.reduce(0) { $0 + ($1.t - mt) * ($1.d - md) }
        guard stt > 1e-6 else { return (md, 0) }
        let b = std / stt
        return (md - b * mt, b)
    }

    /// The light's profile across the line (see `profile`): per cut across it, the values over
    /// the light's level (the median of its outer half on the lit side), the median over all
    /// cuts (ink crosses a few), never falling into the light; nil when the shadow is fainter
    /// than `minDrop` or implausibly deep.
    func measuredProfile(_ image: ByteImage, step: Float) -> [Float]? {
        let n = Int(span) * 2
        var cuts: [[Float]] = []
        for t in positions(image, step: step) {
            guard let v = across(image, at: t, perPixel: 2) else { continue }
            let lit = Self.median(Array(v[(n + n / 2)...]))
            guard lit > 8 else { continue }
            cuts.append(v.map { $0 / lit })
        }
        guard cuts.count >= 8 else { return nil }
        var profile = (0...(2 * n)).map { k in Self.median(cuts.map { $0[k] }) }
        // Rising from the shadow into the light and never above it: ink lying along the edge
        // (crossed by most cuts) is a dip the shadow's level passes over. (Falling back from
        // the light instead took the ink's level for the whole shadow; the least-squares
        // rising profile pooled the dip with it.)
        for k in 1...(2 * n) { profile[k] = max(profile[k], profile[k - 1]) }
        for k in profile.indices { profile[k] = min(profile[k], 1) }
        profile[2 * n] = 1
        guard let darkest = profile.first, darkest <= 1 - Self.minDrop, darkest >= 0.25 else { return nil }
        return profile
    }

    static func median(_ values: [Float]) -> Float {
        let s = values.sorted()
        return s.isEmpty ? 1 : s[s.count / 2]
    }

    /// The light's share at signed distance `d` (px, lit side positive) from the line.
    @inline(__always)
    func light(at d: Float) -> Float {
        let n = profile.count / 2
        let k = min(max(d * 2, -Float(n)), Float(n)) + Float(n)
        let i = min(Int(k), 2 * n - 1), f = k - Float(i)
        return profile[i] * (1 - f) + profile[i + 1] * f
    }

    /// The ramp is applied a pixel per this many pixels of the picture's short side into the
    /// light (whole pixels: 3 in a 12-MP photo, none below 1000 px). The line is placed to a
    /// pixel or so in a large photo, and a pixel of shadow left unlifted along a sharp edge is
    /// a thin dark line across it, which joined a 12-MP photo's digit to the frame (and its
    /// second reading took 290 ms, not 115); lifted light is only brighter paper. Small photos
    /// are blurred past that: a quarter pixel already cost dev photos "all at once" (seed 11)
    /// 287 → 284 of 300, 2 px 274.
    static let biasSide = 1000

    /// Pixels nearer the line than this (px) take the median of their own lifted value and
    /// their two neighbours' across it, when the step is sharp (`isSharp`). A sharp, noise-free
    /// step (a screenshot of a grey panel) has its pixels wholly dark or wholly light right at
    /// the line, where the measured profile (bilinear, half-pixel steps) says part-way: at 45°
    /// the dark row was lifted only part way and the light one too far, a 1-px line along the
    /// whole edge read as a "1". A stroke crossing the edge is ink on both sides of it and stays.
    static let edgeReach: Float = 1

    /// Whether most of the shadow's depth is crossed within a pixel of the line (the profile's
    /// samples half a pixel either side). A blurred edge is measured well by the profile and
    /// is lifted by it alone (the median there only moved coin-flips: "all at once" dev seed 12
    /// 95 → 93 of 100).
    var isSharp: Bool {
        let n = profile.count / 2
        guard n >= 1, let deepest = profile.first, deepest < 1 else { return false }
        return profile[n + 1] - profile[n - 1] >= 0.5 * (1 - deepest)
    }

    /// Every pixel divided by the light's share where it stands. Beyond `span` on the shadow
    /// side the share is one number (a table of 256 bytes does it), beyond it on the lit side
    /// 1 (nothing to do): only the ramp along the edge is computed pixel by pixel (a 12-MP
    /// photo half in shadow took 260 ms that way, a few with the table).
    /// `capped`: lit paper the ramp reaches is lifted no brighter than the lit paper just past
    /// it (large photos): a bright stripe along the edge, far brighter than the sheet's grain,
    /// took the sheet's ink for light (`PaperSheet`), and no sheet was found after the lift.
    /// Only where a lift is judged by the sheet it leaves (`lifted`): elsewhere the stripe is
    /// paper and the old lift stays as it was measured.
    func lift(_ image: ByteImage, capped: Bool = false) -> ByteImage {
        let w = image.width, h = image.height
        guard profile.count >= 3, profile.count % 2 == 1, image.pixels.count == w * h, let deepest = profile.first,
              deepest > 0 else { return image }
        let bias = Float(min(w, h) / Self.biasSide)
        let table = (0..<256).map { UInt8(min(255, (Float($0) / deepest).rounded())) }
        // The pixel step nearest the normal, and how far across the line it goes (0.7-1.4 px).
        let sx = Int(nx.rounded()), sy = Int(ny.rounded())
        let step = nx * Float(sx) + ny * Float(sy)
        let reach = isSharp ? Self.edgeReach : 0
        let src = image.pixels
        var out = image.pixels
        out.withUnsafeMutableBufferPointer { p in
            table.withUnsafeBufferPointer { lut in
                for y in 0..<h {
                    let line = y * w
                    // d(x) = base + nx·x: the ramp is where |d| < span.
                    let base = ny * Float(y) - rho
                    var lo = 0, hi = w
                    if abs(nx) > 1e-6 {
                        let a = (-span - base) / nx, b = (span + bias - base) / nx
                        lo = Int(max(0, min(Float(w), min(a, b).rounded(.down))))
                        hi = Int(max(0, min(Float(w), max(a, b).rounded(.up) + 1)))
                    }
                    for range in [0..<lo, hi..<w] where !range.isEmpty {
                        // Wholly beyond the ramp: the shadow's table, or the light (as it is).
                        guard base + nx * Float(range.lowerBound) <= -span else { continue }
                        for x in range { p[line + x] = lut[Int(p[line + x])] }
                    }
                    for x in lo..<hi {
                        let d = base + nx * Float(x)
                        var v = Float(p[line + x]) / light(at: d - bias)
                        // On a sharp edge: the median of its own and its two neighbours' lifted
                        // values across the line (`edgeReach`), read from the image as it came.
                        if abs(d) < reach, x >= 1, x < w - 1, y >= 1, y < h - 1 {
                            let i = line + x, di = sy * w + sx
                            let a = Float(src[i - di]) / light(at: d - step - bias)
                            let b = Float(src[i + di]) / light(at: d + step - bias)
                            v = max(min(a, b), min(max(a, b), v))
                        }
                        if capped, bias > 0, d > -2, d < bias + 1 {
                            let rx = x + Int((nx * (bias + 3)).rounded()), ry = y + Int((ny * (bias + 3)).rounded())
                            if rx >= 0, rx < w, ry >= 0, ry < h {
                                let past = Float(src[ry * w + rx]) / light(at: nx * Float(rx) + ny * Float(ry) - rho - bias)
                                v = min(v, max(Float(p[line + x]), past))
                            }
                        }
                        guard v >= Float(p[line + x]) + 0.5 else { continue }
                        p[line + x] = UInt8(min(255, v.rounded()))
                    }
                }
            }
        }
        return ByteImage(width: w, height: h, pixels: out)
    }
}
