import DigitApp
import DigitImage

/// The gallery's list of files, to jump to one. Every image is read in the background, so
/// each line shows what was read and whether it matches the expected label (✓/✗; ! when it cannot be read); `/`
/// filters by name as you type, `m` puts the mistakes first.
enum FileListOverlay {
    enum Command: Sendable { case up, down, pageUp, pageDown, first, last, open, filter, mistakesFirst, back, close }

    static let page = ListMoves.page

    static let keys = KeyTable<Command>(ListMoves.bindings(up: .up, down: .down, pageUp: .pageUp, pageDown: .pageDown, first: .first, last: .last) + [
        KeyBinding([.enter], .open, label: "Enter", short: "open", help: "show the selected image"),
        KeyBinding([.char("/")], .filter, label: "/", short: "filter", help: "filter by name: type part of it (Enter opens, Esc clears)"),
        KeyBinding([.char("m")], .mistakesFirst, label: "m", short: "mistakes first", help: "mistakes first: wrong, unreadable, then unsure (again: off)"),
        KeyBinding([.escape], .back, label: "Esc", short: "back", help: "clear the filter, else close the list"),
        KeyBinding([.char("q"), .char("f")], .close, label: "q", short: "close", help: "close the list (f too)"),
    ])

    /// While the filter is typed, letters are text; these keys still work.
    static let typingKeys = KeyTable<Command>([
        KeyBinding(label: "↑↓", short: "move", help: "move the selection", [(.up, .up), (.down, .down)]),
        KeyBinding([.enter], .open, label: "Enter", short: "open", help: "show the selected image (the filter stays)"),
        KeyBinding([.escape], .back, label: "Esc", short: "clear", help: "clear the filter"),
    ])

    static let typingNote = "Type part of a file name; Backspace deletes."

    /// Whether a typed (or pasted) `c` is text here: while the filter is being typed, all but
    /// a newline.
    static func takesText(_ c: Character, _ s: AppState) -> Bool { s.listView.typing && !c.isNewline }

