import DigitApp

/// After training: test accuracy, the confusion matrix with each digit's accuracy, and the
/// name to save the model under.
enum ResultsScreen {
    /// `type` is the row that describes typing: letters are text here, never commands.
    enum Command: Sendable { case type, save, skip, discard, panel, choose, page(Int), quit }

    static let keys = KeyTable<Command>([
        KeyBinding([], .type, label: "type", short: "a name", help: "letters, digits, - _ and . name the model (the first key replaces the name offered; Backspace edits it; ^U clears)"),
        KeyBinding([.enter], .save, label: "Enter", short: "save", help: "save it atomically into \(ModelStore.defaultFolder)/ (asks before replacing)"),
        KeyBinding([.escape], .skip, label: "Esc", short: "skip saving",
                   help: "skip saving: the gallery uses this model unsaved (quitting asks)"),
        // Letters name the model here, so a control key (walkthrough, session 25: after a
        // cancelled run there was no way back to the model in use).
        KeyBinding([.char("\u{04}")], .discard, label: "^D", short: "discard",
                   help: "discard this model (nothing is saved): back to the model loaded before, if any; quits when saving was asked by quitting",
                   inStatusLine: false),
        KeyBinding([.tab], .panel, label: "Tab", short: "curves",
                   help: "switch between the confusion matrix, the curves and (after a fine-tune) your held-back digits"),
        KeyBinding([.up, .down], .choose, label: "↑↓", short: "which model",
                   help: "after a fine-tune that cost MNIST: save the fine-tuned model or its halfway average with the start",
                   inStatusLine: false),
        KeyBinding(label: "PgUp/PgDn", short: "page", help: "page through your digits (their panel, Tab)", inStatusLine: false,
                   [(.pageUp, .page(-1)), (.pageDown, .page(1))]),
        KeyBinding([.char("\u{11}"), .function(10)], .quit, label: "^Q/F10", short: "quit",
                   help: "quit (q is a letter of the name here; Ctrl-Q or F10 quit, and ask first)"),
    ])
    static let notes = ["The epoch table and the curves stay here; the saved file keeps them (load list, i)."]

    /// While "replace NAME? y/n" is asked.
    enum ReplaceCommand: Sendable { case yes, no }
    static let replaceKeys = KeyTable<ReplaceCommand>([
        KeyBinding([.char("y"), .char("Y")], .yes, label: "y", short: "replace", help: "replace the saved model of that name"),
        KeyBinding([.char("n"), .char("N"), .escape], .no, label: "n/Esc", short: "keep it",
                   help: "keep it and take the free name offered instead"),
    ])

    /// Tab is left out of the status line when the matrix and the curves both fit (walkthrough:
    /// "Tab curves" at 160×50 did nothing); ↑↓ there when there are two models to choose from.
    static func hints(_ r: ResultsView, body: Rect) -> [KeyHint] {
        guard !r.replacing else { return replaceKeys.hints }
        let bothFit = panelsSideBySide(width: body.inset(left: 2, top: 1, right: 2).width)
        return keys.hints.map { hint in
            var h = hint
            if h.keys.contains(.tab) {
                h.inStatusLine = !bothFit || r.hasDigitsPanel
                // What Tab shows next (walkthrough: "Tab curves" on the curves page).
                h.short = r.hasDigitsPanel ? (r.showDigits ? "matrix" : bothFit || r.showCurves ? "your digits" : "curves")
                                           : (r.showCurves ? "matrix" : "curves")
            }
            if h.keys.contains(.pageDown) { h.inStatusLine = r.showDigits && digitsOverflow(r, body: body) }
            // At 80 columns the save prompt's second line says it instead.
            if h.keys.contains(.up) { h.inStatusLine = r.alternative != nil && bothFit }
            return h
        }
    }

    /// Whether a typed (or pasted) `c` is text here: a character of the model's name, unless
    /// the replace question is open.
    static func takesText(_ c: Character, _ r: ResultsView) -> Bool { !r.replacing && TextField.isNameCharacter(c) }

