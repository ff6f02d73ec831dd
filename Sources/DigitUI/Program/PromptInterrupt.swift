import DigitApp

/// Ctrl-C with a text prompt open (a label, a folder, a drawing's name, the file list's
/// filter, a number being typed into the train form) closes the prompt as Esc does, the way a shell drops the line being typed
/// (walkthrough: Ctrl-C while naming a drawing quit the program and the drawing was lost).
/// Ctrl-C again, with no prompt open, is the program's as before. The prompts are closed here,
/// not through their Esc: a help overlay or a terminal too small takes that Esc itself, and the
/// prompt stayed open under a message saying it was closed (review).
enum PromptInterrupt {
    static func closesPrompt(_ s: AppState) -> Bool {
        if s.labelPrompt != nil || s.folderPrompt != nil { return true }
        if case .gallery = s.screen, s.fileList.open, s.listView.typing { return true }
        if case let .draw(d) = s.screen, d.prompt != nil { return true }
        // A number half typed into the train form is a line being typed too (walkthrough:
        // Ctrl-C in the epochs field quit the program). The form's text fields have no such
        // line — they are always typed into — so there Ctrl-C stays the program's.
        if case let .trainForm(form, _, _) = s.screen, form.editing != nil { return true }
        return false
    }

    static func interrupt(_ s: AppState) -> (AppState, [Effect]) {
        guard closesPrompt(s) else { return (s, []) }
        var next = s
        var closed = "closed the prompt"
        next.labelPrompt = nil
        next.folderPrompt = nil
        if next.listView.typing {
            next.listView.typing = false
            next.listView.filter = ""
        }
        if case var .draw(d) = next.screen {
            d.prompt = nil
            next.screen = .draw(d)
        }
        if case .trainForm(var form, let missing, let download) = next.screen {
            form.editing = nil
            form.error = nil
            closed = "dropped the number being typed"
            next.screen = .trainForm(form, missingData: missing, download: download)
        }
        // The help was over the prompt: it goes with it, so what Ctrl-C did shows.
        next.showHelp = false
        next.message = "Ctrl-C \(closed) (Ctrl-C again " + (QuitPrompt.hasUnsavedWork(next) ? "asks before quitting)" : "quits)")
        return (next, [])
    }
}
