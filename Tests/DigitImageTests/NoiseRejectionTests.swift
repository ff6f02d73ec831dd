import DigitModel
import Testing
@testable import DigitImage

/// Issue 14, item 10: ink that does not form strokes (noise, texture, blank paper) is "no digit
/// found", not a confident number; and item 15: more than 40 digits says so.
@Suite struct NoiseRejectionTests {
    static func image(_ w: Int, _ h: Int, seed: UInt64 = 1, _ pixel: (Int, Int, inout SplitMix64) -> Int) -> ByteImage {
        var rng = SplitMix64(seed: seed)
        var px = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { px[y * w + x] = UInt8(max(0, min(255, pixel(x, y, &rng)))) } }
        return ByteImage(width: w, height: h, pixels: px)
    }

    /// Roughly normal noise (sum of uniforms), standard deviation `sd`.
    /// Ink coverage (0…1) of a rendered glyph (dark on white) placed with its corner at
    /// (ox, oy), at pixel (x, y); 0 outside it.
    static func ink(of glyph: ByteImage, at ox: Int, _ oy: Int, x: Int, y: Int) -> Double {
        let gx = x - ox, gy = y - oy
        guard gx >= 0, gy >= 0, gx < glyph.width, gy < glyph.height else { return 0 }
        return Double(255 - Int(glyph.pixels[gy * glyph.width + gx])) / 225
    }

    static func gauss(_ rng: inout SplitMix64, _ sd: Double) -> Int {
        var s = 0.0
        for _ in 0..<6 { s += Double(rng.next() % 10_000) / 10_000 }
        return Int(((s - 3) * sd * 1.41).rounded())
    }

    static let sizes = [28, 45, 64, 100, 200, 500, 1000]

    @Test(arguments: sizes) func uniformNoiseHasNoDigit(side: Int) {
        for seed: UInt64 in 1...3 {
            let img = Self.image(side, side * 3 / 4 + 1, seed: seed) { _, _, r in Int(r.next() % 256) }
            let s = DigitExtraction.extract(img)
            #expect(s.digits.count == 0, "uniform noise \(side) px, seed \(seed): boxes \(s.digits.map(\.box))")
        }
    }

    @Test(arguments: [0.05, 0.3, 0.5, 0.7]) func saltAndPepperHasNoDigit(density: Double) {
        for side in Self.sizes {
            let img = Self.image(side, side) { _, _, r in Double(r.next() % 1000) / 1000 < density ? 0 : 255 }
            #expect(DigitExtraction.extract(img).digits.count == 0, "salt and pepper \(density) at \(side) px")
        }
    }

    /// Noise that runs one way (scanner streaks, shake on paper grain): strong along one
    /// direction as a hairline is, so the hairline rule (StrokeCheck's best-direction
    /// correlation) must not take it for strokes.
    @Test(arguments: [64, 150, 190]) func streakNoiseHasNoDigit(side: Int) {
        for seed: UInt64 in 1...3 {
            let noise = Self.image(side + 8, side, seed: seed) { _, _, r in Int(r.next() % 256) }
            let streaks = Self.image(side, side) { x, y, _ in
                (0..<9).reduce(0) { $0 + Int(noise.pixels[y * (side + 8) + x + $1]) } / 9
            }
            let vertical = Self.image(side, side) { x, y, _ in Int(streaks.pixels[x * side + y]) }
            for (name, img) in [("horizontal", streaks), ("vertical", vertical)] {
                let s = DigitExtraction.extract(img)
                #expect(s.digits.count == 0, "\(name) streaks \(side) px, seed \(seed): boxes \(s.digits.map(\.box))")
            }
        }
    }

    @Test func texturesHaveNoDigit() {
        let textures: [(String, ByteImage)] = [
            ("checkerboard 8 px", Self.image(300, 300) { x, y, _ in (x / 8 + y / 8) % 2 == 0 ? 0 : 255 }),
            ("checkerboard 4 px", Self.image(200, 200) { x, y, _ in (x / 4 + y / 4) % 2 == 0 ? 0 : 255 }),
            ("grid of thin lines", Self.image(400, 300) { x, y, _ in x % 12 < 2 || y % 12 < 2 ? 20 : 240 }),
            // Cells of 2×2: under the least hole (`StrokeCheck.minHoleArea`, 9 px since a 1 px
            // pen's gaps along its stroke were taken for cells; review 35).
            ("mesh of 1 px lines at 3 px", Self.image(300, 300) { x, y, _ in x % 3 == 0 || y % 3 == 0 ? 0 : 255 }),
            ("dots", Self.image(300, 300) { x, y, _ in x % 10 < 3 && y % 10 < 3 ? 0 : 255 }),
            ("fabric (noisy checker)", Self.image(256, 256) { x, y, r in ((x / 6 + y / 6) % 2 == 0 ? 90 : 170) + Self.gauss(&r, 30) }),
        ]
        for (name, img) in textures {
            let s = DigitExtraction.extract(img)
            #expect(s.digits.count == 0, "\(name): boxes \(s.digits.map(\.box))")
        }
    }

    /// Photos of blank paper: uneven light (gradient, vignette) and sensor grain.
    @Test(arguments: [100, 300, 1000]) func blankPaperHasNoDigit(side: Int) {
        let s = Double(side)
        let papers: [(String, ByteImage)] = [
            ("gradient", Self.image(side, side) { x, y, r in 200 + Int(40 * Double(x) / s - 20 * Double(y) / s) + Self.gauss(&r, 4) }),
            ("vignette", Self.image(side, side) { x, y, r in
                let dx = Double(x) - s / 2, dy = Double(y) - s / 2
                return 230 - Int(60 * (dx * dx + dy * dy) / (s * s / 2)) + Self.gauss(&r, 6)
            }),
            ("grain", Self.image(side, side) { _, _, r in 180 + Self.gauss(&r, 25) }),
        ]
        for (name, img) in papers {
            #expect(DigitExtraction.extract(img).digits.count == 0, "\(name) \(side) px")
        }
    }

    /// `count` upright bars ("1"s) on white, 4 px wide, 40 px tall, 20 px apart.
    static func bars(_ count: Int) -> ByteImage {
        image(count * 24 + 20, 60) { x, y, _ in x >= 10 && x < 10 + count * 24 && (x - 10) % 24 < 4 && y >= 10 && y < 50 ? 0 : 255 }
    }

    // The check leaves real strokes alone: a row of bars is still read as that many digits.
    @Test func strokesStillCount() {
        let s = DigitExtraction.extract(Self.bars(5))
        #expect(s.digits.count == 5, "boxes \(s.digits.map(\.box))")
        #expect(s.tooManyDigits == nil)
    }

    // Item 15: 40 digits are read; 41 give "too many digits (41, the limit is 40)".
    @Test func moreThanFortyDigitsSaysSo() {
        #expect(DigitExtraction.extract(Self.bars(40)).digits.count == 40)
        let over = DigitExtraction.extract(Self.bars(41))
        #expect(over.digits.count == 0)
        #expect(over.tooManyDigits == 41)
        #expect(ImageError.tooManyDigits(file: "x.png", count: 41, limit: Segment.maxDigits).description
                == "x.png: too many digits (41, the limit is 40)")
    }

    // Item 18: file names in image errors are escaped.
    @Test func imageErrorsEscapeFileNames() {
        #expect(ImageError.noDigit(file: "a\nb.png").description == "a\\u{A}b.png: no digit found")
    }
}
