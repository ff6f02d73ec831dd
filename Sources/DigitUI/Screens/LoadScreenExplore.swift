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
            if let i = s.marked.firstIndex(of: m.path) {
                s.marked.remove(at: i)
            } else {
                s.marked = Array((s.marked + [m.path]).suffix(2))
            }
            s.message = s.marked.count == 2 ? "c compares the two marked models" : "marked \(s.marked.count) of 2"
            s.screen = .load(selected: min(max(0, s.models.count - 1), selected + 1))
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
