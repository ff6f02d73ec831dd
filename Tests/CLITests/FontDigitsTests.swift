import Foundation
import Testing
import TestSupport

/// Digits in hands the model never trained on: 0-9 from Debian's handwriting fonts
/// (Tests/Photos/make_font_digits.py, seeded), as pen on paper and as bad photos of it, read by
/// `digitrec predict` against the labels in their names. Neither MNIST nor the stroke
/// generator of `--augment-extra styles` draws these hands, so this is the project's one
/// measure of other people's writing that nothing was tuned on. The floors are regression
/// guards under what this version reads; the table per hand is printed for the record.
@Suite struct FontDigitsTests {
    /// Every hand's font file (make_font_digits.py's list): with some missing the sums would
    /// not compare with the floors, so the test is skipped rather than run on fewer hands.
    static let fontFiles = [
        "truetype/fifthhorseman/dkg.ttf", "truetype/breip/Breip.ttf", "opentype/bwht/BecauseWeBuild-Regular.otf",
        "opentype/bwht/BecauseWeConnect-Regular.otf", "opentype/bwht/BecauseWeCreate-Regular.otf",
        "opentype/bwht/BecauseWeLearn-Regular.otf", "opentype/bwht/BecauseWeMentor-Regular.otf",
        "opentype/bwht/BecauseWeOrganize-Regular.otf", "truetype/humor-sans/Humor-Sans.ttf",
        "opentype/comic-neue/ComicNeue-Regular.otf", "truetype/klee/KleeOne-Regular.ttf", "truetype/kristi/Kristi.ttf",
        "opentype/kaushanscript/KaushanScript-Regular.otf", "opentype/dancingscript/DancingScript-Regular.otf",
    ].map { "/usr/share/fonts/" + $0 }
    static let fonts = Requirement("Debian's 14 handwriting fonts (make test installs them: FONT_PKGS)",
                                   at: fontFiles[0]) { _ in fontFiles.allSatisfy { FileManager.default.fileExists(atPath: $0) } }

    /// Clean / photographed → the least fraction read right over all hands. Measured with the
    /// shipped model (seed 7, 4 of each digit per hand, 14 hands): 553 / 560 and 546 / 560;
    /// Kristi's closed, heavy 4 read as 9 is most of the misses.
    static let floors: [(name: String, photo: Bool, floor: Double)] = [("clean", false, 0.96), ("photo", true, 0.93)]

    @Test(.requires(.shippedModel, PhotoConditionsTests.tools, fonts))
    func fontDigitsAreRead() throws {
        let python = try PhotoConditionsTests.tools.path()
        for set in Self.floors {
            let dir = try TempDir()
            defer { dir.remove() }
            let made = try ChildProcess.run([python, Env.root + "/Tests/Photos/make_font_digits.py", dir.path, "--per-digit", "4",
                                             "--seed", "7"] + (set.photo ? ["--photo"] : []), timeout: 300)
            try #require(made.status == 0, "\(made.stderr)")
            let hands = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            #expect(hands.count == Self.fontFiles.count, "\(hands.count) hands made: \(made.stderr)")
            var right = 0, total = 0, table: [String] = []
            for hand in hands {
                let r = try CLI.run(["predict", dir.file(hand)])
                let summary = try #require(r.stdout.split(separator: "\n").last { $0.contains("match the expected label") },
                                           "\(hand): \(r.stdout.suffix(300)) \(r.stderr.suffix(300))")
                let parts = summary.split(separator: " ").first?.split(separator: "/") ?? []
                let ok = try #require(parts.first.flatMap { Int($0) }, "\(summary)")
                // Every image counts, those with no digit found too (counted from the folder, not the summary).
                let images = try FileManager.default.contentsOfDirectory(atPath: dir.file(hand)).count
                right += ok
                total += images
                table.append("\(hand) \(ok)/\(images)")
            }
            print("font digits, \(set.name) (seed 7): \(right)/\(total) — " + table.joined(separator: ", "))
            #expect(total > 0 && Double(right) >= set.floor * Double(total), "\(set.name): \(right)/\(total) read right, the floor is \(set.floor)")
        }
    }
}
