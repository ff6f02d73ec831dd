import DigitApp

/// The whole screen for a state. Pure: the same state always draws the same buffer.
public func render(_ s: AppState) -> ScreenBuffer {
    var buf = ScreenBuffer(width: s.width, height: s.height)
    guard !s.tooSmall else {
        let x = s.capabilities.unicode ? "×" : "x"
        // One line where it fits, else three short ones (a 20-column pane showed "Terminal too small:").
        let need = "need \(AppState.minWidth)\(x)\(AppState.minHeight)", have = "have \(s.width)\(x)\(s.height)"
        let line = "Terminal too small: \(need), \(have)"
        // What to do (walkthrough, session 28): q waits for a screen that fits when something is unsaved.
        let todo = QuitPrompt.hasUnsavedWork(s) ? ["Enlarge the window", "(unsaved work: q asks", "once it fits)"] : ["Enlarge the window,", "or press q to quit."]
        let lines = line.count <= s.width ? [line, ""] + (todo.joined(separator: " ").count <= s.width ? [todo.joined(separator: " ")] : todo)
                                          : ["Terminal too small", need, have, ""] + todo
        for row in lines.indices { buf.put(lines[row], x: 0, y: row) }
        return buf
    }
    let ui = UIStyle(s.capabilities)
    let screen = Chrome(s)
    drawTitleBar(&buf, s, screen.title, ui: ui)
    let body = screen.body
    switch s.screen {
    case let .start(selected): StartScreen.draw(&buf, body, selected: selected, modelLoaded: s.hasModel, ui: ui)
    case let .load(selected): LoadScreen.draw(&buf, body, models: s.models, selected: selected, marked: s.marked,
                                                   inUse: s.usingUnsaved ? nil : s.modelName, ui: ui)
    case let .trainForm(form, missing, download): TrainFormScreen.draw(&buf, body, form: form, missing: missing, download: download, ui: ui)
    case let .training(view): TrainingScreen.draw(&buf, body, view: view, ui: ui)
    case let .results(r): ResultsScreen.draw(&buf, body, results: r, ui: ui)
    case let .dataset(view): DatasetScreen.draw(&buf, body, view: view, ui: ui)
    case let .report(view): ReportScreen.draw(&buf, body, view: view, ui: ui)
    case let .compare(view): CompareScreen.draw(&buf, body, view: view, state: s, ui: ui)
    case .gallery:
        if s.fileList.open { FileListOverlay.draw(&buf, body, state: s, ui: ui) } else { GalleryScreen.draw(&buf, body, state: s, ui: ui) }
        LabelPrompt.draw(&buf, body, state: s, ui: ui)
        FineTuneStart.draw(&buf, body, state: s, ui: ui)
    case let .draw(d): DrawView.draw(&buf, state: d, folder: s.digitsFolder, width: s.width, height: s.height, ui: ui)
    case let .details(details, _): DetailsScreen.draw(&buf, body, details, ui: ui)
    }
    if s.askQuit { QuitPrompt.draw(&buf, body, state: s, ui: ui) }
    if let message = s.message {
        // On the results screen the rows above the message are the "Save as:" field the keys
        // type into: a long message keeps to its own row there (walkthrough: three rows of
        // skipped files hid the field the status line said to type a name in).
        let room: Int
        if case .results = s.screen { room = 1 } else { room = body.height + 1 }
        let lines = messageLines(ui.text(message), width: screen.message.width, room: room,
                                 ellipsis: ui.caps.unicode ? "…" : "...")
        for (i, line) in lines.enumerated() {
            let row = Rect(x: screen.message.x, y: screen.message.y - (lines.count - 1 - i), width: screen.message.width, height: 1)
            buf.fill(row)
            buf.put(line, x: row.x, y: row.y, style: ui.accent, maxWidth: row.width)
        }
    }
    FolderPrompt.draw(&buf, message: screen.message, above: body, state: s, ui: ui)
    let keys = screenKeys(s)
    // Arrows spelled out before the help aligns its columns.
    let hints = keys.hints.map { h in KeyHint(label: ui.text(h.label), short: h.short, help: ui.text(h.help), inStatusLine: h.inStatusLine, keys: h.keys, whenRoom: h.whenRoom) }
    buf.fill(screen.status, style: ui.statusBar)
    // Less the leading space and the screen's last cell, which the terminal never draws
    // (README audit: "? hel" at 80 columns on the drawing screen).
    buf.put(" " + KeyHints.statusLine(hints, width: screen.status.width - 2, typing: s.folderPrompt != nil), x: screen.status.x, y: screen.status.y, style: ui.statusBar, maxWidth: screen.status.width)
    if s.showHelp { HelpOverlay.draw(&buf, screen.whole, lines: KeyHints.helpLines(hints, notes: keys.notes.map(ui.text)), ui: ui) }
    return buf
}

