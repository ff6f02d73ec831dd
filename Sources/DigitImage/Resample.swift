/// Resizing kernels for preprocessing and terminal art.
enum Resample {
    /// Area averaging (a box filter): every output pixel is the mean of the input area it
    /// covers, with fractional edges weighted. Downscaling keeps faint thin strokes as grey
    /// instead of dropping them as point sampling would. Upscaling degenerates to nearest.
    static func area(_ src: FloatImage, x0: Double = 0, y0: Double = 0, w: Double? = nil, h: Double? = nil,
                     toWidth ow: Int, height oh: Int) -> FloatImage {
        let sw = w ?? Double(src.width), sh = h ?? Double(src.height)
        var out = FloatImage(width: ow, height: oh, fill: 0)
        guard ow > 0, oh > 0, src.width > 0, src.height > 0 else { return out }
        let sx = sw / Double(ow), sy = sh / Double(oh)
        // Column spans are the same for every row: compute them once.
        let cols = (0..<ow).map { span(x0 + Double($0) * sx, x0 + Double($0 + 1) * sx, limit: src.width) }
        src.pixels.withUnsafeBufferPointer { p in
            var rowAcc = [Float](repeating: 0, count: ow)
            for oy in 0..<oh {
                let rows = span(y0 + Double(oy) * sy, y0 + Double(oy + 1) * sy, limit: src.height)
                for j in 0..<ow { rowAcc[j] = 0 }
                var totalW: Float = 0
                for (y, wy) in rows {
                    let line = p.baseAddress! + y * src.width
                    for j in 0..<ow {
                        var acc: Float = 0
                        for (x, wx) in cols[j] { acc += line[x] * wx }
                        rowAcc[j] += acc * wy
                    }
                    totalW += wy
                }
                for j in 0..<ow {
                    let colW = cols[j].reduce(Float(0)) { $0 + $1.1 }
                    let norm = totalW * colW
                    out.pixels[oy * ow + j] = norm > 0 ? rowAcc[j] / norm : 0
                }
            }
        }
        return out
    }

    /// The integer pixels covering [a, b) with their overlap weights (at least one pixel).
    static func span(_ a: Double, _ b: Double, limit: Int) -> [(Int, Float)] {
        let lo = max(0, Int(a.rounded(.down))), hi = min(limit, Int(b.rounded(.up)))
        if hi <= lo { return [(min(max(lo, 0), limit - 1), 1)] }
        var result: [(Int, Float)] = []
        result.reserveCapacity(hi - lo)
        for i in lo..<hi {
            let w = min(b, Double(i + 1)) - max(a, Double(i))
            if w > 1e-9 { result.append((i, Float(w))) }
        }
        return result.isEmpty ? [(min(lo, limit - 1), Float(1))] : result
    }
}
