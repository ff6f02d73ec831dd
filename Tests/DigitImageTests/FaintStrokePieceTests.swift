import Testing
@testable import DigitImage

/// Issue 15, faint rings (session 25): what a faded stroke leaves in the label blocks (0 no
/// ink, 1 faint, 2 ink) still belongs to its digit — a ring's side that broke off, bridged by
/// its faint top and bottom at once (`FaintBridges.fitsStrokes`), and the specks of ink along a
/// faint ascender (`FaintBridges.reachesSpeck`).
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

    /// Two rings 20 blocks across (ink 5 blocks wide) side by side, linked by 2×2 blocks of ink
    /// at the bottom: one piece twice as wide as tall, cut as two touching digits. With
    /// `ascender`, a faint band 6 blocks wide rises 36 blocks from its left end, and what is
    /// left of its ink is three specks of 3×3 blocks along it (each far under the speck size):
    /// a 6 whose faded ascender left its loop alone, the loop written wide. And one speck of
    /// grain on bare paper.
    static func wideLoop(ascender: Bool) -> [UInt8] {
        var rects: [(Int, Int, Int, Int, UInt8)] = [(40, 66, 2, 2, 2), (70, 10, 3, 3, 2)]
        for x0 in [20, 42] { rects += [(x0, 50, 20, 5, 2), (x0, 65, 20, 5, 2), (x0, 55, 5, 10, 2), (x0 + 15, 55, 5, 10, 2)] }
        if ascender {
            rects.append((20, 14, 6, 36, 1))
            for y in [18, 28, 38] { rects.append((21, y, 3, 3, 2)) }
        }
        return grid(80, 80, rects)
    }

    // The ascender's specks were dropped before the pieces were judged, and the loop, twice as
    // wide as tall, was cut as two touching digits ("67" for a 6 on the dev photos).
    @Test func aPieceWithAFadedStrokeGoingOnIsNotCut() {
        let groups = Segment.digitGroups(Self.wideLoop(ascender: true), width: 80, height: 80) ?? []
        #expect(groups.count == 1, "groups: \(groups.map(\.box))")
        // Without the faint stroke it is two touching digits, cut as before.
        let apart = Segment.digitGroups(Self.wideLoop(ascender: false), width: 80, height: 80) ?? []
        #expect(apart.count == 2, "groups: \(apart.map(\.box))")
    }

    /// A speck counts through a faint band beyond a stroke's width from the piece, not at the
    /// end of a thin faint line (a grid's remnant, haze along a shadow's edge), and not a
    /// speck of a single block.
    @Test(arguments: [0, 1, 2]) func specksCountThroughBandsOnly(kind: Int) {
        // A digit's piece (a bar 5 blocks wide); beside it, a speck in a faint band, at the
        // end of a thin faint line, or a single block inside the band.
        let speck: [(Int, Int, Int, Int, UInt8)] = [
            [(7, 15, 20, 8, 1), (20, 17, 3, 3, 2)],
            [(7, 18, 13, 1, 1), (20, 17, 3, 3, 2)],
            [(7, 15, 20, 8, 1), (20, 18, 1, 1, 2)],
        ][kind]
        let levels = Self.grid(40, 40, [(2, 2, 5, 36, 2)] + speck)
        let all = Segment.label(levels.map { $0 == 2 }, width: 40, height: 40)
        let piece = all.filter { $0.area > 9 }, specks = all.filter { $0.area <= 9 }
        var owner = [Int32](repeating: -1, count: 1600)
        for (s, c) in specks.enumerated() { for p in c.pixels { owner[p] = Int32(s) } }
        let bridges = FaintBridges(levels: levels, width: 40, height: 40, pieces: piece)
        #expect(piece.count == 1 && specks.count == 1)
        guard let bar = piece.first else { return }
        #expect(bridges.reachesSpeck(specks, from: bar, owner: owner) == (kind == 0), "kind \(kind)")
    }
}
