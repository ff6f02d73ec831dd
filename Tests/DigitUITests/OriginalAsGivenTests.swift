import DigitApp
import DigitImage
import Testing
@testable import DigitUI

/// From the new-user walkthrough: the gallery's "original" showed the cleaned ink (white paper,
/// black pen) rather than the photo as given. It shows the file's own grey levels now — grey
/// paper stays grey — with the 28×28 input the network sees beside it.
@Suite struct OriginalAsGivenTests {
    /// A dark stroke on grey paper (160 of 255), the network's outputs fixed.
    static func greyPaper() throws -> Recognition {
        var image = ByteImage(width: 60, height: 80, fill: 160)
        for y in 12..<68 { for x in 27..<33 { image[x, y] = 20 } }
        var r = Recognizer(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)).recognize(image: image, name: "digits/1_grey.png")
        try #require(r.digits.count == 1)
        r.digits[0].label = 1
        r.digits[0].probabilities = (0..<10).map { $0 == 1 ? 0.91 : 0.01 }
        return r
    }

    @Test(arguments: [(80, 24), (160, 50)]) func greyPaperStaysGrey(width: Int, height: Int) throws {
        let s = GalleryFixture.gallery(try Self.greyPaper(), width: width, height: height, color: true, unicode: true)
        let buf = render(s)
        let paper = AsciiArt.grayIndex(160 / 255), pen = AsciiArt.grayIndex(20 / 255)
        // The original panel alone (the 28×28 input has greys of its own at large sizes).
        let r = try Self.greyPaper()
        let panel = PictureLayout(area: Rect(x: 0, y: 2, width: width, height: height - 4), imageWidth: r.original.width,
                                  imageHeight: r.original.height).original
        var grey = 0, dark = 0
        for y in panel.y..<panel.maxY {
            for x in panel.x..<panel.maxX where buf[x, y].character == "▀" {
                let st = buf[x, y].style
                if st.foreground == paper && st.background == paper { grey += 1 }
                if st.foreground == pen || st.background == pen { dark += 1 }
            }
        }
        // The old panel drew the cleaned image: paper white (231), the stroke black (16).
        #expect(grey >= 40, "the paper's grey, as in the file: \(grey) cells")
        #expect(dark >= 4, "the pen's dark grey: \(dark) cells")
        #expect(buf.text.contains("original") && buf.text.contains("28×28 input"), "both pictures, captioned")
    }

    /// Walkthrough 36: a sheet's edge read as "1" on a photo was drawn with nothing to say
    /// which stroke was read. One digit that is a small part of the whole picture is boxed; one
    /// that fills most of it (a drawing, a cell) is not.
    @Test func oneDigitSmallInThePictureIsBoxed() throws {
        let network = try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)
        func corners(_ image: ByteImage) throws -> Int {
            let r = Recognizer(network: network).recognize(image: image, name: "digits/1_edge.png")
            try #require(r.digits.count == 1)
            #expect(OriginalZoom.focus(r) == nil, "the whole picture is drawn")
            let text = render(GalleryFixture.gallery(r, width: 80, height: 24, color: true, unicode: true)).text
            return ["┌", "┐", "└", "┘"].filter { text.contains($0) }.count
        }
        // A thin upright stroke at the side of a page: a fourteenth of the picture.
        var edge = ByteImage(width: 70, height: 80, fill: 200)
        for y in 6..<74 { for x in 8..<14 { edge[x, y] = 30 } }
        #expect(try corners(edge) == 4, "boxed")
        // The same stroke in the middle of the page (a drawn 1) is not.
        var middle = ByteImage(width: 70, height: 80, fill: 200)
        for y in 6..<74 { for x in 32..<38 { middle[x, y] = 30 } }
        #expect(try corners(middle) == 0, "a 1 in the middle: not boxed")
        // A digit that fills the picture is not.
        var big = ByteImage(width: 40, height: 40, fill: 200)
        for y in 4..<36 { for x in 4..<36 where x < 10 || x > 29 || y < 10 || y > 29 { big[x, y] = 30 } }
        #expect(try corners(big) == 0, "not boxed")
    }

    /// 8 colours (TERM=xterm): the shadow over the left half of the paper (130 of 255, light
    /// paper 225) must still show. Each grey went to its nearest basic colour, and both are
    /// nearest to white: the shadow vanished. Counted after the terminal's own mapping.
    @Test func shadowShowsInEightColours() throws {
        var image = ByteImage(width: 80, height: 80, fill: 225)
        for y in 0..<80 { for x in 0..<40 { image[x, y] = 130 } }
        for y in 12..<68 { for x in 37..<43 { image[x, y] = 20 } }
        try expectShadowShows(image)
    }

    /// The same photo taken in dim light: lit paper at 130, the shadow at 75, the ink at 40. On
    /// the fixed range the lit paper itself was half white dots (55 %) and the ink hard to tell
    /// from it; stretched to the picture's own range the paper is white again.
    @Test func dimPhotoShowsPaperShadowAndInkInEightColours() throws {
        var image = ByteImage(width: 80, height: 80, fill: 130)
        for y in 0..<80 { for x in 0..<40 { image[x, y] = 75 } }
        for y in 12..<68 { for x in 37..<43 { image[x, y] = 40 } }
        try expectShadowShows(image)
    }

    private func expectShadowShows(_ image: ByteImage) throws {
        var r = Recognizer(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)).recognize(image: image, name: "digits/1_shadow.png")
        try #require(r.digits.count == 1)
        r.digits[0].label = 1
        r.digits[0].probabilities = (0..<10).map { $0 == 1 ? 0.91 : 0.01 }
        var s = GalleryFixture.gallery(r, color: true, unicode: true)
        s.capabilities.basicColors = true
        let buf = render(s)
        let panel = PictureLayout(area: Rect(x: 0, y: 2, width: 80, height: 20), imageWidth: 80, imageHeight: 80).original
        // White pixels (upper and lower half of each cell) in the shadow's columns and the paper's.
        var white = [0, 0], all = [0, 0]
        for y in panel.y..<panel.maxY {
            for x in panel.x..<panel.maxX where buf[x, y].character == "▀" {
                let side = x - panel.x < panel.width * 2 / 5 ? 0 : x - panel.x >= panel.width * 3 / 5 ? 1 : -1
                guard side >= 0 else { continue }
                let st = buf[x, y].style
                for c in [st.foreground, st.background].compactMap({ $0 }) {
                    all[side] += 1
                    if Palette.basic(c) == 7 { white[side] += 1 }
                }
            }
        }
        try #require(all[0] > 40 && all[1] > 40)
        let shadow = Double(white[0]) / Double(all[0]), paper = Double(white[1]) / Double(all[1])
        #expect(paper > 0.9, "light paper stays white: \(paper)")
        #expect(shadow > 0.2 && shadow < 0.8, "the shadow is a shade, neither white nor black: \(shadow)")
    }

    /// Pooling keeps the pen's own grey in a block that holds any of it, the paper's mean elsewhere.
    @Test func poolingKeepsThePensGrey() {
        var img = ByteImage(width: 5, height: 3, fill: 200)
        var ink = FloatImage(width: 5, height: 3, fill: 0)
        img[0, 0] = 40; ink[0, 0] = 1
        img[4, 2] = 100  // a speck the cleaning removed: averaged into the paper
        let (pooled, inked) = RecognitionView.pool(img, ink: ink, factor: 2)
        #expect(pooled.width == 3 && pooled.height == 2 && inked == [true, false, false, false, false, false])
        #expect(pooled[0, 0] == 40 / 255 && pooled[1, 0] == 200 / 255 && pooled[2, 1] == 100 / 255, "\(pooled.pixels)")
    }
}

