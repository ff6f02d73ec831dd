/// One row of a screen's key table: the keys and the command each one gives, and how the row
/// is described — briefly on the status line, at length in the `?` help. A screen's table is
/// the only place its keys are written down: the handler, the status line and the help all
/// come from it.
struct KeyBinding<Command: Sendable>: Sendable {
    var keys: [(key: Key, command: Command)]
    /// The keys as the user reads them: "↑↓/jk", "Esc/b".
    var label: String
    /// The status line's word for it: "move".
    var short: String
    /// The help overlay's sentence for it.
    var help: String
    /// Rarely used keys are left off the status line (the help lists every row).
    var inStatusLine = true
    /// Left off at 80 columns, but named on a wider status line that has room for it.
    var whenRoom = false

    init(_ keys: [Key], _ command: Command, label: String, short: String, help: String, inStatusLine: Bool = true, whenRoom: Bool = false) {
        self.init(label: label, short: short, help: help, inStatusLine: inStatusLine, whenRoom: whenRoom, keys.map { ($0, command) })
    }

    /// One row for several commands, e.g. up and down as "↑↓ move".
    init(label: String, short: String, help: String, inStatusLine: Bool = true, whenRoom: Bool = false, _ keys: [(Key, Command)]) {
        self.keys = keys.map { (key: $0.0, command: $0.1) }
        self.label = label; self.short = short; self.help = help; self.inStatusLine = inStatusLine; self.whenRoom = whenRoom
    }

    var hint: KeyHint { KeyHint(label: label, short: short, help: help, inStatusLine: inStatusLine, keys: keys.map(\.key), whenRoom: whenRoom) }
}

/// A screen's key table.
struct KeyTable<Command: Sendable>: Sendable {
    var bindings: [KeyBinding<Command>]

    init(_ bindings: [KeyBinding<Command>]) { self.bindings = bindings }

    /// The command for a key, or nil when this screen does not use it.
    func command(for key: Key) -> Command? {
        for b in bindings { if let hit = b.keys.first(where: { $0.key == key }) { return hit.command } }
        return nil
    }

    var hints: [KeyHint] { bindings.map(\.hint) }
}

/// A list's moves, the same keys wherever a list is (the file list, the compare screen's files):
/// ↑↓ (k, j), PgUp/PgDn by `page` files, Home/End (g, G).
enum ListMoves {
    /// How many files PgUp and PgDn move by.
    static let page = 10

    static func bindings<Command: Sendable>(up: Command, down: Command, pageUp: Command, pageDown: Command,
                                            first: Command, last: Command) -> [KeyBinding<Command>] {
        [KeyBinding(label: "↑↓", short: "move", help: "move the selection (k and j too)",
                    [(.up, up), (.char("k"), up), (.down, down), (.char("j"), down)]),
         KeyBinding(label: "PgUp/PgDn", short: "page", help: "move by \(page) files", inStatusLine: false,
                    [(.pageUp, pageUp), (.pageDown, pageDown)]),
         KeyBinding(label: "Home/End", short: "ends", help: "first or last file (g and G too)", inStatusLine: false,
                    [(.home, first), (.char("g"), first), (.end, last), (.char("G"), last)])]
    }
}

/// A key table row without its commands: what the status line and the help overlay draw.
struct KeyHint: Sendable, Equatable {
    var label: String
    var short: String
    var help: String
    var inStatusLine: Bool
    var keys: [Key]
    var whenRoom = false
}

/// The keys every screen has, and the two views generated from a screen's hints.
enum KeyHints {
    enum Global: Sendable { case help }

    /// `?` and F1 open this screen's help (`?` is never part of a model name, so text fields
    /// keep it too).
    static let global = KeyTable<Global>([
        KeyBinding([.char("?"), .function(1)], .help, label: "?", short: "help", help: "this help (F1 too); any key closes it"),
    ])

    /// "↑↓/jk move  Enter choose  …  ? help"
    /// Within `width` columns, first the keys' lowercase alternatives give way ("↑↓/jk" → "↑↓",
    /// "Esc/b" → "Esc"; the help lists them), then the screen's last hints — "q quit" last of
    /// all — and "? help" stays: it leads to all of them (walkthrough, session 28: in ASCII,
    /// "Up/Down/jk" pushed "q quit" off the load list's line, and the start menu's line left D
    /// out to make room).
    /// `typing`: "?" is text in the open field, so the line offers F1 for the help.
    static func statusLine(_ hints: [KeyHint], width: Int = .max, typing: Bool = false) -> String {
        let shown = hints.filter(\.inStatusLine)
        let help = typing ? ["F1 help"] : global.hints.map { text($0) }
        func fits(_ own: [String]) -> Bool { TextWidth.of((own + help).joined(separator: "  ")) <= width }
        var own = shown.map { text($0) }
        if !fits(own) { own = shown.map { text($0, alternatives: false) } }
        while !own.isEmpty && !fits(own) {
            own.remove(at: own.lastIndex { !$0.hasSuffix(" quit") } ?? own.count - 1)
        }
        // With room to spare, the keys left off at 80 columns, each where the table has it
        // (walkthrough, session 34: at 160 columns the gallery's line never named f, F or C).
        if own == shown.map({ text($0) }) {
            var added: Set<Int> = []
            for (i, h) in hints.enumerated() where h.whenRoom && !h.inStatusLine {
                let line = hints.indices.filter { hints[$0].inStatusLine || added.contains($0) || $0 == i }.map { text(hints[$0]) }
                if fits(line) { added.insert(i); own = line }
            }
        }
        return (own + help).joined(separator: "  ")
    }

    private static func text(_ h: KeyHint, alternatives: Bool = true) -> String {
        let label = alternatives ? h.label : mainKeys(h.label)
        return h.short.isEmpty ? label : "\(label) \(h.short)"
    }

    /// "↑↓/jk" → "↑↓", "Up/Down/jk" → "Up/Down", "Esc/b" → "Esc": the trailing lowercase-letter
    /// alternatives after a key of another kind; "Home/End", "Tab/1-4", "h/l" stay whole.
    static func mainKeys(_ label: String) -> String {
        var parts = label.split(separator: "/", omittingEmptySubsequences: false)
        func isLetters(_ p: Substring) -> Bool { !p.isEmpty && p.allSatisfy { ("a"..."z").contains($0) } }
        while parts.count > 1, let last = parts.last, isLetters(last), !parts.dropLast().allSatisfy(isLetters) { parts.removeLast() }
        return parts.joined(separator: "/")
    }

    /// One line per row, the labels in a column, then the screen's notes.
    static func helpLines(_ hints: [KeyHint], notes: [String] = []) -> [String] {
        let all = hints + global.hints
        let column = (all.map { TextWidth.of($0.label) }.max() ?? 0) + 3
        return all.map { TextWidth.pad($0.label, column) + $0.help } + (notes.isEmpty ? [] : [""] + notes)
    }
}
