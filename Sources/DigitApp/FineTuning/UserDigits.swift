import DigitImage
import DigitModel
import Support

/// A person's own labelled digits, read from a folder through the same pipeline as `predict`
/// (decode → clean → segment → 28×28), split into the part fine-tuning learns from and a
/// stratified part held back to check it on.
public struct UserDigits: Sendable {
    public var train: LabelledImages
    public var heldBack: LabelledImages
    /// Images with a label that were used, and files passed over with the reason.
    public var filesUsed: Int
    public var skipped: [String]
    /// SHA-256 over the used files' names, bytes and labels (stored in the fine-tuned model).
    public var checksum: String
    /// The images with at least one digit in `train` (by content, `LearntImages.id`): the
    /// model learns from them, so a score over the folder counts them apart.
    public var learnt: Set<String> = []
    /// Of the images used, those the starting model learnt from already: learnt again.
    public var learntBefore = 0
    /// Where each held-back digit came from, in `heldBack`'s order: what a report names when
    /// fine-tuning changed how it is read.
    public var heldBackSources: [DigitSource] = []
    /// The same for `train`.
    public var trainSources: [DigitSource] = []
    /// The files used, by name: where fine-tuning reads the held-back ones again with each
    /// model (`HeldBackReading`).
    var files: [String: LabelledFiles.File] = [:]

    /// Reads every labelled image of `folder`. An image of a number ("42_…png") gives one
    /// sample per digit when it segments into as many digits as its label has.
    /// The most digits one fine-tuning reads (each is copied `copies` times per epoch).
    public static let maxDigits = 5_000

