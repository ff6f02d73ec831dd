import DigitApp
import DigitImage
import DigitModel
import Testing
import TestSupport
@testable import DigitUI

/// Walkthrough, session 25: a page with no digit on it showed only "Cannot use this file: …:
/// no digit found", no picture, so nobody could tell a blank page from ink too faint to find.
/// The gallery shows the picture; the file list and the score count it as before (not read).
@Suite struct BlankPictureTests {
    @Test func aBlankPageIsShownAndCountedAsNotRead() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = dir.file("5_blank.png")
        try PNGEncoder.write(ByteImage(width: 60, height: 80, fill: 230), to: file)
        let recognizer = Recognizer(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1))
        #expect(throws: ImageError.noDigit(file: file)) { try recognizer.recognize(file: file) }
        let r = try recognizer.recognizeShowingBlank(file: file)
        #expect(r.digits.isEmpty && r.original.width == 60)

        let s = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: [file]), .recognized(index: 0, file: file, .recognized(r))).0
        let text = render(s).text
        #expect(text.contains("original") && text.contains("no digit found") && text.contains("✗ expected 5"), "\(text)")
        #expect(!text.contains("Cannot use this file"))
        #expect(s.readings.first??.error?.hasSuffix("no digit found") == true, "the score leaves it out, as before")
        let failed = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: [file]),
                           .recognized(index: 0, file: file, .failed("\(ImageError.noDigit(file: file))"))).0
        #expect((s.tally.right, s.tally.total) == (failed.tally.right, failed.tally.total) && s.tally.total == 1, "a miss, as it was")
    }
}
