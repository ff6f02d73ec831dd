import DigitApp
import DigitImage
import Foundation
import Testing

/// A fresh folder under /tmp, removed at the end of the test.
final class TempFolder {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "digitrec-apptest-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

@Suite struct LabelTests {
    @Test func fileNameConvention() {
        #expect(ImageLabels.fromFileName("5283_row.png") == "5283")
        #expect(ImageLabels.fromFileName("3.png") == "3")
        #expect(ImageLabels.fromFileName("07_x.jpg") == "07")
        #expect(ImageLabels.fromFileName("scan.png") == nil)
        #expect(ImageLabels.fromFileName("12abc.png") == nil)
        #expect(ImageLabels.fromFileName("٣_arabic.png") == nil, "only ASCII digits")
    }

    @Test func labelsFileWinsAndRoundTripsAwkwardNames() throws {
        let dir = try TempFolder()
        var labels = try ImageLabels.load(folder: dir.path)
        #expect(labels.table.isEmpty, "no labels.csv: an empty table, not an error")
        try labels.set("9", for: dir.file("3_photo.png"))
        try labels.set("42", for: dir.file("a, \"quoted\" name.png"))
        let text = try String(contentsOfFile: dir.file("labels.csv"), encoding: .utf8)
        #expect(text == "file,label\n3_photo.png,9\n\"a, \"\"quoted\"\" name.png\",42\n")
        let again = try ImageLabels.load(folder: dir.path)
        #expect(again.expected(for: dir.file("3_photo.png")) == "9", "the labels file wins over the name")
        #expect(again.expected(for: dir.file("a, \"quoted\" name.png")) == "42")
        #expect(again.expected(for: dir.file("5_other.png")) == "5", "the name is the default")
        try labels.set(nil, for: dir.file("3_photo.png"))
        #expect(try ImageLabels.load(folder: dir.path).expected(for: dir.file("3_photo.png")) == "3")
    }

    @Test func damagedLabelsFileIsAnError() throws {
        let dir = try TempFolder()
        try "name;label\nx.png;3\n".write(toFile: dir.file("labels.csv"), atomically: true, encoding: .utf8)
        #expect(throws: AppError.self) { try ImageLabels.load(folder: dir.path) }
    }
}

@Suite struct FineTuneTests {
    /// Boxy and continental pen digits, `perDigit` of each, written as labelled PNGs.
    static func styleFolder(_ dir: TempFolder, perDigit: Int, seed: UInt64) throws {
        for digit in 0..<10 {
            for k in 0..<perDigit {
                let style: StrokeDigits.Style = k % 2 == 0 ? .boxy : .continental
                try PNGEncoder.write(StrokeDigits.render(digit, style: style, penWidth: 5 + Float(k % 3) * 2, seed: seed &+ UInt64(k)),
                                     to: dir.file("\(digit)_\(style.rawValue)_\(k).png"))
            }
        }
    }

    @Test func pngEncoderRoundTrips() throws {
        let image = StrokeDigits.render(8, style: .boxy, size: 40, seed: 3)
        #expect(try PNGDecoder.decode(PNGEncoder.encode(image), name: "mem") == image)
    }

    @Test func tooFewLabelledDigitsAreRefusedWithHowMany() throws {
        let dir = try TempFolder()
        try PNGEncoder.write(StrokeDigits.render(3, style: .boxy, seed: 1), to: dir.file("3_only.png"))
        let request = FineTuneRequest(model: MNISTRequirement.root + "/saved_models/mlp.safetensors", images: dir.path)
        do {
            _ = try FineTuning.run(request)
            Issue.record("one labelled digit cannot be split into learn and check")
        } catch let error as AppError {
            #expect("\(error)".contains("Found 1 labelled digit."))
        }
    }

    /// The direction, on a writer's style the shipped model misreads: held-back accuracy goes
    /// up, MNIST accuracy drops by at most 0.3 points (the issue's bound is 0.2 with more epochs).
    @Test(.enabled(if: MNISTRequirement.met, "needs MNIST in $DIGITREC_DATA"))
    func fineTuningOnAWritersStyleHelpsOnItsHeldBackDigits() throws {
        let dir = try TempFolder()
        try Self.styleFolder(dir, perDigit: 4, seed: 11)
        var request = FineTuneRequest(model: MNISTRequirement.root + "/saved_models/default.safetensors", images: dir.path)
        request.dataFolder = MNISTRequirement.folder
        let outcome = try FineTuning.run(request)
        print("fine-tune: held back \(outcome.heldBackBefore) → \(outcome.heldBackAfter), MNIST \(outcome.mnistBefore) → \(outcome.mnistAfter)")
        #expect(outcome.digits.train.count == 20 && outcome.digits.heldBack.count == 20)
        #expect(outcome.heldBackBefore < 0.95, "the fixture is a style the shipped model gets wrong")
        #expect(outcome.heldBackAfter >= outcome.heldBackBefore + 0.1)
        #expect(outcome.mnistAfter >= outcome.mnistBefore - 0.003)
        #expect(outcome.metadata["parent"] == "default" && outcome.metadata["finetune_heldback_digits"] == "20")
    }
}
