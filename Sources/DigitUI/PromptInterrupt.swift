/// Ctrl-C with a text prompt open (a label, a folder, a drawing's name) closes the prompt as
/// Esc does, the way a shell drops the line being typed (walkthrough: Ctrl-C while naming a
/// drawing quit the program and the drawing was lost). Ctrl-C again, with no prompt open, is
/// the program's as before.
enum PromptInterrupt {
    static let message = "Ctrl-C closed the prompt (Ctrl-C again quits)"

    static func closesPrompt(_ s: AppState) -> Bool {
        if s.labelPrompt != nil || s.folderPrompt != nil { return true }
        if case let .draw(d) = s.screen, d.prompt != nil { return true }
        return false
    }

    /// The prompt's own Esc, so each closes as it always does.
    static func interrupt(_ s: AppState) -> (AppState, [Effect]) {
        guard closesPrompt(s) else { return (s, []) }
        var (next, effects) = reduce(s, .key(.escape))
        next.message = message
        return (next, effects)
    }
}
