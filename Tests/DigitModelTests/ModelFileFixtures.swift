import Foundation
import Support
@testable import DigitModel

/// Model files made by hand — any architecture, any declared tensors, any data — with a valid
/// checksum, so a test reaches the checks behind it.
enum ModelFileFixtures {
    static let standardNormalization = #"{"mean":0.1307,"std":0.3081}"#

    /// The tensors `layers` declares, with offsets packed from zero (shapes computed here, not
    /// by the engine's plan, so architectures beyond the limits can be written too).
    static func declaredTensors(_ layers: [LayerSpec]) -> [(name: String, shape: [Int])] {
        var shape = (h: 28, w: 28, c: 1)
        var tensors: [(String, [Int])] = []
        for (i, spec) in layers.enumerated() {
            switch spec {
            case let .conv2d(f, k, p):
                tensors += [("layers.\(i).weight", [k, k, shape.c, f]), ("layers.\(i).bias", [f])]
                let pad = p == .same ? k / 2 : 0
                shape = (shape.h + 2 * pad - k + 1, shape.w + 2 * pad - k + 1, f)
            case let .dense(u):
                tensors += [("layers.\(i).weight", [shape.h * shape.w * shape.c, u]), ("layers.\(i).bias", [u])]
                shape = (1, 1, u)
            case .batchNorm:
                tensors += ["gamma", "beta", "running_mean", "running_var"].map { ("layers.\(i).\($0)", [shape.c]) }
            case let .maxPool2d(s): shape = (shape.h / s, shape.w / s, shape.c)
            case .flatten: shape = (1, 1, shape.h * shape.w * shape.c)
            case .relu, .dropout: break
            }
        }
        return tensors
    }

    /// A digitrec/1 file declaring `layers` (and its tensors) with `data` after the header.
    static func file(layers: [LayerSpec], data: [UInt8], normalization: String = standardNormalization,
                     tensors: [(name: String, shape: [Int])]? = nil) -> [UInt8] {
        let meta = ["format": ModelFile.format, "architecture": LayerSpec.json(layers), "normalization": normalization,
                    "checksum": String(repeating: "0", count: 64)]
        var offset = 0
        var entries: [String] = []
        for t in tensors ?? declaredTensors(layers) {
            let size = t.shape.reduce(4, *)
            entries.append(#"\#(JSON.quoted(t.name)):{"dtype":"F32","shape":[\#(t.shape.map(String.init).joined(separator: ","))],"data_offsets":[\#(offset),\#(offset + size)]}"#)
            offset += size
        }
        let metaJSON = meta.keys.sorted().map { "\(JSON.quoted($0)):\(JSON.quoted(meta[$0]!))" }.joined(separator: ",")
        var header = Array("{\"__metadata__\":{\(metaJSON)}\(entries.map { "," + $0 }.joined())}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        let digest = ModelFile.checksum(header: header, data: data[...])
        if let range = ModelFile.checksumValueRange(in: header) { header.replaceSubrange(range, with: Array(digest.utf8)) }
        return withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) } + header + data
    }

    /// A file of a built network with its metadata entries replaced by `metadata`.
    static func file(_ network: Network, metadata: [String: String] = [:]) -> [UInt8] {
        ModelFile.encode(network, metadata: metadata)
    }

    /// This process's peak resident memory (VmHWM) in bytes.
    static func peakResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb * 1024
    }

    /// Resets VmHWM to the current resident size (Linux's clear_refs); false where not allowed.
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    /// How much the peak resident memory grew while `body` ran: the least of three tries, the
    /// peak reset before each, since tests running beside this one in the same process can
    /// raise it too, while an allocation that `body` makes shows in every try.
    static func peakGrowth(_ body: () -> Void) -> Int {
        var least = Int.max
        for _ in 0..<3 {
            let reset = resetPeak()
            let before = peakResidentBytes()
            body()
            least = min(least, peakResidentBytes() - before)
            if !reset { break }   // a second try would start from the first one's peak
        }
        return least
    }

    static var peakIsMeasurable: Bool { peakResidentBytes() > 0 }

    /// Where the model fuzzer's committed seeds live.
    static let seedFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/seeds-model").path
}
