import DigitApp

/// "Open a folder of images" (`o` on the start menu and in the gallery): a path typed on the
/// message line, Tab completing folder names as a shell does; the gallery then shows that
/// folder's images — what `--digits DIR` does at start, without leaving the program.
enum FolderPrompt {
    enum Command: Sendable { case open, complete, cancel }

    static let keys = KeyTable<Command>([
        KeyBinding([.enter], .open, label: "Enter", short: "open", help: "open the folder: the gallery shows its images"),
        KeyBinding([.tab], .complete, label: "Tab", short: "complete", help: "complete the folder's name (twice: the folders that fit)"),
        KeyBinding([.escape], .cancel, label: "Esc", short: "cancel", help: "keep the folder open now"),
    ])

    static let notes = ["Type a path: relative to the folder digitrec started in, ~ for your home.",
                        "Its PNG and JPEG images and those of its subfolders are read; labels.csv",
                        "or file names like 3_pen.png give the expected digits."]

    static func open(_ s: inout AppState) {
        s.folderPrompt = FolderField()
    }

    static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
        guard var field = s.folderPrompt else { return [] }
        switch key {
        case let .char(c):
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
        case .open?: return [.openFolder(field.text)]
        case .complete?: return [.completeFolder(field.text)]
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
    static func opened(_ path: String, _ s: inout AppState) -> [Effect] {
        s.folderPrompt = nil
        s.digitsFolder = path
        s.files = []; s.items = []; s.readings = []; s.skippedImages = []
        s.labels = ImageLabels(folder: path)
        s.index = 0; s.digit = 0; s.backgroundIndex = nil
        s.fileList = (false, 0)
        s.listView.filter = ""
        s.reloading = false
        guard s.modelName != nil else {
            s.message = "\(Path.display(path))/ is the gallery's folder now: load a model (l) or train one (t) to read it"
            return []
        }
        s.message = "Opened \(Path.display(path))/"
        return GalleryScreen.open(&s)
    }

    /// Tab's choices in `width` columns, whole names only: "dark/  few/  +7 more: type on".
    static func choicesLine(_ names: [String], width: Int) -> String {
        var shown: [String] = []
        for (i, name) in names.enumerated() {
            let rest = names.count - i - 1
            let tail = rest > 0 ? "  +\(rest) more: type on" : ""
            guard TextWidth.of((shown + [name]).joined(separator: "  ") + tail) <= width else { break }
            shown.append(name)
        }
        let hidden = names.count - shown.count
        return (shown + (hidden > 0 ? ["+\(hidden) more: type on"] : [])).joined(separator: "  ")
    }

    static func refused(_ why: String, _ s: inout AppState) {
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
        let text = ui.text(TextWidth.keepingEnd(shown, width: room))
        buf.put(text, x: x, y: row.y, style: ui.selected)
        if field.text.isEmpty {
            buf.put(ui.text("  (a path; ~ is your home; Tab completes)"), x: x + TextWidth.of(text), y: row.y, style: ui.selected,
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
