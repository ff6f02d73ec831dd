import DigitApp

/// The gallery's `F`: fine-tune the loaded model on the gallery folder's labelled images
/// through the FineTuning use case, on the training dashboard — after a small panel says what
/// will happen (how many labelled images, which file the new model goes to, that the model it
/// starts from stays as it is): Enter goes, Esc cancels.
enum FineTuneStart {
    enum Command: Sendable { case go, cancel }

    static let keys = KeyTable<Command>([
        KeyBinding([.enter], .go, label: "Enter", short: "fine-tune", help: "start fine-tuning (c or Esc cancels it on the dashboard)"),
        KeyBinding([.escape, .char("n")], .cancel, label: "Esc", short: "cancel", help: "back to the gallery; nothing is trained or written"),
    ])
    static let notes = ["Half of the labelled images (of each digit's, and of the numbers) are held back whole to check the new model on; images the model learnt from before are learnt again, never held back.",
                        "The model it starts from is never written over."]

    /// Without MNIST there is nothing Enter could start: only the way back is offered.
    static func hints(_ c: FineTuneConfirm) -> [KeyHint] {
        keys.bindings.filter { c.missingData == nil || $0.keys.first?.command != .go }.map(\.hint)
    }

    /// `F`: the panel, once the loaded model is a file and the folder has labelled images.
    static func ask(_ s: inout AppState) -> [Effect] {
        if s.usingUnsaved, var r = s.unsaved {
            // Fine-tuning starts from a file and records it as the parent: save this one first.
            r.saving = false
            s.screen = .results(r)
            s.message = "Save the model first (fine-tuning starts from a saved file), then press F again"
            return [.scanModels]
        }
        guard let parent = s.modelName else {
            s.message = "Load a model first: fine-tuning starts from a saved model"
            return []
        }
        // Fine-tuning reads labels.csv from disk: labels it could not take would not be learnt
        // (review, session 28), so they are written first.
        let unwritten = s.unsavedLabels.filter { $0.folder == s.digitsFolder }.count
        guard unwritten == 0 else {
            s.message = "\(Format.count(unwritten, "label")) you set could not be written to labels.csv, and fine-tuning reads it: "
                + "fix what stopped it (said when it failed), set \(unwritten == 1 ? "it" : "them") again, then press F"
            return []
        }
        // Labels the model could never read ("nine") are passed over by fine-tuning (review).
        let numbersOnly = s.modelReadsNumbers
        let labelledAt = s.files.indices.filter { s.scoredLabel(at: $0, numbersOnly: numbersOnly) != nil }
        // What the gallery has read already: labels the model contradicts at LabelCheck's level
        // (the dashboard warned only once training had started, walkthrough).
        // Each image once: a copy is passed over, not learnt (review, session 32).
        var seen: Set<String> = []
        let suspect = labelledAt.filter { i in
            if let id = s.readings.indices.contains(i) ? s.readings[i]?.contentID : nil, !seen.insert(id).inserted { return false }
            // As many digits as the label has: another count is passed over, not learnt (UserDigits).
            guard let v = s.verdict(at: i), v.correct == false, let expected = v.expected, let r = s.readings[i],
                  r.prediction.count == expected.count else { return false }
            return r.leastConfidence >= LabelCheck.confidence
        }.count
        // Labelled images the gallery could not read at all (no digit, not an image) are passed
        // over by the use case: the panel counts them apart (walkthrough: "half of the 5" when
        // one could not be read, said only after Enter). Another count of digits than the
        // label's is not: the use case tries every reading for one with as many (review).
        // Whether one can be learnt from and one held back is the use case's rule (review 31).
        let images = labelledAt.map { i in
            let r = s.readings.indices.contains(i) ? s.readings[i] : nil
            return FineTuneReadiness.Image(contentID: r?.contentID, failed: r?.error != nil,
                                           label: s.scoredLabel(at: i, numbersOnly: numbersOnly),
                                           name: GalleryScreen.displayName(s.files[i], in: s.digitsFolder))
        }
        let folder = Path.display(s.digitsFolder)
        switch FineTuneReadiness.check(images, learnt: s.learnt.ids) {
        case .noLabelled:
            s.message = "No labelled images in \(folder)/ to fine-tune on: press 0-9 on an image, or name files like 7_mine.png"
            return []
        case let .noneReadable(labelled):
            s.message = "None of the \(Format.count(labelled, "labelled image")) in \(folder)/ can be read (x steps through them): nothing to learn from"
            return []
        case let .tooFew(_, conflicts) where !conflicts.isEmpty:
            // Why there are too few (review, session 33: the message spoke of copies counting once).
            s.message = "Fine-tuning needs at least two different labelled images; copies of one image with different labels are passed over until one label is fixed: "
                + conflicts.prefix(4).joined(separator: ", ") + (conflicts.count > 4 ? ", …" : "")
            return []
        case let .tooFew(learntBefore, _) where learntBefore > 0:
            // Held back are only images the model has not learnt (review).
            s.message = "\(Format.count(learntBefore, "labelled image")) here \(learntBefore == 1 ? "was" : "were") learnt by this model already and cannot be held back to check it: add at least two images it has not seen"
            return []
        case .tooFew:
            // One to learn from and one held back to check it (walkthrough, session 31: the
            // panel offered a run with one image, which then stopped without a model).
            s.message = "Fine-tuning needs at least two different labelled images (one to learn from, one held back to check it; copies of one file count once); about 10 per digit is better: press 0-9 on another image"
            return []
        case let .ready(labelled, unusable, learntBefore, copies, conflicts):
            s.fineTuneConfirm = FineTuneConfirm(request: FineTuneRequest(model: parent, images: s.digitsFolder), labelled: labelled,
                                                suspect: suspect, unusable: unusable, learntBefore: learntBefore, copies: copies,
                                                conflicts: conflicts)
        }
        // MNIST is mixed in and checked on: whether it is there is said on the panel, before
        // Enter (walkthrough: "stopped without a model: MNIST not found" came only after it).
        return [.findFineTuneTarget(prefix: ModelStore.tunedPrefix(for: parent)), .checkData]
    }