    static func handle(_ key: Key, results: ResultsView, _ s: inout AppState) -> [Effect] {
        var r = results
        defer { if case .results = s.screen { s.screen = .results(r) } }
        if r.replacing {
            guard let answer = replaceKeys.command(for: key) else { return [] }
            r.replacing = false
            if answer == .yes { r.saving = true; r.saveError = nil; return [.saveModel(name: r.saveName, replace: true)] }
            if let free = r.suggestion, free != r.saveName { r.saveName = free }
            return []
        }
        switch key {
        case let .char(c) where takesText(c, r):
            r.nameField.type(c)
            r.saveError = nil
            return []
        case .backspace:
            r.nameField.backspace()
            return []
        case .char("\u{15}"):
            r.nameField.clear()
            r.saveError = nil
            return []
        case let .char(c) where TextField.refusal(c, allowed: .modelName) != nil:
            // Said, not dropped (walkthrough, session 30: a typed "/" vanished without a word);
            // in the message line, not as the save's error, which marks the name as refused
            // (review, session 31: quitting later dropped a good name for the free one).
            s.message = TextField.refusal(c, allowed: .modelName)
            return []
        default: break
        }
        switch keys.command(for: key) {
        case .save?: return save(&r, models: s.models)
        case .skip?:
            // Leave without saving: to the gallery with the trained model, kept until saved.
            r.saving = false
            r.quitAfterSave = false
            s.unsaved = r
            // Come from the quit question: back where the user was, with the model chosen here
            // (↑↓ may have swapped in the halfway average) in use.
            if let back = s.backFromSave {
                s.backFromSave = nil
                s.screen = back
                return [.useTrainedModel]
            }
            s.usingUnsaved = true
            s.modelName = nil
            s.learnt = LearntImages(metadata: r.outcome.metadata)
            return [.useTrainedModel] + GalleryScreen.open(&s, keepingPlace: true)
        case .discard?:
            return discard(r, &s)
        case .panel?: nextPanel(&r, bothFit: panelsSideBySide(width: Chrome(s).body.inset(left: 2, top: 1, right: 2).width))
        case .choose?:
            // The screen then shows, and Enter or Esc then takes, the other model.
            guard !r.saving, let other = r.alternative else { return [] }
            (r.alternative, r.outcome) = (r.outcome, other)
            r.halfwayChosen.toggle()
            // The other model's list starts at its top, and a model with none shows the matrix.
            r.digitsScroll = 0
            if !r.hasDigitsPanel { r.showDigits = false }
        case let .page(direction)?:
            // The drawing keeps the last page full.
            guard r.showDigits, let f = r.shownFineTune else { break }
            // A page: the panel's rows less its title.
            let body = Chrome(s).body
            let panel = layout(body, r, ui: UIStyle(s.capabilities)).rows[2]
            let total = digitRows(f, width: panel.width, unicode: true).count
            let page = max(1, panel.height - 1)
            // From the line shown first: a scroll left past the end (↑↓, a larger window) moves at once.
            let shown = firstShown(scroll: r.digitsScroll, total: total, rows: page)
            r.digitsScroll = max(0, min(total - page, shown + direction * page))
        case .quit?: s.quit = true
        case .type?, nil: break
        }
        return []
    }

    /// Ctrl-D: the trained model is dropped; the gallery goes on with the model it had (its
    /// network was never replaced: only saving or Esc put the trained one in use), or the start
    /// menu when there was none. From the quit question's "s" it quits, as "y" would have.
    static func discard(_ r: ResultsView, _ s: inout AppState) -> [Effect] {
        guard !r.saving else { return [] }
        s.unsaved = nil
        s.usingUnsaved = false
        // The results screen itself would ask again (`QuitPrompt.intercept`): left first (review).
        if r.quitAfterSave { s.screen = s.backFromSave ?? .start(selected: 0); s.backFromSave = nil; s.quit = true; return [] }
        s.backFromSave = nil
        guard let name = s.modelName else {
            s.screen = .start(selected: 0)
            s.message = "The trained model was discarded; load or train one"
            return []
        }
        s.message = "The trained model was discarded; the gallery goes on with \(Path.display(Path.baseName(name, dropping: ModelStore.suffix)))"
        return GalleryScreen.open(&s, keepingPlace: true)
    }

