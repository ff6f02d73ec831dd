import DigitApp

/// Two models on the same test images (marked in the load list, `c`): each accuracy, where
/// they disagree, McNemar's exact test on those counts, per-class differences; Enter browses
/// the disagreements as art with the wrong model's probabilities. `f`: the same two models on
/// the gallery folder's labelled images — your own digits, which is what a fine-tune was for
/// (`compare A B --images DIR` on the command line).
enum CompareScreen {
    enum Command: Sendable { case browse, folder, back, quit }

    static let keys = KeyTable<Command>([
        KeyBinding([.enter, .char("m")], .browse, label: "Enter", short: "disagreements", help: "browse the images where exactly one model is right (m too)"),
        KeyBinding([.char("f")], .folder, label: "f", short: "your folder",
                   help: "the two models on the labelled images of the gallery's folder (again: back to the test set)"),
        KeyBinding([.escape, .char("b")], .back, label: "Esc", short: "back", help: "back to the model list (b too)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])
    static let notes = ["McNemar's exact test: do the images only one model gets right",
                        "split more unevenly than chance would?",
                        "Reports are kept per checksum, so comparing again is instant."]

    static func hints(_ v: CompareView) -> [KeyHint] {
        guard v.browser == nil else { return ExploreScreens.browserKeys.hints }
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
        switch keys.command(for: key) {
        case .browse?:
            guard !v.onFolder, let r = v.result else { break }
            v.browser = MistakeBrowser(title: "Disagreements", images: mostConfidentFirst(r))
        case .folder?:
            v.onFolder.toggle()
            s.screen = .compare(v)
            // Each side is read once per visit of the screen, when first shown, and kept: the
            // gallery's `C` opens on the folder, so the test set's may not be asked for yet
            // (walkthrough, session 33: "Measuring…" for good).
            let missing = v.onFolder ? v.folderResult == nil && v.folderError == nil : v.result == nil && v.error == nil
            return missing ? [.explore(v.request)] : []
        case .back?: ExploreScreens.leave(to: v.back, &s); return []
        case .quit?: s.quit = true; return []
        case nil: break
        }
        s.screen = .compare(v)
        return []
    }

    /// The disagreements, the most confidently wrong first (as in the report's browsers).
    static func mostConfidentFirst(_ r: ModelComparisonView) -> [Int] {
        let confidence = Dictionary((r.a.mistakes + r.b.mistakes).map { ($0.index, $0.confidence) }, uniquingKeysWith: max)
        return r.comparison.disagreements.sorted { (confidence[$0] ?? 0, -$0) > (confidence[$1] ?? 0, -$1) }
    }

    static func name(_ path: String) -> String { Path.display(Path.baseName(path, dropping: ModelStore.suffix)) }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, view v: CompareView, ui: UIStyle) {
        if v.onFolder { drawFolder(&buf, area, v, ui: ui); return }
        guard let result = v.result else {
            ExploreScreens.drawPending(&buf, area, waiting: "Measuring \(name(v.a)) and \(name(v.b)) on the test images…", error: v.error, ui: ui)
            return
        }
        if let b = v.browser { drawBrowser(&buf, area, b, result, ui: ui); return }
        let c = result.comparison
        let inner = area.inset(left: 2, top: 1, right: 2)
        // A warning (a model compared with its copy) on the line above the table, wrapped to two.
        let warning = c.warnings.isEmpty ? [] : TextWidth.wrap(ui.text("warning: " + c.warnings.joined(separator: "; ")), width: max(1, inner.width)).prefix(2)
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

    /// The two models on the gallery folder: the command line's text, as much as fits.
    static func drawFolder(_ buf: inout ScreenBuffer, _ area: Rect, _ v: CompareView, ui: UIStyle) {
        guard let c = v.folderResult else {
            ExploreScreens.drawPending(&buf, area, waiting: "Reading the labelled images in \(Path.display(v.folder))/ with \(name(v.a)) and \(name(v.b))…",
                                       error: v.folderError, ui: ui)
            return
        }
        let inner = area.inset(left: 2, top: 1, right: 2)
        let lines = FolderComparisonText.text(c, short: true) { GalleryTitle.middle($0, width: maxNameWidth, unicode: ui.caps.unicode) }.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The first lines are the counts and the test: loud; the file lists after them. A file's
        // line is cut, never wrapped (a wrapped row's reading stood under the next file's name);
        // the sentences above them wrap.
        let ellipsis = ui.caps.unicode ? "…" : "..."
        let wrapped = lines.enumerated().flatMap { i, line in
            let style = i < 3 ? ui.accent : i == 4 ? Style.bold : Style.plain
            let text = ui.text(line)
            if TextWidth.of(text) <= inner.width { return [(text, style)] }
            if line.hasPrefix("  ") { return [(TextWidth.prefix(text, width: max(0, inner.width - TextWidth.of(ellipsis))) + ellipsis, style)] }
            return TextWidth.wrap(text, width: max(1, inner.width)).map { ($0, style) }
        }
        let room = max(0, inner.height)
        let cut = wrapped.count > room
        for (i, line) in wrapped.prefix(cut ? max(0, room - 1) : room).enumerated() {
            buf.put(line.0, x: inner.x, y: inner.y + i, style: line.1, maxWidth: inner.width)
        }
        if cut {
            let rest = "… \(wrapped.count - room + 1) more lines: digitrec compare \(Path.shellQuoted(v.a)) \(Path.shellQuoted(v.b)) --images \(Path.shellQuoted(v.folder))"
            buf.put(ui.text(rest), x: inner.x, y: inner.y + room - 1, style: ui.muted, maxWidth: inner.width)
        }
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
