import Glibc
import Support
import Synchronization

/// The network: an architecture (a list of `LayerSpec`), the values of its parameters,
/// and one worker per thread. A batch is split across workers, each runs forward and
/// backward on its slice with its own buffers, and gradients are summed in a fixed
/// order — so the same seed and thread count give bit-identical weights.
public final class Network: @unchecked Sendable {
    public static let classes = 10
    public let specs: [LayerSpec]
    public static let inputShape = Shape(28, 28, 1)
    /// Images per inference batch: the memory bound (`ModelLimits`) counts a worker's share of
    /// it, and no inference unit (`inferenceUnit`) is larger.
    public static let inferenceBatch = 512
    /// Input normalisation applied to pixels in 0…1 (MNIST mean and standard deviation).
    public var mean: Float = 0.1307
    public var std: Float = 0.3081
    /// What each output means, from the data it was trained on (see `ModelClasses`). With fewer
    /// than 10 names the other outputs are unused: their probability is 0.
    public var classNames: [String] = ModelClasses.digits
    /// How a picture becomes this network's 28×28 input.
    public var inputStyle: InputStyle = .digits
    let params: [Param]
    private(set) var workers: [Worker]
    /// Held for the whole of an inference call (`probabilities`).
    private let inferenceTurn = Shared(0)
    public let threads: Int
    /// Whether inference folds batch norms into the layers before them (`BatchNormFolding`);
    /// tests turn it off to compare the two.
    var foldsBatchNorm = true
    private let planOptions: ExecutionPlan.Options
    /// Built at the first inference: nil inside when there is nothing to fold.
    private var folding: BatchNormFolding?? = nil

    /// A new network with freshly initialised weights: Glorot-uniform (Keras's default),
    /// zero biases, unit batch-norm scales.
    public convenience init(layers: [LayerSpec], seed: UInt64, threads: Int = Network.defaultThreads) throws {
        try self.init(layers: layers, threads: threads)
        var rng = SplitMix64(seed: seed, 1)
        for p in params {
            let v = p.value.pointer
            if p.name.hasSuffix(".weight") {
                // Conv weights are (K,K,Cin,Cout): fan-in K·K·Cin, fan-out K·K·Cout.
                let receptive = p.shape.count == 4 ? p.shape[0] * p.shape[1] : 1
                let fanIn = receptive * p.shape[p.shape.count - 2], fanOut = receptive * p.shape[p.shape.count - 1]
                let limit = (6 / Float(fanIn + fanOut)).squareRoot()
                for i in 0..<p.count { v[i] = rng.uniform(-limit, limit) }
            } else if p.name.hasSuffix(".gamma") || p.name.hasSuffix(".running_var") {
                v.update(repeating: 1, count: p.count)
            } else {
                v.update(repeating: 0, count: p.count)
            }
        }
    }

    /// A network with the given architecture and zeroed parameters (for loading).
    convenience init(layers: [LayerSpec], threads: Int) throws {
        try self.init(plan: try ExecutionPlan(layers), specs: layers, threads: threads)
    }

    /// Refuses a plan whose inference would need more than `ModelLimits.maxInferenceBytes`
    /// before building anything.
    init(plan: ExecutionPlan, specs: [LayerSpec], threads: Int) throws {
        self.threads = max(1, min(threads, 64))
        let bytes = plan.activationBytes(batch: Network.inferenceBatch, threads: self.threads, training: false)
        guard bytes <= ModelLimits.maxInferenceBytes else {
            throw ModelError.tooMuchMemory(file: nil, bytes: bytes, batch: Network.inferenceBatch, limit: ModelLimits.maxInferenceBytes)
        }
        Kernels.configureBLAS()
        self.specs = specs
        planOptions = plan.options
        let table = ParamTable()
        workers = (0..<self.threads).map { _ in Worker(layers: Network.build(plan, table: table)) }
        params = table.ordered
    }

    /// Refuses to train `layers` with batches of `batchSize` over `threads` when the activations
    /// kept for backward would exceed `ModelLimits.maxTrainingBytes` (checked before building).
    public static func checkTrainingMemory(layers: [LayerSpec], batchSize: Int, threads: Int) throws {
        let workers = max(1, min(threads, 64))
        let bytes = try ExecutionPlan(layers).activationBytes(batch: batchSize, threads: workers, training: true)
        guard bytes <= ModelLimits.maxTrainingBytes else {
            throw ModelError.tooMuchMemory(file: nil, bytes: bytes, batch: batchSize, limit: ModelLimits.maxTrainingBytes)
        }
    }

