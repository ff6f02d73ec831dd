/// Inverted dropout: in training each value is kept with probability 1-rate and scaled
/// by 1/(1-rate); in inference it is the identity.
final class Dropout: Layer {
    let inShape: Shape
    var outShape: Shape { inShape }
    let rate: Float
    private let out = FloatBuffer(), mask = FloatBuffer()
    private var active = false

    init(input: Shape, rate: Float) {
        inShape = input
        self.rate = rate
    }

    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        active = context.training && rate > 0
        guard active else { return x }
        let count = n * inShape.count
        let y = out.ensure(count), m = mask.ensure(count)
        let scale = 1 / (1 - rate)
        let threshold = UInt32(Double(rate) * 4_294_967_296.0)
        var i = 0
        while i < count {
            // One 64-bit draw decides two values.
            let r = context.rng.next()
            for half in 0..<2 where i + half < count {
                let u = UInt32(truncatingIfNeeded: r >> (32 * UInt64(half)))
                m[i + half] = u >= threshold ? scale : 0
                y[i + half] = x[i + half] * m[i + half]
            }
            i += 2
        }
        return y
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>? {
        guard active else { return dy }
        let m = mask.pointer
        for i in 0..<(n * inShape.count) { dy[i] *= m[i] }
        return dy
    }
}

/// Flatten (N,H,W,C) -> (N,H·W·C). NHWC data is already flat, so this only renames the shape.
final class Flatten: Layer {
    let inShape: Shape
    let outShape: Shape
    init(input: Shape) { inShape = input; outShape = Shape(1, 1, input.count) }
    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> { x }
    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>? { dy }
}

/// A ReLU that could not be fused into the layer before it.
final class ReLU: Layer {
    let inShape: Shape
    var outShape: Shape { inShape }
    private let out = FloatBuffer()
    init(input: Shape) { inShape = input }
    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        let y = out.ensure(n * inShape.count)
        for i in 0..<(n * inShape.count) { y[i] = max(x[i], 0) }
        return y
    }
    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>? {
        Kernels.reluMask(dy, out.pointer, count: n * inShape.count)
        return dy
    }
}
