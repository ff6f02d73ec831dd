import DigitApp
import DigitImage
import Foundation
import Support
import Testing
import TestSupport

@Suite struct LabelTests {
    @Test func fileNameConvention() {
        #expect(ImageLabels.fromFileName("5283_row.png") == "5283")
        #expect(ImageLabels.fromFileName("3.png") == "3")
        #expect(ImageLabels.fromFileName("07_x.jpg") == "07")
        #expect(ImageLabels.fromFileName("scan.png") == nil)
        #expect(ImageLabels.fromFileName("12abc.png") == nil)
        #expect(ImageLabels.fromFileName("٣_arabic.png") == nil, "only ASCII digits")
        // A phone camera's time stamp is not a label; numbers that only look a little like one are.
        #expect(ImageLabels.fromFileName("20261202_101500.jpg") == nil)
        #expect(ImageLabels.fromFileName("20261202_101500_HDR.jpg") == nil)
        #expect(ImageLabels.fromFileName("20261202101500.jpg") == nil)
        #expect(ImageLabels.fromFileName("20261202_101500123.jpg") == nil)
        #expect(ImageLabels.fromFileName("20261202_pen.png") == "20261202")
        #expect(ImageLabels.fromFileName("12345678_101500.png") == "12345678", "no month 56")
        #expect(ImageLabels.fromFileName("20261202.png") == "20261202")
    }

    @Test func labelsFileWinsAndRoundTripsAwkwardNames() throws {
        let dir = try TempDir()
        defer { dir.remove() }
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
        #expect(try ImageLabels.load(folder: dir.path).expected(for: dir.file("3_photo.png")) == nil, "cleared, not the name's 3")
        // Typing the name's label back gives it again.
        try labels.set("3", for: dir.file("3_photo.png"))
        #expect(try ImageLabels.load(folder: dir.path).expected(for: dir.file("3_photo.png")) == "3")
    }

    /// Walkthrough: a name that is not UTF-8 was written into labels.csv as the private-use
    /// scalar that carries its byte inside the program. The file now holds the name's own
    /// bytes, and reading it back finds the image (listed from the folder) again.
    @Test func aNameThatIsNotUTF8IsWrittenAsItsBytes() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let raw: [UInt8] = Array("7_caf".utf8) + [0xE9] + Array(".png".utf8)
        let name = Path.decode(bytes: raw)
        let listed = Path.join(dir.path, name)
        var labels = try ImageLabels.load(folder: dir.path)
        try labels.set("1", for: listed)
        let bytes = try ImageDecoder.readFile(dir.file("labels.csv"))
        #expect(bytes == Array("file,label\n".utf8) + raw + Array(",1\n".utf8), "\(bytes)")
        #expect(try ImageLabels.load(folder: dir.path).expected(for: listed) == "1")
    }

    @Test func damagedLabelsFileIsAnError() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try "name;label\nx.png;3\n".write(toFile: dir.file("labels.csv"), atomically: true, encoding: .utf8)
        #expect(throws: AppError.self) { try ImageLabels.load(folder: dir.path) }
    }
}

@Suite struct FineTuneTests {
    /// Boxy and continental pen digits, `perDigit` of each, written as labelled PNGs.
    static func styleFolder(_ dir: TempDir, perDigit: Int, seed: UInt64, reversed: Set<Int> = []) throws {
        for digit in 0..<10 {
            for k in 0..<perDigit {
                let style: StrokeDigits.Style = k % 2 == 0 ? .boxy : .continental
                var image = StrokeDigits.render(digit, style: style, penWidth: 5 + Float(k % 3) * 2, seed: seed &+ UInt64(k))
                if reversed.contains(digit) { image = image.oriented(.flipHorizontal) }
                try PNGEncoder.write(image, to: dir.file("\(digit)_\(style.rawValue)_\(k).png"))
            }
        }
    }

