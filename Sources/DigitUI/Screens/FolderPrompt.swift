import DigitApp

/// "Open a folder of images" (`o` on the start menu and in the gallery): a path typed on the
/// message line, Tab completing folder names as a shell does; the gallery then shows that
/// folder's images — what `--digits DIR` does at start, without leaving the program.
enum FolderPrompt {
    enum Command: Sendable { case open, complete, clear, cancel }

    static let keys = KeyTable<Command>([
        KeyBinding([.enter], .open, label: "Enter", short: "open", help: "open the folder: the gallery shows its images"),
        KeyBinding([.tab], .complete, label: "Tab", short: "complete", help: "complete the folder's name, or list the folders that fit"),
        KeyBinding([.char("\u{15}")], .clear, label: "^U", short: "clear", help: "clear the path (as in a shell)"),
        KeyBinding([.escape], .cancel, label: "Esc", short: "cancel", help: "cancel: the gallery keeps its folder"),
        KeyBinding([.char("\u{11}"), .function(10)], .cancel, label: "^Q/F10", short: "", help: "quit (q and ? are typed into the path here)", inStatusLine: false),
    ])

    static let notes = ["A path from the folder digitrec started in; ~ is your home.",
                        "Its PNG and JPEG images are read, subfolders too.",
                        "labels.csv or names like 3_pen.png give the expected digits."]

    /// Offers the folder open now (walkthrough, session 33: back from the menu, the prompt was
    /// empty and Enter on it was refused): Enter opens it again, a character typed replaces it.
    static func open(_ s: inout AppState) {
        s.folderPrompt = FolderField(s.digitsFolder.hasSuffix("/") ? s.digitsFolder : s.digitsFolder + "/", suggested: true)
    }

    /// Whether a typed (or pasted) `c` is text here: anything but the prompt's own keys (q and
    /// ? are letters of a path).
    static func takesText(_ c: Character) -> Bool { keys.command(for: .char(c)) == nil }

    static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
        guard var field = s.folderPrompt else { return [] }
        // As in the program's other fields (q is text here): the quit question follows when a
        // trained model is unsaved.
        if key == .char("\u{11}") || key == .function(10) { s.folderPrompt = nil; s.quit = true; return [] }
        switch key {
        case let .char(c) where takesText(c):
            field.type(c)
            s.folderPrompt = field
            return []
        case .backspace:
            field.backspace()
            s.folderPrompt = field
            return []
        default: break
        }
        switch keys.command(for: key) {
        case .open?:
            // Nothing typed is no folder chosen (walkthrough, session 28: Enter opened the
            // folder digitrec started in, subfolders and all); "." still opens it.
            guard !field.text.isEmpty else {
                field.error = "type a folder's path first (. is the folder digitrec started in)"
                s.folderPrompt = field
                return []
            }
            return [.openFolder(field.text)]
        case .complete?: return [.completeFolder(field.text)]
        case .clear?: s.folderPrompt = FolderField()
        case .cancel?: s.folderPrompt = nil
        case nil: break
        }
        return []
    }

    /// The runtime listed the folders Tab completes from; a reply to text since changed is late.
    static func completed(typed: String, folders: [String], _ s: inout AppState) {
        guard var field = s.folderPrompt, field.text == typed else { return }
        field.complete(folders: folders)
        s.folderPrompt = field
    }

    /// The folder could be read: the gallery shows it (once a model is loaded), from its start.
    /// Only while the prompt still holds what was checked: after Esc, or with other text typed,
    /// the reply is old news (review: it pulled the user off the drawing screen).
    static func opened(typed: String, path: String, focus: String? = nil, _ s: inout AppState) -> [Effect] {
        guard s.folderPrompt?.text == typed else { return [] }
        s.folderPrompt = nil
        s.labelPrompt = nil
        s.fineTuneConfirm = nil
        s.digitsFolder = path
        s.files = []; s.items = []; s.readings = []; s.skippedImages = []
        s.labels = ImageLabels(folder: path)
        s.index = 0; s.digit = 0; s.backgroundIndex = nil
        s.fileList = (false, 0)
        s.listView.filter = ""
        s.reloading = false
        s.galleryFocus = focus
        // A model trained or fine-tuned here and used unsaved counts as loaded. Without one the
        // shipped model reads it, as with `--digits` and on the drawing screen (walkthrough:
        // the menu stayed, asking to load a model first); its loading opens the gallery.
        guard s.hasModel else {
            let shipped = ModelStore.defaultModelPath
            s.message = "Opened \(Path.display(path))/; loading \(Path.display(shipped))…"
            return [.loadModel(path: shipped)]
        }
        s.message = "Opened \(Path.display(path))/" + (focus.map { " at " + Path.baseName($0) } ?? "")
        return GalleryScreen.open(&s)
    }

    /// Tab's choices in `width` columns, whole names only: "dark/  few/  +7 more: type on".
    static func choicesLine(_ names: [String], width: Int) -> String {
        var shown: [String] = []
        for name in names {
            let others = names.count - shown.count - 1
            let tail = others > 0 ? "  +\(others) more: type on" : ""
            // A name too long for the line is counted, not allowed to hide the shorter ones.
            guard TextWidth.of((shown + [name]).joined(separator: "  ") + tail) <= width else { continue }
            shown.append(name)
        }
        let hidden = names.count - shown.count
        return (shown + (hidden > 0 ? ["+\(hidden) more: type on"] : [])).joined(separator: "  ")
    }

    static func refused(typed: String, why: String, _ s: inout AppState) {
        guard s.folderPrompt?.text == typed else { return }
        s.folderPrompt?.error = why
    }

    /// The prompt on the message line; Tab's choices or the refusal on the row above it.
    static func draw(_ buf: inout ScreenBuffer, message row: Rect, above: Rect, state s: AppState, ui: UIStyle) {
        guard let field = s.folderPrompt else { return }
        buf.fill(row, style: ui.selected)
        let cursor = ui.caps.unicode ? "▏" : "_"
        let label = " Open the folder: "
        buf.put(label, x: row.x, y: row.y, style: ui.selected)
        let x = row.x + TextWidth.of(label), room = row.maxX - x - 1
        // The end of a long path is what is being typed: it stays in view.
        let shown = Path.display(field.text) + cursor
        let text = ui.text(TextWidth.keepingEnd(shown, width: room, ellipsis: ui.text("…")))
        buf.put(text, x: x, y: row.y, style: ui.selected)
        if field.text.isEmpty || field.suggested {
            // "Again" only when the gallery shows it (walkthrough, session 33: offered from the
            // start menu before any folder was opened, "again" read as a mistake).
            let offer = s.hasModel ? "  (Enter: this one again; typing replaces it)" : "  (Enter opens it; typing replaces it)"
            let hint = field.suggested ? offer : "  (a path; ~ is your home; Tab completes)"
            buf.put(ui.text(hint), x: x + TextWidth.of(text), y: row.y, style: ui.selected,
                    maxWidth: row.maxX - x - TextWidth.of(text))
        }
        guard above.height >= 1 else { return }
        let info = Rect(x: above.x, y: above.maxY - 1, width: above.width, height: 1)
        if let error = field.error {
            buf.fill(info)
            buf.put(" " + ui.text(error), x: info.x, y: info.y, style: ui.bad, maxWidth: info.width)
        } else if !field.choices.isEmpty {
            buf.fill(info)
            buf.put(" " + choicesLine(field.choices.map(Path.display), width: info.width - 2), x: info.x, y: info.y, style: ui.muted, maxWidth: info.width)
        }
    }
}
