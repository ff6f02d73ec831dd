import DigitApp

/// The dataset screen (`D` on the start menu): four pages over the statistics the app layer
/// computes once — class counts with the imbalance, a reshufflable grid of samples (one
/// shown large on Enter), the mean and standard-deviation image of each class, and the
/// pixel statistics (intensity histogram, ink coverage, stroke widths).
enum DatasetScreen {
    enum Command: Sendable { case nextPage, previousPage, page(DatasetView.Page), up, down, left, right, zoom, reshuffle, std, back, quit }

    static let keys = KeyTable<Command>([
        KeyBinding(label: "Tab/1-4", short: "page", help: "next page (Shift-Tab the one before); 1 counts, 2 samples, 3 means, 4 pixels",
                   [(.tab, .nextPage), (.backTab, .previousPage)] + DatasetView.Page.allCases.map { (Key.char(Character(String($0.rawValue + 1))), Command.page($0)) }),
        KeyBinding(label: "↑↓←→", short: "select", help: "select a sample in the grid (page 2; h j k l too)",
                   [(.up, .up), (.char("k"), .up), (.down, .down), (.char("j"), .down),
                    (.left, .left), (.char("h"), .left), (.right, .right), (.char("l"), .right)]),
        KeyBinding([.enter], .zoom, label: "Enter", short: "zoom", help: "the selected sample large, with its index (again: back)"),
        KeyBinding([.char("r")], .reshuffle, label: "r", short: "shuffle", help: "draw other samples"),
        KeyBinding([.char("s")], .std, label: "s", short: "mean/std", help: "means page: standard deviations instead (if one fits)", inStatusLine: false),
        KeyBinding([.escape, .char("b")], .back, label: "Esc", short: "back", help: "back to the start menu (b too)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])
    static let notes = ["The statistics are computed once per session, then kept."]

    /// The status line names only the keys that do something on the page shown: the arrows and
    /// Enter select and zoom a sample and `r` draws others (page 2), `s` switches means and
    /// deviations (page 3) when only one of them fits in `body`; the help (`?`) lists them all.
    static func hints(_ v: DatasetView, body: Rect) -> [KeyHint] {
        let oneAtATime = !meansShowBoth(body)
        return keys.hints.map { hint in
            var h = hint
            // Waiting, or failed: only the way out (walkthrough: "Tab/1-4 page" over an error).
            guard v.exploration != nil else { h.inStatusLine = h.keys.contains(.escape) || h.keys.contains(.char("q")); return h }
            if h.keys.contains(.up) || h.keys.contains(.enter) || h.keys.contains(.char("r")) { h.inStatusLine = v.page == .samples }
            // Zoomed in, Enter goes back (walkthrough: the line still said "Enter zoom").
            if h.keys.contains(.enter) && v.zoomed { h.short = "grid" }
            if h.keys.contains(.char("s")) { h.inStatusLine = v.page == .means && oneAtATime }
            return h
        }
    }

    /// Whether the means page shows each class's mean and deviation side by side in `body`.
    static func meansShowBoth(_ body: Rect) -> Bool { (DatasetPages.meansGrid(pageArea(body))?.images ?? 1) >= 2 }
    static func meansShowBoth(_ s: AppState) -> Bool { meansShowBoth(Chrome(s).body) }

    static func open(_ s: inout AppState) -> [Effect] {
        s.screen = .dataset(DatasetView())
        return [.explore(.dataset)]
    }

    static func handle(_ key: Key, view: DatasetView, _ s: inout AppState) -> [Effect] {
        guard let command = keys.command(for: key) else { return [] }
        var v = view
        let grid = sampleGrid(Chrome(s).body, unicode: s.capabilities.unicode)
        let rows = max(1, grid?.images ?? 1)
        // Down from a class's last image goes on to the band below where the classes are in
        // two bands (80×24: one image each), and up back again: the arrows move on the screen.
        let classes = v.exploration?.classCount ?? 10, perBand = grid.map { $0.bands > 1 ? $0.perBand : classes } ?? classes
        switch command {
        case .nextPage: v.page = DatasetView.Page(rawValue: (v.page.rawValue + 1) % DatasetView.Page.allCases.count) ?? .counts; v.zoomed = false
        case .previousPage:
            let n = DatasetView.Page.allCases.count
            v.page = DatasetView.Page(rawValue: (v.page.rawValue + n - 1) % n) ?? .counts; v.zoomed = false
        case let .page(p): v.page = p; v.zoomed = false
        case .up:
            if v.row > 0 { v.row = min(rows - 1, v.row) - 1 } else if v.column >= perBand { v.column -= perBand; v.row = rows - 1 }
        case .down:
            if v.row < rows - 1 { v.row += 1 } else if v.column + perBand < classes { v.column += perBand; v.row = 0 }
        case .left: v.column = max(0, v.column - 1)
        case .right: v.column = min((v.exploration?.classCount ?? 10) - 1, v.column + 1)
        case .zoom:
            guard v.page == .samples else { break }
            v.zoomed.toggle()
            // Back on a grid with fewer rows than the selected one (after a resize), the mark
            // goes to a sample it shows (review: Enter then zoomed an image not in the grid).
            if !v.zoomed { v.row = min(v.row, rows - 1) }
        case .reshuffle: v.seed &+= 1; v.page = v.page == .counts ? .samples : v.page
        // Where both pictures show, `s` is not offered and does nothing (it would flip what a
        // smaller terminal shows later, unseen).
        case .std: if !meansShowBoth(s) { v.showStd.toggle() }
        case .back:
            if v.zoomed { v.zoomed = false; v.row = min(v.row, rows - 1) } else { s.screen = .start(selected: 0); return [] }
        case .quit: s.quit = true; return []
        }
        s.screen = .dataset(v)
        return []
    }

    // MARK: drawing

    /// The page's own area under the heading and the page tabs.
    static func pageArea(_ body: Rect) -> Rect { body.inset(left: 1, top: 3, right: 1, bottom: 1) }

    /// The sample grid for the body: as many images per class as fit at 14 columns (a digit a
    /// reader tells apart: at 80×24 one per class in two bands, not five of 6 columns); in
    /// ASCII (one pixel row per cell row) a digit needs larger tiles still.
    static func sampleGrid(_ body: Rect, unicode: Bool) -> ArtGrid? {
        unicode ? ArtGrid.fit(pageArea(body), minimum: 1, maximum: 8, readable: 14)
            : ArtGrid.fit(pageArea(body), minimum: 1, maximum: 8, readable: 12, smallest: 10)
    }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, view v: DatasetView, ui: UIStyle) {
        guard let e = v.exploration else {
            ExploreScreens.drawPending(&buf, area, waiting: "Reading the dataset and computing its statistics…", error: v.error, ui: ui, fromStartMenu: true)
            return
        }
        let r = e.report
        let total = (r.train?.count ?? 0) + r.test.count
        let counts = "\(Format.grouped(r.train?.count ?? 0)) train + \(Format.grouped(r.test.count)) test = \(Format.grouped(total)) images"
        // The counts always show; the folder gets what is left, its end kept (…/datasets/mnist).
        let room = area.width - 2 - TextWidth.of("Dataset in : " + counts)
        let heading = room >= 12 ? "Dataset in \(TextWidth.keepingEnd(Path.display(r.folder), width: room, ellipsis: ui.text("…"))): \(counts)" : "Dataset: \(counts)"
        buf.put(ui.text(heading), x: area.x + 1, y: area.y, style: ui.accent, maxWidth: area.width - 2)
        buf.put("computed in \(Format.fixed(e.seconds, 2)) s" + (r.warnings.isEmpty ? "" : " · warning: " + r.warnings.joined(separator: "; ")),
                x: area.x + 1, y: area.y + 1, style: ui.muted, maxWidth: area.width - 2)
        drawTabs(&buf, x: area.x + 1, y: area.y + 2, page: v.page, ui: ui)
        let page = pageArea(area)
        switch v.page {
        case .counts: DatasetPages.counts(&buf, page, e, ui: ui)
        case .samples:
            if v.zoomed { DatasetPages.zoom(&buf, page, sampleGrid(area, unicode: ui.caps.unicode), e, v, ui: ui) } else {
                DatasetPages.samples(&buf, page, sampleGrid(area, unicode: ui.caps.unicode), e, v, ui: ui)
            }
        case .means: DatasetPages.means(&buf, page, e, showStd: v.showStd, ui: ui)
        case .pixels: DatasetPages.pixels(&buf, page, e, ui: ui)
        }
    }

    static let titles = ["1 Counts", "2 Samples", "3 Means", "4 Pixels"]

    static func drawTabs(_ buf: inout ScreenBuffer, x: Int, y: Int, page: DatasetView.Page, ui: UIStyle) {
        var col = x
        for (i, title) in titles.enumerated() {
            let text = " \(title) "
            buf.put(text, x: col, y: y, style: i == page.rawValue ? ui.selected : .bold)
            col += text.count + 1
        }
    }
}