/// A message too long for its line takes up to three, over the screen's last rows (walkthrough:
/// a warning cut at 80 columns lost the file it named and what to do; at 160 too). Past three
/// the last line ends in "…".
func messageLines(_ text: String, width: Int, room: Int, ellipsis: String = "…") -> [String] {
    let limit = max(1, min(3, room))
    guard TextWidth.of(text) + 1 > width, width > 4 else { return [" " + text] }
    var lines = TextWidth.wrap(text, width: width - 2).map { " " + $0 }
    if lines.count > limit {
        lines = Array(lines.prefix(limit))
        lines[limit - 1] = TextWidth.prefix(lines[limit - 1], width: width - 1 - TextWidth.of(ellipsis)) + ellipsis
    }
    return lines
}

/// The rows every screen shares: title bar, the screen's own area, a message line, the keys.
struct Chrome {
    let whole: Rect, title: Rect, body: Rect, message: Rect, status: Rect

    /// The screen of a state: its size, from the top left corner.
    init(_ s: AppState) { self.init(Rect(x: 0, y: 0, width: s.width, height: s.height)) }

    init(_ whole: Rect) {
        self.whole = whole
        let rows = whole.rows([.length(1), .min(0), .length(1), .length(1)])
        title = rows[0]; body = rows[1]; message = rows[2]; status = rows[3]
    }
}

/// The program's name, and the loaded model's at the right.
func drawTitleBar(_ buf: inout ScreenBuffer, _ s: AppState, _ bar: Rect, ui: UIStyle) {
    let name = " Handwritten Digit Recognizer v2.0"
    buf.fill(bar, style: ui.titleBar)
    buf.put(name, x: bar.x, y: bar.y, style: ui.titleBar)
    // While a model trains and before it is saved, the title says so (walkthrough: it went blank).
    let model: String?
    // A trained model kept unsaved while another is loaded stays in sight (walkthrough,
    // session 29: only quitting showed it still existed) — not on its own save prompt (review).
    var unsaved = ""
    switch s.screen {
    // A run that stopped with nothing to save is over (walkthrough: cancelled before its first
    // epoch, the title still said "in training"): the model in use, as elsewhere.
    case let .training(view) where view.failure == nil: model = "in training"
    case .results: model = "new, not saved yet"
    default:
        model = s.usingUnsaved ? "unsaved" : s.modelName.map { Path.display(Path.baseName($0, dropping: ModelStore.suffix)) }
        if s.unsaved != nil && !s.usingUnsaved && s.modelName != nil { unsaved = " (+1 unsaved: q, s saves it)" }
    }
    if let model {
        let room = bar.width - TextWidth.of(name) - 2
        // A long name is cut before the hint is.
        let ellipsis = ui.caps.unicode ? "…" : "..."
        var shown = "model: \(model)"
        if TextWidth.of(shown + unsaved) > room - 1 && !unsaved.isEmpty {
            shown = TextWidth.prefix(shown, width: max(8, room - 1 - TextWidth.of(unsaved) - TextWidth.of(ellipsis))) + ellipsis
        }
        let label = TextWidth.prefix(shown + unsaved, width: room - 1) + " "
        buf.put(label, x: bar.maxX - TextWidth.of(label), y: bar.y, style: ui.titleBar)
    }
}

/// The key hints of what is on screen (the open overlay's, else the screen's) and its notes.
func screenKeys(_ s: AppState) -> (hints: [KeyHint], notes: [String]) {
    if s.askQuit { return (QuitPrompt.hints(s), QuitPrompt.notes) }
    if s.folderPrompt != nil { return (FolderPrompt.keys.hints, FolderPrompt.notes) }
    switch s.screen {
    case .start: return (StartScreen.keys.hints, StartScreen.notes)
    case .load: return (LoadScreen.hints(marked: s.marked.count), LoadScreen.notes)
    case let .trainForm(form, missing, _): return (TrainFormScreen.hints(form: form, missing: missing != nil), TrainFormScreen.notes)
    case let .training(view): return (TrainingScreen.hints(view), TrainingScreen.notes)
    case let .results(r):
        return (ResultsScreen.hints(r, body: Chrome(s).body), ResultsScreen.notes)
    case .details: return (DetailsScreen.keys.hints, DetailsScreen.notes)
    case .gallery:
        if s.labelPrompt != nil { return (LabelPrompt.keys.hints, LabelPrompt.notes) }
        if let c = s.fineTuneConfirm { return (FineTuneStart.hints(c), FineTuneStart.notes) }
        return s.fileList.open ? FileListOverlay.hints(s) : (GalleryScreen.hints(s), GalleryScreen.notes)
    case let .draw(d): return d.prompt != nil ? (DrawScreen.promptKeys.hints, []) : (DrawScreen.keys.hints, DrawScreen.notes)
    case let .dataset(view):
        return (DatasetScreen.hints(view, body: Chrome(s).body), DatasetScreen.notes)
    case let .report(view): return (ReportScreen.hints(view), view.browser == nil ? ReportScreen.notes : ExploreScreens.browserNotes)
    case let .compare(view): return (CompareScreen.hints(view), view.browser == nil ? CompareScreen.notes : ExploreScreens.browserNotes)
    }
}
