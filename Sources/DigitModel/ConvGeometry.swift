/// The shape of one stride-1 convolution over a batch of NHWC images: what every convolution
/// kernel needs to walk its images, as one value instead of a row of positional integers.
///
///     input  (n, h, w, c)    NHWC
///     weight (k, k, c, f)
///     output (n, oh, ow, f)  NHWC, oh = h + 2·pad − k + 1 (stride 1)
struct ConvGeometry: Equatable, CustomStringConvertible {
    /// Images in this call: a layer's geometry is for one image, `batch(_:)` sets the chunk.
    var n: Int
    /// Input height, width and channels.
    var h: Int, w: Int, c: Int
    /// Output height, width and channels (the filters).
    var oh: Int, ow: Int, f: Int
    /// Kernel side, and the zeros added on every edge.
    var k: Int, pad: Int

    init(input: Shape, filters: Int, kernel: Int, padding: LayerSpec.Padding) {
        n = 1
        (h, w, c) = (input.h, input.w, input.c)
        k = kernel
        pad = padding == .same ? kernel / 2 : 0
        (oh, ow, f) = (input.h + 2 * pad - kernel + 1, input.w + 2 * pad - kernel + 1, filters)
    }

    /// The same convolution over `n` images.
    func batch(_ n: Int) -> ConvGeometry {
        var g = self
        g.n = n
        return g
    }

    var input: Shape { Shape(h, w, c) }
    var output: Shape { Shape(oh, ow, f) }
    /// Floats of one input image, one output image, and one im2col patch row (k·k·c).
    var inCount: Int { h * w * c }
    var outCount: Int { oh * ow * f }
    var patch: Int { k * k * c }

    var description: String { "\(n)×\(h)×\(w)×\(c) → \(oh)×\(ow)×\(f), \(k)×\(k) pad \(pad)" }
}
