@testable import DigitApp
import Testing
@testable import DigitUI

/// The line charts, their dot canvas, the 8-colour palette and the history a model file keeps.
@Suite struct ChartTests {
    @Test func rangeIsTheDatasOwnWithRoundTicks() throws {
        // 91 % → 98 % is drawn on 90 %…100 % with its ticks, not from zero: no threefold jump.
        let r = try #require(LineChart.range([0.91, 0.95, 0.98], bounds: 0...1, ticks: 3))
        #expect(abs(r.lo - 0.90) < 1e-9 && abs(r.hi - 1.0) < 1e-9 && abs(r.step - 0.05) < 1e-9)
        // Accuracy never goes above 100 %; one value gets a band around it.
        #expect(try #require(LineChart.range([0.999, 1.0], bounds: 0...1, ticks: 3)).hi == 1)
        let single = try #require(LineChart.range([0.5], bounds: nil, ticks: 2))
        #expect(single.lo < 0.5 && single.hi > 0.5)
        #expect(LineChart.range([], bounds: nil, ticks: 3) == nil)
        #expect(LineChart.niceStep(0.03) == 0.05 && LineChart.niceStep(0.1) == 0.1 && LineChart.niceStep(3) == 5)
    }

    /// Walkthrough, session 28: a short live loss chart had ticks 2.5 and 0.5, 2 apart, and
    /// labelled them "3" and "1" with the curve ending at 0.54 on the "1".
    @Test func tickLabelsAreExactWhenTicksAreNotMultiplesOfTheirSpacing() throws {
        let r = try #require(LineChart.range([2.31, 1.2, 0.54], bounds: nil, ticks: 5))
        let ticks = LineChart.tickValues(r, most: 2)
        #expect(ticks == [2.5, 0.5], "\(r) \(ticks)")
        let labels = ticks.map { Format.fixed($0, LineChart.decimals(LineChart.labelSpacing(ticks, step: r.step))) }
        #expect(labels == ["2.5", "0.5"])
        // Ticks that are multiples of their spacing keep its decimals: 1.0, 0.5, 0.0 → "1.0"…
        #expect(LineChart.labelSpacing([1.0, 0.5, 0.0], step: 0.1) == 0.5)
    }

    /// Walkthrough: a 4-epoch chart was labelled "1 2 4"; with room every epoch is named, with
    /// little the first, one between and the last.
    @Test func everyEpochIsNamedWhenThereIsRoom() {
        let chart = LineChart(title: "loss per epoch", series: [.init(name: "train", shortName: "train", values: [1, 0.2, 0.1, 0.1],
                                                                       style: .plain, marker: ("•", "o"))],
                              format: { v, _ in String(v) })
        func axisLabels(width: Int) -> [String] {
            var buf = ScreenBuffer(width: width, height: 12)
            chart.draw(&buf, Rect(x: 0, y: 0, width: width, height: 12), ui: UIStyle(Capabilities(color: false, unicode: true)))
            return buf.text.split(separator: "\n").last.map { $0.split(separator: " ").map(String.init) } ?? []
        }
        #expect(axisLabels(width: 60) == ["1", "2", "3", "4"])
        let long = LineChart(title: "loss", series: [.init(name: "train", shortName: "train", values: (0..<40).map { 1 / Double($0 + 1) },
                                                          style: .plain, marker: ("•", "o"))], format: { v, _ in String(v) })
        var buf = ScreenBuffer(width: 60, height: 12)
        long.draw(&buf, Rect(x: 0, y: 0, width: 60, height: 12), ui: UIStyle(Capabilities(color: false, unicode: true)))
        #expect(buf.text.split(separator: "\n").last.map { $0.split(separator: " ").map(String.init) } == ["1", "20", "40"])
    }

    @Test func brailleDotsAndAsciiFallback() {
        var c = DotCanvas(columns: 2, rows: 1)
        c.set(0, 0, style: .plain)
        c.set(1, 3, style: .plain)
        #expect(c.cell(0, 0, unicode: true)?.character == "\u{2881}", "dot 1 and dot 8")
        #expect(c.cell(0, 0, unicode: false)?.character == ":")
        #expect(c.cell(1, 0, unicode: true) == nil)
        c.line(from: (0, 0), to: (3, 3), style: .bold)
        #expect(c.cell(1, 0, unicode: true)?.style == .bold)
        c.set(-1, 99, style: .plain)   // outside: ignored
    }

