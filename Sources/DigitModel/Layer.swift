/// A named block of model values (weights, biases, batch-norm statistics), shared by
/// every worker; saving and loading are loops over these in a fixed order.
final class Param: @unchecked Sendable {
    let name: String
    let shape: [Int]
    let count: Int
    let value: FloatBuffer
    /// Running statistics are saved but not trained.
    let trainable: Bool

    init(name: String, shape: [Int], trainable: Bool = true) {
        self.name = name
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.value = FloatBuffer(count: count)
        self.trainable = trainable
    }

    var values: [Float] { value.array(count) }
}

/// Whether a forward pass trains (dropout on, batch statistics) or infers.
struct PassContext {
    var training: Bool
    var rng: SplitMix64
    /// Inference's shared activations (nil: every layer writes its own buffers).
    var shared: ActivationBuffers? = nil
    /// Where this call stands in a batch that inference runs in slices (`Worker.forward`): a
    /// later slice has the first one's weights, so what a layer derived from them at the first
    /// (Winograd's transformed weights) it may keep.
    var slice: Slice = .whole
    enum Slice { case whole, first, later }

    /// The buffer a layer writes its output into: its own when training (backward reads it),
    /// otherwise whichever shared buffer does not hold the layer's input.
    func output(_ own: FloatBuffer, input x: UnsafePointer<Float>) -> FloatBuffer {
        guard let shared else { return own }
        return UnsafePointer(shared.ping.pointer) == x ? shared.pong : shared.ping
    }

    /// The buffer for max pooling's winning positions, needed only by backward.
    func codes(_ own: FloatBuffer) -> FloatBuffer { shared?.codes ?? own }

    /// A convolution's working memory: its own when training (backward reads it again),
    /// otherwise the worker's, shared by all its convolutions (see `ActivationBuffers`).
    func scratch(_ own: FloatBuffer, _ role: ActivationBuffers.ScratchRole) -> FloatBuffer {
        shared?.scratch[role.rawValue] ?? own
    }
}

/// Inference needs only the previous layer's output, so one worker's layers take turns with two
/// buffers (sized by the largest layer output) instead of one batch-sized buffer per layer.
/// Likewise the convolutions' working memory (Winograd's transformed weights and tiles, the
/// im2col patches), which no layer needs once its forward pass is done: one set per worker
/// instead of one per layer halves the memory a one-image prediction touches for the first time.
final class ActivationBuffers {
    let ping = FloatBuffer(), pong = FloatBuffer(), codes = FloatBuffer()
    enum ScratchRole: Int, CaseIterable { case weights, transform, tilesIn, tilesOut }
    let scratch = ScratchRole.allCases.map { _ in FloatBuffer() }
}

/// One layer of one worker: plain forward/backward over flat buffers of `n` samples.
/// The returned pointers belong to the layer and stay valid until its next call.
protocol Layer: AnyObject {
    var inShape: Shape { get }
    var outShape: Shape { get }
    /// Trainable parameters with this worker's gradient for each, in file order.
    var trainables: [(param: Param, grad: FloatBuffer)] { get }
    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float>
    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>?
}

extension Layer {
    var trainables: [(param: Param, grad: FloatBuffer)] { [] }
}
