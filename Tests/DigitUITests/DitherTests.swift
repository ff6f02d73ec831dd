import Testing
import DigitApp
import DigitImage
@testable import DigitUI

/// 8-colour terminals draw a photo's greys as dithered black and white, stretched to the
/// picture's own range.
@Suite struct DitherTests {
    /// A 5 photographed in the dark: paper at grey 25, pen at 7 (walkthrough: solid black at
    /// TERM=xterm, while 256 colours showed it).
    @Test func aDarkPhotoIsStretchedToItsOwnRange() {
        let paper: Float = 25 / 255, pen: Float = 7 / 255
        let values = (0..<400).map { $0 % 5 == 0 ? pen : paper }
        let range = Dither.range(values)
        #expect(abs(range.low - pen) < 1e-6 && abs(range.high - paper) < 1e-6, "\(range)")
        let dots = (0..<16).map { Dither.basic(paper, x: $0 % 4, y: $0 / 4, range: range) }
        #expect(dots.filter { $0 == 7 }.count >= 12, "the paper is mostly white dots: \(dots)")
        #expect((0..<16).allSatisfy { Dither.basic(pen, x: $0 % 4, y: $0 / 4, range: range) == 0 }, "the pen is black")
    }

    @Test func nearlyOneGreyKeepsTheFixedRange() {
        // Blank paper's grain: ±2 levels around 128.
        let grain = (0..<400).map { Float(128 + ($0 % 5) - 2) / 255 }
        #expect(Dither.range(grain) == (0, 1))
        #expect(Dither.range([]) == (0, 1) && Dither.range([.nan, 0.5]) == (0, 1))
    }
}

/// Walkthrough: on 8 colours the means page cut each class's mean to black and white, and the
/// 2 looked like a J; means are all greys and are now dithered, as a photo is.
@Suite struct MeansDitherTests {
    @Test func meansAreDitheredOnEightColours() throws {
        let e = ExploreFixtures.exploration
        let ui = UIStyle(Capabilities(color: true, unicode: true, basicColors: true))
        let area = Rect(x: 0, y: 0, width: 80, height: 20)
        var page = ScreenBuffer(width: 80, height: 20)
        DatasetPages.means(&page, area, e, showStd: false, ui: ui)
        let g = try #require(DatasetPages.meansGrid(area))
        let means = try #require((e.report.train ?? e.report.test).meanImages as [[Float]]?)
        var nearest = ScreenBuffer(width: 80, height: 20)
        for c in 0..<min(10, means.count) {
            let t = g.tile(c, 0)
            PictureArt.draw(&nearest, FloatImage(width: 28, height: 28, pixels: means[c]),
                            in: Rect(x: t.x, y: t.y, width: g.artColumns, height: g.artRows), ui: ui, shaded: false)
        }
        let tiles = (0..<min(10, means.count)).map { g.tile($0, 0) }
        func pixels(_ b: ScreenBuffer) -> [Int?] {
            tiles.flatMap { t in (0..<g.artRows).flatMap { r in (0..<g.artColumns).flatMap { c in
                [b[t.x + c, t.y + r].style.foreground, b[t.x + c, t.y + r].style.background] } } }
        }
        #expect(pixels(page) != pixels(nearest), "the means are dithered, not cut at half grey")
        #expect(Set(pixels(page).compactMap { $0 }).isSubset(of: [0, 7]), "black and white dots only")
    }
}

/// Walkthrough: with LANG=C (ASCII) a dim photo's original was a wall of "@" and its digit
/// could not be seen; monochrome quarter blocks had the same fault. Both take the photo's range.
@Suite struct DimPhotoArtTests {
    /// Ink-bright, as the gallery draws a photo: paper at 0.5 (dim), a bar of ink at 0.9.
    static let photo: FloatImage = {
        var pixels = [Float](repeating: 0.5, count: 64 * 64)
        for y in 8..<56 { for x in 28..<36 { pixels[y * 64 + x] = 0.9 } }
        return FloatImage(width: 64, height: 64, pixels: pixels)
    }()

    @Test(arguments: [Capabilities(color: false, unicode: false), Capabilities(color: true, unicode: false), Capabilities(color: false, unicode: true)])
    func aDimPhotosPaperIsBlankAndItsInkDense(caps: Capabilities) {
        var buf = ScreenBuffer(width: 32, height: 16)
        let used = PictureArt.draw(&buf, Self.photo, in: Rect(x: 0, y: 0, width: 32, height: 16), ui: UIStyle(caps), shaded: true)
        let cells = (used.y..<used.maxY).flatMap { y in (used.x..<used.maxX).map { buf[$0, y].character } }
        let blank = cells.filter { $0 == " " }.count
        #expect(blank * 10 >= cells.count * 7, "the paper is blank: \(blank) of \(cells.count)")
        #expect(blank < cells.count, "the ink shows")
    }

    /// Walkthrough, session 27: a small digit (under 2 % of the cells) on noisy grey paper was
    /// a wall of "@" and "%" with LANG=C: the range's top lay in the paper's grain.
    @Test func aSmallDigitOnGrainyPaperStandsOutInASCII() {
        var pixels = [Float](repeating: 0, count: 160 * 160), seed: UInt32 = 28
        for i in pixels.indices {
            seed = seed &* 1_664_525 &+ 1_013_904_223
            pixels[i] = 0.35 + 0.3 * Float(seed >> 8) / Float(1 << 24)   // grain 0.35…0.65
        }
        for y in 60..<100 { for x in 76..<84 { pixels[y * 160 + x] = 0.95 } }   // a thin 1
        var buf = ScreenBuffer(width: 40, height: 20)
        let used = PictureArt.draw(&buf, FloatImage(width: 160, height: 160, pixels: pixels), in: Rect(x: 0, y: 0, width: 40, height: 20),
                                   ui: UIStyle(Capabilities(color: false, unicode: false)), shaded: true)
        var paper: [Character] = [], ink: [Character] = []
        for y in used.y..<used.maxY {
            for x in used.x..<used.maxX {
                let (px, py) = ((x - used.x) * 160 / used.width, (y - used.y) * 160 / used.height)
                let onInk = (74..<86).contains(px) && (58..<102).contains(py)
                if onInk { if (78..<82).contains(px) && (64..<96).contains(py) { ink.append(buf[x, y].character) } } else { paper.append(buf[x, y].character) }
            }
        }
        let blankPaper = paper.filter { $0 == " " }.count
        #expect(blankPaper * 10 >= paper.count * 9, "the grain is blank: \(blankPaper) of \(paper.count)")
        #expect(!ink.isEmpty && ink.allSatisfy { $0 != " " }, "the stroke shows: \(ink)")
    }
}