    @Test(arguments: [(80, 24), (100, 30), (160, 50)])
    func chartsHaveAxesTicksAndLegend(width: Int, height: Int) {
        let epochs = (1...5).map { EpochSummary(epoch: $0, trainLoss: 0.5 / Double($0), trainAccuracy: 0.9 + 0.015 * Double($0),
                                                validationLoss: 0.4 / Double($0), validationAccuracy: 0.91 + 0.012 * Double($0), seconds: 1, learningRate: 0.001) }
        for unicode in [true, false] {
            var buf = ScreenBuffer(width: width, height: height)
            Curves.draw(&buf, Rect(x: 0, y: 0, width: width, height: height - 3), epochs: epochs,
                        ui: UIStyle(Capabilities(color: false, unicode: unicode)))
            let text = buf.text
            #expect(text.contains("loss") && text.contains("accuracy") && text.contains("train") && text.contains("validation"))
            #expect(text.contains("Epoch") && text.contains("%"), "tick values and the axis name")
            #expect(text.contains(unicode ? "└" : "+-"), "an x axis")
            #expect(text.contains(unicode ? "×" : "x") && text.contains(unicode ? "•" : "o"), "markers on the points")
            if unicode { #expect(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille lines") }
            #expect(!text.contains("100.5%") && !text.contains("101"), "accuracy stays within 100 %")
        }
    }

    /// Walkthrough, session 21: a fine-tune's table had two columns of dashes and showed only
    /// its last two epochs without saying so.
    @Test func theEpochTableSaysWhatItLeavesOut() {
        let epochs = (1...4).map { EpochSummary(epoch: $0, trainLoss: 0.02, trainAccuracy: 0.99, validationLoss: nil,
                                                validationAccuracy: nil, seconds: 2, learningRate: 0.001) }
        var buf = ScreenBuffer(width: 80, height: 3)
        EpochTable.draw(&buf, Rect(x: 0, y: 0, width: 80, height: 3), epochs)
        #expect(buf.text.contains("Epoch  Train loss  Train acc  Seconds   (last 2 of 4)") && !buf.text.contains("Val"), "\(buf.text)")
        var all = ScreenBuffer(width: 80, height: 6)
        EpochTable.draw(&all, Rect(x: 0, y: 0, width: 80, height: 6), epochs)
        #expect(!all.text.contains("last") && all.text.contains("2.0"))
    }

    @Test func basicPaletteKeepsTheColoursMeaning() {
        #expect(Palette.basic(214) == 3 && Palette.basic(221) == 3, "orange and yellow → yellow")
        #expect(Palette.basic(203) == 1 && Palette.basic(114) == 2 && Palette.basic(45) == 6 && Palette.basic(21) == 4)
        #expect(Palette.basic(244) == 7 && Palette.basic(236) == 0, "greys by lightness")
        #expect(Palette.basic(231) == 7 && Palette.basic(16) == 0 && Palette.basic(-1) == -1 && Palette.basic(5) == 5)
    }

    /// TERM=xterm: the program's own styles use only the 8 basic colours.
    @Test func eightColourStylesStayBasic() throws {
        let caps = Capabilities(color: true, unicode: true, basicColors: true)
        var states: [AppState] = []
        for (name, s) in everyScreen() where name != "gallery" {
            var t = s
            t.capabilities = caps
            if case var .results(r) = t.screen { r.showCurves = true; t.screen = .results(r) }   // the matrix's heat is the explore helper's
            states.append(t)
        }
        for s in states {
            let buf = render(s)
            for cell in buf.cells {
                for c in [cell.style.foreground, cell.style.background].compactMap({ $0 }) { #expect((0..<8).contains(c), "\(c) in \(s.screen)") }
            }
        }
        let ui = UIStyle(caps)
        #expect(ui.accent.foreground == 3 && ui.bad.foreground == 1 && ui.titleBar.background == 4)
    }

    /// Review: a partial row of epoch 1000 was cut to "1000 6", read as 6 %.
    @Test func aPartEpochsRowIsWhole() {
        let e = EpochSummary(epoch: 1000, trainLoss: 0.1, trainAccuracy: 0.9, validationLoss: nil, validationAccuracy: nil,
                             seconds: 1, learningRate: 0.001, fraction: 0.61)
        var buf = ScreenBuffer(width: 60, height: 3)
        EpochTable.draw(&buf, Rect(x: 0, y: 0, width: 60, height: 3), [e])
        let lines = buf.text.split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("1000 61%  0.1000"), "\(lines)")
        #expect(lines[0].hasPrefix("Epoch     Train loss"), "the header's columns follow: \(lines)")
    }

    @Test func historyRoundTripsAndOldFilesHaveNone() {
        let epochs = [EpochSummary(epoch: 1, trainLoss: 0.25, trainAccuracy: 0.92, validationLoss: nil, validationAccuracy: nil, seconds: 1.5, learningRate: 0.001),
                      EpochSummary(epoch: 2, trainLoss: 0.125, trainAccuracy: 0.96, validationLoss: 0.1, validationAccuracy: 0.97, seconds: 1.25, learningRate: 0.0005)]
        #expect(HistoryJSON.parse(HistoryJSON.text(epochs)) == epochs)
        #expect(HistoryJSON.parse("not json") == nil && HistoryJSON.parse("{}") == nil)
        #expect(HistoryJSON.parse("[{\"epoch\": 1, \"train_accuracy\": 0.5}, {\"epoch\": -3, \"train_loss\": 1, \"train_accuracy\": 0.5}]") == [],
                "incomplete or absurd rows are dropped")
        let old = ModelDetails(path: "saved_models/old.safetensors", metadata: ["architecture_name": "deep", "test_accuracy": "0.9972"])
        #expect(old.history.isEmpty && old.facts.contains { $0.0 == "Test accuracy" && $0.1 == "99.72%" })
    }
}

