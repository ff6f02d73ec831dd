import Testing
@testable import DigitApp

/// The fine-tune's held-back part is of whole images (walkthrough, session 21: the digits of
/// one number image were split, so an image the gallery marked "learnt from" was scored as
/// held back, and a duplicate file could sit on both sides).
@Suite struct UserDigitsSplitTests {
    static func sample(_ label: UInt8, image: String, file: String, position: Int? = nil) -> UserDigits.Sample {
        UserDigits.Sample(pixels: Array(repeating: label, count: 784), label: label, image: image,
                          source: DigitSource(file: file, position: position))
    }

    @Test func numbersAndDuplicatesAreHeldBackWhole() {
        var samples: [UserDigits.Sample] = []
        // Six images of 4-digit numbers, four one-digit images of each of 3 and 7, and one file
        // twice (same bytes, so the same id).
        for n in 0..<6 {
            for (p, d) in [1, 2, 3, 4].enumerated() { samples.append(Self.sample(UInt8(d), image: "n\(n)", file: "1234_\(n).png", position: p)) }
        }
        for d in [3, 7] as [UInt8] {
            for k in 0..<4 { samples.append(Self.sample(d, image: "d\(d)\(k)", file: "\(d)_\(k).png")) }
        }
        samples.append(Self.sample(7, image: "d70", file: "7_0-copy.png"))
        for seed: UInt64 in 1...20 {
            let (train, held, learnt, sources) = UserDigits.split(samples, seed: seed)
            let trainFiles = Set(sources.train.map(\.file)), heldFiles = Set(sources.heldBack.map(\.file))
            #expect(trainFiles.isDisjoint(with: heldFiles), "seed \(seed): an image on both sides")
            #expect(train.count + held.count == samples.count)
            // Half of the numbers, half of each digit's one-digit images.
            #expect(sources.heldBack.filter { $0.position == 0 }.count == 3)
            #expect(held.labels.filter { $0 == 3 }.count == 3 + 2, "3 numbers' 3s and 2 of the four 3s")
            let twins = sources.train.filter { $0.file.hasPrefix("7_0") }.count + sources.heldBack.filter { $0.file.hasPrefix("7_0") }.count
            #expect(twins == 2 && (trainFiles.contains("7_0.png") == trainFiles.contains("7_0-copy.png")), "the same bytes stay together")
            #expect(learnt == Set(samples.filter { trainFiles.contains($0.source.file) }.map(\.image)))
        }
    }

    /// Walkthrough, session 25: a fine-tuned model fine-tuned again held back 7 images it had
    /// learnt from, so its "before" score was partly of its own training images. Those are
    /// learnt from again, never held back, and the rest is split as it would be without them.
    @Test func imagesTheStartingModelLearntAreNeverHeldBack() {
        var samples: [UserDigits.Sample] = []
        for d in [3, 7] as [UInt8] {
            for k in 0..<6 { samples.append(Self.sample(d, image: "d\(d)\(k)", file: "\(d)_\(k).png")) }
        }
        let before: Set<String> = ["d30", "d31", "d32", "d70"]
        for seed: UInt64 in 1...10 {
            let (train, held, learnt, sources) = UserDigits.split(samples, seed: seed, alreadyLearnt: before)
            let heldFiles = Set(sources.heldBack.map(\.file))
            #expect(!heldFiles.contains { ["3_0.png", "3_1.png", "3_2.png", "7_0.png"].contains($0) }, "seed \(seed): \(heldFiles)")
            #expect(learnt.isSuperset(of: before) && train.count + held.count == samples.count)
            // Of the others, half of each digit's, rounded down: one of three 3s, two of five 7s.
            #expect(held.labels.filter { $0 == 3 }.count == 1 && held.labels.filter { $0 == 7 }.count == 2, "seed \(seed): \(held.labels)")
            // The new images are split as they would be alone.
            let alone = UserDigits.split(samples.filter { !before.contains($0.image) }, seed: seed)
            #expect(Set(alone.3.heldBack.map(\.file)) == heldFiles, "seed \(seed)")
        }
    }