    static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
        guard let confirm = s.fineTuneConfirm, let command = keys.command(for: key) else { return [] }
        if command == .go, confirm.missingData != nil {
            s.message = "Fine-tuning needs MNIST: Esc twice to the start menu, t (Train a new model), then d downloads it"
            return []
        }
        s.fineTuneConfirm = nil
        switch command {
        case .cancel:
            s.message = "Not fine-tuned: nothing was trained or written"
            return []
        case .go:
            s.screen = .training(TrainingView(form: s.lastForm ?? TrainForm(), fineTune: confirm.request))
            return [.startFineTune(confirm.request)]
        }
    }

    /// The panel's lines for a text width: what is learnt from, where the new model goes,
    /// what stays as it is.
    static func lines(_ c: FineTuneConfirm, ui: UIStyle) -> [(text: String, style: Style)] {
        let r = c.request
        let parent = Path.display(r.model)
        let shipped = ModelStore.isShipped(r.model)
        let images = Format.count(c.labelled, "labelled image")
        let folder = Path.display(r.images) + "/"
        let mix = "\(Format.count(r.epochs, "epoch")) with \(Format.grouped(r.replay)) MNIST images mixed in."
        // "Learns from the 60 images" read as all of them (walkthrough): half are only checked on.
        // Images the model learnt from before are said apart: holding them back scored it on
        // its own training images (walkthrough, session 25).
        let what = c.learntBefore == 0
            ? "Learns from half of the \(images) in \(folder) (half of each digit's and of the numbers) and holds back the other half, whole images, to check the new model; \(mix)"
            : "Of the \(images) in \(folder), learns again from the \(c.learntBefore) that \(Path.display(Path.baseName(r.model, dropping: ModelStore.suffix))) learnt from, and from half of the other \(c.labelled - c.learntBefore) (half of each digit's and of the numbers); the other half is held back, whole images, to check the new model; \(mix)"
        let passed: [(text: String, style: Style)] = (c.unusable == 0 ? []
            : [("\(Format.count(c.unusable, "more labelled image")) cannot be read and \(c.unusable == 1 ? "is" : "are") passed over.", .plain)])
            + (c.copies == 0 ? [] : [("\(Format.count(c.copies, "more file")) \(c.copies == 1 ? "is a copy" : "are copies") of another image and \(c.copies == 1 ? "is" : "are") passed over (a copy counts once).", .plain)])
            // Said before training, in red: a wrong label would have been learnt (walkthrough, session 33).
            + (c.conflicts.isEmpty ? [] : [("Copies of one image with different labels, passed over until one label is fixed: "
                                            + c.conflicts.prefix(6).joined(separator: ", ") + (c.conflicts.count > 6 ? ", …" : "") + ".", ui.bad)])
        let suspect: [(text: String, style: Style)] = c.suspect == 0 ? [] : [
            // "of them" after the line on unreadable images read as those (walkthrough, session 29).
            ("\(c.suspect) of the \(images) \(c.suspect == 1 ? "is" : "are") read as something else at \(Int(LabelCheck.confidence * 100)) % or more: a wrong label is learnt as it is. Esc, then x steps through the mistakes.", ui.bad),
            ("", .plain),
        ]
        if let missing = c.missingData {
            return [
                ("Fine-tuning mixes MNIST images in (so the model does not forget the digits it knew) and checks the new model on MNIST's test images, but MNIST is not here:", ui.bad),
                (missing, .plain),
                ("", .plain),
                (ExploreScreens.mnistHowTo(way: "Esc, then Esc again to the start menu,", download: "d downloads MNIST (about 11 MB)"), ui.accent),
                ("", .plain),
                ("Nothing is trained or written.", .plain),
            ]
        }
        // Said before training, not only in its results (walkthrough, session 35: three images
        // trained, then "too few to tell").
        let toSplit = c.labelled - c.learntBefore
        let few: [(text: String, style: Style)] = toSplit >= 2 * FineTuneText.fewDigits ? []
            : [("With only \(toSplit) images to split, the check on the held-back half can show only a large change; \(2 * FineTuneText.fewDigits) or more new labelled images tell more.", ui.accent)]
        return [
            (what, .plain),
        ] + passed + few + [
            ("", .plain),
        ] + suspect + [
            ("The new model will be saved as", .plain),
            (c.target.map(Path.display) ?? ui.text("(finding a free name…)"), .bold),
            ("once you confirm its name after training.", .plain),
            ("", .plain),
            ("\(parent)\(shipped ? " (shipped)" : "") is not changed.", ui.good),
        ]
    }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, state s: AppState, ui: UIStyle) {
        guard let c = s.fineTuneConfirm else { return }
        let width = min(area.width - 4, 72)
        let inner = width - 4
        let wrapped = lines(c, ui: ui).flatMap { line in
            line.text.isEmpty ? [("", line.style)] : TextWidth.wrap(line.text, width: inner).map { ($0, line.style) }
        }
        let keys = ui.text(c.missingData == nil ? "Enter fine-tune   Esc cancel" : "Esc cancel")
        let height = min(area.height, wrapped.count + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 2), width: width, height: height)
        // The rows it spans are cleared from edge to edge: the gallery's bars showed beside the
        // box as a column of "0%" (walkthrough).
        buf.fill(Rect(x: area.x, y: box.y, width: area.width, height: box.height))
        let name = Path.display(Path.baseName(c.request.model, dropping: ModelStore.suffix))
        buf.box(x: box.x, y: box.y, width: box.width, height: box.height, title: "Fine-tune \(name)?", unicode: ui.caps.unicode)
        for (i, line) in wrapped.prefix(max(0, height - 4)).enumerated() {
            buf.put(line.0, x: box.x + 2, y: box.y + 1 + i, style: line.1, maxWidth: inner)
        }
        buf.put(keys, x: box.x + 2, y: box.maxY - 2, style: ui.accent, maxWidth: inner)
    }
}

/// What the fine-tuning panel says before anything runs.
public struct FineTuneConfirm: Sendable, Equatable {
    public var request: FineTuneRequest
    /// The folder's different images with an expected label (labels.csv or the file name).
    public var labelled: Int
    /// Of them, those already read as something else with every digit at `LabelCheck.confidence`.
    public var suspect: Int = 0
    /// Labelled images the gallery could not read: passed over (not in `labelled`).
    public var unusable: Int = 0
    /// Of `labelled`, those the model learnt from already: learnt again, never held back.
    public var learntBefore: Int = 0
    /// Labelled files with the same bytes as another: passed over (not in `labelled`).
    public var copies: Int = 0
    /// Copies of one image labelled otherwise, "3_a.png (8)": all passed over (not in `labelled`).
    public var conflicts: [String] = []
    /// The free model file the results screen will offer (`.fineTuneTargetFound`); nil until known.
    public var target: String?
    /// Why MNIST cannot be used (`.dataMissing`), which fine-tuning needs; nil while it is
    /// being looked for and when it is there.
    public var missingData: String?
}
