import Glibc

/// The network: an architecture (a list of `LayerSpec`), the values of its parameters,
/// and one worker per thread. A batch is split across workers, each runs forward and
/// backward on its slice with its own buffers, and gradients are summed in a fixed
/// order — so the same seed and thread count give bit-identical weights.
public final class Network: @unchecked Sendable {
    public static let classes = 10
    public let specs: [LayerSpec]
    public let inputShape = Shape(28, 28, 1)
    /// Input normalisation applied to pixels in 0…1 (MNIST mean and standard deviation).
    public var mean: Float = 0.1307
    public var std: Float = 0.3081
    let params: [Param]
    private(set) var workers: [Worker]
    public let threads: Int

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
    init(layers: [LayerSpec], threads: Int) throws {
        Kernels.configureBLAS()
        specs = layers
        self.threads = max(1, min(threads, 64))
        let table = ParamTable()
        var built: [Worker] = []
        for _ in 0..<self.threads {
            built.append(Worker(layers: try Network.build(layers, input: Shape(28, 28, 1), table: table)))
        }
        workers = built
        params = table.ordered
    }

    public static var defaultThreads: Int {
        if let s = getenv("DIGITREC_THREADS").map({ String(cString: $0) }), let n = Int(s), n > 0 { return min(n, 64) }
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

    func setTensor(_ name: String, _ values: UnsafeBufferPointer<Float>) {
        guard let p = params.first(where: { $0.name == name }), values.count == p.count else { return }
        p.value.pointer.update(from: values.baseAddress!, count: p.count)
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

    /// Inference in batches of 512 split over the workers; `fill(first, n, dst)` writes the
    /// normalised inputs of images first..<first+n.
    private func probabilities(count: Int, fill: (Int, Int, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        var result = [Float](repeating: 0, count: count * Network.classes)
        let batch = 512
        result.withUnsafeMutableBufferPointer { out in
            var start = 0
            while start < count {
                let n = min(batch, count - start)
                run(n: n, training: false, seed: 0, step: 0, fill: { range, dst in
                    fill(start + range.lowerBound, range.count, dst)
                }, finish: { _, range, logits in
                    for r in 0..<range.count {
                        Loss.softmax(logits + r * Network.classes, classes: Network.classes,
                                     into: out.baseAddress! + (start + range.lowerBound + r) * Network.classes)
                    }
                })
                start += n
            }
        }
        return result
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
    func trainBatch(n: Int, labels: UnsafePointer<UInt8>, seed: UInt64, step: Int,
                    fill: (Range<Int>, UnsafeMutablePointer<Float>) -> Void) -> (loss: Double, correct: Int) {
        let partial = UnsafeMutableBufferPointer<(Double, Int)>.allocate(capacity: workers.count)
        partial.initialize(repeating: (0, 0))
        defer { partial.deallocate() }
        let active = run(n: n, training: true, seed: seed, step: step, fill: fill) { w, range, logits in
            let worker = self.workers[w]
            let g = worker.dLogits.ensure(range.count * Network.classes)
            partial[w] = Loss.softmaxCrossEntropy(logits, labels: labels + range.lowerBound, n: range.count,
                                                  classes: Network.classes, gradScale: 1 / Float(n), grad: g)
            worker.backward(g, n: range.count)
        }
        reduceGradients(workers: active)
        updateBatchNormStatistics(workers: active)
        return partial.prefix(active).reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
    }

    /// Splits n samples into contiguous slices, one per worker, and runs them in parallel.
    @discardableResult
    private func run(n: Int, training: Bool, seed: UInt64, step: Int,
                     fill: (Range<Int>, UnsafeMutablePointer<Float>) -> Void,
                     finish: (Int, Range<Int>, UnsafeMutablePointer<Float>) -> Void) -> Int {
        let active = min(workers.count, n)
        parallelFor(active) { w in
            let lo = n * w / active, hi = n * (w + 1) / active
            let worker = self.workers[w]
            let x = worker.input.ensure((hi - lo) * 784)
            fill(lo..<hi, x)
            var context = PassContext(training: training, rng: SplitMix64(seed: seed, 2, step, w))
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

    // MARK: building

    static func build(_ specs: [LayerSpec], input: Shape, table: ParamTable) throws -> [Layer] {
        var layers: [Layer] = []
        var shape = input
        var i = 0
        while i < specs.count {
            let spec = specs[i]
            let fuseReLU = i + 1 < specs.count && specs[i + 1] == .relu
            let name = "layers.\(i)"
            let layer: Layer
            switch spec {
            case let .conv2d(filters, kernel, padding):
                guard shape.h >= kernel || padding == .same, shape.w >= kernel || padding == .same else {
                    throw ModelError.badArchitecture("layer \(i): a \(kernel)×\(kernel) convolution does not fit \(shape)")
                }
                // conv → ReLU → 2×2 max pooling can run as one pass (Conv2D decides whether it can).
                let poolAfter = fuseReLU && i + 2 < specs.count && specs[i + 2] == .maxPool2d(size: 2)
                layer = Conv2D(input: shape, filters: filters, kernel: kernel, padding: padding, relu: fuseReLU,
                               weight: table.get("\(name).weight", [kernel, kernel, shape.c, filters]),
                               bias: table.get("\(name).bias", [filters]), poolAfter: poolAfter)
            case let .dense(units):
                layer = Dense(input: shape, units: units, relu: fuseReLU,
                              weight: table.get("\(name).weight", [shape.count, units]),
                              bias: table.get("\(name).bias", [units]))
            case .batchNorm:
                layer = BatchNorm(input: shape, relu: fuseReLU,
                                  gamma: table.get("\(name).gamma", [shape.c]),
                                  beta: table.get("\(name).beta", [shape.c]),
                                  runningMean: table.get("\(name).running_mean", [shape.c], trainable: false),
                                  runningVar: table.get("\(name).running_var", [shape.c], trainable: false))
            case let .maxPool2d(size):
                guard shape.h >= size, shape.w >= size else {
                    throw ModelError.badArchitecture("layer \(i): max pooling \(size) does not fit \(shape)")
                }
                layer = MaxPool2D(input: shape, size: size)
            case let .dropout(rate): layer = Dropout(input: shape, rate: rate)
            case .flatten: layer = Flatten(input: shape)
            case .relu: layer = ReLU(input: shape)
            }
            layers.append(layer)
            shape = layer.outShape
            guard shape.count > 0, shape.count <= 50_000_000 else {
                throw ModelError.badArchitecture("layer \(i) produces an impossible shape \(shape)")
            }
            if let conv = layer as? Conv2D, conv.pooled { i += 3; continue }
            i += fuseReLU && [.conv2d, .dense, .batchNorm].contains(spec.kind) ? 2 : 1
        }
        guard shape.count == Network.classes, shape.h == 1, shape.w == 1 else {
            throw ModelError.badArchitecture("the last layer must output 10 class scores, it outputs \(shape)")
        }
        return layers
    }
}

extension LayerSpec {
    enum Kind { case conv2d, dense, batchNorm, other }
    var kind: Kind {
        switch self {
        case .conv2d: return .conv2d
        case .dense: return .dense
        case .batchNorm: return .batchNorm
        default: return .other
        }
    }
}

/// Creates each parameter once (for the first worker) and hands the same one to the others.
final class ParamTable {
    private(set) var ordered: [Param] = []
    private var byName: [String: Param] = [:]

    func get(_ name: String, _ shape: [Int], trainable: Bool = true) -> Param {
        if let p = byName[name] { return p }
        let p = Param(name: name, shape: shape, trainable: trainable)
        byName[name] = p
        ordered.append(p)
        return p
    }
}

/// One thread's copy of the layers with its own activations and gradients.
final class Worker {
    let layers: [Layer]
    let input = FloatBuffer()
    let dLogits = FloatBuffer()
    let trainables: [(param: Param, grad: FloatBuffer)]
    /// Layers before the first one with parameters need no input gradient.
    let firstTrainable: Int

    init(layers: [Layer]) {
        self.layers = layers
        trainables = layers.flatMap(\.trainables)
        firstTrainable = layers.firstIndex { !$0.trainables.isEmpty } ?? 0
    }

    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        var h = x
        for layer in layers { h = layer.forward(h, n: n, context: &context) }
        return h
    }

    func backward(_ dLogits: UnsafeMutablePointer<Float>, n: Int) {
        var g: UnsafeMutablePointer<Float>? = dLogits
        for (i, layer) in layers.enumerated().reversed() {
            guard let dy = g else { return }
            g = layer.backward(dy, n: n, needInputGrad: i > firstTrainable)
            if i <= firstTrainable { return }
        }
    }
}
