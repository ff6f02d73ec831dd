import DigitApp

/// Expected labels (labels.csv or the file name) and how many predictions match them.
struct LabelScore {
    private var labels: [String: ImageLabels] = [:]
    private(set) var right = 0, total = 0
    /// The images the model was fine-tuned on, scored apart: reading them right shows little.
    private(set) var learntRight = 0, learntTotal = 0

    mutating func expected(for file: String) -> String? {
        let folder = Path.folder(of: file)
        if labels[folder] == nil {
            do {
                let loaded = try ImageLabels.load(folder: folder)
                // Once per folder: the lines left out, with their numbers.
                if let warning = loaded.warning { Console.error("warning: \(warning)") }
                labels[folder] = loaded
            } catch {
                Console.error("warning: \(error); the file names give the expected labels")
                labels[folder] = ImageLabels(folder: folder)
            }
        }
        return labels[folder]?.expected(for: file)
    }

    mutating func count(right isRight: Bool, learnt: Bool = false) {
        if learnt {
            learntTotal += 1
            if isRight { learntRight += 1 }
        } else {
            total += 1
            if isRight { right += 1 }
        }
    }

    /// "24/25 match the expected label" (from labels.csv or the file name), when any file had
    /// one; the images the model learnt from follow apart: "7/9 match the expected label;
    /// learnt from, not counted: 12/12".
    var summary: String? {
        guard total + learntTotal > 0 else { return nil }
        let learnt = learntTotal == 0 ? "" : "; learnt from, not counted: \(learntRight)/\(learntTotal)"
        return "\(right)/\(total) match the expected label" + learnt
    }
}
