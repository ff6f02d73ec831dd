import DigitApp
import DigitImage

/// The dataset screen's four pages, each drawn into the area under the tabs.
enum DatasetPages {
    // MARK: 1 counts

    /// Train and test side by side (stacked when narrow): a bar per class with its count, then
    /// the imbalance.
    static func counts(_ buf: inout ScreenBuffer, _ area: Rect, _ e: DatasetExploration, ui: UIStyle) {
        let splits = [("Train", e.report.train), ("Test", Optional(e.report.test))].compactMap { n, s in s.map { (n, $0) } }
        let sideBySide = area.width >= 2 * 36 + 2
        let parts = sideBySide ? area.columns([.min(0), .length(2), .min(0)]).enumerated().filter { $0.offset != 1 }.map(\.element)
            : area.rows([.length(13), .min(0)])
        for ((name, split), part) in zip(splits, parts) {
            // Side by side the bars may take the height, less the imbalance line under them.
            let used = classBars(&buf, sideBySide ? part.inset(bottom: 1) : part, title: "\(name): \(Format.grouped(split.count)) images",
                                 values: Array(split.classCounts.prefix(e.classCount)).map(Double.init),
                                 text: split.classCounts.prefix(e.classCount).map(Format.grouped), names: e.classNames, ui: ui)
            let im = split.imbalance(among: e.classCount)
            let line = "most \(ClassNaming.name(im.most, names: e.classNames)), least \(ClassNaming.name(im.least, names: e.classNames)): "
                + "\(Format.fixed((im.ratio - 1) * 100, 0)) % more"
            buf.put(line, x: part.x, y: part.y + used, style: ui.muted, maxWidth: part.width)
        }
    }