/// Walkthrough, session 21: in glyphs (LANG=C, monochrome) unevenly lit paper printed as rows
/// of `:` and `-` around the digits; away from the ink only what is more pen than paper shows.
@Suite struct GlyphPaperTests {
    @Test func unevenPaperIsBlankInGlyphs() throws {
        // Paper from 200 (left) down to 150 (right), a stroke of 20, a dark line of 40 at the bottom.
        var image = ByteImage(width: 100, height: 100, fill: 0)
        for y in 0..<100 { for x in 0..<100 { image[x, y] = UInt8(200 - x / 2) } }
        for y in 20..<80 { for x in 47..<53 { image[x, y] = 20 } }
        for y in 94..<97 { for x in 0..<100 { image[x, y] = 40 } }
        let r = Recognizer(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)).recognize(image: image, name: "1_uneven.png")
        let art = RecognitionView.givenArt(r, pixelWidth: 50, pixelHeight: 50, shades: false)
        let cols = art.width, rows = art.height
        // The right half's paper (darker than the median paper) is blank, the stroke is drawn.
        let paperRight = (5..<15).flatMap { y in (35..<cols).map { x in art.pixels[y * cols + x] } }
        #expect(paperRight.allSatisfy { $0 == 0 }, "\(paperRight.max() ?? -1)")
        #expect(art.pixels[(rows / 2) * cols + cols / 2] > 0.5, "the stroke")
        let line = (0..<cols).map { art.pixels[47 * cols + $0] }   // image rows 94–95
        #expect(line.filter { $0 > 0 }.count > cols / 2, "a dark line away from the ink still shows")
    }
}
