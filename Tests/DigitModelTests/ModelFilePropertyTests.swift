import Foundation
import Testing
@testable import DigitModel

/// Random small architectures and random model files (seeded): each is either loaded or refused
/// with a ModelError — never a trap (which would end this process) — with bounded peak memory.
@Suite(.serialized) struct ModelFilePropertyTests {
    typealias F = ModelFileFixtures

    static func randomLayer(_ rng: inout SplitMix64) -> LayerSpec {
        switch rng.next() % 8 {
        case 0, 1:
            return .conv2d(filters: Int(1 + rng.next() % 24), kernel: [1, 3, 5][Int(rng.next() % 3)],
                           padding: rng.next() % 2 == 0 ? .same : .valid)
        case 2: return .maxPool2d(size: Int(2 + rng.next() % 3))
        case 3: return .dense(units: Int(1 + rng.next() % 48))
        case 4: return .relu
        case 5: return .dropout(rate: Float(rng.next() % 90) / 100)
        case 6: return .batchNorm
        default: return .flatten
        }
    }

    /// One to eight random layers, usually ending in the ten class scores.
    static func randomArchitecture(_ rng: inout SplitMix64) -> [LayerSpec] {
        var layers = (0..<Int(1 + rng.next() % 8)).map { _ in randomLayer(&rng) }
        if rng.next() % 4 != 0 { layers += [.flatten, .dense(units: 10)] }
        if rng.next() % 3 == 0 { layers.insert(.relu, at: Int(rng.next() % UInt64(layers.count))) }
        return layers
    }

    /// A file for a random architecture: a saved network (damaged or not), or a hand-made one
    /// whose data is random in size and content.
    static func randomFile(_ rng: inout SplitMix64) -> (bytes: [UInt8], verify: Bool) {
        let layers = randomArchitecture(&rng)
        var bytes: [UInt8]
        if rng.next() % 2 == 0, let net = try? Network(layers: layers, seed: rng.next(), threads: 1) {
            if rng.next() % 3 == 0 {
                let scale = [Float(1e20), -3e38, 1e-30][Int(rng.next() % 3)]
                for p in net.params { for i in 0..<p.count { p.value.pointer[i] *= scale } }
            }
            bytes = ModelFile.encode(net, metadata: ["normalization": randomNormalization(&rng)])
        } else {
            let declared = F.declaredTensors(layers).reduce(0) { $0 + $1.shape.reduce(4, *) }
            // (An architecture that does not fit declares negative sizes.)
            let size = rng.next() % 2 == 0 ? max(0, min(declared, 1 << 20)) : Int(rng.next() % 4096)
            bytes = F.file(layers: layers, data: (0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) },
                           normalization: randomNormalization(&rng))
        }
        switch rng.next() % 4 {
        case 0: bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1))))
        case 1:
            for _ in 0..<(1 + rng.next() % 8) where !bytes.isEmpty {
                bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: 1 + rng.next() % 255)
            }
        default: break
        }
        return (bytes, rng.next() % 2 == 0)
    }

    static func randomNormalization(_ rng: inout SplitMix64) -> String {
        let numbers = ["0.1307", "0.3081", "0", "1e-50", "1e300", "-1", "1e-40", "2", "1e30"]
        return #"{"mean":\#(numbers[Int(rng.next() % 9)]),"std":\#(numbers[Int(rng.next() % 9)])}"#
    }

    @Test func randomFilesLoadOrAreRefused() {
        let seed = SplitMix64(seed: 20261201)
        var loaded = 0, refused = 0
        let growth = F.peakGrowth {
            (loaded, refused) = (0, 0)
            var rng = seed
            for _ in 0..<200 {
                let (bytes, verify) = Self.randomFile(&rng)
                do {
                    let model = try ModelFile.decode(bytes, file: "random.safetensors", threads: 2, verifyChecksum: verify)
                    let p = model.network.probabilities(pixels: [Float](repeating: 0.3, count: 784))
                    #expect(p.allSatisfy { $0.isFinite })
                    loaded += 1
                } catch is ModelError {
                    refused += 1
                } catch {
                    Issue.record("not a ModelError: \(error)")
                }
            }
        }
        #expect(loaded + refused == 200)
        #expect(loaded >= 10 && refused >= 10, "both outcomes exercised: \(loaded) loaded, \(refused) refused")
        #expect(growth < 256 << 20, "peak memory grew by \(growth >> 20) MB")
    }
}