    /// A heading and ten labelled horizontal bars scaled to the largest value; where the area
    /// is tall (160×50) each bar is two rows thick with a row between them, so the page is not
    /// a strip at the top of an empty screen (walkthrough). Returns the rows it took.
    @discardableResult
    static func classBars(_ buf: inout ScreenBuffer, _ area: Rect, title: String, values: [Double], text: [String], names: [String], ui: UIStyle) -> Int {
        buf.put(title, x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        let top = max(values.max() ?? 1, 1e-12)
        let nameWidth = min(12, max(2, names.map { TextWidth.of($0) }.max() ?? 1) + 1)
        let textWidth = (text.map { TextWidth.of($0) }.max() ?? 0) + 1
        let barWidth = max(4, area.width - nameWidth - textWidth - 1)
        let classes = min(10, values.count)
        let pitch = classes > 0 && area.height - 1 >= 3 * classes ? 3 : 1
        for c in 0..<min(classes, max(0, (area.height - 1) / pitch)) {
            let y = area.y + 1 + c * pitch
            buf.put(TextWidth.pad(ClassNaming.name(c, names: names), nameWidth), x: area.x, y: y, style: .bold)
            for row in 0..<max(1, pitch - 1) {
                Widgets.bar(&buf, values[c] / top, x: area.x + nameWidth, y: y + row, width: barWidth, style: ui.barOn, ui: ui)
            }
            buf.put(ConfusionMatrixView.pad(text[c], textWidth), x: area.x + nameWidth + barWidth, y: y, maxWidth: max(0, area.maxX - area.x - nameWidth - barWidth))
        }
        return 1 + classes * pitch
    }

    // MARK: 2 samples

    static func samples(_ buf: inout ScreenBuffer, _ area: Rect, _ grid: ArtGrid?, _ e: DatasetExploration, _ v: DatasetView, ui: UIStyle) {
        guard let g = grid else {
            buf.put("Too little room for the grid: make the terminal larger.", x: area.x, y: area.y, style: ui.muted)
            return
        }
        let picks = e.samples(perClass: g.images, seed: v.seed)
        let row = min(v.row, g.images - 1)
        for c in 0..<min(e.classCount, picks.count) {
            let l = g.label(c)
            buf.put(TextWidth.prefix(ClassNaming.name(c, names: e.classNames), width: g.tileWidth - 1), x: l.x + 1, y: l.y,
                    style: c == v.column ? ui.selected : .bold)
            for (k, index) in picks[c].enumerated() {
                guard let image = e.samples.image(index) else { continue }
                let t = g.tile(c, k)
                // Small tiles: each 2×2 block keeps its brightest pixel first, so strokes stay ink
                // after the picture shrinks to a few cells.
                let pooled = g.artColumns * 4 <= 28 ? ArtReport.maxPool(image, factor: 2) : image
                Widgets.image(&buf, pooled, x: t.x, y: t.y, columns: g.artColumns, rows: g.artRows, ui: ui)
                if c == v.column && k == row { marks(&buf, x: t.x - 1, right: t.x + g.artColumns, y: t.y, rows: g.artRows, ui: ui) }
            }
        }
        let footer = "\(e.sampleSplit) images, shuffle \(v.seed) · r reshuffles · arrows select · Enter shows it large"
        buf.put(ui.text(footer), x: area.x, y: min(area.maxY, area.y + g.height), style: ui.muted, maxWidth: area.width)
    }

    /// The selection: a bar at both sides of the tile.
    static func marks(_ buf: inout ScreenBuffer, x: Int, right: Int, y: Int, rows: Int, ui: UIStyle) {
        let (l, r): (Character, Character) = ui.caps.unicode ? ("▐", "▌") : (">", "<")
        for dy in 0..<rows {
            buf[x, y + dy] = Cell(character: l, style: ui.accent)
            buf[right, y + dy] = Cell(character: r, style: ui.accent)
        }
    }

    /// The selected sample as large as fits, with its index and class, beside its class mean.
    static func zoom(_ buf: inout ScreenBuffer, _ area: Rect, _ grid: ArtGrid?, _ e: DatasetExploration, _ v: DatasetView, ui: UIStyle) {
        // The same draw as the grid's, so the image is the one selected there; a draw of more
        // begins with the same images, so one for the selected row at least keeps the image
        // when a smaller terminal's grid has fewer rows (walkthrough: resizing showed another).
        let picks = e.samples(perClass: max(1, grid?.images ?? 1, v.row + 1), seed: v.seed)
        guard picks.indices.contains(v.column), !picks[v.column].isEmpty else { return }
        let index = picks[v.column][min(v.row, picks[v.column].count - 1)]
        let name = ClassNaming.name(v.column, names: e.classNames)
        // Each caption on the row above its picture (walkthrough: the sample's stood a row higher).
        let rows = max(2, min(area.height - 1, 28, (area.width - 4) / 4))
        buf.put("\(e.sampleSplit) image #\(index) · class \(name)", x: area.x, y: area.y, style: .bold, maxWidth: 2 * rows + 3)
        if let image = e.samples.image(index) {
            Widgets.image(&buf, image, x: area.x, y: area.y + 1, columns: 2 * rows, rows: rows, ui: ui)
        }
        let meanX = area.x + 2 * rows + 4
        buf.put(ui.text("mean of class \(name)"), x: meanX, y: area.y, style: ui.muted, maxWidth: max(0, area.maxX - meanX))
        let split = e.report.train ?? e.report.test
        if split.meanImages.indices.contains(v.column) {
            Widgets.image(&buf, FloatImage(width: 28, height: 28, pixels: split.meanImages[v.column]), x: meanX, y: area.y + 1,
                          columns: 2 * rows, rows: rows, ui: ui, shaded: true)
        }
    }

    // MARK: 3 means

    /// The means page's tiles: the mean above the deviation of each class where both fit at 16
    /// columns or more (160×50: two bands of five classes), else one of them (`s` switches).
    static func meansGrid(_ area: Rect) -> ArtGrid? { ArtGrid.fit(area.inset(bottom: 1), minimum: 1, maximum: 2, readable: 16) }

    static func means(_ buf: inout ScreenBuffer, _ area: Rect, _ e: DatasetExploration, showStd: Bool, ui: UIStyle) {
        let split = e.report.train ?? e.report.test
        guard let g = meansGrid(area) else { return }
        let both = g.images >= 2
        for c in 0..<min(e.classCount, split.meanImages.count, split.stdImages.count) {
            let l = g.label(c)
            buf.put(TextWidth.prefix(ClassNaming.name(c, names: e.classNames), width: g.tileWidth - 1), x: l.x + 1, y: l.y, style: .bold)
            var shown: [[Float]] = []
            if both || !showStd { shown.append(split.meanImages[c]) }
            if both || showStd { shown.append(scaled(split.stdImages[c])) }
            for (k, pixels) in shown.enumerated() {
                let t = g.tile(c, k)
                // Means and deviations are all greys: dithered on 8 colours, as a photo is
                // (walkthrough: cut to black and white, a 2 looked like a J).
                Widgets.image(&buf, FloatImage(width: 28, height: 28, pixels: pixels), x: t.x, y: t.y, columns: g.artColumns, rows: g.artRows,
                              ui: ui, shaded: true)
            }
        }
        let which = e.report.train == nil ? "test" : "train"
        // The longest wording that fits (walkthrough: "… · s: mea" at 80 columns), in ASCII too.
        let footer = both ? ["\(which) set: per class, the mean image above its pixel standard deviation (scaled to its largest)",
                             "\(which) set: per class, the mean image above its pixel standard deviation"]
            : (showStd ? ["\(which) set: pixel standard deviation per class (scaled to its largest) · s: means",
                          "\(which) set: pixel standard deviation per class · s: means"]
                : ["\(which) set: mean image per class · s: standard deviations"])
        buf.put(TextWidth.firstFitting(footer.map(ui.text), width: area.width), x: area.x, y: min(area.maxY - 1, area.y + g.height),
                style: ui.muted, maxWidth: area.width)
    }

    /// Values stretched so the largest is 1 (a standard deviation peaks near 0.5).
    static func scaled(_ v: [Float]) -> [Float] {
        let top = v.max() ?? 0
        return top > 0 ? v.map { $0 / top } : v
    }

    // MARK: 4 pixels

    static func pixels(_ buf: inout ScreenBuffer, _ area: Rect, _ e: DatasetExploration, ui: UIStyle) {
        let split = e.report.train ?? e.report.test
        let which = e.report.train == nil ? "test" : "train"
        let cols = area.columns([.length(min(40, area.width / 2)), .length(2), .min(0)])
        let coverage = Array(split.inkCoverage.prefix(e.classCount))
        classBars(&buf, cols[0], title: ui.text("Ink (pixels ≥ 128) per class, \(which)"), values: coverage,
                  text: coverage.map { Format.fixed($0 * 100, 1) + "%" }, names: e.classNames, ui: ui)
        let right = cols[2].rows([.min(0), .length(1), .min(0)])
        PixelCharts.intensity(&buf, right[0], split.intensityHistogram, split: which, ui: ui)
        PixelCharts.strokeWidths(&buf, right[2], split.strokeWidthHistogram, split: which, ui: ui)
    }
}
