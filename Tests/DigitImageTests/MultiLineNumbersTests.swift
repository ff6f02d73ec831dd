import DigitApp
import DigitModel
import MNIST
import Testing
import TestSupport
@testable import DigitImage

/// Issue 15, item 4: numbers written on two lines are read line by line ("12" above "34" is
/// ["12", "34"], not "3142"), and one-line numbers stay one line.
@Suite struct MultiLineNumbersTests {
    /// Two composed MNIST numbers (2–4 digits each) one above the other, `gap` rows apart, the
    /// lower one shifted right by `shift` columns; the wider decides the canvas.
    static func stack(_ top: ByteImage, _ bottom: ByteImage, gap: Int, shift: Int, darkInk: Bool) -> ByteImage {
        let w = max(top.width, bottom.width + shift), h = top.height + gap + bottom.height
        var px = [UInt8](repeating: darkInk ? 255 : 0, count: w * h)
        for y in 0..<top.height { for x in 0..<top.width { px[y * w + x] = top.pixels[y * top.width + x] } }
        for y in 0..<bottom.height {
            for x in 0..<bottom.width { px[(y + top.height + gap) * w + x + shift] = bottom.pixels[y * bottom.width + x] }
        }
        return ByteImage(width: w, height: h, pixels: px)
    }

    @Test(.requires(.mnist, .shippedModel)) func twoLineNumbersFromMNIST() throws {
        let (test, _) = try MNIST.load(.test, from: try Requirement.mnist.path())
        let r = try RecognitionTests.recognizer()
        var rng = SplitMix64(seed: 2026)
        var exact = 0
        let trials = 150
        for _ in 0..<trials {
            let scale = 1 + Int(rng.next() % 5)
            let dark = rng.next() % 2 == 0
            var parts: [(ByteImage, String)] = []
            for _ in 0..<2 {
                let picks = (0..<(2 + Int(rng.next() % 3))).map { _ in Int(rng.next() % UInt64(test.count)) }
                let img = RecognitionTests.compose(test, picks, gap: 2 + Int(rng.next() % 4), scale: scale, darkInk: dark)
                parts.append((img, picks.map { String(test.labels[$0]) }.joined()))
            }
            // Line spacing of a quarter to a whole digit height, as people write.
            let gap = scale * (7 + Int(rng.next() % 22))
            let img = Self.stack(parts[0].0, parts[1].0, gap: gap, shift: scale * Int(rng.next() % 20), darkInk: dark)
            let got = r.recognize(image: img, name: "two lines").lines
            if got == [parts[0].1, parts[1].1] { exact += 1 } else { print("two-line miss: \(parts[0].1)/\(parts[1].1) read as \(got) (×\(scale), gap \(gap))") }
        }
        print("two-line numbers: \(exact)/\(trials) read exactly")
        #expect(Double(exact) / Double(trials) >= 0.95)
    }

    @Test(.requires(.shippedModel)) func oneLineNumberIsOneLine() throws {
        let r = try RecognitionTests.recognizer()
        let result = try r.recognize(file: Env.samples + "/" + #require(Env.files(in: Env.samples).first { $0.hasPrefix("42") }))
        #expect(result.lines == ["42"])
    }
}
