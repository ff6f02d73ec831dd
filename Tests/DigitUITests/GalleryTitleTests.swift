import DigitApp
import Testing
@testable import DigitUI

/// From the new-user walk: at 80 columns a fine-tuned model's score with the reading progress
/// ("1/2 correct · learnt from 2/2, reading 3/25…") left 32 columns for the image's line, which
/// was cut mid-name ("Image 1/25: june/20261202_101500"). Pieces now go whole, the least telling first.
@Suite struct GalleryTitleTests {
    static let shown = "digits/june/20261202_101500_a.png"

    func gallery(width: Int) throws -> AppState {
        let files = [Self.shown] + (1..<25).map { "digits/\($0 % 10)_n\($0).png" }
        let r = try GalleryFixture.recognition(Self.shown, labels: [4], confidence: [0.99])
        return apply(fresh(width: width, height: width > 100 ? 50 : 24),
                     .modelLoaded(name: "saved_models/default-tuned.safetensors", learnt: LearntImages(ids: ["00000000000000b2", "00000000000000b3"])),
                     .folderScanned(files: files),
                     .read(index: 1, file: files[1], Reading(prediction: "1", leastConfidence: 0.99, contentID: "00000000000000a1")),
                     .read(index: 2, file: files[2], Reading(prediction: "9", leastConfidence: 0.99, contentID: "00000000000000a2")),
                     .read(index: 3, file: files[3], Reading(prediction: "3", leastConfidence: 0.99, contentID: "00000000000000b2")),
                     .read(index: 4, file: files[4], Reading(prediction: "4", leastConfidence: 0.99, contentID: "00000000000000b3")),
                     .recognized(index: 0, file: Self.shown, .recognized(r))).0
    }

    @Test func eightyColumnsKeepTheWholeNameAndScore() throws {
        let row = render(try gallery(width: 80)).text.split(separator: "\n", omittingEmptySubsequences: false)[1]
        #expect(row.contains("Image 1/25: june/20261202_101500_a.png"), "the name whole: \(row)")
        #expect(row.contains("1/2 correct · learnt from 2/2 so far"), "the score whole, and partial: \(row)")
        #expect(!row.contains("×") || row.contains("40×40 image"), "a detail shown whole or not at all: \(row)")
        #expect(!row.contains("KiB") || row.contains("2.3 KiB"), "a detail shown whole or not at all: \(row)")
    }

    @Test func oneHundredSixtyColumnsShowEverything() throws {
        let row = render(try gallery(width: 160)).text.split(separator: "\n", omittingEmptySubsequences: false)[1]
        #expect(row.contains("Image 1/25: june/20261202_101500_a.png  40×40 image, 2.3 KiB"), "\(row)")
        #expect(row.contains("1/2 correct · learnt from 2/2, reading 5/25…"), "\(row)")
    }

    @Test func piecesGoLeastTellingFirst() {
        let t = GalleryTitle(position: "Image 12/25", name: "june/0012491_241.png", details: ["235×235 PNG", "26.7 KiB"], learnt: true,
                             score: "7/9 correct · learnt from 12/12", progress: "reading 3/25…")
        #expect(t.fitted(width: 120, unicode: true) == ("Image 12/25: june/0012491_241.png  235×235 PNG, 26.7 KiB, learnt from", "7/9 correct · learnt from 12/12, reading 3/25…"))
        // Without the progress ("so far" instead), the name still does not fit whole: shortened in the middle.
        let cut = t.fitted(width: 78, unicode: true)
        #expect(cut.right == "7/9 correct · learnt from 12/12 so far" && cut.left.hasPrefix("Image 12/25: june/") && cut.left.contains("…")
                && TextWidth.of(cut.left) + 2 + TextWidth.of(cut.right) <= 78, "\(cut)")
        #expect(t.fitted(width: 90, unicode: true) == ("Image 12/25: june/0012491_241.png  learnt from", "7/9 correct · learnt from 12/12 so far"))
        let narrow = t.fitted(width: 60, unicode: false)
        #expect(TextWidth.of(narrow.left) + 2 + TextWidth.of(narrow.right) <= 60, "\(narrow)")
        // Too narrow for the tag beside a shortened name: the tag goes whole, never "le".
        let long = GalleryTitle(position: "Image 49/50", name: "scan_0042.png", learnt: true,
                                score: "18/23 correct · learnt from 12/12 · 3 relabelled", progress: nil)
        let fitted = long.fitted(width: 80, unicode: true)
        #expect(fitted.left == "Image 49/50: scan_0042.png", "\(fitted)")
        #expect(GalleryTitle.middle("june/20261202_101500.png", width: 15, unicode: true) == "june/20…500.png")
        #expect(GalleryTitle.middle("short.png", width: 15, unicode: true) == "short.png")
    }
}