    /// Tab: the matrix, the curves (where both do not fit), then a fine-tune's held-back digits.
    static func nextPanel(_ r: inout ResultsView, bothFit: Bool) {
        if r.showDigits {
            r.showDigits = false
            r.showCurves = false
        } else if r.hasDigitsPanel && (bothFit || r.showCurves) {
            r.showDigits = true
        } else {
            r.showCurves.toggle()
        }
    }

    /// Enter: refuses a bad name or the fine-tuned model's parent, asks before replacing a
    /// model the folder already has, else saves.
    static func save(_ r: inout ResultsView, models: [ModelEntry]) -> [Effect] {
        guard !r.saving else { return [] }
        // The free name is still being found (a fraction of a second after the run): Enter
        // waits for it rather than saying "type a name first" (walkthrough).
        if r.saveName.isEmpty && r.suggestion == nil { return [] }
        if let problem = ModelStore.problem(withName: r.saveName) { r.saveError = problem; return [] }
        if let parent = r.fineTune?.parent, parent == r.saveName {
            r.saveError = "\"\(Path.display(parent))\" is the model it started from; a fine-tuned model is saved under a new name"
            return []
        }
        if let existing = models.first(where: { $0.name == r.saveName }) {
            // Only a model is replaced (ModelStore.checkTarget): a damaged file is not asked about
            // and then refused.
            if existing.error != nil { r.saveError = "\"\(r.saveName)\" exists and is not a usable model; choose another name"; return [] }
            r.replacing = true
            return []
        }
        r.saving = true
        r.saveError = nil
        return [.saveModel(name: r.saveName)]
    }

