import Testing
@testable import DigitImage

/// Transparency goes over white, except light ink on a clear canvas read to be recognised,
/// which goes over black: a white pen on a transparent layer came out white on white, "no
/// digit found" (walkthrough 35). Fixtures: Fixtures/make-png-fixtures.py.
@Suite struct TransparencyTests {
    static func decode(_ name: String) throws -> ByteImage { try ImageDecoder.decode(file: JPEGTestFiles.fixtures + "/" + name) }

    /// The PNG decoder itself keeps the shared corpus's policy: over white.
    @Test(arguments: ["light-7-on-clear.png", "light-7-on-clear-16-adam7.png"])
    func theDecoderAloneKeepsWhite(file: String) throws {
        let image = try PNGDecoder.decode(file: JPEGTestFiles.fixtures + "/" + file)
        #expect(image.pixels.allSatisfy { $0 == 255 }, "white on white")
    }

    @Test(arguments: ["light-7-on-clear.png", "light-7-on-clear-16-adam7.png"])
    func aLightDigitOnAClearCanvasGoesOverBlack(file: String) throws {
        let image = try Self.decode(file)
        #expect(image.pixels[0] == 0, "the clear canvas is black")
        #expect(image.pixels[26 * 96 + 50] == 255, "the bar stays white")
        #expect(DigitExtraction.extract(image).digits.count == 1)
    }

    @Test func aDarkDigitOnAClearCanvasStaysOnWhite() throws {
        let image = try Self.decode("dark-7-on-clear.png")
        #expect(image.pixels[0] == 255 && image.pixels[26 * 96 + 50] == 0)
    }

    @Test func aSheetWithClearMarginsStaysOnWhite() throws {
        let image = try Self.decode("sheet-with-clear-margins.png")
        #expect(image.pixels[0] == 255, "the clear margin is white")
        #expect(image.pixels[48 * 96 + 4] == 255 && image.pixels[48 * 96 + 20] < 255, "margin white, sheet gray")
    }
}
