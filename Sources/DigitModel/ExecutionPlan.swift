/// How an architecture runs, decided once from its `[LayerSpec]` before anything is allocated:
/// which specs fuse into one layer (a ReLU into the convolution, dense or batch-norm layer
/// before it; ReLU and 2×2 max pooling into a Winograd convolution's output transform), which
/// algorithm each convolution uses, every layer's shapes, and every parameter's name and shape.
/// `Network.build` makes layers from it; the model-file reader uses it to check a file's sizes
/// and memory needs without building anything.
struct ExecutionPlan {
    enum Operation: Equatable {
        case conv(ConvGeometry, ConvAlgorithmKind)
        case dense(units: Int)
        case batchNorm
        case maxPool(size: Int)
        case dropout(rate: Float)
        case flatten
        case relu
    }

    struct ParameterSpec: Equatable {
        var name: String
        var shape: [Int]
        var trainable: Bool
        var count: Int { shape.reduce(1, *) }
    }

    /// One layer of the built network.
    struct Step {
        /// The first spec the layer covers: its parameters are named "layers.<index>.…".
        var index: Int
        /// How many specs it covers (1, 2 with a fused ReLU, 3 with ReLU and pooling).
        var specs: Int
        var operation: Operation
        var input: Shape, output: Shape
        /// Whether max(0, ·) runs inside this layer.
        var relu: Bool
        var parameters: [ParameterSpec]
    }

    /// How the convolutions may run (kept so that a derived plan, e.g. with batch norms folded
    /// away, runs them the same way).
    struct Options: Equatable {
        var winogradAllowed: Bool
        var referenceOnly: Bool
    }

    let steps: [Step]
    let options: Options
    /// Every saved float (trainable parameters and batch-norm running statistics).
    let storedFloats: Int
    /// Trainable parameters only.
    let parameterCount: Int

    static let maxActivationsPerImage = 50_000_000

    /// `referenceOnly` runs every convolution as im2col, nothing fused but the ReLUs (for tests
    /// that hold the fast paths equal to the reference through whole networks).
    init(_ specs: [LayerSpec], input: Shape = Network.inputShape,
         winogradAllowed: Bool = ConvAlgorithmKind.winogradAllowed, referenceOnly: Bool = false) throws {
        var steps: [Step] = []
        var shape = input, stored = 0, trainable = 0
        var i = 0
        while i < specs.count {
            let step = try ExecutionPlan.step(specs, at: i, input: shape, winogradAllowed: winogradAllowed,
                                              referenceOnly: referenceOnly)
            guard step.output.count > 0, step.output.count <= ExecutionPlan.maxActivationsPerImage else {
                throw ModelError.badArchitecture("layer \(i) produces an impossible shape \(step.output)")
            }
            for p in step.parameters {
                stored = Saturating.add(stored, p.count)
                if p.trainable { trainable = Saturating.add(trainable, p.count) }
            }
            steps.append(step)
            shape = step.output
            i += step.specs
        }
        guard stored <= ModelLimits.maxParameters else {
            throw ModelError.tooManyParameters(file: nil, count: stored, limit: ModelLimits.maxParameters)
        }
        guard shape.count == Network.classes, shape.h == 1, shape.w == 1 else {
            throw ModelError.badArchitecture("the last layer must output 10 class scores, it outputs \(shape)")
        }
        self.steps = steps
        options = Options(winogradAllowed: winogradAllowed, referenceOnly: referenceOnly)
        storedFloats = stored
        parameterCount = trainable
    }

    init(_ specs: [LayerSpec], options: Options) throws {
        try self.init(specs, winogradAllowed: options.winogradAllowed, referenceOnly: options.referenceOnly)
    }

    /// The layer that starts at spec `i`, with whatever follows it fused in.
    private static func step(_ specs: [LayerSpec], at i: Int, input shape: Shape, winogradAllowed: Bool,
                             referenceOnly: Bool) throws -> Step {
        let name = "layers.\(i)"
        let reluFollows = i + 1 < specs.count && specs[i + 1] == .relu
        func param(_ suffix: String, _ dims: [Int], trainable: Bool = true) -> ParameterSpec {
            ParameterSpec(name: "\(name).\(suffix)", shape: dims, trainable: trainable)
        }
        switch specs[i] {
        case let .conv2d(filters, kernel, padding):
            guard shape.h >= kernel || padding == .same, shape.w >= kernel || padding == .same else {
                throw ModelError.badArchitecture("layer \(i): a \(kernel)×\(kernel) convolution does not fit \(shape)")
            }
            let g = ConvGeometry(input: shape, filters: filters, kernel: kernel, padding: padding)
            let poolFollows = reluFollows && i + 2 < specs.count && specs[i + 2] == .maxPool2d(size: 2)
            let kind = referenceOnly ? .im2col
                : ConvAlgorithmKind.choose(g, relu: reluFollows, poolFollows: poolFollows, winogradAllowed: winogradAllowed)
            return Step(index: i, specs: kind.pooled ? 3 : reluFollows ? 2 : 1, operation: .conv(g, kind), input: shape,
                        output: kind.outputShape(g), relu: reluFollows,
                        parameters: [param("weight", [kernel, kernel, shape.c, filters]), param("bias", [filters])])
        case let .dense(units):
            return Step(index: i, specs: reluFollows ? 2 : 1, operation: .dense(units: units), input: shape,
                        output: Shape(1, 1, units), relu: reluFollows,
                        parameters: [param("weight", [shape.count, units]), param("bias", [units])])
        case .batchNorm:
            return Step(index: i, specs: reluFollows ? 2 : 1, operation: .batchNorm, input: shape, output: shape,
                        relu: reluFollows,
                        parameters: [param("gamma", [shape.c]), param("beta", [shape.c]),
                                     param("running_mean", [shape.c], trainable: false),
                                     param("running_var", [shape.c], trainable: false)])
        case let .maxPool2d(size):
            guard shape.h >= size, shape.w >= size else {
                throw ModelError.badArchitecture("layer \(i): max pooling \(size) does not fit \(shape)")
            }
            return Step(index: i, specs: 1, operation: .maxPool(size: size), input: shape,
                        output: Shape(shape.h / size, shape.w / size, shape.c), relu: false, parameters: [])
        case let .dropout(rate):
            guard rate >= 0, rate < 1 else { throw ModelError.badArchitecture("layer \(i): dropout rate \(rate) is not in [0, 1)") }
            return Step(index: i, specs: 1, operation: .dropout(rate: rate), input: shape, output: shape, relu: false, parameters: [])
        case .flatten:
            return Step(index: i, specs: 1, operation: .flatten, input: shape, output: Shape(1, 1, shape.count), relu: false,
                        parameters: [])
        case .relu:
            return Step(index: i, specs: 1, operation: .relu, input: shape, output: shape, relu: false, parameters: [])
        }
    }
}