    /// The matrix's columns: the row's digit, ten counts, the row's accuracy.
    static let rowLabelWidth = 5, countWidth = 6
    /// The matrix's size with its heading: heading, column header, ten rows.
    static let matrixWidth = 76, matrixHeight = 12
    /// The curves' size at least: the epoch table's header and a row, a gap, the charts.
    static let curvesWidth = 60, curvesHeight = 2 + Curves.preferredChartRows

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, results r: ResultsView, ui: UIStyle) {
        let (rows, extras) = layout(area, r, ui: ui)
        drawSummary(&buf, rows[0], r, extras: extras, ui: ui)
        drawPanels(&buf, rows[2], r, ui: ui)
        SavePrompt.draw(&buf, rows[4], r, ui: ui)
    }

    /// The summary, a gap, the panels, a blank row and the save prompt; and a fine-tune's
    /// lines under its comparisons.
    static func layout(_ area: Rect, _ r: ResultsView, ui: UIStyle) -> (rows: [Rect], extras: [(text: String, style: Style)]) {
        let inner = area.inset(left: 2, top: 1, right: 2)
        var summaryRows = 1, gap = 1, extras: [(text: String, style: Style)] = []
        if let f = r.shownFineTune {
            let base = oneRow(comparisons(f, ui: ui), inner.width) ? 2 : 3
            // Rows left for the lines under the comparisons with the whole matrix below.
            let room = inner.height - base - 3 - matrixHeight
            extras = extraLines(f, room: room, width: inner.width, ui: ui, tuned: r.halfwayChosen ? r.fineTune : nil)
            summaryRows = base + extras.count
            if extras.count + 1 > room { gap = 0 }
        }
        return (inner.rows([.length(summaryRows), .length(gap), .min(0), .length(1), .length(2)]), extras)
    }

    /// A fine-tune's lines under its comparisons, in this order: the halfway average (when
    /// MNIST fell), the labels to check, the confidence in the right digits, the digits that
    /// changed. When fewer than that fit (`room` rows) above the whole matrix, the changed
    /// digits give way first (`finetune` prints them all), then the confidence, then the
    /// halfway line; the labels to check always stay.
    /// `tuned`: the fine-tuned model's own report while its halfway average is the one chosen.
    static func extraLines(_ f: FineTuneReport, room: Int, width: Int, ui: UIStyle, tuned: FineTuneReport? = nil) -> [(text: String, style: Style)] {
        var halfway: (String, Style)? = f.halfway.map { h in
            // MNIST fell: the average with the start, for the user to weigh and choose (↑↓).
            if let t = tuned {
                let figures = "held back \(Format.fixed(t.heldBackAfter * 100, 1))%, MNIST \(Format.fixed(t.mnistAfter * 100, 2))%"
                return (TextWidth.firstFitting(["The halfway average with \(Path.display(f.parent)) is chosen; ↑↓ the fine-tuned model: " + figures,
                                                "Halfway average chosen; ↑↓ the fine-tuned model: " + figures,
                                                "Halfway average chosen; ↑↓ fine-tuned: " + figures,
                                                "Halfway average chosen (↑↓: the fine-tuned one)"].map(ui.text), width: width), ui.accent)
            }
            let figures = "held back \(Format.fixed(h.heldBack * 100, 1))%, MNIST \(Format.fixed(h.mnist * 100, 2))%"
            return (TextWidth.firstFitting(["Halfway back to \(Path.display(f.parent)): " + figures + " (↑↓ chooses it)",
                                            "Halfway back: " + figures + " (↑↓ chooses it)", "Halfway back: " + figures + " (↑↓)",
                                            "Halfway back: " + figures].map(ui.text), width: width), ui.muted)
        }
        let labels: (String, Style)? = f.doubtfulLabels.isEmpty ? nil : (fittingNames(width, most: f.doubtfulLabels.count, ui: ui) {
            LabelCheck.line(f.doubtfulLabels, names: $0, start: Path.display(f.parent))
        }, ui.bad)
        // Walkthrough: "5/5 → 5/5 right" said nothing of whether the model grew surer of them.
        var confidence: (String, Style)? = nil
        if let before = f.confidenceBefore, let after = f.confidenceAfter {
            let few = f.heldBackDigits < FineTuneText.fewDigits
            // Without "(mean over …)" where it would be cut (walkthrough, session 30, at 80×24).
            let line = TextWidth.firstFitting([true, false].map {
                ui.text(FineTuneText.confidence(before: before, after: after, digits: f.heldBackDigits, unicode: ui.caps.unicode, saysMean: $0))
            }, width: width)
            confidence = (line, few ? ui.muted : after >= before ? ui.good : ui.bad)
        }
        var changes: (String, Style)? = f.changes.isEmpty ? nil
            : (changeLine(f.changes, width: width, ui: ui), !f.changes.nowWrong.isEmpty ? ui.bad : f.changes.nowRight.isEmpty ? ui.muted : ui.good)
        func count() -> Int { [halfway != nil, labels != nil, confidence != nil, changes != nil].filter { $0 }.count }
        if count() > room { changes = nil }
        if count() > room { confidence = nil }
        if count() > room { halfway = nil }
        return [halfway, labels, confidence, changes].compactMap { $0 }.map { (text: $0.0, style: $0.1) }
    }

    /// The matrix and the curves side by side, one above the other, or one at a time (Tab).
    static func drawPanels(_ buf: inout ScreenBuffer, _ area: Rect, _ r: ResultsView, ui: UIStyle) {
        if r.showDigits, let f = r.shownFineTune {
            drawDigits(&buf, area, f, halfway: r.halfwayChosen, scroll: r.digitsScroll, ui: ui)
            return
        }
        let m = r.metrics
        let names = r.outcome.network.classNames
        func matrix(_ a: Rect) {
            let rows = a.rows([.length(1), .min(0)])
            let title = matrixName(r) + " (rows: true class, columns: prediction)"
            buf.put(title, x: rows[0].x, y: rows[0].y, style: .bold, maxWidth: a.width)
            ConfusionMatrixView.draw(&buf, rows[1], m, names: names, ui: ui)
        }
        if panelsSideBySide(width: area.width) {
            let cols = area.columns([.length(matrixWidth), .length(3), .min(0)])
            // A fine-tune's digits under the matrix where there is room (walkthrough, session
            // 32: at 160×50 the left half stood empty while they waited behind Tab).
            let below = cols[0].rows([.length(matrixHeight + 2), .length(1), .min(0)])
            if let f = r.shownFineTune, r.hasDigitsPanel, below[2].height >= 4 {
                matrix(below[0])
                drawDigits(&buf, below[2], f, halfway: r.halfwayChosen, scroll: 0, paging: false, ui: ui)
            } else {
                matrix(cols[0])
            }
            Curves.draw(&buf, cols[2], epochs: r.epochs, ui: ui)
        } else if area.height >= matrixHeight + 1 + curvesHeight {
            let rows = area.rows([.length(matrixHeight), .length(1), .min(0)])
            matrix(rows[0])
            Curves.draw(&buf, rows[2], epochs: r.epochs, ui: ui)
        } else {
            let rows = area.rows([.length(1), .min(0)])
            // What Tab shows next (walkthrough: after the curves it named the matrix, and a
            // fine-tune's digits came).
            let after = r.hasDigitsPanel ? "your digits" : "confusion matrix"
            let tabs = r.showCurves ? "Training curves   (Tab: \(after))" : "\(matrixName(r))   (Tab: training curves)"
            buf.put(tabs, x: rows[0].x, y: rows[0].y, style: ui.muted, maxWidth: rows[0].width)
            if r.showCurves {
                Curves.draw(&buf, rows[1], epochs: r.epochs, ui: ui)
            } else {
                ConfusionMatrixView.draw(&buf, rows[1], m, names: names, ui: ui)
            }
        }
    }

    /// Every held-back digit that changed or is still wrong and every label to check, one per
    /// row; PgUp and PgDn page through them when they do not all fit.
    /// `paging` false: under the matrix, where PgUp and PgDn do not scroll (Tab shows the list whole).
    static func drawDigits(_ buf: inout ScreenBuffer, _ area: Rect, _ f: FineTuneReport, halfway: Bool, scroll: Int, paging: Bool = true, ui: UIStyle) {
        guard area.height >= 2 else { return }
        let rows = area.rows([.length(1), .min(0)])
        let all = digitRows(f, width: rows[1].width, unicode: ui.caps.unicode)
        let first = firstShown(scroll: scroll, total: all.count, rows: rows[1].height)
        let lines = all.dropFirst(first).prefix(rows[1].height)
        let title = "Your digits, \(halfway ? "the halfway average" : "fine-tuned") against \(Path.display(f.parent))"
        let place = all.count > lines.count ? "   lines \(first + 1)–\(first + lines.count) of \(all.count) (\(paging ? "PgUp/PgDn" : "Tab: all"))" : ""
        buf.put(ui.text(title), x: rows[0].x, y: rows[0].y, style: .bold, maxWidth: rows[0].width)
        buf.put(ui.text(place), x: rows[0].x + TextWidth.of(title), y: rows[0].y, style: ui.muted, maxWidth: max(0, rows[0].maxX - rows[0].x - TextWidth.of(title)))
        var style = Style.plain
        for (i, line) in lines.enumerated() {
            // A wrapped line's rest (indented) keeps its first row's colour.
            if !line.hasPrefix(" ") {
                style = line.hasPrefix("now right") ? ui.good : line.hasPrefix("now wrong") || line.hasPrefix("check") ? ui.bad
                    : line.hasPrefix("(") ? ui.muted : Style.plain
            }
            buf.put(ui.text(line), x: rows[1].x, y: rows[1].y + i, style: style, maxWidth: rows[1].width)
        }
    }

    /// Every held-back digit that changed or is still wrong, then the labels to check (any
    /// image, trained on or held back).
    static func digitLines(_ c: HeldBackChanges, labels: [DoubtfulLabel] = [], unicode: Bool) -> [String] {
        let held = FineTuneText.groups(c), check = [("check label:", labels.map(\.description))]
        return FineTuneText.lines(held, limits: held.map(\.items.count), unicode: unicode) + FineTuneText.stillWrongNote(c)
            + FineTuneText.lines(check, limits: [labels.count], unicode: unicode)
    }

    /// `digitLines` in `width` columns: a longer line wraps, its rest indented under its first
    /// file (walkthrough, session 34: "… label more images of a digit to" lost its end).
    static func digitRows(_ f: FineTuneReport, width: Int, unicode: Bool) -> [String] {
        digitLines(f.changes, labels: f.doubtfulLabels, unicode: unicode).flatMap { line -> [String] in
            guard TextWidth.of(line) > width, width > 30 else { return [line] }
            // The 13-column heading ("now right:   ") kept as it is: wrapping it collapsed its
            // spaces out of line with the rows under it (review, session 34).
            let indent = line.hasPrefix("(") ? 1 : 13
            let heading = line.hasPrefix("(") ? "" : String(line.prefix(indent))
            let parts = TextWidth.wrap(String(line.dropFirst(heading.count)), width: width - indent)
            return parts.enumerated().map { ($0.offset == 0 ? heading : String(repeating: " ", count: indent)) + $0.element }
        }
    }

    /// The list of your digits is longer than its panel (PgUp/PgDn have something to do).
    static func digitsOverflow(_ r: ResultsView, body: Rect) -> Bool {
        guard let f = r.shownFineTune else { return false }
        let panel = layout(body, r, ui: UIStyle(Capabilities(color: false, unicode: true))).rows[2]
        return digitRows(f, width: panel.width, unicode: true).count > panel.height - 1
    }

    /// The first line shown of `total` in `rows`: `scroll` kept where the last page is full.
    static func firstShown(scroll: Int, total: Int, rows: Int) -> Int { max(0, min(scroll, total - rows)) }

    /// Whether the matrix and the curves stand side by side in panels `width` wide (the
    /// status line then leaves out Tab).
    static func panelsSideBySide(width: Int) -> Bool { width >= matrixWidth + 3 + curvesWidth }

    /// After fine-tuning, the matrix is MNIST's, not the user's digits (walkthrough), and the
    /// halfway average's when that is chosen.
    static func matrixName(_ r: ResultsView) -> String {
        r.fineTune == nil ? "Confusion matrix" : r.halfwayChosen ? "Halfway average on MNIST test" : "MNIST test: confusion matrix"
    }

    /// "Test accuracy 97.62% (9762/10000) after 1 epoch, 2s"; for fine-tuning, before → after.
    static func drawSummary(_ buf: inout ScreenBuffer, _ area: Rect, _ r: ResultsView, extras: [(text: String, style: Style)], ui: UIStyle) {
        let m = r.metrics
        if let f = r.shownFineTune {
            let run = "\(EpochCount.text(r.epochs)), \(Format.duration(r.seconds))\(r.cancelled ? " — cancelled" : "")"
            buf.put(TextWidth.firstFitting(["Fine-tuned \(Path.display(f.parent)) on \(f.trainDigits) of your digits, \(f.heldBackDigits) more held back, " + run,
                                  "Fine-tuned \(Path.display(f.parent)): \(f.trainDigits) digits, \(f.heldBackDigits) more held back, " + run,
                                  // A cancelled run's longer count cut "— cancelled" to "— canc" (walkthrough).
                                  "\(f.trainDigits) digits learnt, \(f.heldBackDigits) held back, " + run, run].map(ui.text), width: area.width),
                    x: area.x, y: area.y, style: ui.accent, maxWidth: area.width)
            let (held, mnist) = comparisons(f, ui: ui)
            let few = f.heldBackDigits < FineTuneText.fewDigits
            buf.put(held, x: area.x, y: area.y + 1, style: few ? ui.muted : f.heldBackAfter >= f.heldBackBefore ? ui.good : ui.bad, maxWidth: area.width)
            // MNIST on the same row when it fits, else on the next.
            let beside = oneRow((held, mnist), area.width) || area.height < 3
            let (mx, my) = beside ? (area.x + TextWidth.of(held) + 4, area.y + 1) : (area.x, area.y + 2)
            // A fall of up to 0.2 points is kept, not good: green read as a gain (walkthrough, session 32).
            let mnistStyle = f.mnistAfter >= f.mnistBefore ? ui.good : f.mnistAfter + 0.002 >= f.mnistBefore ? ui.muted : ui.bad
            buf.put(mnist, x: mx, y: my, style: mnistStyle, maxWidth: max(0, area.maxX - mx))
            for (k, line) in extras.enumerated() where my + 1 + k < area.maxY {
                buf.put(line.text, x: area.x, y: my + 1 + k, style: line.style, maxWidth: area.width)
            }
            return
        }
        let accuracy = "Test accuracy \(Format.fixed(m.accuracy * 100, 2))%"
        let after = " after \(EpochCount.text(r.epochs)), \(Format.duration(r.seconds))"
        let line = accuracy + " (\(Format.grouped(m.correct))/\(Format.grouped(m.total)))" + after
        // The counts give way before "cancelled" does (walkthrough, session 28: at 80 columns
        // "…of the 3rd, 6s —").
        let cancelled = [line + " — cancelled, best epoch kept", line + " — cancelled", accuracy + after + " — cancelled"]
        buf.put(TextWidth.firstFitting((r.cancelled ? cancelled : [line]).map(ui.text), width: area.width),
                x: area.x, y: area.y, style: ui.accent, maxWidth: area.width)
    }

    /// Fine-tuning's two before → after lines: the held-back digits, MNIST test.
    static func comparisons(_ f: FineTuneReport, ui: UIStyle) -> (held: String, mnist: String) {
        let arrow = ui.caps.unicode ? "→" : "->"
        return (FineTuneText.heldBack(before: f.heldBackBefore, after: f.heldBackAfter, digits: f.heldBackDigits, unicode: ui.caps.unicode),
                "MNIST test: \(Format.fixed(f.mnistBefore * 100, 2))% \(arrow) \(Format.fixed(f.mnistAfter * 100, 2))%")
    }

    /// Which held-back digits changed, naming as many files of each kind as fit `width`.
    static func changeLine(_ c: HeldBackChanges, width: Int, ui: UIStyle) -> String {
        fittingNames(width, most: FineTuneText.mostOfAKind(c), ui: ui) { FineTuneText.changeLine(c, names: $0, unicode: ui.caps.unicode) }
    }

    /// `line(n)` for the largest n up to `most` that fits `width` (n = 0 when none does).
    static func fittingNames(_ width: Int, most: Int, ui: UIStyle, _ line: (Int) -> String) -> String {
        var best = ui.text(line(0))
        for n in stride(from: 1, through: most, by: 1) {
            let text = ui.text(line(n))
            guard TextWidth.of(text) <= width else { break }
            best = text
        }
        return best
    }

    /// Whether both lines fit side by side, four columns apart.
    static func oneRow(_ lines: (held: String, mnist: String), _ width: Int) -> Bool {
        TextWidth.of(lines.held) + 4 + TextWidth.of(lines.mnist) <= width
    }
}
