import DigitApp

/// The results screen's last two rows: "Save as: NAME_ → saved_models/NAME.safetensors", then
/// the replace question, the error, or what the keys do — each cut to the width, never wrapped.
enum SavePrompt {
    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, _ r: ResultsView, ui: UIStyle) {
        guard area.height >= 1 else { return }
        let label = "Save as: ", field = r.saveName + (r.replacing ? "" : "_")
        buf.put(label, x: area.x, y: area.y, style: .bold)
        let fieldX = area.x + TextWidth.of(label)
        // Shown as selected while it is the name offered (a key typed replaces it), as the
        // drawing's label prompt shows its suggestion.
        buf.put(field, x: fieldX, y: area.y, style: r.nameField.suggested ? ui.selected : ui.accent, maxWidth: area.maxX - fieldX)
        let after = fieldX + TextWidth.of(field) + 1
        let arrow = ui.caps.unicode ? "→" : "->"
        // Before the free name is found the field is empty: say so, not "saved_models/.safetensors".
        let finding = r.saveName.isEmpty && r.suggestion == nil
        // Emptied (^U, Backspace): what to do, not "saved_models/.safetensors".
        var target = r.saving ? "saving…" : finding ? "(finding a free name…)"
            : r.saveName.isEmpty ? "(type a name)" : "\(arrow) \(ModelStore.defaultFolder)/\(r.saveName)\(ModelStore.suffix)"
        // The name is in the field already: a cut path ("….s") only adds noise.
        if !r.saving && !finding && TextWidth.of(target) > area.maxX - after { target = "\(arrow) into \(ModelStore.defaultFolder)/" }
        buf.put(ui.text(target), x: after, y: area.y, style: ui.muted, maxWidth: area.maxX - after)
        guard area.height >= 2 else { return }
        let y = area.y + 1
        if r.replacing {
            // The longest wording that fits: a long name cut the question off before "y/n"
            // (README audit: "…exists: replace mlp-20261205-00").
            let path = "\(ModelStore.defaultFolder)/\(r.saveName)\(ModelStore.suffix)"
            let free = r.suggestion.flatMap { $0 != r.saveName ? "  (n: save as \($0))" : nil } ?? ""
            let full = "\(path) exists: replace \(r.saveName)? y/n", short = "\(r.saveName) exists: replace it? y/n"
            let ask = TextWidth.firstFitting([full + free, full, short + free, short, "It exists: replace it? y/n"], width: area.width)
            buf.put(ask, x: area.x, y: y, style: ui.accent, maxWidth: area.width)
        } else if let e = r.saveError {
            buf.put(ui.text(e), x: area.x, y: y, style: ui.bad, maxWidth: area.width)
        } else if r.quitAfterSave {
            buf.put(TextWidth.firstFitting(["Enter saves, then the program quits · ^D quits without saving", "Enter saves, then the program quits."],
                                           width: area.width), x: area.x, y: y, style: ui.muted, maxWidth: area.width)
        } else if let f = r.shownFineTune, f.heldBackAfter < f.heldBackBefore {
            // Walkthrough, session 34: a fine-tune that read the held-back digits worse than its
            // start was saved with one Enter; only the summary's colour warned.
            let start = Path.display(f.parent), other = r.alternative != nil ? " · ↑↓ the other" : ""
            let hint = TextWidth.firstFitting(["It reads your held-back digits worse than \(start): ^D discards it · Enter saves it anyway" + other,
                                               "Worse on your held-back digits than \(start): ^D discards · Enter saves anyway",
                                               "Worse on your held-back digits: ^D discards · Enter saves anyway"].map(ui.text), width: area.width)
            buf.put(hint, x: area.x, y: y, style: ui.bad, maxWidth: area.width)
        } else if r.alternative != nil {
            // Which of the two models Enter saves, and how to take the other.
            let (this, other) = r.halfwayChosen ? ("the halfway average", "the fine-tuned model") : ("the fine-tuned model", "the halfway average")
            let hint = TextWidth.firstFitting(["Enter saves \(this) · ↑↓ \(other) · Esc goes on unsaved · ^D discards",
                                               "Enter saves \(this) · ↑↓ \(other) · Esc goes on unsaved",
                                               "Enter saves \(this) · ↑↓ \(other) · Esc: unsaved",
                                               "Enter saves \(this) · ↑↓ the other"].map(ui.text), width: area.width)
            buf.put(hint, x: area.x, y: y, style: ui.muted, maxWidth: area.width)
        } else {
            // ^D is not on the status line at 80 columns; it is said here (and in the help).
            let hint = TextWidth.firstFitting(["Enter saves · Esc goes on unsaved (the gallery uses it) · ^D discards it",
                                               "Enter saves · Esc goes on unsaved · ^D discards it"].map(ui.text), width: area.width)
            buf.put(hint, x: area.x, y: y, style: ui.muted, maxWidth: area.width)
        }
    }
}
