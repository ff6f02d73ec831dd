import Testing
@testable import DigitImage

/// Issue 15 (crops of phone photos): a bold digit cropped tight on one side. Its strokes are
/// narrower than the step opening's window and run into the frame, so they were kept as a frame
/// wedge and the whole digit cleaned to the background (`TightCropStrokes`).
@Suite struct TightCropStrokeTests {
    /// A slanted bold stroke (34 px wide) from the top edge down to near the bottom, paper at
    /// 200, ink at 45, in a 200×280 crop: it meets the frame on the top side only.
    static func boldStrokeFromTop(seed: UInt64) -> ByteImage {
        NoiseRejectionTests.image(200, 280, seed: seed) { x, y, r in
            // Centre line from (130, 0) to (75, 250); ink within 17 px of it, down to y = 250.
            let t = min(1, max(0, Double(y) / 250))
            let cx = 130 - 55 * t, cy = 250 * t
            let d = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
            let ink = abs(Double(x) - (130 - 55 * Double(y) / 250)) < 17 && y <= 250 || d < 17 ? 1.0 : 0.0
            return 200 - Int(155 * ink) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    @Test func aBoldStrokeIntoOneSideIsInk() {
        for seed: UInt64 in [1, 2] {
            let image = Self.boldStrokeFromTop(seed: seed)
            let seg = DigitExtraction.extract(image)
            // Before: the stroke was the background ("no digit found", or specks of its outline).
            #expect(seg.digits.count == 1, "seed \(seed): \(seg.digits.map(\.box))")
            if let box = seg.digits.first?.box { #expect(box.height > 220, "seed \(seed): the whole stroke: \(box)") }
            // Its core cleans to ink, all the way from the frame.
            let ink = seg.cleaned.ink
            for y in [2, 60, 140, 230] {
                let x = Int(130 - 55 * Double(y) / 250)
                #expect(ink.pixels[y * ink.width + x] > 0.5, "seed \(seed): the stroke's core at y \(y)")
            }
        }
    }

    /// On a grid of blocks (ink bright, opened paper at 55 = grey 200): a deep region reaching
    /// in from one side is not a wedge; a shallow one (a finger's shadow) and a deep strip along
    /// the side (dark desk) still are.
    @Test func onlyDeepRegionsReachingInLeaveTheWedges() {
        let gw = 40, gh = 40
        let opened = [Float](repeating: 55, count: gw * gh)
        func region(depth: Float, _ inside: (Int, Int) -> Bool) -> (wedge: [Bool], level: [Float]) {
            var wedge = [Bool](repeating: false, count: gw * gh), level = opened
            for y in 0..<gh { for x in 0..<gw where inside(x, y) { wedge[y * gw + x] = true; level[y * gw + x] = 55 + depth } }
            return (wedge, level)
        }
        let stroke: (Int, Int) -> Bool = { x, y in x >= 18 && x < 24 && y < 32 }
        // Along the top only (not touching the left and right sides): kept by the reach rule.
        let strip: (Int, Int) -> Bool = { x, y in y < 4 && (2..<38).contains(x) }
        for (inside, depth, kept) in [(stroke, Float(150), false), (stroke, Float(60), true), (strip, Float(150), true)] {
            let r = region(depth: depth, inside)
            let out = Preprocess.Steps.withoutTightStrokes(r.wedge, level: r.level, opened: opened, gw, gh, paper: 200)
            let left = out.filter { $0 }.count, before = r.wedge.filter { $0 }.count
            #expect(left == (kept ? before : 0), "depth \(depth): \(left) of \(before) wedge blocks left")
        }
    }
}