    static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
        if s.listView.typing {
            switch key {
            case let .char(c) where takesText(c, s) && s.listView.filter.count < 60:
                s.listView.filter.append(c)
                keepSelectionListed(&s)
                return []
            case .backspace:
                if !s.listView.filter.isEmpty { s.listView.filter.removeLast() }
                keepSelectionListed(&s)
                return []
            default:
                guard let command = typingKeys.command(for: key) else { return [] }
                return run(command, &s)
            }
        }
        guard let command = keys.command(for: key) else { return [] }
        return run(command, &s)
    }

    static func run(_ command: Command, _ s: inout AppState) -> [Effect] {
        let listed = s.listedFiles
        let row = listed.firstIndex(of: s.fileList.selected) ?? 0
        func select(_ r: Int) { if !listed.isEmpty { s.fileList.selected = listed[max(0, min(listed.count - 1, r))] } }
        switch command {
        case .up: select(row - 1)
        case .down: select(row + 1)
        case .pageUp: select(row - page)
        case .pageDown: select(row + page)
        case .first: select(0)
        case .last: select(listed.count - 1)
        case .filter: s.listView.typing = true
        case .mistakesFirst:
            s.listView.mistakesFirst.toggle()
            s.message = s.listView.mistakesFirst ? "Mistakes first (m again: folder order)" : "Folder order"
            // To the first mistake: the selection kept its place and the mistakes were scrolled
            // off above it (walkthrough).
            if s.listView.mistakesFirst, let first = s.listedFiles.first { s.fileList.selected = first }
        case .back:
            if s.listView.typing || !s.listView.filter.isEmpty {
                s.listView.filter = ""
                s.listView.typing = false
            } else {
                s.fileList.open = false
            }
        case .close: s.fileList.open = false; s.listView.typing = false
        case .open:
            guard listed.contains(s.fileList.selected) else { break }
            s.fileList.open = false
            s.listView.typing = false
            s.index = s.fileList.selected
            return GalleryScreen.recognizeIfNeeded(&s)
        }
        return []
    }

    /// After the filter changed: the selection moves to the first listed file if it was hidden.
    static func keepSelectionListed(_ s: inout AppState) {
        let listed = s.listedFiles
        if !listed.contains(s.fileList.selected), let first = listed.first { s.fileList.selected = first }
    }

    static func hints(_ s: AppState) -> (hints: [KeyHint], notes: [String]) {
        s.listView.typing ? (typingKeys.hints, [typingNote]) : (keys.hints, [])
    }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, state s: AppState, ui: UIStyle) {
        let filtering = s.listView.typing || !s.listView.filter.isEmpty
        let rows = area.inset(left: 2, right: 2).rows([.length(1), .length(filtering ? 1 : 0), .length(1), .min(0), .length(1)])
        let (title, filterRow, above, list, below) = (rows[0], rows[1], rows[2], rows[3], rows[4])
        var counts = ": \(s.files.count)"
        if s.readCount < s.files.count { counts += ui.text(", reading \(s.readCount)/\(s.files.count)…") }
        if let score = s.scoreText(unicode: ui.caps.unicode) { counts += ", " + score }
        if s.listView.mistakesFirst { counts += ", mistakes first" }
        // A long folder gives way in its middle, so the score's end is shown (walkthrough 34:
        // "· learnt from 19/" at 80 columns).
        let room = title.width - TextWidth.of("Files in ") - TextWidth.of(counts)
        let folder = GalleryTitle.middle(Path.display(s.digitsFolder) + "/", width: max(12, room), unicode: ui.caps.unicode)
        buf.put("Files in " + folder + counts, x: title.x, y: title.y, style: ui.accent, maxWidth: title.width)
        let listed = s.listedFiles
        if filtering {
            let cursor = s.listView.typing ? (ui.caps.unicode ? "▏" : "_") : ""
            buf.put("/" + Path.display(s.listView.filter) + cursor, x: filterRow.x, y: filterRow.y, style: s.listView.typing ? .bold : .plain, maxWidth: filterRow.width / 2)
            let count = "\(listed.count) of \(s.files.count) match"
            buf.put(count, x: filterRow.maxX - count.count, y: filterRow.y, style: ui.muted)
        }
        guard !listed.isEmpty else {
            buf.put("No file name contains \"\(Path.display(s.listView.filter))\" (Esc clears the filter)", x: list.x + 2, y: list.y, style: ui.muted, maxWidth: list.width - 2)
            return
        }
        let visible = max(1, list.height)
        let sel = listed.firstIndex(of: s.fileList.selected) ?? 0
        let first = max(0, min(sel - visible / 2, listed.count - visible))
        let last = min(listed.count, first + visible)
        let (up, down) = ui.caps.unicode ? ("↑", "↓") : ("^", "v")
        if first > 0 { buf.put("\(up) \(first) more above", x: list.x + 2, y: above.y, style: ui.muted) }
        if last < listed.count { buf.put("\(down) \(listed.count - last) more below", x: list.x + 2, y: below.y, style: ui.muted) }
        // Names in one column, so marks and readings line up whether or not they are read yet.
        let nameWidth = min(max(12, (list.width - 8) / 2), listed.map { TextWidth.of(GalleryScreen.displayName(s.files[$0], in: s.digitsFolder)) }.max() ?? 0)
        for (row, i) in listed[first..<last].enumerated() {
            buf.put(" " + TextWidth.pad(cut(line(s, i, nameWidth: nameWidth, ui: ui), width: list.width - 3, ui: ui), list.width - 2), x: list.x, y: list.y + row,
                    style: i == s.fileList.selected ? ui.selected : .plain, maxWidth: list.width)
            // The mark in the gallery's verdict colours, so the wrong ones stand out at a glance
            // (walkthrough, session 25: every mark had to be read).
            let (x, y) = (list.x + 1, list.y + row)
            if i != s.fileList.selected, let style = markStyle(s, i, ui: ui), x < buf.width, y < buf.height {
                buf[x, y] = Cell(character: buf[x, y].character, style: style)
            }
        }
        // The selected row whole where it was cut, in the rows the list leaves empty
        // (walkthrough, session 35: "not a regula…" with half the screen blank below).
        guard listed.contains(s.fileList.selected), s.files.indices.contains(s.fileList.selected) else { return }
        let whole = line(s, s.fileList.selected, nameWidth: TextWidth.of(GalleryScreen.displayName(s.files[s.fileList.selected], in: s.digitsFolder)), ui: ui)
        let spare = list.height - (last - first) - 1
        let name = GalleryScreen.displayName(s.files[s.fileList.selected], in: s.digitsFolder)
        let cut = TextWidth.of(line(s, s.fileList.selected, nameWidth: nameWidth, ui: ui)) > list.width - 3 || TextWidth.of(name) > nameWidth
        if cut, spare >= 2 {
            let wrapped = TextWidth.wrap(whole, width: max(8, list.width - 4))
            for (k, text) in wrapped.prefix(spare).enumerated() {
                buf.put(text, x: list.x + 3, y: list.y + (last - first) + 1 + k, style: ui.muted, maxWidth: list.width - 3)
            }
        }
    }

    /// The style of row `i`'s mark: right, wrong (or not readable), unsure; nil for no mark.
    static func markStyle(_ s: AppState, _ i: Int, ui: UIStyle) -> Style? {
        guard s.readings.indices.contains(i), let reading = s.readings[i] else { return nil }
        if reading.error != nil { return ui.bad }
        guard let verdict = s.verdict(at: i), verdict.correct != nil else { return nil }
        return ui.verdict(verdict.kind)
    }

    /// A decoder's message starts with the file's path, which the row names already: at 80
    /// columns the path pushed the reason off the row ("cannot read: /tmp/mine/broken.png: not a PNG or").
    static func withoutPath(_ error: String, _ file: String) -> String { Path.message(error, without: file) }

    /// `line` in `width` columns, ending in "…" where it had to be cut (a reason cut off
    /// mid-word read as if it were the whole of it).
    static func cut(_ line: String, width: Int, ui: UIStyle) -> String {
        let mark = ui.text("…")
        guard TextWidth.of(line) > width, width > TextWidth.of(mark) else { return line }
        return TextWidth.prefix(line, width: width - TextWidth.of(mark)) + mark
    }

    /// "✓ 3_pen.png      → 3", "✗ 3_wrong.png    → 9, expected 3", "! blank.png      cannot read: …",
    /// "  scan.png       …".
    static func line(_ s: AppState, _ i: Int, nameWidth: Int, ui: UIStyle) -> String {
        // One column more than the longest name: pad cuts a name that fills its column.
        let name = TextWidth.pad(GalleryScreen.displayName(s.files[i], in: s.digitsFolder), nameWidth + 1)
        guard s.readings.indices.contains(i), let reading = s.readings[i] else { return ui.text("  \(name) …") }
        if let error = reading.error {
            // The decoder's own words may begin "cannot read (…)" already.
            let reason = withoutPath(error, s.files[i])
            // "!", not "✗": nothing was read wrong, the file could not be read (walkthrough: an
            // unlabelled blank image looked like one of the model's mistakes).
            // A blank page was read; it holds no digit (walkthrough: "cannot read: no digit
            // found" for an empty page said the file was broken).
            let said = reason.hasPrefix("cannot read") || reason == ImageError.noDigitMessage ? reason : "cannot read: " + reason
            return "! " + name + " " + ui.text(said)
        }
        let verdict = s.verdict(at: i)
        var tail = (ui.caps.unicode ? "→ " : "-> ") + (reading.prediction.isEmpty ? "no digit" : reading.shown)
        if verdict?.correct == false, let expected = verdict?.expected { tail += ", expected " + expected }
        if verdict?.kind == .unsure { tail += ", unsure" }
        if s.learntFrom(i) { tail += " (learnt from)" }
        return (verdict?.listMark(unicode: ui.caps.unicode) ?? " ") + " " + name + " " + tail
    }
}
