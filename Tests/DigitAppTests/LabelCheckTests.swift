import DigitApp
import DigitModel
import Foundation
import Testing
import TestSupport

/// Labels to check before fine-tuning learns them (walkthrough: four 0s labelled 6 were learnt
/// and reported as "now right").
@Suite struct LabelCheckTests {
    @Test func aDigitLabelledAsAnotherIsNamedAndARightOneIsNot() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let three = Env.root + "/digits/3_font_white_on_black.png", seven = Env.root + "/digits/7_gray16.png"
        // Two 3s labelled 3, two labelled 6 (a slip of the key), two 7s labelled 7.
        for (source, name) in [(three, "3_a.png"), (three, "3_b.png"), (three, "6_slip_a.png"), (three, "6_slip_b.png"),
                               (seven, "7_a.png"), (seven, "7_b.png")] {
            // Copies differ by a trailing byte so they are six images, not three.
            var bytes = try Data(contentsOf: URL(fileURLWithPath: source))
            bytes.append(contentsOf: Array(name.utf8))
            try bytes.write(to: URL(fileURLWithPath: dir.file(name)))
        }
        let network = try ModelFile.load(Env.root + "/saved_models/default.safetensors").network
        let digits = try UserDigits.load(folder: dir.path, holdBackSeed: 1)
        let found = LabelCheck.doubtful(network, images: digits.train, sources: digits.trainSources)
            + LabelCheck.doubtful(network, images: digits.heldBack, sources: digits.heldBackSources)
        #expect(found.map(\.source.file).sorted() == ["6_slip_a.png", "6_slip_b.png"], "\(found)")
        #expect(found.allSatisfy { $0.label == 6 && $0.read == 3 && $0.confidence >= LabelCheck.confidence })
    }

    @Test func theWarningNamesFilesWhatTheyAreLabelledAndRead() {
        let d = (0..<8).map { DoubtfulLabel(source: DigitSource(file: "0_h\($0).png"), label: 6, read: 0, confidence: 0.999) }
        #expect(LabelCheck.warning([]) == nil)
        #expect(LabelCheck.warning(Array(d.prefix(1)))
                == "check 1 label: the model you start from reads it as another digit at 99% or more: 0_h0.png (labelled 6, read 0)")
        let many = LabelCheck.warning(d) ?? ""
        #expect(many.hasPrefix("check 8 labels: the model you start from reads them as another digit at 99% or more: 0_h0.png (labelled 6, read 0), "))
        #expect(many.hasSuffix("0_h5.png (labelled 6, read 0), and 2 more"))
        #expect(LabelCheck.line(d, names: 1) == "Check 8 labels: 0_h0.png (labelled 6, read 0), +7 more")
        #expect(LabelCheck.line(d, names: 0) == "Check 8 labels (the model you start from reads them as other digits at 99%+)")
        let one = [DoubtfulLabel(source: DigitSource(file: "42.png", position: 1), label: 2, read: 7, confidence: 1)]
        #expect(LabelCheck.line(one, names: 3) == "Check 1 label: 42.png, digit 2 (labelled 2, read 7)")
    }
}
