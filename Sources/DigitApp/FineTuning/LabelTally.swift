/// How many readings match their expected label, with the images the model was fine-tuned on
/// counted apart: reading those right shows little, so a score that mixed them in would
/// flatter a fine-tuned model. `predict` and the gallery both keep one.
public struct LabelTally: Sendable, Equatable {
    public private(set) var right = 0, total = 0
    public private(set) var learntRight = 0, learntTotal = 0
    /// Labelled images that could not be read at all (no digit found, not an image): counted
    /// in `total` as not right, since a person who gave the label expected a reading.
    public private(set) var unread = 0

    public init() {}

    /// Counts one labelled reading; `learnt` when the model in use was fine-tuned on the image.
    public mutating func count(right isRight: Bool, learnt: Bool = false) {
        if learnt {
            learntTotal += 1
            if isRight { learntRight += 1 }
        } else {
            total += 1
            if isRight { right += 1 }
        }
    }

    /// Counts a labelled image that gave no reading: wrong, and noted as unread.
    public mutating func countUnread(learnt: Bool = false) {
        count(right: false, learnt: learnt)
        if !learnt { unread += 1 }
    }

    /// No labelled reading was counted.
    public var isEmpty: Bool { total + learntTotal == 0 }
}
