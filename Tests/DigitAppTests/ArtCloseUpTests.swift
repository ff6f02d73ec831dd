import Testing
@testable import DigitApp
@testable import DigitImage
import DigitModel

/// Walkthrough, session 35: `predict --art` drew a phone photo whole, its digit a few cells of
/// a 72-column picture. Where the digits are a small part of the picture it is drawn close up
/// on them (the gallery's close-up), and says so.
@Suite struct ArtCloseUpTests {
    static func recognize(_ image: ByteImage, _ name: String) throws -> Recognition {
        Recognizer(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)).recognize(image: image, name: name)
    }

    @Test func aSmallDigitIsDrawnCloseUp() throws {
        var photo = ByteImage(width: 600, height: 600, fill: 230)
        for y in 270..<330 { for x in 300..<308 { photo[x, y] = 30 } }
        let small = try Self.recognize(photo, "1_far.png")
        let region = try #require(small.closeUp)
        let art = ArtReport.text(small, style: .ascii, color: false)
        #expect(art.contains("close up on the digits: \(region.width)x\(region.height) px at (\(region.x), \(region.y))"), "\(art)")
        // The stroke takes more cells drawn close up than it would whole: at least a few rows.
        let picture = art.split(separator: "\n").prefix { !$0.hasPrefix("digit 1") }
        let inkRows = picture.filter { $0.contains("#") || $0.contains("@") || $0.contains("%") }.count
        #expect(inkRows >= 8, "the 60-px stroke spans rows of the close-up: \(inkRows)\n\(art)")
        // At 30 columns the close-up's line is cut to fit like every other (review).
        let narrow = ArtReport.text(small, style: .ascii, color: false, width: 30)
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 30 }, "\(narrow)")
        // A digit that fills its picture is drawn whole, with no such line.
        var drawing = ByteImage(width: 40, height: 40, fill: 230)
        for y in 5..<35 { for x in 17..<23 { drawing[x, y] = 30 } }
        let big = try Self.recognize(drawing, "1_big.png")
        #expect(big.closeUp == nil && !ArtReport.text(big, style: .ascii, color: false).contains("close up"))
    }
}
