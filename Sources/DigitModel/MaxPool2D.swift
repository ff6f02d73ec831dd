/// Max pooling with a square window and stride equal to the window.
/// input (N,H,W,C) -> output (N,H/s,W/s,C). Forward keeps, per output value, which
/// position of its window won (row·s + column, stored as a float so values and codes
/// travel in the same SIMD lanes), so backward writes every input gradient exactly
/// once — no zeroing pass, no scatter.
final class MaxPool2D: Layer {
    let inShape: Shape
    let outShape: Shape
    let size: Int
    private let out = FloatBuffer(), dx = FloatBuffer()
    private let winner = FloatBuffer()

    init(input: Shape, size: Int) {
        inShape = input
        self.size = size
        outShape = Shape(input.h / size, input.w / size, input.c)
    }

    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        let y = context.output(out, input: x).ensure(n * outShape.count)
        let code = context.codes(winner).ensure(n * outShape.count)
        let (w, c, s) = (inShape.w, inShape.c, size)
        if s == 2 && c % 8 == 0 { forward2x2(x, y, code, n: n); return y }
        forEachWindow(n: n) { xOffset, yOffset in
            let xi = x + xOffset
            // Eight channels at a time in registers; a later position wins only when strictly
            // larger, so ties go to the first in scan order.
            var ch = 0
            while ch < c {
                let lanes = min(8, c - ch)
                var best = Lanes.load(xi + ch, lanes), bestCode = Lanes(repeating: 0)
                for ry in 0..<s {
                    for rx in 0..<s where ry + rx > 0 {
                        let v = Lanes.load(xi + (ry * w + rx) * c + ch, lanes)
                        let larger = v .> best
                        best.replace(with: v, where: larger)
                        bestCode.replace(with: Float(ry * s + rx), where: larger)
                    }
                }
                best.store(y + yOffset + ch, lanes)
                bestCode.store(code + yOffset + ch, lanes)
                ch += 8
            }
        }
        return y
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>? {
        guard needInputGrad else { return nil }
        let dxp = dx.ensure(n * inShape.count)
        let code = winner.pointer
        let (h, w, c, s) = (inShape.h, inShape.w, inShape.c, size)
        // Rows and columns past the last whole window get no gradient.
        if h % s != 0 || w % s != 0 { dxp.update(repeating: 0, count: n * inShape.count) }
        if s == 2 && c % 8 == 0 { backward2x2(dy, code, dxp, n: n); return dxp }
        forEachWindow(n: n) { xOffset, yOffset in
            var ch = 0
            while ch < c {
                let lanes = min(8, c - ch)
                let g = Lanes.load(dy + yOffset + ch, lanes), won = Lanes.load(code + yOffset + ch, lanes)
                for ry in 0..<s {
                    for rx in 0..<s {
                        let d = dxp + xOffset + (ry * w + rx) * c + ch
                        Lanes(repeating: 0).replacing(with: g, where: won .== Float(ry * s + rx)).store(d, lanes)
                    }
                }
                ch += 8
            }
        }
        return dxp
    }

    /// Calls `body(inputOffset, outputOffset)` for the top-left corner of every window.
    @inline(__always)
    private func forEachWindow(n: Int, _ body: (Int, Int) -> Void) {
        let (h, w, c, oh, ow, s) = (inShape.h, inShape.w, inShape.c, outShape.h, outShape.w, size)
        for img in 0..<n {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    body(((img * h + oy * s) * w + ox * s) * c, ((img * oh + oy) * ow + ox) * c)
                }
            }
        }
    }

    /// The 2×2 window over whole groups of eight channels (written for the sprint preset's first
    /// layer, whose general loop was 19 % of its epoch, and which now pools inside the convolution:
    /// `Kernels.convolveOneChannelPooled`): the same comparisons in the same order as `forward`.
    private func forward2x2(_ x: UnsafePointer<Float>,                // input (N,H,W,C), C % 8 == 0
                            _ y: UnsafeMutablePointer<Float>,         // output (N,H/2,W/2,C)
                            _ code: UnsafeMutablePointer<Float>,      // winners (N,H/2,W/2,C)
                            n: Int) {
        MaxPool2D.pool2x2(x, h: inShape.h, w: inShape.w, c: inShape.c, y, code, n: n)
    }

    /// `forward2x2` for any input shape: also what a first layer's fused convolution and pooling
    /// (`Kernels.convolveOneChannelPooled`) runs without AVX-512, one image at a time.
    static func pool2x2(_ x: UnsafePointer<Float>,                   // input (N,H,W,C), C % 8 == 0
                        h: Int, w: Int, c: Int,
                        _ y: UnsafeMutablePointer<Float>,            // output (N,H/2,W/2,C)
                        _ code: UnsafeMutablePointer<Float>,         // winners (N,H/2,W/2,C)
                        n: Int) {
        let (oh, ow) = (h / 2, w / 2)
        for img in 0..<n {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let p = x + ((img * h + oy * 2) * w + ox * 2) * c, yOffset = ((img * oh + oy) * ow + ox) * c
                    for ch in stride(from: 0, to: c, by: 8) {
                        var best = Lanes.load(p + ch), bestCode = Lanes(repeating: 0)
                        @inline(__always) func challenge(_ v: Lanes, _ k: Float) {
                            let larger = v .> best
                            best.replace(with: v, where: larger)
                            bestCode.replace(with: k, where: larger)
                        }
                        challenge(Lanes.load(p + c + ch), 1)
                        challenge(Lanes.load(p + w * c + ch), 2)
                        challenge(Lanes.load(p + w * c + c + ch), 3)
                        best.store(y + yOffset + ch)
                        bestCode.store(code + yOffset + ch)
                    }
                }
            }
        }
    }

    /// The adjoint of `forward2x2`: each input gradient written once, from the winner codes.
    private func backward2x2(_ dy: UnsafePointer<Float>,             // (N,H/2,W/2,C)
                             _ code: UnsafePointer<Float>,           // (N,H/2,W/2,C)
                             _ dx: UnsafeMutablePointer<Float>,      // (N,H,W,C)
                             n: Int) {
        let (w, c) = (inShape.w, inShape.c)
        let zero = Lanes(repeating: 0)
        forEachWindow(n: n) { xOffset, yOffset in
            let p = dx + xOffset
            for ch in stride(from: 0, to: c, by: 8) {
                let g = Lanes.load(dy + yOffset + ch), won = Lanes.load(code + yOffset + ch)
                zero.replacing(with: g, where: won .== 0).store(p + ch)
                zero.replacing(with: g, where: won .== 1).store(p + c + ch)
                zero.replacing(with: g, where: won .== 2).store(p + w * c + ch)
                zero.replacing(with: g, where: won .== 3).store(p + w * c + c + ch)
            }
        }
    }
}
