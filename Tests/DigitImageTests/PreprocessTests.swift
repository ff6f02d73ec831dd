import DigitModel
import Foundation
import DigitApp
import Testing
import TestSupport
@testable import DigitImage

/// A synthetic stroke image: a vertical bar (a "1") of the given pen width on a canvas.
func bar(width: Int, height: Int, pen: Int, darkInk: Bool) -> ByteImage {
    var img = ByteImage(width: width, height: height, fill: darkInk ? 255 : 0)
    let x0 = width / 2 - pen / 2
    for y in (height / 5)..<(height * 4 / 5) { for x in x0..<(x0 + pen) { img[x, y] = darkInk ? 0 : 255 } }
    return img
}

@Suite struct PreprocessTests {
    /// A bold stroke covering whole background blocks stays solid ink: the background under it
    /// is the paper around it, not the stroke (its core was taken for background and removed,
    /// leaving an outline: bold 8s read as 3s).
    @Test func boldStrokeIsNotHollowedOut() {
        let img = bar(width: 300, height: 300, pen: 60, darkInk: true)
        let ink = Preprocess.clean(img).ink
        let core = (130..<170).flatMap { x in (100..<200).map { y in ink[x, y] } }
        #expect(core.min() ?? 0 > 0.9, "weakest core pixel \(core.min() ?? 0)")
    }

    @Test func polarityIsDetectedFromTheBorder() {
        #expect(Preprocess.clean(bar(width: 60, height: 60, pen: 4, darkInk: true)).inverted)
        #expect(!Preprocess.clean(bar(width: 60, height: 60, pen: 4, darkInk: false)).inverted)
    }

    @Test func finalImageIsMNISTShaped() throws {
        let seg = DigitExtraction.extract(bar(width: 400, height: 300, pen: 3, darkInk: true))
        #expect(seg.digits.count == 1)
        let f = try #require(seg.digits.first).final
        #expect(f.width == 28 && f.height == 28)
        // Ink inside the central 20×20 box, the border dark, strokes bright.
        let rows = (0..<28).filter { y in (0..<28).contains { f[$0, y] > 0.3 } }
        #expect(rows.count >= 18 && rows.count <= 21, "the longer side is scaled to 20 px: \(rows.count)")
        #expect((0..<28).allSatisfy { f[$0, 0] == 0 && f[$0, 27] == 0 })
        let brightest = try #require(f.pixels.max())
        #expect(brightest > 0.9)
    }

    @Test func thinPenOnBigCanvasStaysVisible() throws {
        let thin = try #require(DigitExtraction.extract(bar(width: 1000, height: 800, pen: 2, darkInk: true)).digits.first).final
        let thick = try #require(DigitExtraction.extract(bar(width: 100, height: 80, pen: 3, darkInk: true)).digits.first).final
        let inkThin = thin.pixels.reduce(0, +), inkThick = thick.pixels.reduce(0, +)
        // After stroke normalisation both look like a pen of MNIST's width.
        #expect(inkThin > 20 && inkThick > 20)
        #expect(abs(inkThin - inkThick) / max(inkThin, inkThick) < 0.5, "\(inkThin) vs \(inkThick)")
    }

    @Test func centreOfMassIsCentred() {
        let small = FloatImage(width: 4, height: 20, fill: 1)
        let f = Preprocess.centre(small)
        var mx: Float = 0, my: Float = 0, m: Float = 0
        for y in 0..<28 { for x in 0..<28 { mx += f[x, y] * Float(x); my += f[x, y] * Float(y); m += f[x, y] } }
        #expect(abs(mx / m - 13.5) <= 0.5 && abs(my / m - 13.5) <= 0.5)
    }

    @Test func emptyImageHasNoDigit() {
        #expect(DigitExtraction.extract(ByteImage(width: 50, height: 50, fill: 255)).digits.isEmpty)
        #expect(DigitExtraction.extract(ByteImage(width: 1, height: 1, fill: 0)).digits.isEmpty)
    }

