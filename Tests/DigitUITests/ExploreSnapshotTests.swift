import DigitApp
import Foundation
import Testing
@testable import DigitUI

/// The explore screens as text plus a style layer (R reverse, C colour, B bold, D dim), so the
/// colour, monochrome and ASCII renderings are each pinned. Snapshots/explore-*.txt;
/// RECORD_SNAPSHOTS=1 re-records.
@Suite struct ExploreSnapshotTests {
    enum Mode: String, CaseIterable { case color, mono, ascii }

    static func state(_ mode: Mode, _ w: Int = 80, _ h: Int = 24) -> AppState {
        var s = AppState(width: w, height: h, capabilities: Capabilities(color: mode == .color, unicode: mode != .ascii), digitsFolder: "digits")
        s.modelName = "saved_models/default.safetensors"
        return s
    }

    static func layer(_ buf: ScreenBuffer) -> String {
        (0..<buf.height).map { y in
            var line = String((0..<buf.width).map { x -> Character in
                let st = buf[x, y].style
                if st.reverse { return "R" }
                if st.foreground != nil || st.background != nil { return "C" }
                if st.bold { return "B" }
                return st.dim ? "D" : " "
            })
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    func check(_ name: String, _ s: AppState) {
        let buf = render(s)
        let text = buf.text + "\n--- styles ---\n" + Self.layer(buf) + "\n"
        let path = SnapshotTests.dir + "/explore-\(name).txt"
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        if record || !FileManager.default.fileExists(atPath: path) {
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            if !record { Issue.record("recorded new snapshot \(name); check it in") }
            return
        }
        let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(text == expected, "snapshot \(name) differs:\n\(text)")
    }

    static func dataset(_ mode: Mode, _ w: Int = 80, _ h: Int = 24, _ keys: Key...) -> AppState {
        var (s, _) = apply(state(mode, w, h), .key(.char("D")), .explored(.dataset, .dataset(ExploreFixtures.exploration)))
        for k in keys { (s, _) = apply(s, .key(k)) }
        return s
    }

    @Test(arguments: Mode.allCases) func datasetPages(mode: Mode) {
        check("dataset-counts-\(mode)-80x24", Self.dataset(mode))
        check("dataset-samples-\(mode)-80x24", Self.dataset(mode, 80, 24, .char("2"), .right, .down))
        check("dataset-zoom-\(mode)-80x24", Self.dataset(mode, 80, 24, .char("2"), .right, .down, .enter))
        check("dataset-means-\(mode)-80x24", Self.dataset(mode, 80, 24, .char("3")))
        check("dataset-pixels-\(mode)-80x24", Self.dataset(mode, 80, 24, .char("4")))
    }

    /// Walkthrough: a sample zoomed at 160×50, in the grid's second row, became another image
    /// when the terminal shrank to 80×24 (one row there).
    @Test func aZoomedSampleStaysThroughAResize() {
        let big = Self.dataset(.color, 160, 50, .char("2"), .right, .down, .enter)
        let title = { (s: AppState) -> String in
            guard let line = render(s).text.split(separator: "\n").first(where: { $0.contains("image #") }),
                  let at = line.range(of: "image #") else { return "" }
            return String(line[at.lowerBound...].prefix(while: { $0 != "·" }))
        }
        guard case let .dataset(v) = big.screen, v.row == 1, v.zoomed else { Issue.record("160×50: ↓ goes to the second row"); return }
        let small = apply(big, .resize(width: 80, height: 24)).0
        #expect(!title(big).isEmpty && title(small) == title(big), "\(title(big)) / \(title(small))")
        let back = apply(small, .key(.enter)).0
        guard case let .dataset(grid) = back.screen else { return }
        #expect(!grid.zoomed && grid.row == 0, "back on the one-row grid, the mark is on a sample it shows (review)")
        let picks = ExploreFixtures.exploration.samples(perClass: 3, seed: 1)
        #expect(ExploreFixtures.exploration.samples(perClass: 1, seed: 1).map(\.first) == picks.map(\.first), "a smaller draw is the start of a larger one")
    }

    @Test func datasetLarge() {
        check("dataset-samples-color-160x50", Self.dataset(.color, 160, 50, .char("2")))
        check("dataset-means-color-160x50", Self.dataset(.color, 160, 50, .char("3")))
    }

    @Test func datasetWaitingAndFailed() {
        let (waiting, _) = apply(Self.state(.mono), .key(.char("D")))
        check("dataset-waiting-mono-80x24", waiting)
        let (failed, _) = apply(waiting, .explored(.dataset, .failed("MNIST not found. Looked in: ./data/mnist. Set DIGITREC_DATA or pass --data.")))
        check("dataset-failed-mono-80x24", failed)
    }

    static func report(_ mode: Mode, _ w: Int = 80, _ h: Int = 24, _ keys: Key...) -> AppState {
        var s = state(mode, w, h)
        s.screen = .gallery
        let path = "saved_models/default.safetensors"
        (s, _) = apply(s, .key(.char("E")), .explored(.report(path: path), .report(ExploreFixtures.reportA)))
        for k in keys { (s, _) = apply(s, .key(k)) }
        return s
    }

    @Test(arguments: Mode.allCases) func reportScreens(mode: Mode) {
        check("report-\(mode)-80x24", Self.report(mode))
        check("report-cell-\(mode)-80x24", Self.report(mode, 80, 24, .enter, .right))
        check("report-\(mode)-160x50", Self.report(mode, 160, 50))
    }

    /// Walkthrough: with a long model name the heading ended in "ECE 0" at 80 columns. Loss and
    /// ECE move to the second row, whole.
    @Test func aLongModelNameKeepsTheLossAndECEWhole() {
        var s = Self.state(.mono)
        s.screen = .gallery
        let path = "saved_models/default-tuned-2026-12-04.safetensors"
        s.modelName = path
        (s, _) = apply(s, .key(.char("E")), .explored(.report(path: path), .report(ExploreFixtures.reportA)))
        let rows = render(s).text.split(separator: "\n").map(String.init)
        let heading = rows.firstIndex { $0.contains("default-tuned-2026-12-04: accuracy") }
        #expect(heading != nil && !(rows[heading ?? 0].contains("ECE")), "\(rows.prefix(4))")
        let next = heading.map { rows[$0 + 1] } ?? ""
        #expect(next.contains("loss ") && next.contains(" points · measured in"), "\(next)")
        // The short name keeps them on the first row.
        #expect(render(Self.report(.mono)).text.contains("points\n"))
        // The details' title: the path gives way to its folder rather than being cut.
        let long = "saved_models/default-tuned-2026-12-04-2.safetensors"
        let d = apply(fresh(width: 80, height: 24), .key(.char("l")), .detailsRead(ModelDetails(path: long, metadata: [:]))).0
        #expect(render(d).text.contains("Model default-tuned-2026-12-04-2 (in saved_models/)"), "\(render(d).text)")
    }

    static func compare(_ mode: Mode, _ w: Int = 80, _ h: Int = 24, _ keys: Key...) -> AppState {
        var s = state(mode, w, h)
        let (a, b) = ("saved_models/default.safetensors", "saved_models/mlp.safetensors")
        s.models = [ModelEntry(path: a, name: "default", architecture: "deep", parameters: 468_458, testAccuracy: 0.9962, created: "2026-11-21"),
                    ModelEntry(path: b, name: "mlp", architecture: "mlp", parameters: 118_282, testAccuracy: 0.9881, created: "2026-11-21")]
        (s, _) = apply(s, .key(.char("l")), .modelsScanned(s.models), .key(.char(" ")), .key(.down), .key(.char(" ")))
        if keys.first == .tab { return s }  // the marked list itself
        (s, _) = apply(s, .key(.char("c")), .explored(.compare(a, b), .comparison(ExploreFixtures.comparison)))
        for k in keys { (s, _) = apply(s, .key(k)) }
        return s
    }

    @Test(arguments: Mode.allCases) func compareScreens(mode: Mode) {
        check("load-marked-\(mode)-80x24", Self.compare(mode, 80, 24, .tab))
        check("compare-\(mode)-80x24", Self.compare(mode))
        check("compare-browser-\(mode)-80x24", Self.compare(mode, 80, 24, .enter))
        check("compare-\(mode)-160x50", Self.compare(mode, 160, 50))
    }
}
