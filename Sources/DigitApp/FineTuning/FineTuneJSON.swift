import Support

extension ReportJSON {
    /// `digitrec finetune --json`: one object with what the text report says —
    /// `{"model", "saved", "images", "learnt_before", "train_digits", "held_back_digits",
    /// "held_back": {"before", "after"}, "held_back_confidence": {"before", "after"},
    /// "mnist": {"before", "after"}, "now_right", "now_wrong", "still_wrong",
    /// "labels_to_check", "halfway", "epochs", "seconds", "cancelled"}` — accuracies as
    /// fractions; `halfway` is null unless MNIST fell and the average was measured.
    public static func fineTune(_ o: FineTuneOutcome, model: String, saved: String) -> String {
        let d = o.digits
        func pair(_ before: Double, _ after: Double) -> JSON { .object([("before", .number(before)), ("after", .number(after))]) }
        func digits(_ list: [HeldBackChanges.Digit]) -> JSON {
            .array(list.map { .object(source($0.source) + [("expected", .int($0.expected)), ("before", .int($0.before)), ("after", .int($0.after))]) })
        }
        // "position": the digit's place in a number (0 first), absent for a one-digit image.
        func source(_ s: DigitSource) -> [(String, JSON)] { [("file", .string(s.file))] + (s.position.map { [("position", JSON.int($0))] } ?? []) }
        let halfway: JSON = o.halfwayModel.map { h in
            .object([("held_back", .number(h.heldBack)), ("held_back_confidence", .number(h.heldBackConfidence)),
                     ("mnist", .number(h.mnistMetrics.accuracy))])
        } ?? .null
        return JSON.object([
            ("model", .string(model)), ("saved", .string(saved)),
            ("images", .int(d.filesUsed)), ("learnt_before", .int(d.learntBefore)),
            ("train_digits", .int(d.train.count)), ("held_back_digits", .int(d.heldBack.count)),
            ("held_back", pair(o.heldBackBefore, o.heldBackAfter)),
            ("held_back_confidence", pair(o.heldBackConfidenceBefore, o.heldBackConfidenceAfter)),
            ("mnist", pair(o.mnistBefore, o.mnistAfter)),
            ("now_right", digits(o.changes.nowRight)), ("now_wrong", digits(o.changes.nowWrong)), ("still_wrong", digits(o.changes.stillWrong)),
            ("labels_to_check", .array(o.doubtfulLabels.map { .object(source($0.source) + [("label", .int($0.label)), ("read", .int($0.read)),
                                                                                          ("confidence", .float($0.confidence))]) })),
            ("halfway", halfway),
            ("epochs", .int(o.epochs.count)), ("seconds", .number(o.seconds)), ("cancelled", .bool(o.cancelled)),
        ]).text
    }
}