    @Test func twoBarsSideBySideAreTwoDigitsAndOneBarIsNeverSplit() {
        var img = ByteImage(width: 200, height: 100, fill: 255)
        for y in 20..<80 { for x in 50..<56 { img[x, y] = 0 }; for x in 140..<146 { img[x, y] = 0 } }
        #expect(DigitExtraction.extract(img).digits.count == 2)
        // A "broken" stroke: two pieces stacked in the same columns belong to one digit.
        var broken = ByteImage(width: 100, height: 100, fill: 255)
        for y in 10..<45 { for x in 48..<54 { broken[x, y] = 0 } }
        for y in 52..<90 { for x in 47..<53 { broken[x, y] = 0 } }
        #expect(DigitExtraction.extract(broken).digits.count == 1)
    }
}

@Suite struct AsciiArtTests {
    @Test func halfBlocksAreAspectCorrect() throws {
        // A 40×40 image in a 40×20 box: 40 columns, 20 rows (two pixels per cell vertically).
        let img = FloatImage(width: 40, height: 40, fill: 1)
        let cells = AsciiArt.render(img, columns: 40, rows: 20, style: .halfBlocks)
        #expect(cells.map(\.count) == Array(repeating: 40, count: 20))
        #expect(cells.allSatisfy { $0.allSatisfy { $0.glyph == "█" } })
        // A wide image keeps its shape: 80×20 px into 40×20 cells gives 40 columns × 5 rows.
        let wide = AsciiArt.render(FloatImage(width: 80, height: 20, fill: 1), columns: 40, rows: 20, style: .halfBlocks)
        #expect(wide.map(\.count) == Array(repeating: 40, count: 5))
    }

    @Test func asciiRampAndHalfBlockShapes() throws {
        var img = FloatImage(width: 2, height: 2, fill: 0)
        img[0, 0] = 1
        let cells = AsciiArt.render(img, columns: 2, rows: 1, style: .halfBlocks)
        #expect(cells.map { $0.map(\.glyph) } == [["▀", " "]])
        #expect(AsciiArt.rampGlyph(0) == " ")
        #expect(AsciiArt.rampGlyph(1) == "@")
        let ascii = AsciiArt.render(FloatImage(width: 10, height: 10, fill: 0.5), columns: 10, rows: 10, style: .ascii)
        #expect(ascii.map(\.count) == Array(repeating: 10, count: 5), "one cell is one pixel wide and two tall")
        // Half brightness is the middle of the ramp " .:-=+*#%@".
        let asciiLines = AsciiArt.lines(ascii, style: .ascii, color: false)
        let glyph = try #require(asciiLines.first?.first)
        #expect(["=", "+"].contains(glyph))
        #expect(asciiLines == Array(repeating: String(repeating: glyph, count: 10), count: 5), "a uniform image is one glyph")
        let colourLine = try #require(AsciiArt.lines(cells, style: .halfBlocks, color: true).first)
        #expect(colourLine.contains("\u{1B}[38;5;231m"))
    }
}

/// What the preprocessing buys: the same model on the same files with a plain resize.
@Suite struct PlainResizeComparison {
    @Test(.requires(.shippedModel)) func preprocessingBeatsPlainResizeOnTheSamples() throws {
        let net = try ModelFile.load(try Requirement.shippedModel.path(), threads: 2).network
        let dir = Env.samples
        var plainRight = 0, ours = 0, singles = 0
        for f in Env.files(in: dir) {
            let truth = String(f.prefix { $0.isNumber })
            guard truth.count == 1 else { continue }
            singles += 1
            let img = try PNGDecoder.decode(file: dir + "/" + f)
            // The seed approach: resize the whole image to 28×28, invert if the paper is light.
            var plain = Resample.area(img.floats, toWidth: 28, height: 28)
            if Preprocess.borderMedian(img) > 127 { plain.pixels = plain.pixels.map { 1 - $0 } }
            if argmax(net.probabilities(pixels: plain.pixels)) == Int(truth) { plainRight += 1 }
            if Recognizer(network: net).recognize(image: img, name: f).prediction == truth { ours += 1 }
        }
        print("single-digit samples: preprocessing \(ours)/\(singles), plain resize \(plainRight)/\(singles)")
        #expect(ours > plainRight)
    }
}
