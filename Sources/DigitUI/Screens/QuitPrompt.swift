import DigitApp

/// "Quit without saving?" — asked once when the user leaves the program (q, Ctrl-Q, F10, or
/// the start menu's Quit) while a trained model is not saved, or labels set in the gallery
/// could not be written: y leaves, n stays, s goes to the save prompt and leaves once the
/// model is saved.
enum QuitPrompt {
    enum Command: Sendable { case quit, stay, save }

    static let keys = KeyTable<Command>([
        KeyBinding([.char("y"), .char("Y")], .quit, label: "y", short: "quit", help: "quit; the model just trained is lost"),
        KeyBinding([.char("n"), .char("N"), .escape], .stay, label: "n/Esc", short: "stay", help: "stay in the program"),
        KeyBinding([.char("s"), .char("S"), .enter], .save, label: "s", short: "save first", help: "save the model first, then quit (Enter too)"),
    ])
    static let notes = ["Asked only while a model you trained is not saved, or labels you set could not be written."]

    /// The keys shown: `s` only when there is a model to save (labels.csv could not be written:
    /// nothing here can save the labels).
    static func hints(_ s: AppState) -> [KeyHint] {
        hasUnsavedModel(s) ? keys.hints : keys.hints.filter { $0.label != "s" }
    }

    /// Names the model (walkthrough, session 25: with another model loaded, the question did
    /// not say which model would be lost).
    static func question(_ s: AppState) -> String {
        let n = s.unsavedLabels.count
        let labels = "\(n) label\(n == 1 ? "" : "s") you set (labels.csv could not be written)"
        guard hasUnsavedModel(s) else { return "Quit and lose \(labels)? y/n" }
        let and = n == 0 ? "" : " and " + labels
        var r = s.unsaved
        if case let .results(shown) = s.screen { r = shown }
        guard let r else { return "Quit without saving the model you trained\(and)? y/n/s" }
        // Said what it is (walkthrough: a bare "(99.53 %)").
        let accuracy = "test accuracy " + Format.fixed(r.metrics.accuracy * 100, 2) + "%"
        let what = r.fineTune.map { "the model fine-tuned from \(Path.display(Path.baseName($0.parent, dropping: ModelStore.suffix)))" }
            ?? "the \(r.form.request.preset.rawValue) model you trained"
        return "Quit without saving \(what) (\(accuracy))\(and)? y/n/s"
    }

    /// Whether leaving now would lose a trained model: one on the results screen not yet
    /// saved, or one kept unsaved for the gallery.
    static func hasUnsavedModel(_ s: AppState) -> Bool {
        if case .results = s.screen { return true }
        return s.unsaved != nil
    }

    /// Whether leaving now would lose anything: a trained model or labels not written.
    static func hasUnsavedWork(_ s: AppState) -> Bool { hasUnsavedModel(s) || !s.unsavedLabels.isEmpty }

    /// Ctrl-C asks too while a trained model is unsaved (walkthrough: it was lost without a
    /// word); Ctrl-C again, with the question up, quits.
    static func asksOnInterrupt(_ s: AppState) -> Bool { hasUnsavedWork(s) && !s.askQuit }

    static func interrupt(_ s: inout AppState) -> [Effect] {
        guard asksOnInterrupt(s) else { return [] }
        // The folder prompt would take the answer as text (review).
        s.folderPrompt = nil
        s.askQuit = true
        s.message = "Ctrl-C again quits without saving " + (hasUnsavedModel(s) ? "the model you trained" : "the labels you set")
        return []
    }

    /// Turns a quit the screens asked for into the question, once.
    static func intercept(before: AppState, _ s: inout AppState) {
        guard s.quit, !before.quit, !before.askQuit, hasUnsavedWork(s) else { return }
        s.quit = false
        s.askQuit = true
    }

    static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
        guard let command = keys.command(for: key) else { return [] }
        s.askQuit = false
        switch command {
        case .quit: s.quit = true
        case .stay: break
        case .save:
            guard hasUnsavedModel(s) else {
                s.askQuit = true
                s.message = "The labels cannot be written: y quits without them, n stays (fix what stopped labels.csv being written, then set them again)"
                return []
            }
            // A run under way would go on unseen behind the save prompt, its end dropped
            // (review: Esc then came back to a dashboard that never moved again).
            if case .training = s.screen {
                s.message = "A run is under way: save the other model once it has ended, or quit with y"
                return []
            }
            if case var .results(r) = s.screen {
                r.quitAfterSave = true
                s.screen = .results(r)
            } else if var r = s.unsaved {
                r.quitAfterSave = true
                r.saving = false
                // What an earlier try left is over (walkthrough, session 29: an old error and an
                // empty name came back with it); an empty or refused name gets the free one again
                // (session 30: the refused "mlp" came back and was refused again).
                if r.saveName.isEmpty || r.saveError != nil {
                    if let free = r.suggestion { r.saveName = free } else if r.fineTune == nil { r.saveName = r.form.name } else { r.saveName = "" }
                }
                r.saveError = nil
                r.replacing = false
                s.backFromSave = returnable(s.screen) ? s.screen : nil
                s.screen = .results(r)
            }
            s.message = "Type a name and press Enter: the program quits once the model is saved"
            if case let .results(r) = s.screen, r.saveName.isEmpty, let f = r.fineTune { return [.suggestName(prefix: ModelStore.tunedPrefix(for: f.parent))] }
        }
        return []
    }

    /// Screens that wait on no work: Esc on the save prompt can go back to them as they were.
    /// A report or comparison being computed, or a download, would never hear its end (their
    /// events are taken only while they show), so Esc goes to the gallery instead.
    static func returnable(_ screen: Screen) -> Bool {
        switch screen {
        case .gallery, .start, .load, .draw, .details: return true
        default: return false
        }
    }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, state s: AppState, ui: UIStyle) {
        let text = ui.text(question(s))
        let width = min(area.width - 4, TextWidth.of(text) + 8)
        // A long model name wraps (at 80 columns a fine-tuned model's name took the "y/n/s").
        let lines = TextWidth.wrap(text, width: max(1, width - 8))
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(1, area.height / 2 - 3), width: width, height: lines.count + 4)
        buf.fill(box)
        buf.box(x: box.x, y: box.y, width: box.width, height: box.height, title: hasUnsavedModel(s) ? "Unsaved model" : "Unsaved labels", unicode: ui.caps.unicode)
        for (i, line) in lines.enumerated() { buf.put(line, x: box.x + 4, y: box.y + 2 + i, style: ui.accent, maxWidth: box.width - 6) }
    }
}
