import DigitApp
import DigitImage

/// What the three explore screens share: taking a result in, leaving, and the one-image
/// browser (an image large, its ten probabilities, where it is in the list).
enum ExploreScreens {
    /// A result for the screen still showing it; anything else is dropped (the user moved on).
    static func apply(_ outcome: ExploreOutcome, for request: ExploreRequest, _ s: inout AppState) {
        switch (s.screen, outcome) {
        case (var .dataset(v), let .dataset(d)) where request == .dataset:
            v.exploration = d; v.error = nil; s.screen = .dataset(v)
        case (var .dataset(v), let .failed(e)) where request == .dataset:
            v.error = e; s.screen = .dataset(v)
        case (var .report(v), let .report(r)) where request == v.request:
            v.report = r; v.error = nil
            // The cursor starts on the largest confusion: the first thing worth a look.
            if let top = largestConfusion(r.metrics) { (v.label, v.prediction) = top }
            s.screen = .report(v)
        case (var .report(v), let .failed(e)) where request == v.request:
            v.error = e; s.screen = .report(v)
        // Each side's reply is kept whichever side shows: `f` pressed while one was being
        // measured dropped it, and the next `f` measured it again (review, session 33).
        case (var .compare(v), let .comparison(c)) where request == .compare(v.a, v.b):
            v.result = c; v.error = nil; v.asked.tests = false; s.screen = .compare(v)
        case (var .compare(v), let .folderComparison(c)) where request == .compareOnFolder(v.a, v.b, folder: v.folder):
            // The selected file stays selected (by its name) when a new reading of the folder comes.
            let kept = v.selectedImage?.file
            v.folderResult = c; v.folderError = nil; v.asked.folder = false
            v.folderSelected = kept.flatMap { name in c.listed.firstIndex { $0.file == name } } ?? min(v.folderSelected, max(0, c.listed.count - 1))
            s.screen = .compare(v)
        case (var .compare(v), let .failed(e)) where request == .compare(v.a, v.b):
            v.error = e; v.asked.tests = false; s.screen = .compare(v)
        case (var .compare(v), let .failed(e)) where request == .compareOnFolder(v.a, v.b, folder: v.folder):
            v.folderError = e; v.asked.folder = false; s.screen = .compare(v)
        default: break
        }
    }

    static func largestConfusion(_ m: Metrics) -> (Int, Int)? {
        var best: (Int, Int)? = nil, most = 0
        for t in 0..<min(10, m.confusion.count) {
            for p in 0..<min(10, m.confusion[t].count) where t != p && m.confusion[t][p] > most { most = m.confusion[t][p]; best = (t, p) }
        }
        return best
    }

    /// Back to where the screen was opened from.
    static func leave(to back: ReturnTo, _ s: inout AppState) {
        switch back {
        case .gallery: s.screen = .gallery
        case let .load(selected): s.screen = .load(selected: selected)
        }
    }

    // MARK: the browser

    enum Move: Sendable { case next, previous, first, last, close, quit }

