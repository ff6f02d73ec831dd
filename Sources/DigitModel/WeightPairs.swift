/// A dense layer's weights W (IN×OUT) rounded to bf16 pairs for the bf16 path (`CPU.bf16`):
/// W's pairs along IN (the forward product) and Wᵀ's along OUT (the input gradient), as
/// `Kernels.packBF16PairsBoth` makes them. One per weight, shared by every worker's copy of the
/// layer (`ParamTable.weightPairs`): in a training step all workers read the same W, so they
/// make its pairs once together, each a band of W's rows (`Network.trainBatch`), instead of
/// each worker all of them — pairing `cnn`'s 9216×128 W was 6.3 % of a bf16 epoch (perf,
/// session 21), half of it the second worker doing it again. (Since session 39 that layer runs
/// in fp32 on the bf16 path, `Dense.fp32Products`; the smaller presets' layers share pairs.)
final class WeightPairs: @unchecked Sendable {
    let pairs = FloatBuffer(), transposed = FloatBuffer()
    /// Whether both hold the pairs of the weights of the training step under way: set by the
    /// network after packing them, cleared when the step's backward passes are done (the
    /// optimizer changes W next). A forward pass finding it false packs its own (`Dense`).
    var current = false
    /// Sizes the buffers for a k×n weight (before the workers pack into them in parallel).
    func reserve(k: Int, n: Int) {
        pairs.ensure(Kernels.bf16PairFloats(k: k, n: n))
        transposed.ensure(Kernels.bf16PairFloats(k: n, n: k))
    }

    /// Band `part` of `parts` of W's k rows (bands of whole 16-row blocks, so that together they
    /// write exactly what one `packBF16PairsBoth` of all of W does); `reserve` first.
    func pack(_ w: UnsafePointer<Float>, k: Int, n: Int, part: Int, of parts: Int) {
        let blocks = (k + 15) / 16
        let lo = min(k, blocks * part / parts * 16), hi = min(k, blocks * (part + 1) / parts * 16)
        guard hi > lo else { return }
        Kernels.packBF16PairsBoth(k: k, n: n, w, rows: lo..<hi, UnsafeMutableRawPointer(pairs.pointer),
                                  transposed: UnsafeMutableRawPointer(transposed.pointer))
    }
}
