import Support

/// One entry of an architecture. The architecture is data: this list is written
/// into every model file, and loading rebuilds the network from it.
public enum LayerSpec: Equatable, Sendable {
    public enum Padding: String, Sendable { case valid, same }
    case conv2d(filters: Int, kernel: Int, padding: Padding)
    case maxPool2d(size: Int)
    case dense(units: Int)
    case relu
    case dropout(rate: Float)
    case flatten
    case batchNorm

    /// Compact JSON object, e.g. {"type":"conv2d","filters":32,"kernel":3,"padding":"valid"}.
    public var json: String { jsonValue.text }

    var jsonValue: JSON {
        switch self {
        case let .conv2d(f, k, p):
            return .object([("type", .string("conv2d")), ("filters", .int(f)), ("kernel", .int(k)), ("padding", .string(p.rawValue))])
        case let .maxPool2d(s): return .object([("type", .string("maxpool2d")), ("size", .int(s))])
        case let .dense(u): return .object([("type", .string("dense")), ("units", .int(u))])
        case .relu: return .object([("type", .string("relu"))])
        case let .dropout(r): return .object([("type", .string("dropout")), ("rate", .shortest(r))])
        case .flatten: return .object([("type", .string("flatten"))])
        case .batchNorm: return .object([("type", .string("batchnorm"))])
        }
    }

    public static func json(_ layers: [LayerSpec]) -> String { JSON.array(layers.map(\.jsonValue)).text }

    /// Parses one layer from a decoded JSON object; nil when the entry is not a layer we know.
    public init?(object: JSON) {
        func int(_ key: String) -> Int? {
            guard let v = object[key]?.intValue, abs(v) < 1_000_000_000 else { return nil }
            return v
        }
        switch object["type"]?.stringValue {
        case "conv2d":
            guard let f = int("filters"), let k = int("kernel"), (1...1024).contains(f), k == 3 || k == 5 || k == 1,
                  let p = object["padding"]?.stringValue.flatMap(Padding.init(rawValue:)) else { return nil }
            self = .conv2d(filters: f, kernel: k, padding: p)
        case "maxpool2d":
            guard let s = int("size"), (2...4).contains(s) else { return nil }
            self = .maxPool2d(size: s)
        case "dense":
            guard let u = int("units"), (1...65536).contains(u) else { return nil }
            self = .dense(units: u)
        case "relu": self = .relu
        case "flatten": self = .flatten
        case "batchnorm": self = .batchNorm
        case "dropout":
            guard let r = object["rate"]?.doubleValue, r >= 0, r < 1 else { return nil }
            self = .dropout(rate: Float(r))
        default: return nil
        }
    }
}

/// The shape of one sample between layers: H×W×C (a flat vector is 1×1×C).
public struct Shape: Equatable, Sendable, CustomStringConvertible {
    public var h: Int, w: Int, c: Int
    public init(_ h: Int, _ w: Int, _ c: Int) { self.h = h; self.w = w; self.c = c }
    public var count: Int { h * w * c }
    public var description: String { h == 1 && w == 1 ? "\(c)" : "\(h)×\(w)×\(c)" }
}

/// Named architectures offered by `--arch`.
public enum Preset: String, CaseIterable, Sendable {
    /// 784-128-128-10, the small fast model of the original v2.0.
    case mlp
    /// The classic PyTorch/Keras MNIST example network (1.2 M parameters).
    case cnn
    /// conv32-pool-conv64-pool-dropout-dense10 (35 k parameters): Keras's "simple convnet".
    case small
    /// The shipped model's recipe: two blocks of two 3×3 convolutions with batch normalisation.
    case deep
    /// LeNet-style 5×5 convolutions (47 k parameters): the quickest way to 99 % here — two epochs
    /// with the defaults (`make bench`, time to 99 %). Pooling right after each convolution
    /// keeps the activations small, and moving activations is what costs time in this engine.
    case fast
    /// 99 % in one epoch in about 2 s on two cores: 3×3 convolutions (the first direct, the
    /// second Winograd with ReLU and pooling fused in), one epoch, a triangle schedule (a short
    /// warm-up to a high peak, then straight down) and Adam with short memories (β 0.8, 0.95) — see `recipe`.
    case sprint

    /// Adam's peak learning rate for a 128-image batch with the cosine schedule, tuned per preset.
    public var defaultLearningRate: Float {
        switch self {
        case .mlp: return 0.003
        case .cnn: return 0.002
        case .small, .deep: return 0.003
        case .fast: return 0.01
        case .sprint: return 0.008
        }
    }

    /// The training defaults that go with the architecture: `sprint` is a one-epoch recipe
    /// (tuned with `make bench` over five seeds); every other preset trains 3 epochs with a
    /// cosine schedule and Adam's usual β.
    public var recipe: (epochs: Int, schedule: Schedule, betas: AdamBetas) {
        switch self {
        case .sprint: return (1, .triangle, AdamBetas(0.8, 0.95))
        case .mlp, .cnn, .small, .deep, .fast: return (3, .cosine, AdamBetas())
        }
    }

    public var layers: [LayerSpec] {
        switch self {
        case .mlp:
            return [.flatten, .dense(units: 128), .relu, .dense(units: 128), .relu, .dense(units: 10)]
        case .cnn:
            return [.conv2d(filters: 32, kernel: 3, padding: .valid), .relu,
                    .conv2d(filters: 64, kernel: 3, padding: .valid), .relu,
                    .maxPool2d(size: 2), .dropout(rate: 0.25), .flatten,
                    .dense(units: 128), .relu, .dropout(rate: 0.5), .dense(units: 10)]
        case .small:
            return [.conv2d(filters: 32, kernel: 3, padding: .valid), .relu, .maxPool2d(size: 2),
                    .conv2d(filters: 64, kernel: 3, padding: .valid), .relu, .maxPool2d(size: 2),
                    .flatten, .dropout(rate: 0.5), .dense(units: 10)]
        case .deep:
            return [.conv2d(filters: 32, kernel: 3, padding: .same), .batchNorm, .relu,
                    .conv2d(filters: 32, kernel: 3, padding: .same), .batchNorm, .relu,
                    .maxPool2d(size: 2), .dropout(rate: 0.1),
                    .conv2d(filters: 64, kernel: 3, padding: .same), .batchNorm, .relu,
                    .conv2d(filters: 64, kernel: 3, padding: .same), .batchNorm, .relu,
                    .maxPool2d(size: 2), .dropout(rate: 0.2), .flatten,
                    .dense(units: 128), .batchNorm, .relu, .dropout(rate: 0.3), .dense(units: 10)]
        case .fast:
            return [.conv2d(filters: 16, kernel: 5, padding: .valid), .relu, .maxPool2d(size: 2),
                    .conv2d(filters: 32, kernel: 5, padding: .valid), .relu, .maxPool2d(size: 2),
                    .flatten, .dense(units: 64), .relu, .dense(units: 10)]
        case .sprint:
            return [.conv2d(filters: 32, kernel: 3, padding: .valid), .relu, .maxPool2d(size: 2),
                    .conv2d(filters: 48, kernel: 3, padding: .valid), .relu, .maxPool2d(size: 2),
                    .flatten, .dense(units: 128), .relu, .dense(units: 10)]
        }
    }
}
