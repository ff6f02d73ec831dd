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
        reads(networks, digits).map { $0.map(\.label) }
    }

    /// One held-back digit as a model read it: the digit, and the probability it gave the
    /// right one (0 when the file did not read as as many digits as its label has).
    struct Read: Equatable {
        var label: Int
        var rightProbability: Float
    }

    /// `predictions` with the probability each model gave the right digit.
    static func reads(_ networks: [Network], _ digits: UserDigits) -> [[Read]] {
        let recognizers = networks.map(Recognizer.init(network:))
        let labels = digits.heldBack.labels
        var byFile: [String: [[DigitPrediction]]] = [:]
        var out = Array(repeating: [Read](), count: networks.count)
        for (i, source) in digits.heldBackSources.enumerated() {
            let read: [[DigitPrediction]]
            if let known = byFile[source.file] { read = known } else {
                read = readings(recognizers, digits.files[source.file])
                byFile[source.file] = read
            }
            let at = source.position ?? 0
            let right = labels.indices.contains(i) ? Int(labels[i]) : -1
            for (k, predicted) in read.enumerated() {
                guard predicted.indices.contains(at) else {
                    out[k].append(Read(label: HeldBackChanges.otherCount, rightProbability: 0))
                    continue
                }
                let p = predicted[at].probabilities
                out[k].append(Read(label: predicted[at].label, rightProbability: p.indices.contains(right) ? p[right] : 0))
            }
        }
        return out
    }

    /// The mean probability given to the right digit: whether a model grew surer of the user's
    /// digits when as many were right before as after (walkthrough: "5/5 → 5/5" said nothing).
    static func confidence(_ reads: [Read]) -> Double {
        guard !reads.isEmpty else { return 0 }
        let sum = reads.reduce(0.0) { $0 + (($1.rightProbability.isFinite) ? Double($1.rightProbability) : 0) }
        return sum / Double(reads.count)
    }

    /// What each recognizer reads in the file (decoded once): [] when it is not as many digits
    /// as the label has, or when the file cannot be read any more.
    static func readings(_ recognizers: [Recognizer], _ file: LabelledFiles.File?) -> [[DigitPrediction]] {
        guard let file, let first = recognizers.first,
              let prepared = try? PreparedImage(file: file.path, style: first.network.inputStyle) else {
            return recognizers.map { _ in [] }
        }
        return recognizers.map { r in
            guard let recognition = try? r.recognize(prepared), recognition.digits.count == file.label.count else { return [] }
            return recognition.digits
        }
    }

    /// The fraction of `predictions` equal to `labels`.
    static func accuracy(_ predictions: [Int], _ labels: [UInt8]) -> Double {
        let n = min(predictions.count, labels.count)
        guard n > 0 else { return 0 }
        return Double((0..<n).filter { predictions[$0] == Int(labels[$0]) }.count) / Double(n)
    }
}
