import Support

/// A network as an ONNX model (opset 13): the input is 1×1×28×28 pixels in 0…1 (ink bright,
/// as MNIST), the input normalisation is the graph's first two nodes (Sub, Mul), then
/// Conv/BatchNormalization/Relu/MaxPool/Gemm as the architecture says (dropout is the identity
/// at inference and left out), and Softmax at the end: the output is the ten probabilities
/// (a model of fewer classes masks the unused outputs to 0). The model's metadata_props hold
/// its class names (`classes`, a JSON list) and `input_style`, as its model file does.
/// digitrec keeps activations as NHWC; ONNX convolves NCHW, so weights are transposed
/// (HWIO → OIHW) and the 4-D map is transposed back to NHWC before it is flattened, so dense
/// weights keep digitrec's order.
public enum ONNXExport {
    public static let opset = 13

    public static func encode(_ network: Network, producerVersion: String = "2.0") throws -> [UInt8] {
        var graph = GraphBuilder(tensors: Dictionary(uniqueKeysWithValues: network.tensors.map { ($0.name, ($0.shape, $0.values)) }))
        var x = "pixels"
        x = graph.node("Sub", [x, graph.constant("mean", [network.mean])])
        x = graph.node("Mul", [x, graph.constant("inverse_std", [1 / network.std])])
        var shape = Shape(28, 28, 1)
        var flat = false  // whether the value is already (N, features)
        for (i, spec) in network.specs.enumerated() {
            switch spec {
            case let .conv2d(filters, kernel, padding):
                let w = try graph.convWeight("layers.\(i).weight", kernel: kernel, inputs: shape.c, filters: filters)
                let pad = padding == .same ? (kernel - 1) / 2 : 0
                x = graph.node("Conv", [x, w, "layers.\(i).bias"], ints: [("kernel_shape", [kernel, kernel]), ("pads", [pad, pad, pad, pad])])
                shape = padding == .same ? Shape(shape.h, shape.w, filters) : Shape(shape.h - kernel + 1, shape.w - kernel + 1, filters)
            case .batchNorm:
                x = graph.node("BatchNormalization", [x] + ["gamma", "beta", "running_mean", "running_var"].map { "layers.\(i).\($0)" },
                               floats: [("epsilon", BatchNorm.epsilon)])
            case .relu:
                x = graph.node("Relu", [x])
            case let .maxPool2d(size):
                x = graph.node("MaxPool", [x], ints: [("kernel_shape", [size, size]), ("strides", [size, size])])
                shape = Shape(shape.h / size, shape.w / size, shape.c)
            case .dropout:
                continue
            case .flatten, .dense:
                if !flat {
                    // NCHW → NHWC, then (N, H·W·C): digitrec's order of the features.
                    x = graph.node("Transpose", [x], ints: [("perm", [0, 2, 3, 1])])
                    x = graph.node("Flatten", [x], ints: [("axis", [1])])
                    flat = true
                }
                if case let .dense(units) = spec {
                    x = graph.node("Gemm", [x, "layers.\(i).weight", "layers.\(i).bias"])
                    shape = Shape(1, 1, units)
                }
            }
        }
        let active = max(1, min(Network.classes, network.classNames.count))
        if active < Network.classes {
            // A model of fewer than ten classes leaves the other outputs unused and digitrec gives
            // them probability 0: the graph does too, by a mask that sinks their logits.
            let mask = (0..<Network.classes).map { $0 < active ? Float(0) : -Float.greatestFiniteMagnitude }
            x = graph.node("Add", [x, graph.constant("unused_class_mask", mask)])
        }
        x = graph.node("Softmax", [x], ints: [("axis", [1])], output: "probabilities")
        graph.metadata = ModelClasses.metadata(for: network).sorted { $0.key < $1.key }
        return graph.model(input: "pixels", output: x, producerVersion: producerVersion).bytes
    }
}

/// The nodes and initializers of one ONNX graph, as protobuf messages (field numbers from onnx.proto).
struct GraphBuilder {
    let tensors: [String: (shape: [Int], values: [Float])]
    var nodes: [ProtobufMessage] = []
    var initializers: [ProtobufMessage] = []
    var used = Set<String>()
    /// The model's metadata_props (class names, input style), as the model file has them.
    var metadata: [(key: String, value: String)] = []
    var counter = 0

    init(tensors: [String: (shape: [Int], values: [Float])]) { self.tensors = tensors }

