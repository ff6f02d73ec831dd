import DigitImage
import Testing

/// The drawing as strokes, and its one rasteriser (canvas, recognised image, saved PNG).
@Suite struct DrawingTests {
    typealias P = Drawing.Point

    /// A vertical line down the middle.
    static func line() -> Drawing {
        var d = Drawing()
        d.begin(at: P(x: 0.5, y: 0.2))
        d.extend(to: P(x: 0.5, y: 0.8))
        d.end()
        return d
    }

    @Test func strokesBeginExtendEndAndUndo() {
        var d = Drawing()
        #expect(d.isEmpty)
        d.begin(at: P(x: 0.1, y: 0.1))
        d.extend(to: P(x: 0.2, y: 0.1))
        d.extend(to: P(x: 0.2, y: 0.1))  // no move: nothing added
        #expect(d.strokes.count == 1 && d.strokes[0].points.count == 2 && d.drawing)
        d.end()
        d.extend(to: P(x: 0.9, y: 0.9))  // after the pen is lifted a point starts a new stroke
        #expect(d.strokes.count == 2 && d.strokes[1].points.count == 1)
        d.undo()
        #expect(d.strokes.count == 1 && !d.drawing)
        d.clear()
        #expect(d.isEmpty && d.strokes.isEmpty)
    }

    @Test func pointsStayInTheUnitSquare() {
        let odd = [P(x: -3, y: 7), P(x: .nan, y: .infinity), P(x: -.infinity, y: .nan), P(x: 0.25, y: 1.0000001)]
        for p in odd { #expect((0...1).contains(p.x) && (0...1).contains(p.y), "\(p)") }
        #expect(odd[0] == P(x: 0, y: 1) && odd[1] == P(x: 0, y: 1) && odd[3] == P(x: 0.25, y: 1))
    }

    @Test func aLongDragStopsAtThePointLimit() {
        var d = Drawing()
        d.begin(at: P(x: 0, y: 0))
        for i in 0..<(Drawing.maxPoints + 500) { d.extend(to: P(x: Float(i % 400) / 400, y: Float(i / 400) / 60)) }
        #expect(d.pointCount == Drawing.maxPoints)
        d.end()
        d.begin(at: P(x: 0.5, y: 0.5))
        #expect(d.pointCount == Drawing.maxPoints, "no stroke past the limit")
        let copied = Drawing(strokes: d.strokes + d.strokes)
        #expect(copied.pointCount == Drawing.maxPoints)
    }

    @Test func emptyDrawingIsBlankPaper() {
        #expect(Drawing().ink(width: 30, height: 20).pixels.allSatisfy { $0 == 0 })
        #expect(Drawing().image(size: 16).pixels.allSatisfy { $0 == 255 })
        #expect(Drawing().ink(width: 0, height: -5).pixels.isEmpty)
    }

    @Test func thePenIsSoftAndRound() {
        let ink = Self.line().ink(width: 100, height: 100)
        // Full ink on the line, none far from it, and grey at the edge (anti-aliased).
        #expect(ink[50, 50] == 1 && ink[49, 50] == 1)
        #expect(ink[10, 50] == 0 && ink[50, 5] == 0)
        let row = (0..<100).map { ink[$0, 50] }
        let grey = row.filter { $0 > 0 && $0 < 1 }
        #expect(grey.count >= 4, "a soft edge on both sides: \(row)")
        #expect(row.allSatisfy { (0...1).contains($0) })
        // Round ends: the line reaches past its end points by about the radius, not more.
        #expect(ink[50, 80] > 0.5 && ink[50, 20] > 0.5 && ink[50, 90] == 0)
    }

    @Test func penWidthIsAShareOfTheCanvas() {
        // The same drawing at 56 and 280 px covers the same share of the canvas.
        func share(_ size: Int) -> Float { Self.line().ink(width: size, height: size).pixels.reduce(0, +) / Float(size * size) }
        let small = share(56), large = share(280)
        #expect(abs(small - large) / large < 0.15, "\(small) vs \(large)")
        // About 0.09 of the canvas wide: MNIST's stroke on a digit drawn over most of it.
        let wide = Self.line().ink(width: 280, height: 280)
        let inked = (0..<280).filter { wide[$0, 140] >= 0.5 }.count
        #expect((20...30).contains(inked), "\(inked) px at half ink")
    }

    @Test func overlappingSegmentsNeverExceedFullInk() {
        var d = Drawing()
        d.begin(at: P(x: 0.2, y: 0.5))
        for i in 0..<40 { d.extend(to: P(x: i % 2 == 0 ? 0.8 : 0.2, y: 0.5 + Float(i % 3) * 0.003)) }
        let ink = d.ink(width: 64, height: 64)
        #expect(ink.pixels.allSatisfy { (0...1).contains($0) } && ink.pixels.max() == 1)
    }

    @Test func theEraserTakesInkAwayAndUndoBringsItBack() {
        var d = Self.line()
        let before = d.ink(width: 60, height: 60)
        d.begin(at: P(x: 0.3, y: 0.5), erase: true)
        d.extend(to: P(x: 0.7, y: 0.5), erase: true)
        d.end()
        let erased = d.ink(width: 60, height: 60)
        #expect(before[30, 30] == 1 && erased[30, 30] == 0)
        #expect(erased[30, 15] == 1, "ink away from the eraser stays")
        d.undo()
        #expect(d.ink(width: 60, height: 60) == before)
        // Ink drawn after an eraser stroke is ink again.
        d.begin(at: P(x: 0.2, y: 0.5), erase: true)
        d.extend(to: P(x: 0.8, y: 0.5), erase: true)
        d.begin(at: P(x: 0.5, y: 0.4))
        d.extend(to: P(x: 0.5, y: 0.6))
        #expect(d.ink(width: 60, height: 60)[30, 30] == 1)
    }

    /// Walkthrough: erasing along a stroke left a faint ghost of its soft edge, which the
    /// cleaning step could still take for a faint stroke.
    @Test func anEraserPassAlongAStrokeLeavesNoGhost() {
        var d = Drawing()
        d.begin(at: P(x: 0.2, y: 0.5))
        d.extend(to: P(x: 0.8, y: 0.5))
        d.end()
        // A hand on a mouse: the eraser runs a pixel or two off the stroke's middle.
        d.begin(at: P(x: 0.15, y: 0.51), erase: true)
        d.extend(to: P(x: 0.85, y: 0.51), erase: true)
        d.end()
        let ink = d.ink(width: 100, height: 100)
        #expect(ink.pixels.max() == 0, "left: \(ink.pixels.max() ?? -1)")
    }

    @Test func aDotIsADisc() {
        var d = Drawing()
        d.begin(at: P(x: 0.5, y: 0.5))
        d.end()
        #expect(!d.isEmpty)
        let ink = d.ink(width: 100, height: 100)
        #expect(ink[50, 50] == 1 && ink[50, 46] > 0.9 && ink[46, 50] > 0.9 && ink[50, 60] == 0)
    }

    @Test func theImageIsDarkInkOnWhitePaper() {
        let img = Self.line().image()
        // The canvas inside its paper margin.
        let side = Drawing.imageSize + 2 * Drawing.imageMargin(size: Drawing.imageSize)
        #expect(img.width == side && img.height == side)
        let mid = side / 2
        #expect(img[mid, mid] == 0 && img[2, 2] == 255)
    }

    @Test func onlyEraserStrokesLeaveTheDrawingEmpty() {
        var d = Drawing()
        d.begin(at: P(x: 0.5, y: 0.5), erase: true)
        #expect(d.isEmpty)
    }
}
