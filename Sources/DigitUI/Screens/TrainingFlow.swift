import DigitApp

/// What the reducer does as a training or fine-tuning run ends and its model is saved: the
/// results screen with a free name, the replace question, the unsaved model kept for the
/// gallery, and the gallery reloaded with a saved one.
enum TrainingFlow {
    /// The run has stopped: what Ctrl-C said about stopping it is done.
    static func clearInterruptMessage(_ s: inout AppState) {
        if s.message == TrainingScreen.interruptMessage { s.message = nil }
    }

    static func apply(_ action: Action, _ s: inout AppState) -> [Effect] {
        switch action {
        case let .trainingDone(outcome):
            guard case let .training(view) = s.screen else { return [] }
            clearInterruptMessage(&s)
            s.screen = .results(ResultsView(form: view.form, outcome: outcome, saveName: view.form.name))
            return [.scanModels, .suggestName(prefix: view.form.name.isEmpty ? outcome.request.preset.rawValue : view.form.name)]
        case let .fineTuneDone(o):
            guard case let .training(view) = s.screen, let request = view.fineTune else { return [] }
            clearInterruptMessage(&s)
            let parent = Path.baseName(request.model, dropping: ModelStore.suffix)
            let report = FineTuneReport(parent: parent, images: request.images, trainDigits: o.digits.train.count,
                                        heldBackDigits: o.digits.heldBack.count, heldBackBefore: o.heldBackBefore,
                                        heldBackAfter: o.heldBackAfter, mnistBefore: o.mnistBefore, mnistAfter: o.mnistAfter,
                                        halfway: o.halfway, changes: o.changes, doubtfulLabels: o.doubtfulLabels)
            let outcome = TrainingOutcome(network: o.network, request: o.request, epochs: o.epochs, metrics: o.mnistMetrics,
                                          testLoss: o.mnistLoss, cancelled: o.cancelled, divergence: nil, seconds: o.seconds,
                                          evaluationSeconds: 0, metadata: o.metadata)
            var results = ResultsView(form: view.form, outcome: outcome, saveName: "", fineTune: report)
            results.fineTune?.confidenceBefore = o.heldBackConfidenceBefore
            results.fineTune?.confidenceAfter = o.heldBackConfidenceAfter
            if let h = o.halfwayModel {
                results.fineTune?.halfwayChanges = h.changes
                results.fineTune?.halfwayConfidence = h.heldBackConfidence
                results.alternative = TrainingOutcome(network: h.network, request: o.request, epochs: o.epochs, metrics: h.mnistMetrics,
                                                      testLoss: h.mnistLoss, cancelled: false, divergence: nil, seconds: o.seconds,
                                                      evaluationSeconds: 0, metadata: h.metadata)
            }
            s.screen = .results(results)
            // The same name the panel offered (review: "mine-tuned-DAY-tuned-DAY" here).
            return [.scanModels, .suggestName(prefix: ModelStore.tunedPrefix(for: request.model))]
        case let .trainingFailed(error):
            guard case var .training(view) = s.screen else { s.message = error; return [] }
            clearInterruptMessage(&s)
            view.failure = error
            s.screen = .training(view)
        case .evaluating:
            guard case var .training(view) = s.screen else { return [] }
            view.evaluating = true
            s.screen = .training(view)
        case let .nameSuggested(name):
            guard case var .results(r) = s.screen else { return [] }
            r.suggestion = name
            if r.saveName.isEmpty { r.saveName = name }
            s.screen = .results(r)
        case let .saveExists(name):
            guard case var .results(r) = s.screen else { return [] }
            r.saving = false
            // The name the user typed stays theirs to edit (review, session 31): setting it
            // again would make it an offer the next key replaces.
            if r.saveName != name { r.saveName = name }
            r.replacing = true
            s.screen = .results(r)
        case let .saveFailed(error):
            if case var .results(r) = s.screen { r.saveError = error; r.saving = false; s.screen = .results(r) }
        case let .saved(path):
            let quit: Bool
            var next = ""
            if case let .results(r) = s.screen {
                quit = r.quitAfterSave
                // The loop's next step, where it is taken (walkthrough, session 32).
                if let f = r.fineTune { next = " (C compares it with \(f.parent))" }
                // The gallery goes on with this model: what it was fine-tuned on is scored apart.
                s.learnt = LearntImages(metadata: r.outcome.metadata)
            } else {
                quit = false
            }
            s.modelName = path
            s.unsaved = nil
            s.backFromSave = nil
            s.usingUnsaved = false
            s.message = "Saved \(Path.display(path))" + next
            // Said again once the terminal is the shell's (walkthrough, session 28: "s save
            // first" saved and left without a word of where).
            if quit {
                s.quit = true
                let n = s.unsavedLabels.count
                s.farewell = "Saved \(Path.display(path))" + (n == 0 ? "" : "; \(Format.count(n, "label")) you set could not be written to labels.csv and \(n == 1 ? "is" : "are") lost")
                return []
            }
            return GalleryScreen.open(&s, keepingPlace: true) + [.scanModels]
        default:
            break
        }
        return []
    }
}
