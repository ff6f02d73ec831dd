import Testing
@testable import DigitModel

/// The distortions of `--augment` and `--augment-extra`: reproducible, in range, the right size,
/// and doing what they say (the elastic field bends, the fading breaks a stroke).
@Suite struct AugmentationTests {
    /// A 28×28 image with a ring (a 0) of ink: something to distort.
    static let ring: [UInt8] = (0..<784).map { i in
        let dx = Float(i % 28) - 13.5, dy = Float(i / 28) - 13.5
        let r = (dx * dx / 36 + dy * dy / 81).squareRoot()
        return abs(r - 1) < 0.25 ? 255 : 0
    }

    /// The distorted image, written into a buffer with NaN sentinels after the 784 pixels.
    static func distort(_ aug: Augmentation, seed: UInt64, rng: inout SplitMix64) -> (image: [Float], tailUntouched: Bool) {
        var out = [Float](repeating: .nan, count: 784 + 16)
        ring.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                // Both buffers are non-empty by construction.
                aug.apply(src.baseAddress!, into: dst.baseAddress!, rng: &rng)
            }
        }
        return (Array(out[0..<784]), out[784...].allSatisfy(\.isNaN))
    }

    static func distort(_ aug: Augmentation, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return distort(aug, seed: seed, rng: &rng).image
    }

    static let wide = Augmentation(extras: Set(Augmentation.Extra.allCases))

    @Test func sameSeedSameImageOtherSeedOtherImage() {
        for aug in [Augmentation(), Self.wide] {
            #expect(Self.distort(aug, seed: 3) == Self.distort(aug, seed: 3))
            #expect(Self.distort(aug, seed: 3) != Self.distort(aug, seed: 4))
        }
    }

    @Test(arguments: 0..<50)
    func outputIsFiniteInRangeAndExactly784Pixels(seed: Int) {
        var aug = Self.wide
        aug.fade = 1
        var rng = SplitMix64(seed: UInt64(seed))
        let (image, tailUntouched) = Self.distort(aug, seed: UInt64(seed), rng: &rng)
        #expect(tailUntouched, "nothing written past the 28×28 image")
        #expect(image.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        #expect(image.reduce(0, +) > 20, "the digit is still there")
    }

    /// Plain `--augment` draws exactly as before the extras existed (7 numbers per image), so
    /// the shipped recipe's old command still trains the same model.
    @Test func plainAugmentationDrawsSevenNumbersAndNoMore() {
        #expect(Augmentation(extras: []) == Augmentation())
        var used = SplitMix64(seed: 9), fresh = SplitMix64(seed: 9)
        _ = Self.distort(Augmentation(), seed: 9, rng: &used)
        for _ in 0..<7 { _ = fresh.next() }
        #expect(used.next() == fresh.next())
    }

    @Test func extrasReachTheirStrengths() {
        #expect(Self.wide.elastic == 1.5 && Self.wide.fade == 0.3)
        #expect(Augmentation(extras: [.fade]).elastic == 0 && Augmentation(extras: [.elastic]).fade == 0)
    }

    /// With the same seed the affine part is the same, so the elastic image differs from the
    /// plain one only by the bending: a few pixels, not a different picture.
    @Test func elasticBendsButKeepsTheDigit() {
        let plain = Self.distort(Augmentation(), seed: 5), bent = Self.distort(Augmentation(extras: [.elastic]), seed: 5)
        #expect(plain != bent)
        let inkPlain = plain.reduce(0, +), inkBent = bent.reduce(0, +)
        #expect(abs(inkPlain - inkBent) < 0.25 * inkPlain)
    }

    @Test func elasticFieldStaysWithinItsAmplitudeAndVanishesAtZero() {
        var rng = SplitMix64(seed: 1)
        let field = ElasticField(amplitude: 2, rng: &rng)
        var moved = false
        for y in 0..<28 { for x in 0..<28 {
            let (dx, dy) = field.offset(x: x, y: y)
            #expect(abs(dx) <= 2 && abs(dy) <= 2)
            moved = moved || dx != 0 || dy != 0
        } }
        #expect(moved)
        let still = ElasticField(amplitude: 0, rng: &rng)
        #expect(still.offset(x: 13, y: 20) == (0, 0))
    }

    /// A horizontal bar 3 px tall: a gap across it leaves no ink in that column, half the ink a
    /// pixel beside, and the rest of the bar as it was.
    @Test func fadingBreaksAStrokeThereAndNowhereElse() {
        var bar = [Float](repeating: 0, count: 784)
        for y in 13...15 { for x in 4...23 { bar[y * 28 + x] = 1 } }
        bar.withUnsafeMutableBufferPointer { img in
            // The buffer holds 784 floats by construction.
            StrokeFading.attenuate(img.baseAddress!, from: (14, 12), to: (14, 16), keep: 0)
        }
        #expect((13...15).allSatisfy { bar[$0 * 28 + 14] == 0 }, "the stroke is broken at x = 14")
        #expect((13...15).allSatisfy { bar[$0 * 28 + 13] == 0.5 && bar[$0 * 28 + 15] == 0.5 })
        let untouched = (13...15).flatMap { y in (4...23).filter { abs($0 - 14) >= 2 }.map { bar[y * 28 + $0] } }
        #expect(untouched.allSatisfy { $0 == 1 }, "only the gap's 2 px radius loses ink")
    }

    @Test func randomFadingRemovesInkAndLeavesABlankImageAlone() {
        var bar = [Float](repeating: 0, count: 784)
        for y in 13...15 { for x in 4...23 { bar[y * 28 + x] = 1 } }
        var blank = [Float](repeating: 0, count: 784)
        var rng = SplitMix64(seed: 2)
        bar.withUnsafeMutableBufferPointer { StrokeFading.apply($0.baseAddress!, rng: &rng) }
        blank.withUnsafeMutableBufferPointer { StrokeFading.apply($0.baseAddress!, rng: &rng) }
        #expect(bar.reduce(0, +) < 60 - 3, "at least a few pixels' worth of ink removed")
        #expect(bar.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(blank.allSatisfy { $0 == 0 })
    }
}
