import DigitApp

/// The gallery's label prompt (`e`, or a digit key on a number): the true label of the shown
/// image typed as digits, saved into the folder's labels.csv — never by renaming the file.
enum LabelPrompt {
    enum Command: Sendable { case save, cancel }

    static let keys = KeyTable<Command>([
        KeyBinding([.enter], .save, label: "Enter", short: "save",
                   help: "save it in labels.csv beside the images (empty: back to the file name's label, or none)"),
        KeyBinding([.escape], .cancel, label: "Esc", short: "cancel", help: "leave the label as it was"),
    ])

    static let notes = ["Type the digits the image shows; Backspace deletes, ^U clears; - says it has no label.",
                        "Saving shows the next image (← goes back).",
                        "labels.csv wins over the label at the start of the file name."]

    /// Labels are what `ImageLabels.fromFileName` reads: ASCII digits, at most this many.
    static let maxDigits = 40

    /// Opens the prompt for the shown image, holding `text`; `suggested`: the first digit typed
    /// replaces it (the label the image has), else it is the start of what is typed.
    static func open(_ s: inout AppState, with text: String, suggested: Bool = false) {
        guard s.files.indices.contains(s.index) else { return }
        s.labelPrompt = TextField(text, suggested: suggested && !text.isEmpty, maxLength: maxDigits)
    }

    /// Whether a typed (or pasted) `c` is text here: only digits; other keys are commands.
    static func takesText(_ c: Character) -> Bool { c.asciiDigit != nil }

    static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
        guard var field = s.labelPrompt else { return [] }
        switch key {
        case let .char(c) where takesText(c):
            field.type(c)
            s.labelPrompt = field
            return []
        case .backspace:
            field.backspace()
            s.labelPrompt = field
            return []
        case .char("\u{15}"):
            field.clear()
            s.labelPrompt = field
            return []
        case .char("-"):
            // "No label", for an image whose name gives one (walkthrough, session 29: there was
            // no way to say so); a digit typed next replaces it.
            s.labelPrompt = TextField(ImageLabels.noLabel, suggested: true, maxLength: maxDigits)
            return []
        case let .char(c) where TextField.refusal(c, allowed: .digits) != nil:
            // Said, not dropped: "2O26" (a letter O) was saved as 226 without a word (walkthrough).
            s.message = TextField.refusal(c, allowed: .digits)
            return []
        default: break
        }
        switch keys.command(for: key) {
        case .save?:
            s.labelPrompt = nil
            // Empty undoes a slip: back to what the file name says (walkthrough: it saved "no
            // label", and the name's 0 no longer counted).
            let label = field.text == ImageLabels.noLabel ? nil : field.text.isEmpty ? nameLabel(s) : field.text
            return labelAndGoOn(label, &s)
        case .cancel?: s.labelPrompt = nil
        case nil: break
        }
        return []
    }

    /// The label the shown image's file name gives ("3_pen.png": 3), if any.
    static func nameLabel(_ s: AppState) -> String? {
        s.files.indices.contains(s.index) ? ImageLabels.fromFileName(Path.baseName(s.files[s.index])) : nil
    }

    /// Sets the shown image's label at once (verdict and score follow) and asks for it to be
    /// written; nil clears it (even a label the file name gives).
    static func setLabel(_ label: String?, _ s: inout AppState) -> [Effect] {
        guard s.files.indices.contains(s.index) else { return [] }
        let file = s.files[s.index]
        s.labels.assign(label, for: file)
        return [.saveLabel(folder: s.digitsFolder, file: file, label: label)]
    }

    /// Labels the shown image and shows the next one: labelling a folder is one key an image
    /// (walkthrough, session 29: the digit key stayed on the image). What the labelled image
    /// was read as is said when the label is saved (`savedMessage`); ← goes back to it.
    static func labelAndGoOn(_ label: String?, _ s: inout AppState) -> [Effect] {
        let effects = setLabel(label, &s)
        guard s.index + 1 < s.files.count else { return effects }
        s.index += 1
        // The image shown next is read now (walkthrough, session 30: it stayed "reading…").
        return effects + GalleryScreen.recognizeIfNeeded(&s)
    }

    /// "3_pen.png is labelled 5, read 3 ✗ (saved in digits/labels.csv)".
    /// `labelsFile`: the labels.csv beside the image (a subfolder's own, walkthrough 35).
    static func savedMessage(file: String, label: String?, labelsFile: String, _ s: AppState) -> String {
        let name = GalleryScreen.displayName(file, in: s.digitsFolder)
        let saved = Path.display(labelsFile)
        var read = ""
        if let label, let i = s.files.firstIndex(of: file), s.readings.indices.contains(i), let reading = s.readings[i] {
            let shown = reading.error == nil ? reading.prediction : "nothing"
            // A label the model cannot read (not digits) is no mistake: no mark.
            let mark = Verdict(reading, expected: label).correct.map { $0 ? " ✓" : " ✗" } ?? ""
            read = ", read \(shown)" + mark
        }
        // The label the file's name gives needs no row (walkthrough, session 29: "saved in
        // labels.csv" when nothing had been written there).
        if let label, label == ImageLabels.fromFileName(Path.baseName(file)) {
            return "\(name) is labelled \(label) by its name\(read) (\(saved) needs no row for it)"
        }
        // Nor does "no label" for a name that gives none (walkthrough, session 31).
        if label == nil, ImageLabels.fromFileName(Path.baseName(file)) == nil {
            return "\(name) has no label (\(saved) needs no row for it)"
        }
        return label.map { "\(name) is labelled \($0)\(read) (saved in \(saved))" } ?? "\(name) has no label now (saved in \(saved))"
    }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, state s: AppState, ui: UIStyle) {
        guard let field = s.labelPrompt, s.files.indices.contains(s.index) else { return }
        let text = field.text
        let row = Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1)
        buf.fill(row, style: ui.selected)
        let cursor = ui.caps.unicode ? "▏" : "_"
        let name = nameLabel(s)
        let empty = name.map { "empty: the file name's \($0), -: none" } ?? "empty: no label"
        let short = name.map { "empty: name's \($0); -: none" } ?? "empty: no label"
        // Enter and Esc are on the status line below.
        let replaces = field.suggested ? "a digit typed replaces it; " : ""
        // The file's name is in the title above: it goes first when the hint would be cut
        // (walkthrough: "empty: t" at 80 columns), then the words of the hint.
        let named = " True label of \(GalleryScreen.displayName(s.files[s.index], in: s.digitsFolder)): \(text)\(cursor)   "
        let line = TextWidth.firstFitting([named + "(\(replaces)\(empty))", " True label: \(text)\(cursor)   (\(replaces)\(empty))",
                                           " True label: \(text)\(cursor)   (\(field.suggested ? "a digit replaces it; " : "")\(short))",
                                           " True label: \(text)\(cursor)   (\(short))"], width: row.width)
        buf.put(line, x: row.x, y: row.y, style: ui.selected, maxWidth: row.width)
    }
}
