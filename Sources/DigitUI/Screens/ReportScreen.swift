import DigitApp

/// The model report: accuracy, loss and calibration on the test set, the confusion matrix
/// with the errors loud, precision and recall, the top confusions and a reliability diagram.
/// Arrows move over the matrix; Enter browses the images of a cell, `m` every mistake.
enum ReportScreen {
    enum Command: Sendable { case up, down, left, right, open, all, back, quit }

    static let keys = KeyTable<Command>([
        KeyBinding(label: "↑↓←→", short: "cell", help: "move over the matrix (h j k l too)",
                   [(.up, .up), (.char("k"), .up), (.down, .down), (.char("j"), .down),
                    (.left, .left), (.char("h"), .left), (.right, .right), (.char("l"), .right)]),
        KeyBinding([.enter], .open, label: "Enter", short: "images", help: "browse the cell's images, most confidently wrong first"),
        KeyBinding([.char("m")], .all, label: "m", short: "all mistakes", help: "browse every mistake, most confidently wrong first"),
        KeyBinding([.escape, .char("b")], .back, label: "Esc", short: "back", help: "back to where the report was opened (b too)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])
    static let notes = ["Rows: true class; columns: prediction. The larger an error, the louder.",
                        // Walkthrough, session 28: "ECE" was explained nowhere.
                        "Reliability: images grouped by confidence, and the share of each read right (a bar where there is room).",
                        "ECE (expected calibration error): the mean gap of the two, in points.",
                        "Reports are kept by model checksum in saved_models/.reports/."]

    /// Until the report is there (being measured, or it failed: no MNIST), only Esc, q and ?
    /// do anything: the matrix keys leave the status line.
    static func hints(_ v: ReportView) -> [KeyHint] {
        if v.browser != nil { return ExploreScreens.browserKeys.hints }
        guard v.report == nil else { return keys.hints }
        return keys.hints.map { hint in
            var h = hint
            if !h.keys.contains(.escape) && !h.keys.contains(.char("q")) { h.inStatusLine = false }
            return h
        }
    }

    /// Opens the report of the model file at `path` (nil: the gallery's unsaved model).
    static func open(path: String?, name: String, back: ReturnTo, _ s: inout AppState) -> [Effect] {
        let view = ReportView(path: path, model: name, back: back)
        s.screen = .report(view)
        return [.explore(view.request)]
    }

    static func handle(_ key: Key, view: ReportView, _ s: inout AppState) -> [Effect] {
        var v = view
        if let browser = v.browser {
            v.browser = ExploreScreens.move(key, browser, &s)
            s.screen = .report(v)
            return []
        }
        guard let command = keys.command(for: key) else { return [] }
        switch command {
        case .up: v.label = max(0, v.label - 1)
        case .down: v.label = min(9, v.label + 1)
        case .left: v.prediction = max(0, v.prediction - 1)
        case .right: v.prediction = min(9, v.prediction + 1)
        case .open:
            guard let r = v.report else { break }
            if v.label == v.prediction {
                s.message = "The diagonal holds the images read right; choose a cell off it."
            } else {
                let names = r.classNames
                let title = "\(ClassNaming.name(v.label, names: names)) read as \(ClassNaming.name(v.prediction, names: names))"
                v.browser = MistakeBrowser(title: title, images: r.mistakes(label: v.label, prediction: v.prediction).map(\.index))
            }
        case .all:
            guard let r = v.report else { break }
            // Nothing to browse: said, not an empty browser titled "no images in this cell".
            guard !r.mistakes.isEmpty else { s.message = "No mistakes: the model reads every test image right."; break }
            v.browser = MistakeBrowser(title: "All mistakes", images: r.mistakes.map(\.index))
        case .back: ExploreScreens.leave(to: v.back, &s); return []
        case .quit: s.quit = true; return []
        }
        s.screen = .report(v)
        return []
    }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, view v: ReportView, ui: UIStyle) {
        guard let r = v.report else {
            ExploreScreens.drawPending(&buf, area, waiting: "Measuring \(Path.display(v.model)) on the test images…", error: v.error, ui: ui)
            return
        }
        if let b = v.browser { drawBrowser(&buf, area, b, r, ui: ui); return }
        let inner = area.inset(left: 2, top: 1, right: 2)
        let e = r.evaluation, m = r.metrics
        let origin = r.fromCache ? "from the cache in \(Format.fixed(r.seconds, 2)) s" : "measured in \(Format.fixed(r.seconds, 2)) s"
        let accuracy = "\(Path.display(Path.baseName(v.model, dropping: ModelStore.suffix))): accuracy \(Format.fixed(m.accuracy * 100, 2))% "
            + "(\(Format.grouped(m.correct))/\(Format.grouped(m.total)))"
        let losses = "loss \(Format.fixed(e.loss, 4)), ECE \(Format.fixed(e.calibration.expectedCalibrationError * 100, 2)) points"
        // A warning (a model of other classes than the data's, test files that are not the
        // official ones) matters more than the timing: it takes the second row, and a third.
        let warning = e.warnings.isEmpty ? [] : TextWidth.wrap(ui.text("warning: " + e.warnings.joined(separator: "; ")), width: inner.width).prefix(2)
        let rows = inner.rows([.length(1), .length(max(1, warning.count)), .length(ConfusionMatrixView.rows + 1), .length(0), .min(0)])
        // Loss and ECE move to the second row when the first cannot hold them whole (at 80
        // columns it ended in "ECE 0", walkthrough).
        let oneRow = TextWidth.of(accuracy + ", " + losses) <= rows[0].width
        buf.put(oneRow ? accuracy + ", " + losses : accuracy, x: rows[0].x, y: rows[0].y, style: ui.accent, maxWidth: rows[0].width)
        let second = (oneRow ? "" : losses + " · ") + origin + " · \(Format.grouped(r.mistakes.count)) mistakes"
        if !warning.isEmpty {
            for (i, line) in warning.enumerated() { buf.put(line, x: rows[1].x, y: rows[1].y + i, style: ui.bad, maxWidth: rows[1].width) }
        } else {
            buf.put(second, x: rows[1].x, y: rows[1].y, style: ui.muted, maxWidth: rows[1].width)
        }
        // Wide: the matrix and its top confusions at the left, the reliability diagram below
        // them; narrow: the top confusions and the diagram share the rows under the matrix.
        let wide = inner.width >= ConfusionMatrixView.width + 3 + 34
        let matrixArea = Rect(x: rows[2].x, y: rows[2].y, width: wide ? ConfusionMatrixView.width + 3 + 34 : rows[2].width, height: rows[2].height)
        ConfusionMatrixView.draw(&buf, wide ? matrixArea : Rect(x: matrixArea.x, y: matrixArea.y, width: ConfusionMatrixView.width, height: matrixArea.height),
                                 m, names: r.classNames, cursor: (v.label, v.prediction), confusions: wide, ui: ui)
        let rest = rows[4]
        if wide {
            let parts = rest.columns([.length(min(rest.width / 2, 64)), .length(3), .min(0)])
            ReliabilityChart.draw(&buf, Rect(x: parts[0].x, y: parts[0].y, width: parts[0].width, height: min(parts[0].height, 16)), e.calibration, ui: ui)
            mistakeStrip(&buf, parts[2], r, ui: ui)
        } else {
            let halves = rest.columns([.length(38), .length(2), .min(0)])
            ConfusionMatrixView.topConfusions(&buf, halves[0], m, names: r.classNames, ui: ui)
            ReliabilityChart.draw(&buf, halves[2], e.calibration, ui: ui)
        }
    }

    /// With room: the most confidently wrong test images as small art, each with "true→read %".
    static func mistakeStrip(_ buf: inout ScreenBuffer, _ area: Rect, _ r: ModelReport, ui: UIStyle) {
        let arrow = ui.caps.unicode ? "→" : "->"
        let tiles = r.mistakes.map { m in
            (m.index, "\(ClassNaming.name(m.label, names: r.classNames))\(arrow)\(ClassNaming.name(m.prediction, names: r.classNames)) \(Format.confidence(Double(m.confidence)))")
        }
        strip(&buf, area, title: "Most confident mistakes (m browses them all)", tiles, r.test, ui: ui)
    }

    /// Test images as small art in rows, each with a caption, as many as fit.
    static func strip(_ buf: inout ScreenBuffer, _ area: Rect, title: String, _ tiles: [(index: Int, caption: String)], _ test: TestImages, ui: UIStyle) {
        let tile = (width: 16, height: 9)
        let perRow = area.width / tile.width, rows = (area.height - 1) / tile.height
        guard perRow > 0, rows > 0 else { return }
        buf.put(title, x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        for (i, t) in tiles.prefix(perRow * rows).enumerated() {
            let x = area.x + (i % perRow) * tile.width, y = area.y + 1 + (i / perRow) * tile.height
            if let image = test.image(t.index) { Widgets.image(&buf, image, x: x, y: y, columns: 14, rows: 7, ui: ui) }
            buf.put(t.caption, x: x, y: y + 7, style: ui.muted, maxWidth: tile.width - 1)
        }
    }

    static func drawBrowser(_ buf: inout ScreenBuffer, _ area: Rect, _ b: MistakeBrowser, _ r: ModelReport, ui: UIStyle) {
        let index = b.images.indices.contains(b.position) ? b.images[b.position] : nil
        let mistake = index.flatMap(r.mistake(at:))
        let about = mistake.map {
            "test image #\($0.index): true \(ClassNaming.name($0.label, names: r.classNames)), read \(ClassNaming.name($0.prediction, names: r.classNames))"
                + " at \(Format.fixed(Double($0.confidence) * 100, 1))%"
        } ?? "no images in this cell"
        let panel = ExploreScreens.drawBrowser(&buf, area, b, image: index.flatMap(r.test.image), about: about, ui: ui)
        if let mistake {
            ExploreScreens.drawProbabilities(&buf, panel, mistake.probabilities, label: mistake.label, prediction: mistake.prediction, ui: ui)
        }
    }
}
