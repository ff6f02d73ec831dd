import Testing
@testable import DigitImage

/// Issue 15, faint rings: a pen that fades along its stroke to 8-28 levels under smooth paper
/// lost its faint arc to the threshold (twice the noise plus 8), and the ring reached the
/// network open. Under the threshold, a band as wide as the pen is kept (`FaintBands`); a thin
/// line as faint (a grid line's remnant) is not.
@Suite struct FaintBandTests {
    /// A 200×220 picture of smooth paper at 220 (grain ±1: a blurred photo) with a ring of
    /// radius 60 and a pen of about 14 px, 50 levels deep on the right, fading to `faintest`
    /// on the left; and, when `line`, a thin line (3 px) as faint as that, across the picture
    /// below the ring.
    static func fadingRing(faintest: Double, line: Bool = false, seed: UInt64) -> ByteImage {
        NoiseRejectionTests.image(200, 220, seed: seed) { x, y, r in
            let dx = Double(x) - 100, dy = Double(y) - 100
            let radius = (dx * dx + dy * dy).squareRoot()
            let d = abs(radius - 60)
            let ink = d < 7 ? 1 : max(0, 1 - (d - 7) / 3)
            // 1 on the right, 0 on the left.
            let side = radius > 0 ? (1 + dx / radius) / 2 : 0
            let depth = faintest + (50 - faintest) * side * side
            let thin = line && abs(y - 195) <= 1 ? faintest : 0
            return 220 - Int((max(depth * ink, thin)).rounded()) + NoiseRejectionTests.gauss(&r, 1)
        }
    }

    /// The 28×28 input's strongest ink in its left quarter: the ring's left side.
    static func leftInk(_ d: DigitSample) -> Float {
        var m: Float = 0
        for y in 0..<28 { for x in 0..<9 { m = max(m, d.final.pixels[y * 28 + x]) } }
        return m
    }

    /// 12 levels: over the usual threshold (8 on this paper) where the pen is faintest; 7:
    /// under it, within the band's 3 levels — the arc was lost without the band.
    @Test(arguments: [(12.0, 1), (12, 2), (12, 3), (7, 1), (7, 2), (7, 3)] as [(Double, UInt64)])
    func aRingFadingToTwelveLevelsStaysClosed(faintest: Double, seed: UInt64) {
        let found = DigitExtraction.extract(Self.fadingRing(faintest: faintest, seed: seed)).digits
        #expect(found.count == 1, "seed \(seed): boxes \(found.map(\.box))")
        guard let digit = found.first else { return }
        #expect(digit.box.width > 120, "seed \(seed): the whole ring, not its bright arc: \(digit.box)")
        #expect(Self.leftInk(digit) > 0.5, "seed \(seed): the faint side reaches the network: \(Self.leftInk(digit))")
    }

    /// The same faint level in a thin line is not a band: it stays out of the digit.
    @Test(arguments: [1, 2, 3] as [UInt64]) func aThinLineAsFaintStaysOut(seed: UInt64) {
        let found = DigitExtraction.extract(Self.fadingRing(faintest: 12, line: true, seed: seed)).digits
        #expect(found.count == 1, "seed \(seed): boxes \(found.map(\.box))")
        if let box = found.first?.box { #expect(box.y + box.height < 185, "seed \(seed): the line is no part of it: \(box)") }
    }

    /// A 6 on smooth paper at 220 (grain ±1): its loop 50 levels deep at the bottom, its
    /// ascender, rising from the loop's left side to the top, only `faint` levels deep from
    /// where it leaves the loop (a pen of about 14 px, softly edged).
    static func sixWithFaintAscender(faint: Double, seed: UInt64) -> ByteImage {
        FaintArcTests.sixWithFaintAscender(faint: faint, seed: seed, paper: 220, loopDepth: 50, halfPen: 7, grain: 1, rounded: true)
    }

    /// Issue 15 (dev photos: an 8 whose faint left half stood apart read 5, a 6 whose faint
    /// stem stood apart read 2): a band stops a block short of ink, where the usual threshold
    /// then cut the faint stroke, so the band was an island no digit owned and the box was the
    /// loop's alone. The band now reaches on to the ink (`bandReach`). 9 levels: under what
    /// the usual threshold keeps as faint ink (8 on this paper, plus 0.05 of the 42 levels to
    /// the ink's), over the band's 3 lower.
    @Test(arguments: [1, 2, 3] as [UInt64]) func aBandMeetingInkIsTheDigits(seed: UInt64) {
        let found = DigitExtraction.extract(Self.sixWithFaintAscender(faint: 9, seed: seed)).digits
        #expect(found.count == 1, "seed \(seed): boxes \(found.map(\.box))")
        if let box = found.first?.box { #expect(box.height > 150, "seed \(seed): the ascender too: \(box)") }
    }

    /// A band reaches on through filled blocks only, and at most `bandGrowth` of them: a band
    /// 5 × 5 with a filled line running from it reaches 3 blocks along the line, no further,
    /// and never into a region wider than a stroke.
    @Test func aBandReachesAFewFilledBlocks() {
        let w = 40, h = 30
        var filled = [Bool](repeating: false, count: w * h)
        for y in 2..<7 { for x in 2..<7 { filled[y * w + x] = true } }       // a band 5 × 5
        for x in 7..<20 { filled[4 * w + x] = true }                          // a line from it
        for y in 14..<30 { for x in 0..<w { filled[y * w + x] = true } }      // a region
        for y in 7..<14 { filled[y * w + 4] = true }                          // a line into it
        let none = [Bool](repeating: false, count: w * h)
        let band = Preprocess.bandBlocks(filled, inky: none, width: w, height: h)
        #expect(band[4 * w + 4] && !band[4 * w + 8])
        let reach = Preprocess.bandReach(band, filled: filled, width: w, height: h)
        #expect(reach[4 * w + 7] && reach[4 * w + 9] && !reach[4 * w + 10])
        #expect(!reach[4 * w + 4], "the band's own blocks are not its reach")
        #expect(!reach[2 * w + 20] && !reach[20 * w + 4], "nothing unfilled, nothing in a region")
    }

    /// Bands are found in the label blocks: a 5×5 square of filled blocks makes one, a line
    /// two blocks wide does not, nor a region wider than a stroke, nor blocks beside ink.
    @Test func bandsAreStrokeWideOnly() {
        let w = 40, h = 30
        var filled = [Bool](repeating: false, count: w * h)
        for y in 2..<9 { for x in 2..<10 { filled[y * w + x] = true } }      // a band 7 × 8
        for y in 12..<14 { for x in 0..<w { filled[y * w + x] = true } }     // a line 2 wide
        for y in 16..<30 { for x in 20..<40 { filled[y * w + x] = true } }   // a region 14 × 20
        let none = [Bool](repeating: false, count: w * h)
        let band = Preprocess.bandBlocks(filled, inky: none, width: w, height: h)
        #expect(band[5 * w + 5])
        #expect(!band[12 * w + 5] && !band[13 * w + 30])
        #expect(!band[22 * w + 30])
        var inky = none
        inky[5 * w + 6] = true
        #expect(!Preprocess.bandBlocks(filled, inky: inky, width: w, height: h)[5 * w + 5])
    }
}
