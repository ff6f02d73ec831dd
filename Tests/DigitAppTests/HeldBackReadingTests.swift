@testable import DigitApp
import DigitModel
import Foundation
import Testing
import TestSupport

/// README audit: fine-tuning read each labelled photo through one fixed segmentation (the
/// image as it is), where `predict` lets the model choose (inside a margin of paper too). So it
/// passed over photos `predict` reads right ("2 digits found") and scored its held-back digits
/// on crops the new model would not have chosen ("15/17 → 15/17" where predict read 14).
@Suite struct HeldBackReadingTests {
    static let python = Env.root + "/.build/test-venv/bin/python"
    static let tools = Requirement("numpy and Pillow in .build/test-venv (make test-venv)", at: python) { python in
        Requirement.isExecutable(python)
            && (try? ChildProcess.run([python, "-c", "import numpy, PIL"], timeout: 120))?.status == 0
    }

    /// Photo-like images of MNIST test digits (Tests/Photos/make_photos.py), 40 per condition,
    /// seed 7, in a temporary folder the caller removes.
    static func generatedPhotos() throws -> TempDir {
        let data = try Requirement.mnist.path(), python = try tools.path()
        let dir = try TempDir()
        let made = try ChildProcess.run([python, Env.root + "/Tests/Photos/make_photos.py", data, dir.path,
                                         "--per-condition", "40", "--seed", "7", "--skip", "phone_12mp"], timeout: 300)
        guard made.status == 0 else { dir.remove(); throw GenerationFailed(stderr: made.stderr) }
        return dir
    }

    struct GenerationFailed: Error, CustomStringConvertible {
        var stderr: String
        var description: String { "make_photos.py failed: \(stderr)" }
    }

    @Test(.requires(.mnist, .shippedModel, tools))
    func photosAreUsedAndScoredAsPredictReadsThem() throws {
        let dir = try Self.generatedPhotos()
        defer { dir.remove() }
        let folder = dir.file("everything")
        let shipped = try ModelFile.load(Env.shippedModel).network
        let digits = try UserDigits.load(folder: folder, holdBackSeed: 3, reader: shipped)
        // Every photo `predict` reads as one digit is used (the label says there is one).
        let recognizer = Recognizer(network: shipped)
        var readAsOne = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".jpg") || name.hasSuffix(".png") {
            guard let r = try? recognizer.recognize(file: folder + "/" + name), r.digits.count == 1 else { continue }
            readAsOne += 1
            #expect(!digits.skipped.contains { $0.hasPrefix(name + ":") }, "\(name) is read as one digit by predict, skipped: \(digits.skipped)")
        }
        #expect(readAsOne >= 30 && digits.filesUsed >= readAsOne, "\(readAsOne) read as one digit, \(digits.filesUsed) used")
        // The held-back digits are scored as predict reads their files, model by model.
        let other = try ModelFile.load(Env.root + "/saved_models/mlp.safetensors").network
        let read = HeldBackReading.predictions([shipped, other], digits)
        let reads = HeldBackReading.reads([shipped, other], digits)
        #expect(read.count == 2 && read.allSatisfy { $0.count == digits.heldBack.count })
        for (k, network) in [shipped, other].enumerated() {
            for (i, source) in digits.heldBackSources.enumerated() {
                let r = try? Recognizer(network: network).recognize(file: folder + "/" + source.file)
                let expected = r.flatMap { $0.digits.count == 1 ? $0.digits[0].label : nil } ?? HeldBackChanges.otherCount
                #expect(read[k][i] == expected, "\(source.file): \(read[k][i]), predict \(String(describing: r?.prediction))")
                // The probability of the right digit, as predict gives it (0 when not one digit).
                let right = Int(digits.heldBack.labels[i])
                let p = r.flatMap { $0.digits.count == 1 ? $0.digits[0].probabilities[right] : nil } ?? 0
                #expect(reads[k][i].rightProbability == p && reads[k][i].label == read[k][i], "\(source.file)")
            }
        }
    }
}
