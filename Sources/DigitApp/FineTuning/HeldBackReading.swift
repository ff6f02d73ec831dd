import DigitModel

/// The held-back digits read as `predict` and the gallery read their files: each file once,
/// through the `Recognizer` of every model compared, each model choosing its own segmentation
/// (the image as it is, or inside a margin of paper). Scoring the 28×28 crops the model it
/// started from chose reported "15/17 → 15/17" where `predict` with the new model read 14 of
/// them right (README audit): the new model chose another segmentation of one photo.
enum HeldBackReading {
    /// Per network, one prediction per held-back digit in `digits.heldBackSources` order: the
    /// digit at its place in the number when the file reads as as many digits as its label
    /// has, else `HeldBackChanges.otherCount`.
    static func predictions(_ networks: [Network], _ digits: UserDigits) -> [[Int]] {
        let recognizers = networks.map(Recognizer.init(network:))
        var byFile: [String: [[Int]]] = [:]
        var out = Array(repeating: [Int](), count: networks.count)
        for source in digits.heldBackSources {
            let read: [[Int]]
            if let known = byFile[source.file] { read = known } else {
                read = readings(recognizers, digits.files[source.file])
                byFile[source.file] = read
            }
            let at = source.position ?? 0
            for (k, labels) in read.enumerated() {
                out[k].append(labels.indices.contains(at) ? labels[at] : HeldBackChanges.otherCount)
            }
        }
        return out
    }

    /// What each recognizer reads in the file (decoded once): [] when it is not as many digits
    /// as the label has, or when the file cannot be read any more.
    static func readings(_ recognizers: [Recognizer], _ file: LabelledFiles.File?) -> [[Int]] {
        guard let file, let first = recognizers.first,
              let prepared = try? PreparedImage(file: file.path, style: first.network.inputStyle) else {
            return recognizers.map { _ in [] }
        }
        return recognizers.map { r in
            guard let recognition = try? r.recognize(prepared), recognition.digits.count == file.label.count else { return [] }
            return recognition.digits.map(\.label)
        }
    }

    /// The fraction of `predictions` equal to `labels`.
    static func accuracy(_ predictions: [Int], _ labels: [UInt8]) -> Double {
        let n = min(predictions.count, labels.count)
        guard n > 0 else { return 0 }
        return Double((0..<n).filter { predictions[$0] == Int(labels[$0]) }.count) / Double(n)
    }
}
