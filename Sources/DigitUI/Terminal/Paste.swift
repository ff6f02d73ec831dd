import DigitApp

/// A bracketed paste: the field being edited takes its first line, each character as it
/// would take it typed. Anywhere else a paste is dropped with a word, so pasted letters never
/// run as the screen's commands (q, F, d…) and a pasted newline is never Enter.
enum Paste {
    static let nowhere = "Pasted text goes into a field: o opens a folder by its path"

    static func reduce(_ text: String, _ state: AppState) -> (AppState, [Effect]) {
        var s = state
        var effects: [Effect] = []
        var typed = false
        for c in EscapeSequence.firstLine(text) where typesText(c, s) {
            let (next, more) = reduceKey(s, .char(c), pasted: true)
            s = next
            effects += more
            typed = true
        }
        if !typed && !text.isEmpty && !s.tooSmall && !s.showHelp { s.message = nowhere }
        return (s, effects)
    }

    /// Whether `c`, typed now, goes into a field as text (not as a command or an answer): the
    /// field that has the keys says, by the same rule its typing uses.
    static func typesText(_ c: Character, _ s: AppState) -> Bool {
        guard !s.tooSmall, !s.showHelp else { return false }
        if s.folderPrompt != nil { return FolderPrompt.takesText(c) }
        guard !s.askQuit else { return false }
        switch s.screen {
        case .gallery:
            if s.fileList.open { return FileListOverlay.takesText(c, s) }
            return s.labelPrompt != nil && LabelPrompt.takesText(c)
        case let .trainForm(form, _, _): return TrainFormScreen.takesText(c, form)
        case let .results(r): return ResultsScreen.takesText(c, r)
        default: return false
        }
    }
}