    /// The shipped model learnt the boxy and continental styles (its card): this writer also
    /// writes 3, 7 and 9 backwards, as children often do, which no training image shows. The
    /// request fine-tunes the shipped model on them in `dir`, with MNIST.
    static func backwardsWriter(_ dir: TempDir) throws -> FineTuneRequest {
        let data = try Requirement.mnist.path()
        try styleFolder(dir, perDigit: 4, seed: 11, reversed: [3, 7, 9])
        var request = FineTuneRequest(model: Env.root + "/saved_models/default.safetensors", images: dir.path)
        request.dataFolder = data
        return request
    }

    /// Walkthrough (session 23): a fine-tune stopped with Ctrl-C in its 4th epoch cost MNIST 21
    /// images, shown in red, but offered no halfway average (only a finished run did). A
    /// learning rate four times the default makes the cost certain, not a matter of the fixture.
    @Test(.requires(.mnist))
    func aCancelledFineTuneThatCostMNISTOffersTheHalfwayAverage() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var request = try Self.backwardsWriter(dir)
        request.learningRate = 0.002
        let cancel = CancelFlag()
        let outcome = try FineTuning.run(request, cancel: cancel) { event in
            if case .training(.epochStarted(epoch: let e, epochs: _)) = event, e >= 3 { cancel.cancel() }
        }
        print("cancelled fine-tune: \(outcome.epochs.count) epochs, MNIST \(outcome.mnistBefore) → \(outcome.mnistAfter)")
        #expect(outcome.cancelled)
        try #require(outcome.mnistAfter < outcome.mnistBefore - 0.001, "the fixture must cost MNIST over 10 images")
        let halfway = try #require(outcome.halfway, "cancelled, MNIST \(outcome.mnistBefore) → \(outcome.mnistAfter)")
        #expect(halfway.mnist > outcome.mnistAfter)
    }

    @Test func pngEncoderRoundTrips() throws {
        let image = StrokeDigits.render(8, style: .boxy, size: 40, seed: 3)
        #expect(try PNGDecoder.decode(PNGEncoder.encode(image), name: "mem") == image)
    }

    /// Walkthrough: a damaged file was named with its folder ("my/4_bad.png: …") beside
    /// "IMG_1.png: no label"; every skipped file is named below the folder.
    @Test func skippedFilesAreNamedAlike() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try PNGEncoder.write(StrokeDigits.render(3, style: .boxy, seed: 1), to: dir.file("3_a.png"))
        try PNGEncoder.write(StrokeDigits.render(5, style: .boxy, seed: 2), to: dir.file("IMG_1.png"))
        try Data("not an image at all".utf8).write(to: URL(fileURLWithPath: dir.file("4_bad.png")))
        let digits = try UserDigits.load(folder: dir.path, holdBackSeed: 1)
        #expect(digits.skipped.contains { $0.hasPrefix("4_bad.png: ") }, "\(digits.skipped)")
        #expect(digits.skipped.contains { $0.hasPrefix("IMG_1.png: ") }, "\(digits.skipped)")
        #expect(!digits.skipped.contains { $0.contains(dir.path) }, "\(digits.skipped)")
    }

    /// Walkthrough, session 32: two copies of one photo were learnt or held back as two images,
    /// so one wrong photo counted as two wrong digits. A copy is passed over, named with the
    /// file it copies, and two copies alone are too few.
    @Test func aCopyOfAnImageCountsOnce() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try PNGEncoder.write(StrokeDigits.render(3, style: .boxy, seed: 1), to: dir.file("3_a.png"))
        try FileManager.default.copyItem(atPath: dir.file("3_a.png"), toPath: dir.file("3_b.png"))
        try PNGEncoder.write(StrokeDigits.render(7, style: .boxy, seed: 2), to: dir.file("7_a.png"))
        let digits = try UserDigits.load(folder: dir.path, holdBackSeed: 1)
        #expect(digits.filesUsed == 2 && digits.train.count + digits.heldBack.count == 2, "\(digits.skipped)")
        #expect(digits.skipped == ["3_b.png: the same image as 3_a.png (a copy counts once)"], "\(digits.skipped)")
        // Walkthrough, session 33: a copy labelled otherwise had the label of the file sorted
        // first learnt, the wrong one. One image with two labels: none of its copies is learnt.
        try FileManager.default.copyItem(atPath: dir.file("3_a.png"), toPath: dir.file("8_d.png"))
        let conflict = try UserDigits.load(folder: dir.path, holdBackSeed: 1)
        #expect(conflict.filesUsed == 1 && conflict.skipped.count == 3, "\(conflict.skipped)")
        #expect(conflict.skipped.contains("3_a.png: labelled 3, but the same image as 8_d.png (labelled 8): passed over until one label is fixed"),
                "\(conflict.skipped)")
        #expect(conflict.skipped.contains("8_d.png: labelled 8, but the same image as 3_a.png (labelled 3), 3_b.png (labelled 3): passed over until one label is fixed"),
                "\(conflict.skipped)")
        for extra in ["7_a.png", "8_d.png"] { try FileManager.default.removeItem(atPath: dir.file(extra)) }
        do {
            _ = try FineTuning.run(FineTuneRequest(model: Env.root + "/saved_models/mlp.safetensors", images: dir.path))
            Issue.record("two copies of one image cannot be split into learn and check")
        } catch let error as AppError {
            #expect("\(error)".contains("Found 1 labelled image to use.") && "\(error)".contains("3_b.png: the same image as 3_a.png"), "\(error)")
        }
    }

    @Test func tooFewLabelledDigitsAreRefusedWithHowMany() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try PNGEncoder.write(StrokeDigits.render(3, style: .boxy, seed: 1), to: dir.file("3_only.png"))
        let request = FineTuneRequest(model: Env.root + "/saved_models/mlp.safetensors", images: dir.path)
        do {
            _ = try FineTuning.run(request)
            Issue.record("one labelled digit cannot be split into learn and check")
        } catch let error as AppError {
            #expect("\(error)".contains("Found 1 labelled image to use."))
        }
    }

    /// The direction, on a writer's style the shipped model misreads: held-back accuracy goes
    /// up, MNIST accuracy drops by at most 0.3 points (the issue's bound is 0.2 with more epochs).
    @Test(.requires(.mnist))
    func fineTuningOnAWritersStyleHelpsOnItsHeldBackDigits() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let request = try Self.backwardsWriter(dir)
        let outcome = try FineTuning.run(request)
        print("fine-tune: held back \(outcome.heldBackBefore) → \(outcome.heldBackAfter), MNIST \(outcome.mnistBefore) → \(outcome.mnistAfter)")
        #expect(outcome.digits.train.count == 20 && outcome.digits.heldBack.count == 20)
        #expect(outcome.heldBackBefore < 0.95, "the fixture is a style the shipped model gets wrong")
        #expect(outcome.heldBackAfter >= outcome.heldBackBefore + 0.1)
        // Surer of the right digits too, and no surer than the digits it reads right allow.
        #expect(outcome.heldBackConfidenceAfter > outcome.heldBackConfidenceBefore + 0.05, "\(outcome.heldBackConfidenceBefore) → \(outcome.heldBackConfidenceAfter)")
        #expect(outcome.heldBackConfidenceBefore <= outcome.heldBackBefore + 0.5 * (1 - outcome.heldBackBefore))
        #expect(outcome.mnistAfter >= outcome.mnistBefore - 0.003)
        // MNIST fell: the halfway average was measured, and it gives MNIST points back.
        let halfway = try #require(outcome.halfway, "MNIST \(outcome.mnistBefore) → \(outcome.mnistAfter)")
        #expect(halfway.mnist > outcome.mnistAfter && (0...1).contains(halfway.heldBack))
        // The average itself, for the results screen to save instead: its figures are the ones
        // measured, its file says what it is, and its changed digits agree with its accuracy.
        let model = try #require(outcome.halfwayModel)
        #expect(model.mnistMetrics.accuracy == halfway.mnist && model.metadata["test_accuracy"] == String(halfway.mnist))
        #expect(model.metadata["note"]?.hasPrefix("the halfway average of default and its fine-tune") == true)
        #expect(LearntImages(metadata: model.metadata).ids == outcome.digits.learnt)
        let hc = model.changes
        #expect(Double(hc.nowRight.count - hc.nowWrong.count) == ((halfway.heldBack - outcome.heldBackBefore) * Double(outcome.digits.heldBack.count)).rounded())
        #expect(outcome.metadata["parent"] == "default" && outcome.metadata["finetune_heldback_digits"] == "20")
        // The model records the 20 images it learnt from (one digit each), by content.
        #expect(LearntImages(metadata: outcome.metadata).ids == outcome.digits.learnt && outcome.digits.learnt.count == 20)
        // The digits it now reads right, now wrong and still misses: as many as the counts say,
        // each named by a held-back file whose name carries its label.
        let c = outcome.changes, n = Double(outcome.digits.heldBack.count)
        #expect(Double(c.nowRight.count - c.nowWrong.count) == ((outcome.heldBackAfter - outcome.heldBackBefore) * n).rounded())
        #expect(Double(c.nowRight.count + c.stillWrong.count) == ((1 - outcome.heldBackBefore) * n).rounded())
        #expect(!c.nowRight.isEmpty)
        for d in c.nowRight + c.nowWrong + c.stillWrong {
            #expect(d.source.file.hasPrefix("\(d.expected)_") && d.source.position == nil, "\(d)")
            #expect(FileManager.default.fileExists(atPath: dir.file(d.source.file)))
        }
        #expect(c.nowRight.allSatisfy { $0.after == $0.expected && $0.before != $0.expected })
    }

    /// From the walkthrough: after fine-tuning, the gallery's score counted the images the model
    /// had just learnt from. UserDigits says which images have a digit in the training part, by
    /// content: exactly those, one per single-digit image in it, none of the held-back ones.
    @Test func theImagesLearntFromAreKnownByContent() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.styleFolder(dir, perDigit: 3, seed: 5)
        let digits = try UserDigits.load(folder: dir.path, holdBackSeed: 1)
        let ids = try dir.names().filter { $0.hasSuffix(".png") }.map { LearntImages.id(of: try ImageDecoder.readFile(dir.file($0))) }
        #expect(digits.train.count == 20 && digits.heldBack.count == 10)
        #expect(digits.learnt.count == 20 && digits.learnt.isSubset(of: Set(ids)))
        // Each held-back digit is named by its file, in the held-back order: the label in the name.
        #expect(digits.heldBackSources.count == 10)
        for (source, label) in zip(digits.heldBackSources, digits.heldBack.labels) {
            #expect(source.file.hasPrefix("\(label)_") && source.position == nil, "\(source) \(label)")
        }
        #expect(Set(digits.heldBackSources.map(\.file)).count == 10)
        // Written into a model's metadata and read back.
        let learnt = LearntImages(ids: digits.learnt)
        #expect(LearntImages(metadata: [LearntImages.metadataKey: learnt.metadataValue]) == learnt)
        #expect(LearntImages(metadata: [LearntImages.metadataKey: "not-an-id,,0123456789abcdef"]).ids == ["0123456789abcdef"])
    }

    /// Walkthrough, session 25: fine-tuning a fine-tuned model held back images it had learnt
    /// from. Read from a folder, the parent's images go to the learning side, counted.
    @Test func imagesTheParentLearntAreLearntAgainFromAFolder() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.styleFolder(dir, perDigit: 3, seed: 5)
        let first = try UserDigits.load(folder: dir.path, holdBackSeed: 1)
        let again = try UserDigits.load(folder: dir.path, holdBackSeed: 1, alreadyLearnt: first.learnt)
        #expect(again.learntBefore == 20 && again.learnt.isSuperset(of: first.learnt))
        // Only the 10 images the parent did not learn are split: 5 held back.
        #expect(again.heldBack.count == 5 && again.train.count == 25, "\(again.heldBack.count) held back")
        #expect(Set(again.heldBackSources.map(\.file)).isSubset(of: Set(first.heldBackSources.map(\.file))))
        // Nothing new enough to hold back: the refusal says why.
        let message = "\(AppError.tooFewLabelled(found: 30, skipped: [], learntBefore: 30))"
        #expect(message.contains("30 images the model learnt from already cannot be held back"), "\(message)")
    }
}
