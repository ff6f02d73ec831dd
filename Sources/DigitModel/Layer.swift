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