/// The report's reliability at 80×24: three ranges of confidence as numbers (two rows of bars
/// said nothing), every image in exactly one range.
@Suite struct ReliabilityRangesTests {
    @Test func everyImageIsInOneRangeWithItsShareRight() {
        // Top probabilities 0.99 ×3 (right), 0.7 (wrong), 0.3 (right).
        var probs = [Float](repeating: 0, count: 50)
        for (i, (p, c)) in [(Float(0.99), 1), (0.99, 2), (0.99, 3), (0.7, 4), (0.3, 5)].enumerated() {
            for k in 0..<10 { probs[i * 10 + k] = (1 - p) / 9 }
            probs[i * 10 + c] = p
        }
        let labels: [UInt8] = [1, 2, 3, 0, 5]
        let ranges = ReliabilityChart.ranges(Calibration(probabilities: probs, labels: labels))
        #expect(ranges.map(\.images) == [3, 1, 1])
        #expect(ranges.map(\.accuracy) == [1, 0, 1])
        #expect(ranges.map(\.from) == [14.0 / 15, 0.6, 0] && ranges.map(\.to) == [1, 14.0 / 15, 0.6])
        var buf = ScreenBuffer(width: 40, height: 6)
        ReliabilityChart.draw(&buf, Rect(x: 0, y: 0, width: 40, height: 5), Calibration(probabilities: probs, labels: labels),
                              ui: UIStyle(Capabilities(color: false, unicode: true)))
        let text = buf.text
        #expect(text.contains("93%–100%          3 100.00%") && text.contains("< 60%             1 100.00%"), "\(text)")
    }

    /// One mistake among 30,000 is not a perfect score, nor one right among as many none.
    @Test func aShareIsNeverRoundedToAllOrNone() {
        #expect(Format.percent(29_999, of: 30_000, digits: 2) == "99.99%")
        #expect(Format.percent(30_000, of: 30_000, digits: 2) == "100.00%")
        #expect(Format.percent(1, of: 30_000, digits: 2) == "0.01%")
        #expect(Format.percent(0, of: 30_000, digits: 2) == "0.00%")
        #expect(Format.percent(1, of: 3, digits: 2) == "33.33%" && Format.percent(0, of: 0, digits: 2) == "-")
    }
}
