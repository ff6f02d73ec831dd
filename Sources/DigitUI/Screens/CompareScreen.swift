import DigitApp

/// Two models on the same test images (marked in the load list, `c`): each accuracy, where
/// they disagree, McNemar's exact test on those counts, per-class differences; Enter browses
/// the disagreements as art with the wrong model's probabilities. `f`: the same two models on
/// the gallery folder's labelled images — your own digits, which is what a fine-tune was for
/// (`compare A B --images DIR` on the command line): every file with each model's reading,
/// where they differ first; Enter shows the selected one in the gallery.
enum CompareScreen {
    enum Command: Sendable { case browse, folder, back, quit }
    enum FolderCommand: Sendable { case up, down, pageUp, pageDown, first, last, open, tests, back, quit }

    static let keys = KeyTable<Command>([
        KeyBinding([.enter, .char("m")], .browse, label: "Enter", short: "disagreements", help: "browse the images where exactly one model is right (m too)"),
        KeyBinding([.char("f")], .folder, label: "f", short: "your folder",
                   help: "the two models on the labelled images of the gallery's folder (again: back to the test set)"),
        KeyBinding([.escape, .char("b")], .back, label: "Esc", short: "back", help: "back to the model list (b too)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])
    static let page = ListMoves.page

    /// The folder's list: the file list's moves, Enter to the gallery.
    static let folderKeys = KeyTable<FolderCommand>(ListMoves.bindings(up: .up, down: .down, pageUp: .pageUp, pageDown: .pageDown, first: .first, last: .last) + [
        KeyBinding([.enter], .open, label: "Enter", short: "open", help: "show the selected image in the gallery"),
        KeyBinding([.char("f")], .tests, label: "f", short: "test set", help: "the two models on the test set (again: this folder)"),
        KeyBinding([.escape, .char("b")], .back, label: "Esc", short: "back", help: "back to where the comparison was opened (b too)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])

    static let notes = ["McNemar's exact test: do the images only one model gets right split more unevenly than chance would?",
                        "Reports are kept per checksum, so comparing again is instant."]

    static func hints(_ v: CompareView) -> [KeyHint] {
        guard v.browser == nil else { return ExploreScreens.browserKeys.hints }
        if v.onFolder, v.folderResult != nil { return folderKeys.hints }
        return keys.hints.map { hint in
            var h = hint
            if h.keys.contains(.enter) { h.inStatusLine = !v.onFolder }
            if h.keys.contains(.char("f")) && v.onFolder { h.short = "test set" }
            return h
        }
    }

    /// `onFolder`: opened on the gallery folder's images (the gallery's `C`: a fine-tune and its start).
    static func open(_ a: String, _ b: String, back: ReturnTo, onFolder: Bool = false, _ s: inout AppState) -> [Effect] {
        var view = CompareView(a: a, b: b, back: back, folder: s.digitsFolder)
        view.onFolder = onFolder
        view.asked = (!onFolder, onFolder)
        s.screen = .compare(view)
        return [.explore(view.request)]
    }

    static func handle(_ key: Key, view: CompareView, _ s: inout AppState) -> [Effect] {
        var v = view
        if let browser = v.browser {
            v.browser = ExploreScreens.move(key, browser, &s)
            s.screen = .compare(v)
            return []
        }
        if v.onFolder, let c = v.folderResult, let command = folderKeys.command(for: key) {
            return handleFolder(command, v, c, &s)
        }
        switch keys.command(for: key) {
        case .browse?:
            guard !v.onFolder, let r = v.result else { break }
            v.browser = MistakeBrowser(title: "Disagreements", images: mostConfidentFirst(r))
        case .folder?: return otherSide(v, &s)
        case .back?: ExploreScreens.leave(to: v.back, &s); return []
        case .quit?: s.quit = true; return []
        case nil: break
        }
        s.screen = .compare(v)
        return []
    }

    /// `f`: the test set and the folder in turn.
    static func otherSide(_ view: CompareView, _ s: inout AppState) -> [Effect] {
        var v = view
        v.onFolder.toggle()
        s.screen = .compare(v)
        // Each side is read once per visit of the screen, when first shown, and kept: the
        // gallery's `C` opens on the folder, so the test set's may not be asked for yet
        // (walkthrough, session 33: "Measuring…" for good).
        let missing = v.onFolder ? v.folderResult == nil && v.folderError == nil && !v.asked.folder
                                 : v.result == nil && v.error == nil && !v.asked.tests
        guard missing else { return readSelected(&s) }
        if v.onFolder { v.asked.folder = true } else { v.asked.tests = true }
        s.screen = .compare(v)
        return [.explore(v.request)]
    }

    static func handleFolder(_ command: FolderCommand, _ view: CompareView, _ c: FolderComparison, _ s: inout AppState) -> [Effect] {
        var v = view
        let last = max(0, c.images.count - 1)
        switch command {
        case .up: v.folderSelected -= 1
        case .down: v.folderSelected += 1
        case .pageUp: v.folderSelected -= page
        case .pageDown: v.folderSelected += page
        case .first: v.folderSelected = 0
        case .last: v.folderSelected = last
        case .open:
            guard let image = v.selectedImage else { break }
            return openInGallery(image, from: v, folder: c.folder, &s)
        case .tests: return otherSide(v, &s)
        case .back: ExploreScreens.leave(to: v.back, &s); return []
        case .quit: s.quit = true; return []
        }
        v.folderSelected = max(0, min(last, v.folderSelected))
        s.screen = .compare(v)
        return readSelected(&s)
    }

    /// The gallery on `image`, read by the model in use (which may be neither A nor B when the
    /// two were marked in the load list: the gallery's title names it).
    /// The gallery's `C` opens the comparison again (`AppState.openedFrom`).
    static func openInGallery(_ image: FolderComparison.Image, from v: CompareView, folder: String, _ s: inout AppState) -> [Effect] {
        let name = Path.display(image.file)
        guard s.hasModel else {
            s.message = "No model in use to show \(name) in the gallery: load one first (Esc, then Enter on a model)"
            return []
        }
        guard let i = galleryIndex(of: image, folder: folder, s) else {
            s.message = "\(name) is not in the gallery's list (r there reads the folder again)"
            return []
        }
        s.screen = .gallery
        s.index = i
        s.openedFrom = OpenedComparison(a: v.a, b: v.b, model: s.modelName, folder: s.digitsFolder, file: s.files[i])
        // C opens a saved model's comparisons only (an unsaved one's goes to its save prompt).
        s.message = "\(name), read by the model in use" + (s.usingUnsaved ? "" : " (C: the comparison again)")
        return GalleryScreen.recognizeIfNeeded(&s)
    }

    /// The disagreements, the most confidently wrong first (as in the report's browsers).
    static func mostConfidentFirst(_ r: ModelComparisonView) -> [Int] {
        let confidence = Dictionary((r.a.mistakes + r.b.mistakes).map { ($0.index, $0.confidence) }, uniquingKeysWith: max)
        return r.comparison.disagreements.sorted { (confidence[$0] ?? 0, -$0) > (confidence[$1] ?? 0, -$1) }
    }

    static func name(_ path: String) -> String { Path.display(Path.baseName(path, dropping: ModelStore.suffix)) }

    /// `state`: the gallery's readings, for the folder view's picture of the selected file.
    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, view v: CompareView, state s: AppState, ui: UIStyle) {
        if v.onFolder { drawFolder(&buf, area, v, preview: preview(v, s), ui: ui); return }
        guard let result = v.result else {
            ExploreScreens.drawPending(&buf, area, waiting: "Measuring \(name(v.a)) and \(name(v.b)) on the test images…", error: v.error, ui: ui)
            return
        }
        if let b = v.browser { drawBrowser(&buf, area, b, result, ui: ui); return }
        let c = result.comparison
        let inner = area.inset(left: 2, top: 1, right: 2)
        // A warning (a model compared with its copy, other classes than the data's) above the table, wrapped to three lines.
        let warning = c.warnings.isEmpty ? [] : TextWidth.wrap(ui.text("warning: " + c.warnings.joined(separator: "; ")), width: max(1, inner.width)).prefix(3)
        let rows = inner.rows([.length(1), .length(1), .length(1), .length(max(1, warning.count)), .length(3), .length(1), .length(1), .min(0)])
        buf.put("A  \(name(v.a)): \(Format.fixed(c.accuracyA * 100, 2))%", x: rows[0].x, y: rows[0].y, style: ui.accent, maxWidth: rows[0].width)
        buf.put("B  \(name(v.b)): \(Format.fixed(c.accuracyB * 100, 2))%", x: rows[1].x, y: rows[1].y, style: ui.accent, maxWidth: rows[1].width)
        let sources = [result.a, result.b].map { $0.fromCache ? "cached" : "measured in \(Format.fixed($0.seconds, 2)) s" }
        buf.put("on the same \(Format.grouped(c.total)) test images (A \(sources[0]), B \(sources[1]))", x: rows[2].x, y: rows[2].y, style: ui.muted, maxWidth: rows[2].width)
        for (i, line) in warning.enumerated() { buf.put(line, x: rows[3].x, y: rows[3].y + i, style: ui.bad, maxWidth: rows[3].width) }
        table(&buf, rows[4], c, ui: ui)
        let verdict = ModelComparison.verdict(onlyA: c.onlyA, onlyB: c.onlyB, pValue: c.pValue, short: true)
        let p = c.pValue < 0.0001 ? "p < 0.0001" : "p = " + Format.fixed(c.pValue, 4)
        // Highlighted, not green: the text names the better model (green read as good news when
        // B, the new model, was the worse one; walkthrough), and which is "good" is the user's call.
        let style = c.pValue >= 0.05 ? Style.plain : ui.accent
        buf.put("McNemar's exact test (\(c.onlyA) vs \(c.onlyB)): \(p), \(verdict)", x: rows[5].x, y: rows[5].y,
                style: style, maxWidth: rows[5].width)
        let sides = rows[7].columns([.length(min(rows[7].width, 80)), .length(3), .min(0)])
        differences(&buf, sides[0], c.perClassDifference, names: result.a.classNames, ui: ui)
        // With room at the right: the disagreements as art, "B: 3→8 97%" (the wrong one's reading,
        // after the true label as in the report's strip; "B read 8 97%" left the truth out).
        let arrow = ui.caps.unicode ? "→" : "->", names = result.a.classNames
        let tiles = mostConfidentFirst(result).map { i -> (index: Int, caption: String) in
            let wrong = result.a.mistake(at: i) ?? result.b.mistake(at: i)
            let who = result.a.mistake(at: i) == nil ? "B" : "A"
            let read = wrong.map {
                "\(ClassNaming.name($0.label, names: names))\(arrow)\(ClassNaming.name($0.prediction, names: names)) \(Format.confidence(Double($0.confidence)))"
            } ?? "?"
            return (i, "\(who): \(read)")
        }
        ReportScreen.strip(&buf, sides[2], title: "Disagreements (Enter browses them)", tiles, result.a.test, ui: ui)
    }

    /// The widest file name the folder's lists show whole: a longer one is cut in the middle, so
    /// the column fits every other row's values (walkthrough, session 30: one 82-character name
    /// cut every row's reading at 80 columns).
    static let maxNameWidth = 36

    /// The two models on the gallery folder: the counts and the test, then every file with
    /// each model's reading (where they differ first), one selected for Enter.
    static func drawFolder(_ buf: inout ScreenBuffer, _ area: Rect, _ v: CompareView, preview: Preview = .none, ui: UIStyle) {
        guard let c = v.folderResult else {
            ExploreScreens.drawPending(&buf, area, waiting: "Reading the labelled images in \(Path.display(v.folder))/ with \(name(v.a)) and \(name(v.b))…",
                                       error: v.folderError, ui: ui)
            return
        }
        let inner = area.inset(left: 2, top: 1, right: 2)
        let width = max(1, inner.width)
        // The counts and the test are loud; the sentences wrap (a wrapped list row's reading
        // stood under the next file's name: rows are cut instead).
        var top: [(String, Style)] = []
        for (i, line) in FolderComparisonText.summary(c, short: true).enumerated() {
            let style = i < 3 ? ui.accent : i == 4 ? Style.bold : Style.plain
            let text = ui.text(line)
            top += TextWidth.of(text) <= width ? [(text, style)] : TextWidth.wrap(text, width: width).map { ($0, style) }
        }
        // A warning under the scores, before the test's lines, which give way first when the
        // list needs the room (review, session 34).
        if !c.warnings.isEmpty {
            let warning = TextWidth.wrap(ui.text("warning: " + c.warnings.joined(separator: "; ")), width: width).prefix(3).map { ($0, ui.bad) }
            top.insert(contentsOf: warning, at: min(3, top.count))
        }
        let skipped = c.skipped.isEmpty ? nil : "passed over: " + c.skipped.joined(separator: "; ")
        // The list keeps at least 3 rows: the summary gives up its last lines first.
        let listRows = max(3, inner.height - top.count - 2 - (skipped == nil ? 0 : 1))
        let topRows = max(0, min(top.count, inner.height - listRows - 2 - (skipped == nil ? 0 : 1)))
        for (i, line) in top.prefix(topRows).enumerated() {
            buf.put(line.0, x: inner.x, y: inner.y + i, style: line.1, maxWidth: inner.width)
        }
        let listed = c.listed
        let headerY = inner.y + topRows + 1
        // Wide: the selected file's picture beside the list.
        let below = Rect(x: inner.x, y: headerY, width: inner.width, height: max(0, inner.maxY - headerY))
        let sides = hasPreview(width: area.width) ? below.columns([.length(inner.width - previewColumns - 2), .length(2), .min(0)]) : [below]
        let listWidth = max(1, sides[0].width)
        let table = FolderTable(listed, width: listWidth, ui: ui)
        let visible = max(1, min(listRows, inner.maxY - headerY - 1 - (skipped == nil ? 0 : 1)))
        let selected = v.selectedImage.flatMap { image in listed.firstIndex { $0 == image } } ?? 0
        let first = max(0, min(selected - visible / 2, listed.count - visible))
        let last = min(listed.count, first + visible)
        buf.put(table.header, x: inner.x, y: headerY, style: .bold, maxWidth: listWidth)
        if listed.count > visible {
            let place = "\(first + 1)-\(last) of \(listed.count)"
            buf.put(place, x: inner.x + listWidth - TextWidth.of(place), y: headerY, style: ui.muted)
        }
        if sides.count == 3, listed.indices.contains(selected) { drawPreview(&buf, sides[2], listed[selected], preview, ui: ui) }
        for (row, i) in (first..<last).enumerated() {
            let y = headerY + 1 + row
            table.draw(&buf, listed[i], x: inner.x, y: y, selected: i == selected, ui: ui, width: listWidth)
        }
        if let skipped {
            buf.put(FileListOverlay.cut(ui.text(skipped), width: listWidth, ui: ui), x: inner.x, y: headerY + 1 + visible, style: ui.muted, maxWidth: listWidth)
        }
    }

    /// From this width the folder view shows the selected file's picture in `previewColumns`
    /// beside the list (walkthrough, session 33: at 160×50 the list filled a fifth of the screen).
    static let previewWidth = 120, previewColumns = 48

    /// The selected file's picture: read by the gallery (the model in use), or why there is none.
    enum Preview { case none, reading, noModel, notListed, picture(Recognition), failed(String) }

    /// Whether a screen `width` wide shows the picture beside the list (`drawFolder`'s inner
    /// area is 4 columns narrower).
    static func hasPreview(width: Int) -> Bool { width - 4 >= previewWidth }

    static func preview(_ v: CompareView, _ s: AppState) -> Preview {
        guard v.onFolder, let c = v.folderResult, hasPreview(width: s.width), let image = v.selectedImage else { return .none }
        guard s.hasModel else { return .noModel }
        guard let i = galleryIndex(of: image, folder: c.folder, s), s.items.indices.contains(i) else { return .notListed }
        switch s.items[i] {
        case let .recognized(r): return .picture(r)
        case let .failed(why): return .failed(why)
        case .pending, .reading: return .reading
        }
    }

    /// Asks the gallery to read the selected file when the screen is wide enough to show it
    /// (after a move, when the folder's result comes, when `f` shows the folder).
    static func readSelected(_ s: inout AppState) -> [Effect] {
        guard case let .compare(v) = s.screen, v.onFolder, hasPreview(width: s.width), s.hasModel,
              let i = selectedGalleryIndex(v, s), s.items.indices.contains(i), case .pending = s.items[i] else { return [] }
        s.items[i] = .reading
        return [.recognize(index: i)]
    }

    /// The gallery's place of the folder view's selected file: the image a recognition is
    /// wanted for while this screen shows (`AppState.wantedIndex`; review, session 34: the worker
    /// dropped every reading but the gallery's own image's).
    static func selectedGalleryIndex(_ v: CompareView, _ s: AppState) -> Int? {
        guard v.onFolder, let c = v.folderResult, let image = v.selectedImage else { return nil }
        return galleryIndex(of: image, folder: c.folder, s)
    }

    static func drawPreview(_ buf: inout ScreenBuffer, _ area: Rect, _ image: FolderComparison.Image, _ preview: Preview, ui: UIStyle) {
        guard area.height >= 3 else { return }
        buf.put(Path.display(image.file) + "  (Enter: in the gallery)", x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        let picture = Rect(x: area.x, y: area.y + 1, width: area.width, height: min(area.height - 1, area.width / 2 + 1))
        switch preview {
        case let .picture(r): RecognitionView.drawOriginal(&buf, r, in: picture, focus: OriginalZoom.focus(r), selected: 0, ui: ui)
        case .reading: buf.put(ui.text("reading…"), x: picture.x, y: picture.y + 1, style: ui.muted, maxWidth: picture.width)
        case .notListed: buf.put("not in the gallery's list (r there reads the folder again)", x: picture.x, y: picture.y + 1, style: ui.muted, maxWidth: picture.width)
        case .noModel: buf.put("no model in use to read it (load one first)", x: picture.x, y: picture.y + 1, style: ui.muted, maxWidth: picture.width)
        case let .failed(why): buf.put(ui.text("cannot read: " + FileListOverlay.withoutPath(why, image.file)), x: picture.x, y: picture.y + 1, style: ui.bad, maxWidth: picture.width)
        case .none: break
        }
    }

    /// The gallery's place of the folder comparison's `image` (nil when the gallery shows
    /// another folder or does not list it).
    static func galleryIndex(of image: FolderComparison.Image, folder: String, _ s: AppState) -> Int? {
        guard folder == s.digitsFolder else { return nil }
        // By its name below the folder: "sub/3.png" is not the folder's own "3.png" (walkthrough,
        // session 34: Enter opened the top-level file of the same name).
        return s.files.firstIndex { ImageFolder.relativeName($0, in: s.digitsFolder) == image.file }
    }

    /// The 2×2 table of right and wrong.
    static func table(_ buf: inout ScreenBuffer, _ area: Rect, _ c: ComparisonReport, ui: UIStyle) {
        let bothRight = c.total - c.onlyA - c.onlyB - c.bothWrong
        let cells = [["", "B right", "B wrong"], ["A right", Format.grouped(bothRight), Format.grouped(c.onlyA)],
                     ["A wrong", Format.grouped(c.onlyB), Format.grouped(c.bothWrong)]]
        for (r, row) in cells.enumerated() {
            for (col, text) in row.enumerated() {
                let style: Style = r == 0 || col == 0 ? .bold : ((r == 1 && col == 2) || (r == 2 && col == 1) ? ui.accent : .plain)
                buf.put(col == 0 ? TextWidth.pad(text, 10) : ConfusionMatrixView.pad(text, 10), x: area.x + (col == 0 ? 0 : 10 * col), y: area.y + r, style: style)
            }
        }
        buf.put("\(Format.grouped(c.onlyA + c.onlyB)) disagreements", x: area.x + 34, y: area.y + 1, style: ui.muted, maxWidth: max(0, area.width - 34))
    }

    /// Per class, A − B in points as bars from a centre line: right when A is better.
    static func differences(_ buf: inout ScreenBuffer, _ area: Rect, _ diff: [Double?], names: [String], ui: UIStyle) {
        guard area.height >= 2 else { return }
        buf.put("Per class, A − B (accuracy points; bar right: A better)", x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        let half = max(4, min(25, (area.width - 20) / 2))
        let top = max(diff.compactMap { $0.map(abs) }.max() ?? 0, 0.01)
        for c in 0..<min(10, diff.count, area.height - 1) {
            let y = area.y + 1 + c, centre = area.x + 4 + half
            buf.put(ClassNaming.name(c, names: names), x: area.x, y: y, style: .bold, maxWidth: 3)
            buf[centre, y] = Cell(character: ui.caps.unicode ? "│" : "|", style: ui.muted)
            // A class the test data has no image of: said, not drawn as a tie.
            guard let d = diff[c] else {
                buf.put("no images", x: centre + half + 3, y: y, style: ui.muted, maxWidth: max(0, area.maxX - centre - half - 3))
                continue
            }
            let length = Int((abs(d) / top * Double(half)).rounded())
            let glyph: Character = ui.caps.unicode ? "█" : (d > 0 ? "+" : "-")
            for i in 0..<length {
                let x = d > 0 ? centre + 1 + i : centre - 1 - i
                buf[x, y] = Cell(character: glyph, style: d > 0 ? ui.good : ui.bad)
            }
            buf.put((d > 0 ? "+" : "") + Format.fixed(d, 2), x: centre + half + 3, y: y, maxWidth: max(0, area.maxX - centre - half - 3))
        }
    }

    static func drawBrowser(_ buf: inout ScreenBuffer, _ area: Rect, _ b: MistakeBrowser, _ r: ModelComparisonView, ui: UIStyle) {
        guard b.images.indices.contains(b.position) else {
            _ = ExploreScreens.drawBrowser(&buf, area, b, image: nil, about: "the two models agree on every image", ui: ui)
            return
        }
        let index = b.images[b.position]
        let names = r.a.classNames
        let label = r.a.test.label(index) ?? 0
        let wrongA = r.a.mistake(at: index), wrongB = r.b.mistake(at: index)
        func verdict(_ m: Mistake?) -> String {
            m.map { "read \(ClassNaming.name($0.prediction, names: names)) (\(Format.fixed(Double($0.confidence) * 100, 1))%) ✗" } ?? "right ✓"
        }
        let about = "test image #\(index), true \(ClassNaming.name(label, names: names)): A \(verdict(wrongA)), B \(verdict(wrongB))"
        let panel = ExploreScreens.drawBrowser(&buf, area, b, image: r.a.test.image(index), about: ui.caps.unicode ? about : about.replacing(" ✗", with: " (wrong)").replacing(" ✓", with: ""), ui: ui)
        guard let wrong = wrongA ?? wrongB else { return }
        buf.put("\(wrongA != nil ? "A" : "B") (\(name(wrongA != nil ? r.a.evaluation.model : r.b.evaluation.model))), the wrong one:",
                x: panel.x, y: panel.y, style: .bold, maxWidth: panel.width)
        ExploreScreens.drawProbabilities(&buf, panel.inset(top: 1), wrong.probabilities, label: wrong.label, prediction: wrong.prediction, ui: ui)
    }
}
