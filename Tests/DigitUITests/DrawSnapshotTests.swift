import DigitApp
import DigitImage
import DigitModel
import Testing
@testable import DigitUI

/// The drawing screen as text (Snapshots/draw-*.txt): a 7 drawn with the mouse, read as a 7
/// at 96 % (the network's outputs fixed, so the snapshot tests the screen, not the model).
@Suite struct DrawSnapshotTests {
    /// A 7 dragged across the canvas of a `width`×`height` terminal, its reading in place.
    static func seven(width: Int, height: Int, color: Bool = false, unicode: Bool = true) throws -> AppState {
        var s = drawing(width: width, height: height)
        s.capabilities = Capabilities(color: color, unicode: unicode)
        let c = DrawView.layout(width: width, height: height).canvas
        func at(_ u: Double, _ v: Double) -> (Int, Int) { (c.x + Int(u * Double(c.width)), c.y + Int(v * Double(c.height))) }
        let path = [at(0.28, 0.2), at(0.5, 0.2), at(0.72, 0.2), at(0.62, 0.4), at(0.52, 0.6), at(0.44, 0.8)]
        var actions = [mouse(.press, path[0].0, path[0].1)]
        actions += path.dropFirst().map { mouse(.drag, $0.0, $0.1) }
        actions.append(mouse(.release, path[5].0, path[5].1))
        for a in actions { s = reduce(s, a).0 }
        let d = try #require(drawState(s))
        var r = Recognizer(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)).recognize(drawing: d.drawing)
        try #require(r.digits.count == 1, "the 7 is one digit")
        r.digits[0].label = 7
        r.digits[0].probabilities = GalleryFixture.probabilities(7, 0.96, 1, 0.03)
        return reduce(s, .drawingRead(DrawingReading(generation: d.generation, recognition: r, milliseconds: 4.2))).0
    }

    @Test(arguments: [(80, 24), (120, 40), (160, 50)])
    func drawnSeven(width: Int, height: Int) throws {
        SnapshotTests().check("draw-\(width)x\(height)", try Self.seven(width: width, height: height))
    }

    @Test func drawnSevenASCII() throws {
        SnapshotTests().check("draw-ascii-80x24", try Self.seven(width: 80, height: 24, unicode: false))
    }

    @Test func emptyCanvasWithTheLabelPrompt() {
        var s = drawing()
        s = reduce(s, mouse(.press, 20, 10)).0
        s = reduce(s, .key(.char("s"))).0
        s = reduce(s, .key(.char("4"))).0
        SnapshotTests().check("draw-prompt-80x24", s)
    }

    @Test func colourCanvasIsPaperGreyWithWhiteInk() throws {
        let s = try Self.seven(width: 80, height: 24, color: true)
        let buf = render(s)
        let c = DrawView.layout(width: 80, height: 24).canvas
        let cells = (c.y..<c.maxY).flatMap { y in (c.x..<c.maxX).map { buf[$0, y] } }
        #expect(cells.allSatisfy { $0.character == "▀" || $0.character == "+" || $0.character == "●" })
        let shades = Set(cells.flatMap { [$0.style.foreground, $0.style.background] }.compactMap { $0 })
        #expect(shades.contains(DrawView.paper) && shades.contains(231), "paper and full ink")
        #expect(shades.count >= 8, "the soft pen's greys: \(shades.sorted())")
    }
}
