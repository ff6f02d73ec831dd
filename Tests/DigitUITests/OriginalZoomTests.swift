import DigitApp
import DigitImage
import Testing
@testable import DigitUI

/// Walkthrough, session 29: a phone photo whose digit fills a tenth of its side was a few cells
/// of grey in the gallery at 80×24. The original is drawn zoomed to the digits, `z` the whole.
@Suite struct OriginalZoomTests {
    /// A 600×600 sheet with one dark stroke of 8×60 px at (300, 270).
    static func smallDigit(on side: Int = 600) throws -> Recognition {
        var image = ByteImage(width: side, height: side, fill: 230)
        for y in 270..<330 { for x in 300..<308 { image[x, y] = 30 } }
        return Recognizer(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)).recognize(image: image, name: "1_far.png")
    }

    @Test func aSmallDigitIsShownCloseUpAndZTogglesTheWholePicture() throws {
        let r = try Self.smallDigit()
        let focus = try #require(OriginalZoom.focus(r), "a digit in a tenth of the side is zoomed to")
        let b = try #require(r.digits.first?.sample.box)
        #expect(focus.x <= b.x && focus.y <= b.y && focus.x + focus.width >= b.x + b.width && focus.y + focus.height >= b.y + b.height, "the digit is inside: \(focus) \(b)")
        #expect(focus.width * focus.height * 10 < 600 * 600, "a small part of the picture: \(focus)")
        // A digit that fills its picture is shown whole.
        var full = ByteImage(width: 40, height: 40, fill: 230)
        for y in 5..<35 { for x in 17..<23 { full[x, y] = 30 } }
        let filled = Recognizer(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)).recognize(image: full, name: "1_big.png")
        #expect(OriginalZoom.focus(filled) == nil)
        // z on it says there is nothing to zoom to, in words true of a row of small digits
        // across a wide strip too (walkthrough, session 35: "fill" said of tiny digits).
        let said = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: [filled.file]),
                         .recognized(index: 0, file: filled.file, .recognized(filled)), .key(.char("z"))).0.message ?? ""
        #expect(said.hasPrefix("The digits span most of this picture already"), "\(said)")
        // The gallery: zoomed by default, z shows the whole picture and says how to go back.
        var s = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: [r.file]), .recognized(index: 0, file: r.file, .recognized(r))).0
        let zoomed = render(s).text
        #expect(zoomed.contains("zoomed"), "\(zoomed)")
        // The stroke, drawn close up, takes more cells of the panel than drawn whole.
        let inkCells = { (t: String) in t.filter { "█▓▒▀▄".contains($0) }.count }
        (s, _) = apply(s, .key(.char("z")))
        let whole = render(s).text
        #expect(s.wholeOriginal && whole.contains("original (z") && !whole.contains("zoomed"), "\(whole)")
        (s, _) = apply(s, .key(.char("z")))
        #expect(!s.wholeOriginal && render(s).text.contains("zoomed"))
        #expect(inkCells(zoomed) > inkCells(whole), "\(inkCells(zoomed)) vs \(inkCells(whole))")
    }
}