    public static var defaultThreads: Int {
        if let s = Environment.value("DIGITREC_THREADS"), let n = Int(s), n > 0 { return min(n, 64) }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    public var parameterCount: Int { params.filter(\.trainable).reduce(0) { $0 + $1.count } }

    /// Name, shape and values of every saved tensor, in file order.
    public var tensors: [(name: String, shape: [Int], values: [Float])] {
        params.map { ($0.name, $0.shape, $0.values) }
    }

    /// Copies of all parameter values (for keeping the best model while training).
    func snapshot() -> [[Float]] { params.map(\.values) }

    func restore(_ snap: [[Float]]) {
        for (p, v) in zip(params, snap) { v.withUnsafeBufferPointer { p.value.pointer.update(from: $0.baseAddress!, count: p.count) } }
    }

    // MARK: inference

    /// Class probabilities for `count` images of 784 pixels in 0…1. Returns count×10 values.
    public func probabilities(pixels: UnsafeBufferPointer<Float>, count: Int) -> [Float] {
        probabilities(count: count) { first, n, dst in self.normalize(pixels.baseAddress! + first * 784, count: n * 784, into: dst) }
    }

    public func probabilities(pixels: [Float]) -> [Float] {
        pixels.withUnsafeBufferPointer { probabilities(pixels: $0, count: $0.count / 784) }
    }

    /// Probabilities for MNIST-style bytes (count×784).
    public func probabilities(bytes: UnsafeBufferPointer<UInt8>, count: Int) -> [Float] {
        probabilities(count: count) { first, n, dst in self.normalize(bytes.baseAddress! + first * 784, count: n * 784, into: dst) }
    }

    /// Inference in units of `inferenceUnit` images that the workers take in turn, each the
    /// next one nobody has taken: a worker whose core is busy with something else takes fewer,
    /// instead of the other waiting for it at the end of every batch (with a fixed half of each
    /// 512-image batch per worker, one slowed core set the pace). `fill(first, n, dst)` writes
    /// the normalised inputs of images first..<first+n. Every image is computed on its own, so
    /// which worker takes which unit does not change its probabilities.
    private func probabilities(count: Int, fill: (Int, Int, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        // One inference at a time: the workers' buffers (and the tiles a layer keeps) are the
        // network's own, and the interactive program reads files and the drawing on two queues
        // (review, session 30: a drawing read beside a background file wrote the same scratch).
        inferenceTurn.update { _ in unlockedProbabilities(count: count, fill: fill) }
    }

    private func unlockedProbabilities(count: Int, fill: (Int, Int, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        var result = [Float](repeating: 0, count: count * Network.classes)
        guard count > 0 else { return result }
        // Outputs beyond the named classes stay 0 (all ten for a digit model).
        let active = max(1, min(Network.classes, classNames.count))
        let workers = inferenceWorkers()
        let unit = Network.inferenceUnit(threads: workers.count), units = (count + unit - 1) / unit
        let next = UnitCounter()
        result.withUnsafeMutableBufferPointer { out in
            parallelFor(min(workers.count, units)) { w in
                let worker = workers[w]
                var context = PassContext(training: false, rng: SplitMix64(seed: 0, 2, 0, w), shared: worker.shared)
                var weightsReady = false
                while let u = next.take(below: units) {
                    let first = u * unit, n = min(unit, count - first)
                    let x = worker.input.ensure(n * 784)
                    worker.reserveScratch(n: n)
                    fill(first, n, x)
                    let logits = worker.forward(x, n: n, context: &context, weightsReady: weightsReady)
                    // Only a sliced call keeps the transformed weights in the layers' own buffers.
                    if n > Worker.inferenceSlice { weightsReady = true }
                    for r in 0..<n {
                        Loss.softmax(logits + r * Network.classes, classes: active,
                                     into: out.baseAddress! + (first + r) * Network.classes)
                    }
                }
            }
        }
        return result
    }

    /// Images a worker takes at a time in inference: its share of a 512-image batch (what
    /// `ModelLimits` sizes the memory for; the dense layers after the slices read their weights
    /// once per unit), or two slices when every layer with large weights runs inside the slices
    /// (`CPU.sparseDense`) and a unit's size only decides how evenly the workers finish: 32, 64
    /// and 128 ran alike within the noise (DigitBench eval, Zen 4: cnn 0.404 / 0.417 / 0.420 s).
    static func inferenceUnit(threads: Int) -> Int {
        let share = (inferenceBatch + threads - 1) / max(1, threads)
        return CPU.sparseDense ? min(share, 2 * Worker.inferenceSlice) : share
    }

    /// The workers inference runs on: the folded ones (with their weights refreshed from the
    /// stored ones) when the network has batch norms to fold, the training ones otherwise.
    private func inferenceWorkers() -> [Worker] {
        guard foldsBatchNorm else { return workers }
        if folding == nil {
            folding = .some(BatchNormFolding(specs: specs, params: params, options: planOptions, threads: threads))
        }
        guard case let .some(.some(folded)) = folding else { return workers }
        folded.refresh()
        return folded.workers
    }

    func normalize(_ src: UnsafePointer<Float>, count: Int, into dst: UnsafeMutablePointer<Float>) {
        let inv = 1 / std
        for i in 0..<count { dst[i] = (src[i] - mean) * inv }
    }

    func normalize(_ src: UnsafePointer<UInt8>, count: Int, into dst: UnsafeMutablePointer<Float>) {
        let scale = 1 / (255 * std), shift = mean / std
        for i in 0..<count { dst[i] = Float(src[i]) * scale - shift }
    }

    // MARK: training

    /// One training batch of `n` samples: each worker fills its slice of normalised inputs,
    /// runs forward, the loss and backward; then the gradients are summed into worker 0.
    /// Returns the summed loss and the number of correct predictions.
    /// With `reduce` false the gradients stay each worker's own (`workerGradients`), for an
    /// optimizer that sums them as it reads them.
    func trainBatch(n: Int, labels: UnsafePointer<UInt8>, seed: UInt64, step: Int, reduce: Bool = true,
                    fill: (Range<Int>, UnsafeMutablePointer<Float>) -> Void) -> (loss: Double, correct: Int) {
        let partial = UnsafeMutableBufferPointer<(Double, Int)>.allocate(capacity: workers.count)
        partial.initialize(repeating: (0, 0))
        defer { partial.deallocate() }
        let paired = packSharedPairs(parts: min(workers.count, n))
        defer { for layer in paired { layer.shared?.current = false } }
        let active = run(workers, n: n, seed: seed, step: step, fill: fill) { w, range, logits in
            let worker = self.workers[w]
            let g = worker.dLogits.ensure(range.count * Network.classes)
            partial[w] = Loss.softmaxCrossEntropy(logits, labels: labels + range.lowerBound, n: range.count,
                                                  classes: Network.classes, gradScale: 1 / Float(n), grad: g)
            worker.backward(g, n: range.count)
        }
        lastActive = active
        lastReduced = reduce
        if reduce { reduceGradients(workers: active) }
        updateBatchNormStatistics(workers: active)
        return partial.prefix(active).reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
    }

    /// Whether a training step's workers make the bf16 pairs of their dense layers' weights once
    /// together (`WeightPairs`) instead of each its own; tests turn it off to compare the two.
    var sharesWeightPairs = true

    /// Packs the shared bf16 pairs of every dense layer that takes them and marks them current
    /// for this step, the `parts` workers each a band of W's rows. Returns those layers (worker
    /// 0's copies). Same operands as each worker making its own: same weights. (The fp32 path's
    /// input gradient reads W itself: `Kernels.denseGemmWT`.)
    private func packSharedPairs(parts: Int) -> [Dense] {
        guard sharesWeightPairs, let lead = workers.first else { return [] }
        let paired = lead.layers.compactMap { $0 as? Dense }.filter { $0.sharesPairs && $0.shared != nil }
        guard !paired.isEmpty else { return [] }
        for layer in paired {
            layer.shared?.reserve(k: layer.inShape.count, n: layer.outShape.count)
        }
        parallelFor(parts) { part in
            for layer in paired {
                layer.shared?.pack(layer.weight.value.pointer, k: layer.inShape.count, n: layer.outShape.count, part: part, of: parts)
            }
        }
        for layer in paired { layer.shared?.current = true }
        return paired
    }

    /// Splits a training batch of n samples into contiguous slices, one per worker, and runs
    /// them in parallel.
    @discardableResult
    private func run(_ workers: [Worker], n: Int, seed: UInt64, step: Int,
                     fill: (Range<Int>, UnsafeMutablePointer<Float>) -> Void,
                     finish: (Int, Range<Int>, UnsafeMutablePointer<Float>) -> Void) -> Int {
        let active = min(workers.count, n)
        parallelFor(active) { w in
            let lo = n * w / active, hi = n * (w + 1) / active
            let worker = workers[w]
            let x = worker.input.ensure((hi - lo) * 784)
            fill(lo..<hi, x)
            var context = PassContext(training: true, rng: SplitMix64(seed: seed, 2, step, w))
            let logits = worker.forward(x, n: hi - lo, context: &context)
            finish(w, lo..<hi, logits)
        }
        return active
    }

    /// Sums every worker's gradients into worker 0's, each element in worker order (so the
    /// result does not depend on how the elements are split across threads).
    private func reduceGradients(workers active: Int) {
        guard active > 1 else { return }
        let lead = workers[0].trainables
        let parts = parameterCount >= 65_536 ? active : 1
        parallelFor(parts) { part in
            for w in 1..<active {
                for (i, t) in self.workers[w].trainables.enumerated() {
                    let lo = t.param.count * part / parts, hi = t.param.count * (part + 1) / parts
                    let dst = lead[i].grad.pointer, src = t.grad.pointer
                    for j in lo..<hi { dst[j] += src[j] }
                }
            }
        }
    }

    private func updateBatchNormStatistics(workers active: Int, momentum: Float = 0.1) {
        let norms = workers.map { $0.layers.compactMap { $0 as? BatchNorm } }
        guard let first = norms.first else { return }
        for (i, bn) in first.enumerated() {
            let c = bn.inShape.c
            let rm = bn.runningMean.value.pointer, rv = bn.runningVar.value.pointer
            for j in 0..<c {
                var m: Float = 0, v: Float = 0
                for w in 0..<active { m += norms[w][i].batchMean.pointer[j]; v += norms[w][i].batchVar.pointer[j] }
                m /= Float(active); v /= Float(active)
                rm[j] = (1 - momentum) * rm[j] + momentum * m
                rv[j] = (1 - momentum) * rv[j] + momentum * v
            }
        }
    }

    /// Trainable parameters with their (reduced) gradients.
    var gradients: [(param: Param, grad: FloatBuffer)] { workers[0].trainables }

    /// Workers that ran the last training batch, and whether their gradients were summed into
    /// worker 0's.
    private var lastActive = 1
    private var lastReduced = true

    /// Trainable parameters with the gradients of each worker that ran the last training batch,
    /// in worker order: their sum is the gradient. After a batch whose gradients were reduced it
    /// is worker 0's alone (the others' would count twice; review, session 33).
    var workerGradients: [(param: Param, grads: [FloatBuffer])] {
        let active = workers.prefix(lastReduced ? 1 : max(1, lastActive))
        return workers[0].trainables.indices.map { i in
            (workers[0].trainables[i].param, active.map { $0.trainables[i].grad })
        }
    }

    // MARK: building

    /// One worker's layers, made from the plan; parameters come from (or go into) `table`.
    static func build(_ plan: ExecutionPlan, table: ParamTable) -> [Layer] {
        plan.steps.map { step in
            let p = step.parameters.map { table.get($0.name, $0.shape, trainable: $0.trainable) }
            switch step.operation {
            case let .conv(geometry, kind):
                return Conv2D(geometry, relu: step.relu, weight: p[0], bias: p[1], algorithm: kind)
            case let .dense(units):
                return Dense(input: step.input, units: units, relu: step.relu, weight: p[0], bias: p[1],
                             shared: table.weightPairs(p[0].name))
            case .batchNorm:
                return BatchNorm(input: step.input, relu: step.relu, gamma: p[0], beta: p[1], runningMean: p[2], runningVar: p[3])
            case let .maxPool(size): return MaxPool2D(input: step.input, size: size)
            case let .dropout(rate): return Dropout(input: step.input, rate: rate)
            case .flatten: return Flatten(input: step.input)
            case .relu: return ReLU(input: step.input)
            }
        }
    }
}

/// One thread's copy of the layers with its own activations and gradients.
final class Worker {
    let layers: [Layer]
    let input = FloatBuffer()
    let dLogits = FloatBuffer()
    /// Inference's two alternating activation buffers (see `ActivationBuffers`).
    let shared = ActivationBuffers()
    let trainables: [(param: Param, grad: FloatBuffer)]
    /// Layers before the first one with parameters need no input gradient.
    let firstTrainable: Int

    /// Inference runs layers[..<sliceEnd] — the convolutions and what goes with them, up to the
    /// first flatten or dense layer, and with `CPU.sparseDense` that dense layer too — over
    /// `inferenceSlice` images at a time, gathers their outputs, and runs the rest over the whole
    /// batch (see `forward`). 0: no such split (no convolution first).
    /// The first dense layer in the slices multiplies each slice's pooled activations while they
    /// are in the core's L2, instead of a 256-image batch of them (9.4 MB for `cnn`) going out to
    /// memory and back, copied twice more (gathered, then packed by OpenBLAS); its weights come
    /// from L3 once a slice. `cnn` 10k: 0.42 → 0.41 s with the own GEMM (DigitBench eval).
    let sliceEnd: Int
    /// The gathered outputs of layers[..<sliceEnd] (inference only).
    let gathered = FloatBuffer()
    /// Images per slice: a slice's activations (the `cnn` preset's first layer writes 86 KB per
    /// image) stay in the core's caches between the layers, instead of a 256-image half batch
    /// (22 MB there) going out to memory and back at every layer. 4–16 ran alike (`DigitBench
    /// eval`, Zen 4: cnn 0.55 s, shipped 0.85 s, against 0.60 and 0.96 s unsliced). With the
    /// dense layer in the slices, 16: its weights are read half as often (cnn 0.41 s against
    /// 0.42 s with 8, 0.44–0.49 s with 32).
    static let inferenceSlice = CPU.sparseDense ? 16 : 8

    /// Training runs layers 0 and 1 (and a dropout after them) together per chunk of images when
    /// they are a direct first layer and a pooled Winograd layer (`FirstLayersInChunks`); nil otherwise.
    let firstChunks: FirstLayersInChunks?
    /// Whether training takes `firstChunks` (tests turn it off to compare), and whether the last
    /// forward pass did (its backward must match).
    var chunksFirstLayers = true
    private var chunkedPass = false

    init(layers: [Layer]) {
        self.layers = layers
        trainables = layers.flatMap(\.trainables)
        firstTrainable = layers.firstIndex { !$0.trainables.isEmpty } ?? 0
        firstChunks = firstTrainable == 0 ? FirstLayersInChunks(layers) : nil
        let convolutionsEnd = layers.firstIndex { $0 is Dense || $0 is Flatten } ?? 0
        let firstDense = layers.firstIndex { $0 is Dense }
        if CPU.sparseDense && convolutionsEnd > 0, let firstDense {
            sliceEnd = firstDense + 1
        } else {
            sliceEnd = convolutionsEnd
        }
    }

    /// Sizes the convolutions' shared working memory for `n` images once, for the largest
    /// layer, instead of letting it grow layer by layer (each growth is fresh memory).
    func reserveScratch(n: Int) {
        let needs = layers.compactMap { ($0 as? Conv2D)?.scratchFloats(n: n) }
        for (i, buffer) in shared.scratch.enumerated() { buffer.ensure(needs.map { $0[i] }.max() ?? 0) }
    }

    /// `weightsReady`: this worker's layers already derived what they keep from the weights
    /// (Winograd's transformed weights) in an earlier call of the same inference pass, so even
    /// the first slice may use it.
    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext,
                 weightsReady: Bool = false) -> UnsafeMutablePointer<Float> {
        let slice = Worker.inferenceSlice
        guard !context.training, sliceEnd > 0, n > slice else {
            var h = x, from = 0
            chunkedPass = false
            if context.training && chunksFirstLayers, let firstChunks {
                h = firstChunks.forward(x, n: n, context: &context)
                from = firstChunks.count
                chunkedPass = true
            }
            for layer in layers[from...] { h = layer.forward(h, n: n, context: &context) }
            return h
        }
        // Every layer before sliceEnd computes each image on its own, so slicing the batch gives
        // the same values (a dense layer's rows each their own, too); the others see the whole
        // batch (their weights are read once per batch, not once per slice).
        let inCount = layers[0].inShape.count, outCount = layers[sliceEnd - 1].outShape.count
        let out = gathered.ensure(n * outCount)
        var first = 0
        while first < n {
            let m = min(slice, n - first)
            var h = x + first * inCount
            context.slice = first == 0 && !weightsReady ? .first : .later
            for layer in layers[..<sliceEnd] { h = layer.forward(h, n: m, context: &context) }
            (out + first * outCount).update(from: h, count: m * outCount)
            first += m
        }
        context.slice = .whole
        var h = out
        for layer in layers[sliceEnd...] { h = layer.forward(h, n: n, context: &context) }
        return h
    }

    func backward(_ dLogits: UnsafeMutablePointer<Float>, n: Int) {
        var g: UnsafeMutablePointer<Float>? = dLogits
        for (i, layer) in layers.enumerated().reversed() {
            guard let dy = g else { return }
            if chunkedPass, let firstChunks, i == firstChunks.count - 1 {
                firstChunks.backward(dy, n: n)
                return
            }
            g = layer.backward(dy, n: n, needInputGrad: i > firstTrainable)
            if i <= firstTrainable { return }
        }
    }
}

/// The next unit of an inference pass to take (`Network.probabilities`), shared by the workers.
private final class UnitCounter: Sendable {
    private let next = Atomic<Int>(0)

    /// A unit nobody has taken yet, nil once all `count` are.
    func take(below count: Int) -> Int? {
        let u = next.add(1, ordering: .relaxed).oldValue
        return u < count ? u : nil
    }
}
