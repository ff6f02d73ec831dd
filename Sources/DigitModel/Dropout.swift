import CKernels

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
        guard begin(n: n, training: context.training) else { return x }
        return apply(x, count: n * inShape.count, at: 0, rng: &context.rng)
    }

    /// Starts a forward pass over `n` samples; false (and nothing to do) outside training or at
    /// rate 0. Then `apply` over the pass's values in parts, in order — or, without a mask,
    /// `applyMarkingWinners`.
    func begin(n: Int, training: Bool, mask withMask: Bool = true) -> Bool {
        active = training && rate > 0
        guard active else { return false }
        out.ensure(n * inShape.count)
        if withMask { mask.ensure(n * inShape.count) }
        return true
    }

    /// A value is dropped when its 16 random bits are below this (one 64-bit draw decides four
    /// values: the presets' rates 0.1–0.5 are kept to 1/65536).
    var threshold: UInt64 { UInt64(min(65535, (Double(rate) * 65536).rounded())) }

    /// What a kept value is multiplied by: the keep probability actually drawn, so the layer's
    /// expected output still equals its input.
    var keepScale: Float { Float(65536 / Double(65536 - threshold)) }

    /// Values offset..<offset + count of the pass (`begin`) from x (count values): draws their
    /// mask, writes mask and output there, and returns the output's start. One call over all
    /// values, or calls over consecutive parts in order whose counts (but the last's) are
    /// multiples of 4, draw the same numbers: the same bits (`FirstLayersInChunks` runs it per chunk).
    func apply(_ x: UnsafePointer<Float>, count: Int, at offset: Int, rng: inout SplitMix64) -> UnsafeMutablePointer<Float> {
        let y = out.pointer + offset, m = mask.pointer + offset
        let threshold = threshold, scale = keepScale
        // Four lanes compared and selected at once: a scalar `u >= threshold ? scale : 0` compiles
        // to a branch that mispredicts on every other value (and LLVM turns arithmetic tricks back
        // into that branch), ~10 cycles a value.
        let limit = SIMD4<Int32>(repeating: Int32(threshold))
        let kept = SIMD4<Float>(repeating: scale), dropped = SIMD4<Float>(repeating: 0)
        @inline(__always) func values(_ r: UInt64) -> SIMD4<Float> {
            let u = SIMD4<Int32>(Int32(truncatingIfNeeded: r & 0xFFFF), Int32(truncatingIfNeeded: (r >> 16) & 0xFFFF),
                                 Int32(truncatingIfNeeded: (r >> 32) & 0xFFFF), Int32(truncatingIfNeeded: r >> 48))
            return kept.replacing(with: dropped, where: u .< limit)
        }
        var i = 0
        while i + 4 <= count {
            UnsafeMutableRawPointer(m + i).storeBytes(of: values(rng.next()), as: SIMD4<Float>.self)
            i += 4
        }
        if i < count {
            let v = values(rng.next())
            for quarter in 0..<(count - i) { m[i + quarter] = v[quarter] }
        }
        for j in 0..<count { y[j] = x[j] * m[j] }
        return y
    }

    /// `apply` for the output of a pooling layer with its winners' codes (`count` of them, from
    /// `code`; 0…3, −1 where a ReLU stopped the gradient), without a mask: the same numbers drawn
    /// and the same output, and the code of each dropped value that won its window moved to 4…7,
    /// so the pooled gradient can multiply the mask in from the codes
    /// (`Winograd.pooledOutputGradient`). The mask (4 bytes a value) is not written.
    func applyMarkingWinners(_ x: UnsafePointer<Float>, count: Int, at offset: Int, code: UnsafeMutablePointer<Float>,
                             rng: inout SplitMix64) -> UnsafeMutablePointer<Float> {
        let y = out.pointer + offset
        let threshold = threshold, scale = keepScale
        if CPU.avx512 && markInKernel {
            // The generator's numbers drawn in ZMM lanes, eight at a time (CKernels/dropout_avx512.c).
            rng.skipping((count + 3) / 4) {
                digitrec_dropout_pooled_avx512(x, y, code, count, $0, UInt32(threshold), scale)
            }
            return y
        }
        var i = 0
        while i < count {
            let r = rng.next()
            for q in 0..<min(4, count - i) {
                let j = i + q
                let dropped = (r >> (16 * UInt64(q))) & 0xFFFF < threshold
                y[j] = x[j] * (dropped ? 0 : scale)
                if dropped && code[j] >= 0 { code[j] += 4 }
            }
            i += 4
        }
        return y
    }

    /// Whether `applyMarkingWinners` runs the AVX-512 kernel where the CPU has it (tests compare
    /// it with the Swift loop).
    var markInKernel = true

    /// The keep scale of the last training pass when it dropped values (nil: inference, rate 0),
    /// for a pooled layer that multiplies the mask into its gradient from its winners' codes
    /// (`applyMarkingWinners`) instead of `backward`.
    var trainingScale: Float? { active ? keepScale : nil }

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
        let y = context.output(out, input: x).ensure(n * inShape.count)
        for i in 0..<(n * inShape.count) { y[i] = max(x[i], 0) }
        return y
    }
    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>? {
        Kernels.reluMask(dy, out.pointer, count: n * inShape.count)
        return dy
    }
}