    /// Adds a node; returns its output's name. Parameters named in `inputs` become initializers.
    mutating func node(_ op: String, _ inputs: [String], ints: [(String, [Int])] = [], floats: [(String, Float)] = [],
                       output: String? = nil) -> String {
        counter += 1
        let out = output ?? "\(op.lowercased())_\(counter)"
        var n = ProtobufMessage()
        for name in inputs {
            n.string(1, name)
            if let t = tensors[name], !used.contains(name) { used.insert(name); initializers.append(Self.tensor(name, t.shape, t.values)) }
        }
        n.string(2, out)
        n.string(3, "\(op)_\(counter)")
        n.string(4, op)
        for (name, values) in ints {
            var a = ProtobufMessage()
            a.string(1, name)
            a.int(20, values.count == 1 && ["axis"].contains(name) ? 2 : 7)  // INT or INTS
            if values.count == 1 && name == "axis" { a.int(3, values[0]) } else { for v in values { a.int(8, v) } }
            n.message(5, a)
        }
        for (name, value) in floats {
            var a = ProtobufMessage()
            a.string(1, name)
            a.int(20, 1)  // FLOAT
            a.float(2, value)
            n.message(5, a)
        }
        nodes.append(n)
        return out
    }

    /// A one-dimensional constant as an initializer.
    mutating func constant(_ name: String, _ values: [Float]) -> String {
        initializers.append(Self.tensor(name, [values.count], values))
        return name
    }

    /// A convolution's weights transposed from digitrec's HWIO to ONNX's OIHW.
    mutating func convWeight(_ name: String, kernel k: Int, inputs c: Int, filters f: Int) throws -> String {
        guard let t = tensors[name], t.values.count == k * k * c * f else {
            throw ModelError.badArchitecture("\(name) is missing or has the wrong size")
        }
        var oihw = [Float](repeating: 0, count: t.values.count)
        for y in 0..<k { for x in 0..<k { for i in 0..<c { for o in 0..<f {
            oihw[((o * c + i) * k + y) * k + x] = t.values[((y * k + x) * c + i) * f + o]
        } } } }
        let onnxName = name + ".oihw"
        initializers.append(Self.tensor(onnxName, [f, c, k, k], oihw))
        return onnxName
    }

    static func tensor(_ name: String, _ dims: [Int], _ values: [Float]) -> ProtobufMessage {
        var t = ProtobufMessage()
        for d in dims { t.int(1, d) }
        t.int(2, 1)  // FLOAT
        t.string(8, name)
        var raw = [UInt8]()
        raw.reserveCapacity(values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { raw += $0 } }
        t.bytes(9, raw)
        return t
    }

    /// ModelProto { ir_version 7, producer, graph, opset_import { "" 13 } }.
    func model(input: String, output: String, producerVersion: String) -> ProtobufMessage {
        var g = ProtobufMessage()
        for n in nodes { g.message(1, n) }
        g.string(2, "digitrec")
        for t in initializers { g.message(5, t) }
        g.message(11, Self.valueInfo(input, dims: [nil, 1, 28, 28]))
        g.message(12, Self.valueInfo(output, dims: [nil, 10]))
        var m = ProtobufMessage()
        m.int(1, 7)
        m.string(2, "digitrec")
        m.string(3, producerVersion)
        m.message(7, g)
        var opset = ProtobufMessage()
        opset.string(1, "")
        opset.int(2, ONNXExport.opset)
        m.message(8, opset)
        for (key, value) in metadata {
            var entry = ProtobufMessage()  // StringStringEntryProto { key, value }
            entry.string(1, key)
            entry.string(2, value)
            m.message(14, entry)
        }
        return m
    }

    /// A float tensor's name and shape; a nil dimension is the batch ("N").
    static func valueInfo(_ name: String, dims: [Int?]) -> ProtobufMessage {
        var shape = ProtobufMessage()
        for d in dims {
            var dim = ProtobufMessage()
            if let d { dim.int(1, d) } else { dim.string(2, "N") }
            shape.message(1, dim)
        }
        var tensorType = ProtobufMessage()
        tensorType.int(1, 1)  // FLOAT
        tensorType.message(2, shape)
        var type = ProtobufMessage()
        type.message(1, tensorType)
        var info = ProtobufMessage()
        info.string(1, name)
        info.message(2, type)
        return info
    }
}