    /// Review: one image per digit and one number held nothing back (each group of one is
    /// learnt from); groups of one are pooled and alternate among themselves.
    @Test func imagesAloneInTheirGroupArePooled() {
        var samples = (0..<10).map { Self.sample(UInt8($0), image: "d\($0)", file: "\($0)_a.png") }
        for (p, d) in [1, 9, 0, 7].enumerated() { samples.append(Self.sample(UInt8(d), image: "n", file: "1907_row.png", position: p)) }
        let (train, held, _, sources) = UserDigits.split(samples, seed: 3)
        let heldImages = Set(sources.heldBack.map(\.file))
        #expect(heldImages.count == 5 && train.count + held.count == 14, "half of the 11 images, rounded down")
        #expect(Set(sources.train.map(\.file)).isDisjoint(with: heldImages))
        // Two copies of one file are one image: nothing to hold back.
        let twice = [Self.sample(4, image: "x", file: "4_a.png"), Self.sample(4, image: "x", file: "4_b.png")]
        #expect(UserDigits.split(twice, seed: 1).1.count == 0)
    }

    /// The gallery's check before its panel (`FineTuneReadiness`) says "ready" exactly when the
    /// use case's split holds something back (review, session 31: two copies of one image were
    /// two to the gallery and one to the split), over small folders of copies, learnt images,
    /// numbers and digits.
    @Test func readinessAgreesWithTheSplit() {
        // Each folder: (image id, label or a number, learnt before).
        let folders: [[(String, [UInt8], Bool)]] = [
            [("a", [3], false)],
            [("a", [3], false), ("a", [3], false)],
            [("a", [3], false), ("b", [3], false)],
            [("a", [3], false), ("b", [7], false)],
            [("a", [1, 2], false), ("b", [7], false)],
            [("a", [3], true), ("b", [7], false)],
            [("a", [3], true), ("b", [7], false), ("c", [7], false)],
            [("a", [3], true), ("b", [3], true)],
            [("a", [3], false), ("b", [3], false), ("b", [3], false), ("c", [1, 2], true)],
        ]
        for (n, folder) in folders.enumerated() {
            var samples: [UserDigits.Sample] = []
            for (k, (id, label, _)) in folder.enumerated() {
                for (p, d) in label.enumerated() {
                    samples.append(Self.sample(d, image: id, file: "\(k).png", position: label.count > 1 ? p : nil))
                }
            }
            let learnt = Set(folder.filter(\.2).map(\.0))
            let held = UserDigits.split(samples, seed: 7, alreadyLearnt: learnt).1
            let readiness = FineTuneReadiness.check(folder.map { .init(contentID: $0.0, failed: false) }, learnt: learnt)
            if case .ready = readiness { #expect(held.count > 0, "folder \(n)") } else { #expect(held.count == 0, "folder \(n): \(readiness)") }
        }
        #expect(FineTuneReadiness.check([], learnt: []) == .noLabelled)
        #expect(FineTuneReadiness.check([.init(contentID: "a", failed: true)], learnt: []) == .noneReadable(labelled: 1))
        // Not read yet: each counts as an image of its own; a failed one is passed over.
        #expect(FineTuneReadiness.check([.init(contentID: nil, failed: false), .init(contentID: nil, failed: false), .init(contentID: "c", failed: true)],
                                        learnt: []) == .ready(labelled: 2, unusable: 1, learntBefore: 0))
        #expect(FineTuneReadiness.check([.init(contentID: "a", failed: false), .init(contentID: "b", failed: false)], learnt: ["a"]) == .tooFew(learntBefore: 1))
        // Copies of one image labelled otherwise are all passed over, named (walkthrough, session 33).
        let two = [FineTuneReadiness.Image(contentID: "a", failed: false, label: "3", name: "3_a.png"),
                   .init(contentID: "a", failed: false, label: "8", name: "3_copy.png"),
                   .init(contentID: "b", failed: false, label: "7", name: "7.png"), .init(contentID: "c", failed: false, label: "1", name: "1.png")]
        #expect(FineTuneReadiness.check(two, learnt: []) == .ready(labelled: 2, unusable: 0, learntBefore: 0, conflicts: ["3_a.png (3)", "3_copy.png (8)"]))
        #expect(FineTuneReadiness.check(Array(two.prefix(3)), learnt: []) == .tooFew(learntBefore: 0, conflicts: ["3_a.png (3)", "3_copy.png (8)"]))
    }
}