    /// `reader` (the model fine-tuning starts from) chooses among the segmentations with as
    /// many digits as the label, as `predict` chooses among all: the label says how many digits
    /// there are, so a photo that also segments into a shadow and a digit is still used.
    /// `alreadyLearnt`: the images the starting model learnt from (`LearntImages`): learnt from
    /// again, never held back.
    public static func load(folder: String, holdBackSeed seed: UInt64, reader: Network? = nil,
                            alreadyLearnt: Set<String> = []) throws -> UserDigits {
        let labelled = try LabelledFiles.scan(folder)
        var samples: [Sample] = []
        var skipped = labelled.skipped, used = 0, files: [String: LabelledFiles.File] = [:]
        var hasher = SHA256()
        let recognizer = reader.map(Recognizer.init(network:))
        // Files with the same bytes are one image: learnt or held back once, not weighed twice
        // (walkthrough, session 32: two copies of one photo were two wrong digits held back).
        var firstUsed: [String: (name: String, label: String)] = [:]
        let isDigits = { (label: String) in !label.isEmpty && label.allSatisfy { $0.isASCII && $0.isNumber } }
        let conflicts = conflictingCopies(labelled.files.filter { isDigits($0.label) })
        for entry in labelled.files {
            let (file, name, label) = (entry.path, entry.name, entry.label)
            guard isDigits(label) else {
                skipped.append("\(Path.display(name)): label \"\(label)\" is not a digit"); continue
            }
            // One image with two labels: one is wrong and which is not known, so neither is
            // learnt (walkthrough, session 33: the file sorted first won, and it was the wrong one).
            if let others = conflicts[name] {
                skipped.append("\(Path.display(name)): labelled \(label), but the same image as "
                               + others.map { "\(Path.display($0.name)) (labelled \($0.label))" }.joined(separator: ", ")
                               + ": passed over until one label is fixed"); continue
            }
            do {
                let bytes = try ImageDecoder.readFile(file)
                let id = LearntImages.id(of: bytes)
                // Only a copy of an image used: a first copy that could not be used leaves the
                // next its chance (review, session 32).
                if let first = firstUsed[id] {
                    skipped.append("\(Path.display(name)): the same image as \(Path.display(first.name)) (a copy counts once)"); continue
                }
                let candidates = DigitExtraction.candidates(try ImageDecoder.decode(bytes, name: file))
                let fitting = candidates.filter { $0.digits.count == label.count }
                guard !fitting.isEmpty else {
                    // What `predict` would find, to say why.
                    let found = recognizer.map { $0.recognize(candidates: candidates, name: file, fileBytes: bytes.count).digits.count }
                        ?? candidates.first?.digits.count ?? 0
                    skipped.append("\(Path.display(name)): \(Format.count(found, "digit")) found, the label has \(label.count)"); continue
                }
                let digits = (recognizer.map { $0.recognize(candidates: fitting, name: file, fileBytes: bytes.count).segmentation }
                    ?? fitting[0]).digits
                guard samples.count + digits.count <= maxDigits else {
                    throw AppError.badOption("more than \(Format.grouped(maxDigits)) labelled digits in \(Path.display(folder)); fine-tune on a smaller set")
                }
                for (position, (d, ch)) in zip(digits, label).enumerated() {
                    samples.append(Sample(pixels: d.final.pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) },
                                          label: UInt8(ch.wholeNumberValue ?? 0), image: id,
                                          source: DigitSource(file: name, position: label.count > 1 ? position : nil)))
                }
                hasher.update(Array(name.utf8) + [0] + Array(label.utf8) + [0])
                hasher.update(bytes)
                used += 1
                files[name] = entry
                firstUsed[id] = (name, label)
            } catch let error as AppError {
                throw error
            } catch {
                // Named as the others are, below the folder (walkthrough: "my/4_truncated.jpg: …"
                // beside "IMG_0042.jpg: no label").
                skipped.append("\(Path.display(name)): " + Path.message("\(error)", without: file))
            }
        }
        let (train, held, learnt, sources) = split(samples, seed: seed, alreadyLearnt: alreadyLearnt)
        return UserDigits(train: train, heldBack: held, filesUsed: used, skipped: skipped, checksum: hasher.finalizeHex(),
                          learnt: learnt, learntBefore: Set(samples.map(\.image)).intersection(alreadyLearnt).count,
                          heldBackSources: sources.heldBack, trainSources: sources.train, files: files)
    }

    /// For each file that is a copy of another with another label: those others. The files are
    /// read once more for their ids (one at a time, within `ImageDecoder`'s limits); one that
    /// cannot be read is left to the main pass to report.
    static func conflictingCopies(_ files: [LabelledFiles.File]) -> [String: [(name: String, label: String)]] {
        var byImage: [String: [(name: String, label: String)]] = [:]
        for f in files {
            guard let bytes = try? ImageDecoder.readFile(f.path) else { continue }
            byImage[LearntImages.id(of: bytes), default: []].append((f.name, f.label))
        }
        var result: [String: [(name: String, label: String)]] = [:]
        for group in byImage.values where Set(group.map(\.label)).count > 1 {
            for f in group { result[f.name] = group.filter { $0.name != f.name && $0.label != f.label } }
        }
        return result
    }

    /// One digit read from a labelled image: its 28×28 input, label, the image's id and place.
    struct Sample {
        var pixels: [UInt8]
        var label: UInt8
        var image: String
        var source: DigitSource
    }

    /// Whole images are held back, never some digits of a number: the held-back score must be
    /// of images the model never learnt from, as the gallery's "learnt from" marks them
    /// (walkthrough: a number image counted as learnt had a digit in the held-back score).
    /// Stratified: per label of the one-digit images, and among the images of numbers, every
    /// second image after a seeded shuffle is held back (2 give 1 + 1, 3 give 2 + 1). Files with
    /// the same bytes are one image. Also returns the images (ids) learnt from, and where each
    /// sample came from.
    /// Images in `alreadyLearnt` (the starting model's, when it was fine-tuned before) are all
    /// learnt from: held back, they scored the parent on its own training images (walkthrough,
    /// session 25: 7 of 13 "held back" digits of a second fine-tuning). The rest is split as
    /// above, in the same order as without them.
    static func split(_ samples: [Sample], seed: UInt64, alreadyLearnt: Set<String> = [])
        -> (LabelledImages, LabelledImages, Set<String>, (train: [DigitSource], heldBack: [DigitSource])) {
        var rng = SplitMix64(seed: seed, 11)
        var order: [String] = []
        var byImage: [String: [Sample]] = [:]
        for s in samples {
            if byImage[s.image] == nil { order.append(s.image) }
            byImage[s.image, default: []].append(s)
        }
        // 0–9: a one-digit image's label; 10: a number.
        func group(_ id: String) -> Int {
            guard let first = byImage[id]?.first, first.source.position == nil else { return 10 }
            return Int(first.label)
        }
        var train: ([UInt8], [UInt8]) = ([], []), held: ([UInt8], [UInt8]) = ([], [])
        var learnt: Set<String> = []
        var sources: (train: [DigitSource], heldBack: [DigitSource]) = ([], [])
        // The starting model's own images: learnt again, never held back.
        for id in order where alreadyLearnt.contains(id) {
            for s in byImage[id, default: []] {
                train.0 += s.pixels; train.1.append(s.label); learnt.insert(s.image); sources.train.append(s.source)
            }
        }
        // A group of one image would only ever be learnt from: those are pooled and alternate
        // among themselves (review: one image per digit and a number held nothing back, where
        // the split by digit had held back some of the number's).
        let groups = (0...10).map { g in order.filter { group($0) == g && !alreadyLearnt.contains($0) } }
        let pooled = groups.filter { $0.count == 1 }.flatMap { $0 }
        for ids in groups.filter({ $0.count > 1 }) + [pooled] {
            for (i, id) in ids.shuffled(using: &rng).enumerated() {
                for s in byImage[id, default: []] {
                    if i % 2 == 1 {
                        held.0 += s.pixels; held.1.append(s.label); sources.heldBack.append(s.source)
                    } else {
                        train.0 += s.pixels; train.1.append(s.label); learnt.insert(s.image); sources.train.append(s.source)
                    }
                }
            }
        }
        return (LabelledImages(images: train.0, labels: train.1) ?? .empty, LabelledImages(images: held.0, labels: held.1) ?? .empty, learnt, sources)
    }
}

/// Where one of a person's digits came from: the image (its name in the folder) and, for an
/// image of a number, which digit of it (0 = the first).
public struct DigitSource: Sendable, Equatable, Comparable {
    public var file: String
    public var position: Int?
    public init(file: String, position: Int? = nil) { self.file = file; self.position = position }

    /// By file, then place in the number: how reports list them.
    public static func < (a: DigitSource, b: DigitSource) -> Bool { (a.file, a.position ?? -1) < (b.file, b.position ?? -1) }

    /// "7_mine.png", or "42_row.png, digit 2" for the second digit of a number.
    public var description: String {
        Path.display(file) + (position.map { ", digit \($0 + 1)" } ?? "")
    }
}
