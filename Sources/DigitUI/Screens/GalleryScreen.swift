import DigitApp
import DigitImage

/// The images of the digits folder, one at a time: the original, the 28×28 input the network
/// sees, the digit read and all ten probabilities. Images are read when first shown.
enum GalleryScreen {
    enum Command: Sendable {
        case next, previous, first, last, nextMistake, previousMistake, nextDigit, previousDigit, label(Int), editLabel, find, files, mistakesList, reload, folder, draw, report, fineTune, compareParent, zoom, menu, quit
    }

    static let keys = KeyTable<Command>([
        // One row for both ways, so the status line fits 80 columns even spelled out in ASCII.
        KeyBinding(label: "←→", short: "image", help: "previous or next image (p n, h l, PgUp PgDn, Space)",
                   [Key.left, .char("p"), .char("h"), .pageUp].map { ($0, Command.previous) }
                       + [Key.right, .char("n"), .char(" "), .char("l"), .pageDown].map { ($0, Command.next) }),
        // One row for both ends: the help fits 80×24 above the message line.
        KeyBinding(label: "Home/End", short: "first/last", help: "first or last image (g G)", inStatusLine: false,
                   [(.home, .first), (.char("g"), .first), (.end, .last), (.char("G"), .last)]),
        KeyBinding(label: "x/X", short: "mistake", help: "next or previous mistake: read wrong, or not read at all",
                   inStatusLine: false, whenRoom: true, [(.char("x"), .nextMistake), (.char("X"), .previousMistake)]),
        KeyBinding(label: "Tab", short: "digit", help: "next digit of a number (Shift-Tab or [ back, ] on)",
                   [(.tab, .nextDigit), (.char("]"), .nextDigit), (.backTab, .previousDigit), (.char("["), .previousDigit)]),
        KeyBinding(label: "0-9/e", short: "label", help: "true label 0-9, then the next image; e types a number",
                   (0...9).map { (Key.char(Character(String($0))), Command.label($0)) } + [(.char("e"), .editLabel)]),
        KeyBinding([.char("/")], .find, label: "/", short: "find", help: "the file list, filtered by the name you type"),
        // m is "mistakes" on every screen that lists images (the file list, the report, the
        // comparison); here it was the menu (walkthrough, session 35).
        KeyBinding(label: "f/m", short: "files", help: "the file list: every image read, ✓ and ✗; m: mistakes first",
                   inStatusLine: false, whenRoom: true, [(.char("f"), .files), (.char("m"), .mistakesList)]),
        KeyBinding([.char("z")], .zoom, label: "z", short: "zoom", help: "the original: the digits close up, or the whole picture", inStatusLine: false),
        KeyBinding([.char("d")], .draw, label: "d", short: "draw", help: "draw a digit (it joins this folder when saved)", inStatusLine: false, whenRoom: true),
        KeyBinding([.char("o")], .folder, label: "o", short: "open", help: "open another folder of images", inStatusLine: false, whenRoom: true),
        KeyBinding([.char("r")], .reload, label: "r", short: "reload", help: "read the folder again (the shown file stays)", inStatusLine: false),
        KeyBinding([.char("E")], .report, label: "E", short: "report", help: "the model's report and mistakes on the test set", inStatusLine: false, whenRoom: true),
        // One row: the help at 80×24 has no line to spare.
        KeyBinding(label: "F/C", short: "fine-tune", help: "fine-tune on the labelled images; C: tuned vs its start",
                   inStatusLine: false, whenRoom: true, [(.char("F"), .fineTune), (.char("C"), .compareParent)]),
        KeyBinding([.escape, .char("b")], .menu, label: "Esc", short: "menu", help: "back to the start menu (b too)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])

    static let notes = ["Expected labels: labels.csv, else the file name (3_pen.png is a 3)."]

    /// `labels` as read from disk with the labels set here that could not be written (for
    /// the same folder) over them.
    static func keepingUnsaved(_ labels: ImageLabels, _ unsaved: [UnsavedLabel]) -> ImageLabels {
        var labels = labels
        for u in unsaved where u.folder == labels.folder { labels.assign(u.label, for: u.file) }
        return labels
    }

    /// Shows the gallery from its first image and rescans the folder.
    /// To the gallery, its folder read again; `keepingPlace`: back from training or
    /// fine-tuning, at the image the user was on (walkthrough: saving a fine-tuned model
    /// jumped back to image 1), else at the first.

    static func open(_ s: inout AppState, keepingPlace: Bool = false) -> [Effect] {
        s.screen = .gallery
        if !keepingPlace { s.index = 0 }
        return [.scanFolder(s.digitsFolder)]
    }

    /// The status line's keys: with no image, the keys that step through images give way to
    /// those that bring some (walkthrough, session 29: "←→ image  Tab digit" over an empty folder).
    static func hints(_ s: AppState) -> [KeyHint] {
        guard s.files.isEmpty else { return keys.hints }
        // The help still lists every key.
        return keys.hints.map { h in
            var shown = h
            shown.inStatusLine = ["r", "d", "o", "Esc", "q"].contains(h.label)
            shown.whenRoom = false
            return shown
        }
    }

    static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
        if s.labelPrompt != nil { return LabelPrompt.handle(key, &s) }
        if s.fineTuneConfirm != nil { return FineTuneStart.handle(key, &s) }
        guard let command = keys.command(for: key) else { return [] }
        let count = s.files.count
        let digits = digitCount(s)
        switch command {
        case .next: s.index = min(max(0, count - 1), s.index + 1)
        case .previous: s.index = max(0, s.index - 1)
        case .first: s.index = 0
        case .last: s.index = max(0, count - 1)
        case .nextMistake: toMistake(forward: true, &s)
        case .previousMistake: toMistake(forward: false, &s)
        case .nextDigit: s.digit = digits > 0 ? (s.digit + 1) % digits : 0
        case .previousDigit: s.digit = digits > 0 ? (s.digit + digits - 1) % digits : 0
        case let .label(d):
            // One digit is the whole label of a one-digit image; a number's is typed.
            let expected = s.files.indices.contains(s.index) ? s.labels.expected(for: s.files[s.index]) : nil
            if digits > 1 || (expected?.count ?? 0) > 1 { LabelPrompt.open(&s, with: String(d)) } else { return LabelPrompt.labelAndGoOn(String(d), &s) }
        case .editLabel:
            let expected = s.files.indices.contains(s.index) ? s.labels.expected(for: s.files[s.index]) : nil
            // The label it has, which a digit typed replaces (walkthrough: "4", then 9, saved "49").
            LabelPrompt.open(&s, with: expected ?? "", suggested: true)
        case .find:
            s.fileList = (true, s.index)
            s.listView.filter = ""
            s.listView.typing = true
        case .files: s.fileList = (true, s.index)
        case .mistakesList:
            s.listView.mistakesFirst = true
            // With no mistake read (yet), the list opens on the image shown, and says so (review).
            if let first = s.listedFiles.first, s.mistakeRank(first) < 2 {
                s.fileList = (true, first)
                s.message = "Mistakes first (m again: folder order)"
            } else {
                s.fileList = (true, s.index)
                s.message = "No mistakes read so far (m again: folder order)"
            }
        case .reload:
            s.reloading = true
            s.message = "Reading \(Path.display(s.digitsFolder))/ again…"
            return [.scanFolder(s.digitsFolder)]
        case .folder: FolderPrompt.open(&s); return []
        case .zoom:
            s.wholeOriginal.toggle()
            // Said, when this picture has nothing to zoom to: its digits span most of it (a
            // row of small digits across a wide strip is not "filling" it: walkthrough, session 35).
            if s.items.indices.contains(s.index), case let .recognized(r) = s.items[s.index], OriginalZoom.focus(r) == nil {
                s.message = "The digits span most of this picture already: " + (s.wholeOriginal ? "pictures are shown whole now" : "pictures with small digits are shown close up now")
            }
        case .draw: return DrawScreen.open(from: .gallery, &s)
        case .menu: s.screen = .start(selected: 0); return []
        case .quit: s.quit = true; return []
        case .report:
            // A trained or fine-tuned model in use and not saved is measured as it is
            // (walkthrough: E said "no model loaded" after a fine-tune left unsaved).
            if s.usingUnsaved { return ReportScreen.open(path: nil, name: "unsaved model", back: .gallery, &s) }
            guard let model = s.modelName else { s.message = "no model loaded"; return [] }
            // A model file is reported (and cached) by its checksum; an unsaved one is measured as it is.
            let path = model.hasSuffix(ModelStore.suffix) ? model : nil
            return ReportScreen.open(path: path, name: model, back: .gallery, &s)
        case .fineTune: return FineTuneStart.ask(&s)
        case .compareParent:
            // Two model files are compared: a model in use unsaved has none yet.
            // As F does: to the save prompt (walkthrough, session 33: the way there was found by chance).
            if s.usingUnsaved, var r = s.unsaved {
                r.saving = false
                s.screen = .results(r)
                s.message = "Save the model first (C compares saved model files), then press C again"
                return [.scanModels]
            }
            if let o = s.openedFrom, o.stillApplies(s) { return CompareScreen.open(o.a, o.b, back: .gallery, onFolder: true, &s) }
            guard let model = s.modelName else { s.message = "no model loaded"; return [] }
            return [.findParent(model: model)]
        }
        return recognizeIfNeeded(&s)
    }

    /// To the next (or previous) image read wrong or not read at all, round the folder, saying
    /// which of how many it is: a person going through what the model got wrong. A file without
    /// a label that cannot be read is no mistake of the model's (the score leaves it out) but
    /// wants a look too: it is counted apart (walkthrough: "Mistake 1 of 3" beside "6/7 correct").
    static func toMistake(forward: Bool, _ s: inout AppState) {
        let stops = s.files.indices.filter { s.mistakeRank($0) == 0 }
        let numbersOnly = s.modelReadsNumbers
        let unreadable = stops.filter { s.verdict(at: $0) == nil && s.scoredLabel(at: $0, numbersOnly: numbersOnly) == nil }.count
        let unread = s.readings.filter { $0 == nil }.count
        let still = unread > 0 ? " (\(unread) still to read)" : ""
        guard !stops.isEmpty else { s.message = "No mistakes in the images read" + still; return }
        let next = forward ? stops.first { $0 > s.index } ?? stops[0] : stops.last { $0 < s.index } ?? stops[stops.count - 1]
        let wrapped = forward ? next <= s.index : next >= s.index
        s.index = next
        let place = (stops.firstIndex(of: next) ?? 0) + 1
        let what: String
        switch unreadable {
        case 0: what = "Mistake \(place) of \(stops.count)"
        case stops.count: what = "Cannot be read: \(place) of \(stops.count)"
        default: what = "\(place) of \(stops.count) to look at (\(stops.count - unreadable) \(stops.count - unreadable == 1 ? "mistake" : "mistakes"), \(unreadable) without a label cannot be read)"
        }
        s.message = what + still + (wrapped && stops.count > 1 ? ", round the folder again" : "")
    }

    /// How many digits the shown image has (0 until it is recognised).
    static func digitCount(_ s: AppState) -> Int {
        guard s.items.indices.contains(s.index), case let .recognized(r) = s.items[s.index] else { return 0 }
        return r.digits.count
    }

    /// Asks for the shown image once (it is marked as being read until the result comes),
    /// then keeps one background reading going until every image of the folder is read.
    static func recognizeIfNeeded(_ s: inout AppState) -> [Effect] {
        guard case .gallery = s.screen else { return [] }
        var effects: [Effect] = []
        if s.items.indices.contains(s.index), case .pending = s.items[s.index] {
            s.items[s.index] = .reading
            effects.append(.recognize(index: s.index))
        }
        return effects + readNextInBackground(&s)
    }

    /// The next image nobody has read or is reading, from the shown one on, read in the
    /// background; one at a time, so the shown image never waits behind the whole folder.
    static func readNextInBackground(_ s: inout AppState) -> [Effect] {
        guard s.backgroundIndex == nil, !s.files.isEmpty, s.readings.count == s.files.count else { return [] }
        let start = min(s.index, s.files.count - 1)
        let order = Array(start..<s.files.count) + Array(0..<start)
        guard let next = order.first(where: { i in
            if s.readings[i] != nil { return false }
            if s.items.indices.contains(i), case .reading = s.items[i] { return false }
            return true
        }) else { return [] }
        s.backgroundIndex = next
        return [.readInBackground(index: next)]
    }

    /// What `r` found: "Read digits/ again: 26 images (1 new)".
    /// `relabelled`: files kept whose expected label changed (labels.csv edited by hand;
    /// walkthrough, session 33: "no change" when a label and the score had changed).
    static func reloaded(before: [String], after: [String], folder: String, relabelled: Int = 0) -> String {
        let (old, new) = (Set(before), Set(after))
        let added = after.filter { !old.contains($0) }.count, gone = before.filter { !new.contains($0) }.count
        var changes: [String] = []
        if added > 0 { changes.append("\(added) new") }
        if gone > 0 { changes.append("\(gone) gone") }
        if relabelled > 0 { changes.append("\(relabelled) labelled otherwise") }
        return "Read \(Path.display(folder))/ again: \(Format.count(after.count, "image"))" + (changes.isEmpty ? ", no change" : " (" + changes.joined(separator: ", ") + ")")
    }

    /// A file's name as it may be shown: its path below the gallery's folder ("june/3.png"),
    /// control characters and bytes that are not UTF-8 escaped.
    static func displayName(_ path: String, in root: String) -> String { Path.display(ImageFolder.relativeName(path, in: root)) }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, state s: AppState, ui: UIStyle) {
        let rows = area.rows([.length(1), .min(0)])
        var (titleRow, body) = (rows[0].inset(left: 1, right: 1), rows[1])
        // The label prompt takes the last row: the pictures are laid out above it, not under it.
        if s.labelPrompt != nil { body.height = max(0, body.height - 1) }
        guard s.files.indices.contains(s.index), s.items.indices.contains(s.index) else {
            // Wrapped, not cut (walkthrough, session 29: "or d to dra" at 80 columns).
            let width = max(1, body.width - 4)
            var lines = TextWidth.wrap(ui.text("No PNG or JPEG images in \(Path.display(s.digitsFolder))/ — add some and press r, or d to draw one."),
                                       width: width).map { ($0, ui.muted) }
            // What is there instead (a phone's HEIC photos), and what to do with it.
            if !s.skippedImages.isEmpty {
                lines += TextWidth.wrap(ui.text("Skipped " + s.skippedImages.joined(separator: ", ") + "."), width: width).prefix(6).map { ($0, ui.bad) }
            }
            lines.append(("(o opens another folder)", ui.muted))
            for (i, line) in lines.prefix(max(0, body.height - 1)).enumerated() {
                buf.put(line.0, x: body.x + 2, y: body.y + 1 + i, style: line.1, maxWidth: width)
            }
            return
        }
        // The running score over the images read so far, counted once: its text and colour.
        let tally = s.tally
        var title = GalleryTitle(position: "Image \(s.index + 1)/\(s.files.count)", name: ui.text(displayName(s.files[s.index], in: s.digitsFolder)),
                                 score: s.scoreText(tally, unicode: ui.caps.unicode),
                                 progress: s.readCount < s.files.count ? ui.text("reading \(s.readCount)/\(s.files.count)…") : nil)
        if case let .recognized(r) = s.items[s.index] {
            title.details = [ui.text("\(r.sizeText) \(r.format?.rawValue ?? "image")")] + (r.shrunkText.map { [ui.text($0)] } ?? []) + [kib(r.fileBytes)]
            // An image the model was fine-tuned on: its verdict says little about new digits.
            title.learnt = s.learnt.contains(r.contentID)
        }
        // The score goes at the right of the title.
        let (left, right) = title.fitted(width: titleRow.width, unicode: ui.caps.unicode)
        // Highlighted, not red, with a mistake in it: "7/8 correct" is news to look at (x), not a
        // failure (walkthrough, session 32).
        buf.put(right, x: titleRow.maxX - TextWidth.of(right), y: titleRow.y, style: tally.right == tally.total ? ui.good : ui.accent)
        buf.put(left, x: titleRow.x, y: titleRow.y, style: .bold, maxWidth: titleRow.width)
        switch s.items[s.index] {
        case .pending, .reading:
            buf.put(ui.text("reading…"), x: body.x + 2, y: body.y + 1, style: ui.muted)
        case let .failed(error):
            let text = body.inset(left: 2, top: 1, right: 2)
            buf.put(ui.caps.unicode ? "✗ Cannot use this file:" : "x Cannot use this file:", x: text.x, y: text.y, style: ui.bad)
            for (i, line) in TextWidth.wrap(ui.text(error), width: text.width - 2).prefix(4).enumerated() {
                buf.put(line, x: text.x + 2, y: text.y + 1 + i)
            }
            // On the last image → does nothing (walkthrough, session 25).
            let on = s.files.count == 1 ? "This is the only image: o opens another folder, r reads it again."
                : s.index + 1 < s.files.count ? "The gallery goes on: → for the next image." : "This is the last image: ← for the one before, Home for the first."
            buf.put(ui.text(on), x: text.x, y: text.y + 6, style: ui.muted)
        case let .recognized(r):
            RecognitionView.draw(&buf, body, r, verdict: Verdict(r, expected: s.labels.expected(for: s.files[s.index])), digit: s.digit,
                                 whole: s.wholeOriginal, ui: ui)
        }
    }

    static func kib(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) B" : Format.fixed(Double(bytes) / 1024, 1) + " KiB"
    }
}
