import DigitApp
import DigitImage

/// The images of the digits folder, one at a time: the original, the 28×28 input the network
/// sees, the digit read and all ten probabilities. Images are read when first shown.
enum GalleryScreen {
    enum Command: Sendable { case next, previous, first, last, nextDigit, digit(Int), files, reload, menu, quit, fineTune }

    static let keys = KeyTable<Command>([
        KeyBinding([.right, .char("n"), .char(" "), .char("l"), .pageDown], .next, label: "→/n", short: "next", help: "next image (Space, l and PgDn too)"),
        KeyBinding([.left, .char("p"), .char("h"), .pageUp], .previous, label: "←/p", short: "prev", help: "previous image (h and PgUp too)"),
        KeyBinding([.home, .char("g")], .first, label: "Home/g", short: "first", help: "first image", inStatusLine: false),
        KeyBinding([.end, .char("G")], .last, label: "End/G", short: "last", help: "last image", inStatusLine: false),
        KeyBinding(label: "Tab/1-9", short: "digit", help: "choose the digit shown in detail (Tab next, 1-9)",
                   [(.tab, .nextDigit)] + (1...9).map { (Key.char(Character(String($0))), Command.digit($0 - 1)) }),
        KeyBinding([.char("/"), .char("f")], .files, label: "/", short: "files", help: "list of files to jump to (f too)"),
        KeyBinding([.char("r")], .reload, label: "r", short: "reload", help: "reload the folder", inStatusLine: false),
        KeyBinding([.char("F")], .fineTune, label: "F", short: "fine-tune", help: "fine-tune the model on these labelled images", inStatusLine: false),
        KeyBinding([.escape, .char("m"), .char("b")], .menu, label: "Esc/m", short: "menu", help: "back to the start menu (b too)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])

    /// Shows the gallery from its first image and rescans the folder.
    static func open(_ s: inout AppState) -> [Effect] {
        s.screen = .gallery
        s.index = 0
        return [.scanFolder(s.digitsFolder)]
    }

    static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
        guard let command = keys.command(for: key) else { return [] }
        let count = s.files.count
        switch command {
        case .next: s.index = min(max(0, count - 1), s.index + 1)
        case .previous: s.index = max(0, s.index - 1)
        case .first: s.index = 0
        case .last: s.index = max(0, count - 1)
        case .nextDigit: s.digit = digitCount(s) > 0 ? (s.digit + 1) % digitCount(s) : 0
        case let .digit(d): if d < digitCount(s) { s.digit = d }
        case .files: s.fileList = (true, s.index)
        case .reload: return [.scanFolder(s.digitsFolder)]
        case .menu: s.screen = .start(selected: 0); return []
        case .quit: s.quit = true; return []
        case .fineTune: return FineTuneStart.start(&s)
        }
        return recognizeIfNeeded(&s)
    }

    /// How many digits the shown image has (0 until it is recognised).
    static func digitCount(_ s: AppState) -> Int {
        guard s.items.indices.contains(s.index), case let .recognized(r) = s.items[s.index] else { return 0 }
        return r.digits.count
    }

    /// Asks for the shown image once: it is marked as being read until the result comes.
    static func recognizeIfNeeded(_ s: inout AppState) -> [Effect] {
        guard case .gallery = s.screen, s.items.indices.contains(s.index), case .pending = s.items[s.index] else { return [] }
        s.items[s.index] = .reading
        return [.recognize(index: s.index)]
    }

    /// A file's name as it may be shown: the base name, control characters escaped.
    static func displayName(_ path: String) -> String { Path.display(Path.baseName(path)) }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, state s: AppState, ui: UIStyle) {
        let rows = area.rows([.length(1), .min(0)])
        var (title, body) = (rows[0].inset(left: 1, right: 1), rows[1])
        guard s.files.indices.contains(s.index), s.items.indices.contains(s.index) else {
            buf.put(ui.text("No PNG or JPEG images in \(Path.display(s.digitsFolder))/ — add some and press r."), x: body.x + 2, y: body.y + 1,
                    style: ui.muted, maxWidth: body.width - 4)
            return
        }
        var info = "Image \(s.index + 1)/\(s.files.count): \(displayName(s.files[s.index]))"
        // The running score over the images read so far, at the right of the title.
        let (correct, labelled) = s.score
        if labelled > 0 {
            let text = "\(correct)/\(labelled) correct"
            buf.put(text, x: title.maxX - text.count, y: title.y, style: correct == labelled ? ui.good : ui.bad)
            title.width = max(0, title.width - text.count - 2)
        }
        switch s.items[s.index] {
        case .pending, .reading:
            buf.put(info, x: title.x, y: title.y, style: .bold, maxWidth: title.width)
            buf.put(ui.text("reading…"), x: body.x + 2, y: body.y + 1, style: ui.muted)
        case let .failed(error):
            buf.put(info, x: title.x, y: title.y, style: .bold, maxWidth: title.width)
            let text = body.inset(left: 2, top: 1, right: 2)
            buf.put(ui.caps.unicode ? "✗ Cannot use this file:" : "x Cannot use this file:", x: text.x, y: text.y, style: ui.bad)
            for (i, line) in TextWidth.wrap(ui.text(error), width: text.width - 2).prefix(4).enumerated() {
                buf.put(line, x: text.x + 2, y: text.y + 1 + i)
            }
            buf.put(ui.text("The gallery goes on: → for the next image."), x: text.x, y: text.y + 6, style: ui.muted)
        case let .recognized(r):
            let o = r.original
            info += "  \(o.width)×\(o.height) \(r.format?.rawValue ?? "image"), \(kib(r.fileBytes))"
            buf.put(ui.text(info), x: title.x, y: title.y, style: .bold, maxWidth: title.width)
            RecognitionView.draw(&buf, body, r, verdict: Verdict(r, expected: s.labels.expected(for: s.files[s.index])), digit: s.digit, ui: ui)
        }
    }

    static func kib(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) B" : Format.fixed(Double(bytes) / 1024, 1) + " KiB"
    }
}