    static let browserKeys = KeyTable<Move>([
        KeyBinding([.right, .char("n"), .char("l"), .char(" "), .pageDown], .next, label: "→/n", short: "next", help: "next image (l, Space and PgDn too)"),
        KeyBinding([.left, .char("p"), .char("h"), .pageUp], .previous, label: "←/p", short: "prev", help: "previous image (h and PgUp too)"),
        KeyBinding([.home, .char("g")], .first, label: "Home/g", short: "first", help: "first image", inStatusLine: false),
        KeyBinding([.end, .char("G")], .last, label: "End/G", short: "last", help: "last image", inStatusLine: false),
        KeyBinding([.escape, .char("b"), .enter], .close, label: "Esc", short: "back", help: "back to the table (b and Enter too)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])

    /// The browser's help notes, not the table's under it (walkthrough, session 32: its `?`
    /// explained the confusion matrix and ECE).
    /// One paragraph: the help wraps it to its width (walkthrough 35: two fixed lines left
    /// "class" alone on a line at 80 columns).
    static let browserNotes = ["One test image at a time, as the model sees it (28×28), with its true class "
                               + "and what was read; those read wrong most confidently come first."]

    /// Moves through the browser: the browser after the key, or nil when the key closed it.
    /// `q` quits the program.
    static func move(_ key: Key, _ browser: MistakeBrowser, _ s: inout AppState) -> MistakeBrowser? {
        guard let move = browserKeys.command(for: key) else { return browser }
        var b = browser
        let last = max(0, b.images.count - 1)
        switch move {
        case .next: b.position = min(last, b.position + 1)
        case .previous: b.position = max(0, b.position - 1)
        case .first: b.position = 0
        case .last: b.position = last
        case .close: return nil
        case .quit: s.quit = true
        }
        return b
    }

    /// The browser's frame: a title with the position, a line about the image, the image as
    /// art at the left and `panel` (the probabilities) at the right. Returns the panel's area.
    static func drawBrowser(_ buf: inout ScreenBuffer, _ area: Rect, _ b: MistakeBrowser, image: FloatImage?, about: String, ui: UIStyle) -> Rect {
        let inner = area.inset(left: 2, top: 1, right: 2)
        let rows = inner.rows([.length(1), .length(1), .length(1), .min(0)])
        let position = b.images.isEmpty ? "none" : "\(b.position + 1) of \(b.images.count)"
        buf.put(ui.text("\(b.title) — \(position)"), x: rows[0].x, y: rows[0].y, style: ui.accent, maxWidth: rows[0].width)
        buf.put(ui.text(about), x: rows[1].x, y: rows[1].y, style: .bold, maxWidth: rows[1].width)
        let body = rows[3]
        // The image square: two columns per row of cells, as large as the height allows — 14
        // rows (one half-block per pixel), or 28 (each pixel doubled) on a big terminal.
        let whole = body.height >= 28 && (body.width - 30) / 2 >= 28 ? 28 : 14
        let artRows = max(1, min(body.height, whole, (body.width - 30) / 2))
        if let image {
            Widgets.image(&buf, image, x: body.x, y: body.y, columns: 2 * artRows, rows: artRows, ui: ui)
        }
        return Rect(x: body.x + 2 * artRows + 3, y: body.y, width: max(0, body.maxX - body.x - 2 * artRows - 3), height: body.height)
    }

    /// Ten bars, the prediction highlighted and the true class marked.
    static func drawProbabilities(_ buf: inout ScreenBuffer, _ area: Rect, _ p: [Float], label: Int, prediction: Int, ui: UIStyle) {
        let width = min(44, area.width - 8)
        guard width >= 12 else { return }
        for c in 0..<min(10, p.count, area.height) {
            Widgets.probability(&buf, label: c, p: Double(p[c]), x: area.x, y: area.y + c, width: width, highlight: c == prediction, ui: ui)
            if c == label { buf.put(ui.caps.unicode ? " ← true" : " <- true", x: area.x + width, y: area.y + c, style: ui.good) }
        }
    }

    /// How MNIST's "not found" begins (MNISTError.dataNotFound).
    static let missingData = "MNIST not found"

    /// How to get MNIST without leaving, then with leaving: `way` is the way to the start menu's
    /// t ("Esc, then"), `download` what d does there. One wording for every screen that needs it.
    static func mnistHowTo(way: String, download: String = "d downloads MNIST") -> String {
        "In here: \(way) t (Train a new model), where \(download). Or quit and start digitrec with --data DIR, or with DIGITREC_DATA set to the folder."
    }

    /// A line for a screen still waiting for its numbers, or the reason it has none.
    /// `fromStartMenu`: the screen was opened from the start menu, where t and d lead to the
    /// download (review: the report and compare screens are a step further away).
    static func drawPending(_ buf: inout ScreenBuffer, _ area: Rect, waiting: String, error: String?, ui: UIStyle,
                            fromStartMenu: Bool = false) {
        let inner = area.inset(left: 2, top: 1, right: 2)
        guard let error else {
            buf.put(ui.text(waiting), x: inner.x, y: inner.y, style: ui.muted, maxWidth: inner.width)
            return
        }
        buf.put(ui.caps.unicode ? "✗ Cannot show this:" : "x Cannot show this:", x: inner.x, y: inner.y, style: ui.bad)
        let lines = TextWidth.wrap(ui.text(error), width: inner.width - 2).prefix(max(0, inner.height - 3))
        for (i, line) in lines.enumerated() {
            buf.put(line, x: inner.x + 2, y: inner.y + 1 + i, maxWidth: inner.width - 2)
        }
        // The message is the command line's; what to do from in here follows (walkthrough:
        // "Run digitrec download" cannot be done without quitting).
        guard error.hasPrefix(missingData) else { return }
        let here = mnistHowTo(way: fromStartMenu ? "Esc, then" : "on the start menu,")
        for (i, line) in TextWidth.wrap(ui.text(here), width: inner.width - 2).prefix(max(0, inner.height - 4 - lines.count)).enumerated() {
            buf.put(line, x: inner.x + 2, y: inner.y + 2 + lines.count + i, style: ui.accent, maxWidth: inner.width - 2)
        }
    }
}
