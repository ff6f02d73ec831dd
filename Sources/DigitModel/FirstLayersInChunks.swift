/// Training's forward and backward passes of a network's first two layers when they are a
/// one-channel direct convolution with its ReLU (unpooled) and a Winograd convolution with ReLU
/// and 2×2 pooling fused in — the `cnn` preset's — run together, one Winograd chunk of images
/// (2 for `cnn`) at a time, with a dropout layer after them (`cnn`'s) in the same chunks:
///
/// - forward, the direct kernel writes a chunk's first-layer output (173 KB for `cnn`) into a
///   buffer that Winograd's input transform reads at once from the core's L2, instead of a
///   worker's whole share of the batch (5.5 MB) going out to memory and coming back; the
///   dropout reads the chunk's pooled output (74 KB) from there too (backward needs only the
///   winners, whose codes say where the ReLU stopped the gradient and, marked by the dropout instead
///   of a mask, which winners it dropped);
/// - backward, each chunk's first-layer output is computed again (195 k multiply-adds an image
///   against Winograd's 2.65 M per product) instead of being kept and read back from memory, and
///   Winograd's input gradient of the chunk goes straight into the first layer's weight
///   gradients, through L2 too.
///
/// The same operations on the same values in the same order as the layers one after the other
/// (the first layer is deterministic; `oneChannelGradients` carries its sums from call to call;
/// the dropout draws its numbers in the same order): the same bits, on the fp32 and the bf16
/// path (FirstLayersInChunksTests).
final class FirstLayersInChunks {
    let first: Conv2D, second: Conv2D
    /// The dropout layer after them that runs in the chunks too (nil: none, or one whose chunks
    /// would not draw its numbers as the whole batch does).
    let dropout: Dropout?
    private let direct: DirectConvolution, winograd: WinogradConvolution
    /// One chunk's first-layer output and its gradient; the second layer's pooled output: one
    /// chunk's when the dropout runs in the chunks, otherwise the batch's (the next layer's input).
    private let chunkOutput = FloatBuffer(), chunkGradient = FloatBuffer(), output = FloatBuffer()
    /// The batch's images from the last forward pass: backward reads them again.
    private var input: UnsafePointer<Float>?
    /// Chunks of the first layer computed so far, forward and again backward (tests).
    private(set) var chunks = 0

    /// The layers this runs from the start of a worker's list: 2, or 3 with the dropout.
    var count: Int { dropout == nil ? 2 : 3 }

    /// nil unless `layers` starts with the two layers this runs (see above).
    init?(_ layers: [Layer]) {
        guard layers.count >= 2, let a = layers[0] as? Conv2D, let b = layers[1] as? Conv2D,
              a.algorithm == .direct(pooled: false), let direct = a.direct,
              b.algorithm == .winograd(pooled: true), let winograd = b.winograd,
              a.outShape == b.inShape else { return nil }
        first = a
        second = b
        // Parts of whole draws: a chunk's values a multiple of 4 (`Dropout.apply`).
        let d = layers.count > 2 ? layers[2] as? Dropout : nil
        dropout = d.flatMap { $0.inShape == b.outShape && b.outShape.count % 4 == 0 ? $0 : nil }
        self.direct = direct
        self.winograd = winograd
    }

    /// The layers' training forward pass over `n` images x (N,H,W,1); returns the second layer's
    /// pooled output (N,OH/2,OW/2,F), or the dropout's.
    func forward(_ x: UnsafePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        input = x
        let chunk = winograd.chunk, inCount = first.inShape.count, outCount = second.outShape.count
        let y1 = chunkOutput.ensure(min(chunk, n) * first.outShape.count)
        // The dropout marks what it drops in the winners' codes instead of a mask (`applyMarkingWinners`).
        let dropping = dropout?.begin(n: n, training: context.training, mask: false) ?? false
        // Rate 0 leaves the dropout out: then the next layer reads the batch's pooled output.
        let y = output.ensure((dropping ? min(chunk, n) : n) * outCount)
        let pass = winograd.beginForward(n: n, context: context)
        precondition(pass.code != nil, "FirstLayersInChunks: the second layer pools, so it has winners' codes")
        var start = 0, result = y
        while start < n {
            let m = min(chunk, n - start)
            direct.trainingForward(x + start * inCount, n: m, y1)
            if dropping, let dropout, let code = pass.code {
                winograd.forwardChunk(y1, m: m, at: start, y, pass)
                let dropped = dropout.applyMarkingWinners(y, count: m * outCount, at: start * outCount,
                                                          code: code + start * outCount, rng: &context.rng)
                if start == 0 { result = dropped }
            } else {
                winograd.forwardChunk(y1, m: m, at: start, y + start * outCount, pass)
            }
            chunks += 1
            start += m
        }
        return result
    }

    /// The layers' weight and bias gradients from dY (the gradient of the dropout's output, or of
    /// the second layer's pooled output without it) of the last forward pass's `n` images. The
    /// dropout's mask, which its forward pass marked in the pooling winners' codes, is multiplied
    /// in as the pooled gradient reads dY (`pooledOutputGradient`), instead of a pass of its own;
    /// the first layer needs no input gradient.
    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int) {
        guard let x = input else { return }
        first.reserveGradients()
        second.reserveGradients()
        let chunk = winograd.chunk, inCount = first.inShape.count, mid = first.outShape.count
        let y1 = chunkOutput.ensure(min(chunk, n) * mid), dy1 = chunkGradient.ensure(min(chunk, n) * mid)
        let pass = winograd.beginBackward(n: n, inputGradient: true)
        var start = 0
        while start < n {
            let m = min(chunk, n - start), xc = x + start * inCount
            direct.trainingForward(xc, n: m, y1)
            // (The pooled output's ReLU is in the winners' codes: `y` is not read.)
            winograd.backwardChunk(dy, dropout: dropout?.trainingScale, x: y1, y: output.pointer, m: m, at: start, dy1, pass)
            direct.gradients(dy1, x: xc, y: y1, n: m, accumulate: start > 0)
            chunks += 1
            start += m
        }
        winograd.finishBackward(pass)
    }
}
