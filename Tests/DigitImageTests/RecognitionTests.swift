import DigitModel
import Foundation
import MNIST
import DigitApp
import Testing
import TestSupport
@testable import DigitImage

@Suite struct RecognitionTests {
    static func recognizer() throws -> Recognizer {
        Recognizer(network: try ModelFile.load(try Requirement.shippedModel.path(), threads: 2).network)
    }

    @Test(.requires(.mnist, .shippedModel)) func shippedModelReaches99_6PercentOnMNISTTest() throws {
        let (test, _) = try MNIST.load(.test, from: try Requirement.mnist.path())
        let r = try Self.recognizer()
        let (_, metrics) = Trainer.evaluate(r.network, on: try #require(LabelledImages(images: test.images, labels: test.labels)))
        print("shipped default model: MNIST test accuracy \(metrics.accuracy)")
        #expect(metrics.accuracy >= 0.996)
    }

    @Test(.requires(.shippedModel)) func readsTheSampleFolder() throws {
        let r = try Self.recognizer()
        let dir = Env.samples
        let files = Env.files(in: dir)
        #expect(files.count >= 20)
        var right = 0
        for f in files {
            let truth = String(f.prefix { $0.isNumber })
            let got = try r.recognize(file: dir + "/" + f).prediction
            if got == truth { right += 1 } else { print("digits/\(f): read \(got), expected \(truth)") }
        }
        print("digits/: \(right)/\(files.count) read correctly")
        #expect(Double(right) / Double(files.count) >= 0.98)
    }

    /// Numbers of 2–6 MNIST test digits with gaps of a few pixels, upscaled up to 6×, either polarity.
    @Test(.requires(.mnist, .shippedModel)) func multiDigitNumbersFromMNIST() throws {
        let (test, _) = try MNIST.load(.test, from: try Requirement.mnist.path())
        let r = try Self.recognizer()
        var rng = SplitMix64(seed: 2026)
        var exact = 0
        let trials = 200
        for _ in 0..<trials {
            let n = 2 + Int(rng.next() % 5)
            let picks = (0..<n).map { _ in Int(rng.next() % UInt64(test.count)) }
            let gap = 2 + Int(rng.next() % 4)
            let scale = 1 + Int(rng.next() % 6)
            let dark = rng.next() % 2 == 0
            let img = Self.compose(test, picks, gap: gap, scale: scale, darkInk: dark)
            let truth = picks.map { String(test.labels[$0]) }.joined()
            let got = r.recognize(image: img, name: "composed").prediction
            if got == truth { exact += 1 } else { print("multi-digit miss: \(truth) read as \(got) (gap \(gap), ×\(scale), \(dark ? "dark ink" : "light ink"))") }
        }
        print("multi-digit: \(exact)/\(trials) read exactly")
        #expect(Double(exact) / Double(trials) >= 0.95)
    }

    @Test(.requires(.shippedModel)) func blankAndNoise() throws {
        let r = try Self.recognizer()
        let blank = ByteImage(width: 200, height: 150, fill: 255)
        #expect(r.recognize(image: blank, name: "blank").digits.isEmpty, "no digit found in a blank image")
        var rng = SplitMix64(seed: 3)
        let noise = ByteImage(width: 120, height: 90, pixels: (0..<(120 * 90)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        let result = r.recognize(image: noise, name: "noise")
        #expect(result.digits.allSatisfy { $0.confidence < 0.99 }, "noise: \(result.digits.map(\.confidence))")
    }

    /// MNIST digits cropped to their ink, side by side with `gap` columns between, scaled up.
    static func compose(_ d: MNISTDataset, _ picks: [Int], gap: Int, scale: Int, darkInk: Bool) -> ByteImage {
        var crops: [(w: Int, px: [UInt8])] = []
        for i in picks {
            let img = Array(d.images[(i * 784)..<((i + 1) * 784)])
            var x0 = 28, x1 = -1
            for y in 0..<28 { for x in 0..<28 where img[y * 28 + x] > 30 { x0 = min(x0, x); x1 = max(x1, x) } }
            if x1 < x0 { x0 = 0; x1 = 27 }
            var px: [UInt8] = []
            for y in 0..<28 { px += img[(y * 28 + x0)...(y * 28 + x1)] }
            crops.append((x1 - x0 + 1, px))
        }
        let width = crops.reduce(0) { $0 + $1.w } + gap * (crops.count + 1) + 8
        var canvas = [UInt8](repeating: 0, count: width * 28)
        var x = gap + 4
        for c in crops {
            for y in 0..<28 { for xx in 0..<c.w { canvas[y * width + x + xx] = c.px[y * c.w + xx] } }
            x += c.w + gap
        }
        let W = width * scale, H = 28 * scale
        var out = [UInt8](repeating: 0, count: W * H)
        for y in 0..<H { for xx in 0..<W {
            let v = canvas[(y / scale) * width + xx / scale]
            out[y * W + xx] = darkInk ? 255 - v : v
        } }
        return ByteImage(width: W, height: H, pixels: out)
    }
}
