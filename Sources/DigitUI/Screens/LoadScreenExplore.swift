import DigitApp

/// The load list's explore keys: `e` opens the selected model's report, Space marks models
/// (two at most; a third mark replaces the oldest), `c` compares the two marked.
enum LoadScreenExplore {
    static func handle(_ command: LoadScreen.Command, selected: Int, _ s: inout AppState) -> [Effect] {
        guard s.models.indices.contains(selected) else { return [] }
        let m = s.models[selected]
        switch command {
        case .report:
            if let error = m.error { s.message = "cannot report: \(error)"; return [] }
            return ReportScreen.open(path: m.path, name: m.path, back: .load(selected: selected), &s)
        case .mark:
            if let error = m.error { s.message = "cannot compare: \(error)"; return [] }
            var dropped: String? = nil
            if let i = s.marked.firstIndex(of: m.path) {
                s.marked.remove(at: i)
            } else {
                dropped = s.marked.count == 2 ? s.marked.first : nil
                s.marked = Array((s.marked + [m.path]).suffix(2))
            }
            // Which is A and which B, by name, and what a third mark dropped; the cursor stays
            // (it moved down, and a second Space unmarked the wrong model, walkthrough).
            let name = { (path: String) in Path.display(Path.baseName(path, dropping: ModelStore.suffix)) }
            let marks = zip(["A", "B"], s.marked).map { "\($0): \(name($1))" }.joined(separator: ", ")
            let unmarked = dropped.map { " (\(name($0)) unmarked)" } ?? ""
            s.message = s.marked.isEmpty ? "no model marked"
                : marks + unmarked + (s.marked.count == 2 ? " — c compares them" : " — Space marks B")
        case .compare:
            guard s.marked.count == 2 else { s.message = "mark two models with Space first"; return [] }
            return CompareScreen.open(s.marked[0], s.marked[1], back: .load(selected: selected), &s)
        default: break
        }
        return []
    }

    /// "A" / "B" just left of a marked model's row.
    static func drawMark(_ buf: inout ScreenBuffer, x: Int, y: Int, mark: Int?, ui: UIStyle) {
        guard let mark else { return }
        buf.put(mark == 0 ? "A" : "B", x: x, y: y, style: ui.accent)
    }
}
