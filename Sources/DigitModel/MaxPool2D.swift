/// Max pooling with a square window and stride equal to the window.
/// input (N,H,W,C) -> output (N,H/s,W/s,C); the winning index is kept for backward.
final class MaxPool2D: Layer {
    let inShape: Shape
    let outShape: Shape
    let size: Int
    private let out = FloatBuffer(), dx = FloatBuffer()
    private let argmax = Int32Buffer()

    init(input: Shape, size: Int) {
        inShape = input
        self.size = size
        outShape = Shape(input.h / size, input.w / size, input.c)
    }

    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        let y = out.ensure(n * outShape.count)
        let arg = argmax.ensure(n * outShape.count)
        let (h, w, c, oh, ow, s) = (inShape.h, inShape.w, inShape.c, outShape.h, outShape.w, size)
        if s == 2 {
            forward2x2(x, n: n, y, arg)
            return y
        }
        for img in 0..<n {
            let xi = x + img * h * w * c
            let base = img * oh * ow * c
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let o = base + (oy * ow + ox) * c
                    let first = ((oy * s) * w + ox * s) * c
                    for ch in 0..<c { y[o + ch] = xi[first + ch]; arg[o + ch] = Int32(first + ch) }
                    for dy in 0..<s {
                        for dx in 0..<s where dy + dx > 0 {
                            let p = ((oy * s + dy) * w + ox * s + dx) * c
                            for ch in 0..<c where xi[p + ch] > y[o + ch] {
                                y[o + ch] = xi[p + ch]
                                arg[o + ch] = Int32(p + ch)
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// The common 2×2 window, written so the channel loop vectorises: the four candidates
    /// are compared branch-free.
    private func forward2x2(_ x: UnsafeMutablePointer<Float>, n: Int, _ y: UnsafeMutablePointer<Float>, _ arg: UnsafeMutablePointer<Int32>) {
        let (h, w, c, oh, ow) = (inShape.h, inShape.w, inShape.c, outShape.h, outShape.w)
        for img in 0..<n {
            let xi = x + img * h * w * c
            let base = img * oh * ow * c
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let o = base + (oy * ow + ox) * c
                    let p00 = ((2 * oy) * w + 2 * ox) * c, p01 = p00 + c
                    let p10 = p00 + w * c, p11 = p10 + c
                    for ch in 0..<c {
                        let a = xi[p00 + ch], b = xi[p01 + ch], d = xi[p10 + ch], e = xi[p11 + ch]
                        let top = b > a ? b : a, topIndex = b > a ? p01 : p00
                        let bottom = e > d ? e : d, bottomIndex = e > d ? p11 : p10
                        let takeBottom = bottom > top
                        y[o + ch] = takeBottom ? bottom : top
                        arg[o + ch] = Int32((takeBottom ? bottomIndex : topIndex) + ch)
                    }
                }
            }
        }
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>? {
        guard needInputGrad else { return nil }
        let dxp = dx.ensure(n * inShape.count)
        dxp.update(repeating: 0, count: n * inShape.count)
        let arg = argmax.pointer
        let per = outShape.count
        for img in 0..<n {
            let base = dxp + img * inShape.count
            for j in 0..<per { base[Int(arg[img * per + j])] += dy[img * per + j] }
        }
        return dxp
    }
}
