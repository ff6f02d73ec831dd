import Testing
@testable import DigitUI

/// Issue #16 item 1: the original and the input take the room the terminal has, keep their
/// aspect, and never overlap the reading panel.
@Suite struct PictureLayoutTests {
    /// The gallery's picture area at a terminal size: under the title bar and the image's line,
    /// above the message and status lines.
    static func area(_ width: Int, _ height: Int) -> Rect { Rect(x: 0, y: 2, width: width, height: height - 4) }

    static let sizes = [(80, 24), (100, 30), (160, 50)]
    /// A row of four digits (5283_row.png), a square canvas, a tall photo.
    static let images = [(580, 200), (120, 120), (600, 1000)]

    @Test func picturesGrowWithTheTerminal() {
        for (w, h) in Self.images {
            let pixels = Self.sizes.map { size -> Int in
                let l = PictureLayout(area: Self.area(size.0, size.1), imageWidth: w, imageHeight: h)
                let fit = ArtFit(imageWidth: w, imageHeight: h, columns: l.original.width, rows: l.original.height)
                return fit.pixelWidth * fit.pixelHeight
            }
            #expect(pixels[0] < pixels[1] && pixels[1] < pixels[2], "\(w)×\(h): \(pixels)")
        }
    }

    @Test func aRowOfDigitsIsReadableAt80x24() {
        let l = PictureLayout(area: Self.area(80, 24), imageWidth: 580, imageHeight: 200)
        let fit = ArtFit(imageWidth: 580, imageHeight: 200, columns: l.original.width, rows: l.original.height)
        // Four digits side by side: each about 11×15 pixels or more.
        #expect(fit.pixelWidth >= 44 && fit.pixelHeight >= 15, "\(fit)")
        #expect(min(l.input.width, 2 * l.input.height) >= PictureLayout.minInputPixels)
    }

    @Test func atTheLargestSizeTheArtFillsTheScreen() {
        for (w, h) in Self.images {
            let area = Self.area(160, 50)
            let l = PictureLayout(area: area, imageWidth: w, imageHeight: h)
            let o = ArtFit(imageWidth: w, imageHeight: h, columns: l.original.width, rows: l.original.height)
            let i = ArtFit(imageWidth: 28, imageHeight: 28, columns: l.input.width, rows: l.input.height)
            // Cells covered by the two pictures and the reading panel's 18 rows.
            let covered = o.columns * o.rows + i.columns * i.rows + l.reading.width * PictureLayout.readingRows
            #expect(covered * 2 >= area.width * area.height, "\(w)×\(h): \(covered) of \(area.width * area.height) cells")
        }
    }

    @Test func panelsNeverOverlapAndStayInside() {
        for (sw, sh) in Self.sizes + [(81, 25), (120, 40), (200, 60), (300, 30)] {
            for (w, h) in Self.images + [(1, 1), (4000, 10), (10, 4000)] {
                let area = Self.area(sw, sh)
                let l = PictureLayout(area: area, imageWidth: w, imageHeight: h)
                let rects = [l.original, l.input, l.reading]
                for r in rects {
                    #expect(r.x >= area.x && r.maxX <= area.maxX && r.y >= area.y && r.maxY <= area.maxY, "\(sw)×\(sh), \(w)×\(h): \(r)")
                }
                // Captions sit in the row above each picture: count them as part of it.
                let o = Rect(x: l.original.x, y: l.original.y - 1, width: l.original.width, height: l.original.height + 1)
                let i = Rect(x: l.input.x, y: l.input.y - 1, width: l.input.width, height: l.input.height + 1)
                for (a, b) in [(o, i), (o, l.reading), (i, l.reading)] {
                    let apart = a.maxX <= b.x || b.maxX <= a.x || a.maxY <= b.y || b.maxY <= a.y
                    #expect(apart, "\(sw)×\(sh), \(w)×\(h): \(a) and \(b) overlap")
                }
                #expect(l.reading.height >= PictureLayout.readingRows, "the bars fit")
            }
        }
    }
}

extension PictureLayoutTests {
    /// Issue #16 item 3: a seven-digit number is drawn whole at 80 columns (the reading panel
    /// widens for it) and no panel runs into another.
    @Test func aLongNumberIsDrawnWholeAt80Columns() throws {
        let r = try GalleryFixture.recognition("digits/5550142_x.png", labels: [5, 5, 5, 0, 1, 4, 2], confidence: Array(repeating: 0.99, count: 7))
        let s = GalleryFixture.gallery(r)
        let lines = render(s).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let row = try #require(lines.firstIndex { $0.contains("Number: 5550142") })
        let column = try #require(lines[row].range(of: "Number:")).lowerBound.utf16Offset(in: lines[row])
        // The glyphs' last row: one group per digit in the small font.
        #expect(lines[row + 5].dropFirst(column).split(separator: " ").count == 7, "seven glyphs:\n\(lines.joined(separator: "\n"))")
    }
}
