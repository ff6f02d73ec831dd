import Testing
@testable import DigitImage

/// Issue 15, faint rings (session 25): what a faded stroke leaves in the label blocks (0 no
/// ink, 1 faint, 2 ink) still belongs to its digit — a ring's side that broke off, bridged by
/// its faint top and bottom at once (`FaintBridges.fitsStrokes`).
@Suite struct FaintStrokePieceTests {
    /// A label grid `w`×`h` of no ink, with `rects` (x, y, width, height) set to `level`.
    static func grid(_ w: Int, _ h: Int, _ rects: [(Int, Int, Int, Int, UInt8)]) -> [UInt8] {
        var levels = [UInt8](repeating: 0, count: w * h)
        for (x0, y0, rw, rh, level) in rects {
            for y in y0..<(y0 + rh) { for x in x0..<(x0 + rw) { levels[y * w + x] = level } }
        }
        return levels
    }

    /// A ring 36 blocks wide and 40 tall broken into its two sides (ink 6 blocks wide), whose
    /// top and bottom (9 blocks deep, a faded pen spreads wider than its bright core) are faint;
    /// the inside is paper. Both faint arcs are shortest bridges: together twice a stroke wide.
    static let brokenRing = grid(60, 60, [(10, 10, 6, 40, 2), (40, 10, 6, 40, 2), (16, 10, 24, 9, 1), (16, 41, 24, 9, 1)])

    // Measured together the two arcs were over the width of one stroke (2 strokes + 2 per
    // length) and the ring stayed two pieces, read as two digits ("19" for a 9 on the dev photos).
    @Test func aRingsSideJoinsThroughItsTopAndBottomArcs() {
        let pieces = Segment.label(Self.brokenRing.map { $0 == 2 }, width: 60, height: 60)
        #expect(pieces.count == 2)
        let joined = FaintBridges(levels: Self.brokenRing, width: 60, height: 60, pieces: pieces).joined(pieces)
        #expect(joined.count == 1, "pieces: \(joined.map(\.box))")
        #expect(joined.first?.bridged == true)
    }

    /// Parts of a bridge are counted: more than two separate strokes are no ring's arcs.
    @Test func aBridgeIsAtMostTwoStrokes() {
        let levels = Self.grid(20, 20, [(2, 2, 3, 3, 1), (2, 8, 3, 3, 1), (2, 14, 3, 3, 1)])
        let bridges = FaintBridges(levels: levels, width: 20, height: 20, pieces: [])
        let arcs = [(2, 2), (2, 8), (2, 14)].flatMap { x0, y0 in (0..<9).map { (y0 + $0 / 3) * 20 + x0 + $0 % 3 } }
        #expect(bridges.fitsStrokes(Array(arcs[0..<18]), widest: 9))
        #expect(!bridges.fitsStrokes(arcs, widest: 9))
        #expect(!bridges.fitsStrokes(Array(arcs[0..<18]), widest: 8))
    }
}
