import Support

/// Text and JSON of the data and model reports (`dataset`, `eval --mistakes`, `compare`).
public enum ExploreText {
    public static func dataset(_ r: DatasetReport, unicode: Bool) -> String {
        // A folder of class folders is titled by its own name: "cls in cls" said it twice.
        let title = r.title == Path.baseName(r.folder) ? "Dataset" : r.title
        var lines = ["\(title) in \(Path.display(r.folder))", ""]
        let digits = ClassNaming.areDigits(r.classes)
        let nameWidth = r.classes.map { min($0.count, 16) }.max() ?? 1
        func label(_ c: Int) -> String {
            let n = String(ClassNaming.name(c, names: r.classes).prefix(16))
            return digits ? n : n + String(repeating: " ", count: max(0, nameWidth - n.count))
        }
        for (name, split) in [("train", r.train), ("test", Optional(r.test))] {
            guard let s = split else { continue }
            let top = max(s.classCounts.max() ?? 1, 1)
            lines.append("\(name): \(Format.grouped(s.count)) images")
            for c in 0..<min(10, r.classes.count) {
                let bar = ProgressText.bar(fraction: Double(s.classCounts[c]) / Double(top), width: 30, unicode: unicode)
                lines.append("  \(label(c)) \(bar) \(ReportText.pad(Format.grouped(s.classCounts[c]), 6))"
                             + "  ink \(Format.fixed(s.inkCoverage[c] * 100, 1))%")
            }
            let im = s.imbalance(among: r.classes.count)
            lines.append("  most \(label(im.most).trimmingSpaces) (\(Format.grouped(s.classCounts[im.most]))), least \(label(im.least).trimmingSpaces) (\(Format.grouped(s.classCounts[im.least]))): \(Format.fixed((im.ratio - 1) * 100, 0)) % more")
            let widths = s.strokeWidthHistogram
            let total = max(widths.reduce(0, +), 1)
            let median = medianBin(widths) * DatasetSplitStats.strokeBinWidth
            // The histogram on a line of its own: beside the median it ran past 80 columns.
            lines.append("  stroke width: median \(Format.fixed(median, 1))\(unicode ? "–" : "-")\(Format.fixed(median + DatasetSplitStats.strokeBinWidth, 1)) px")
            lines.append("    "
                         + widths.enumerated().filter { $0.element * 100 >= total }.map {
                             "\(Format.fixed(Double($0.offset) * DatasetSplitStats.strokeBinWidth, 1)): \(Format.fixed(Double($0.element) * 100 / Double(total), 0))%"
                         }.joined(separator: ", "))
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func medianBin(_ h: [Int]) -> Double {
        let total = h.reduce(0, +)
        var acc = 0
        for (i, n) in h.enumerated() {
            acc += n
            if acc * 2 >= total { return Double(i) }
        }
        return 0
    }

    public static func datasetJSON(_ r: DatasetReport) -> String {
        func split(_ s: DatasetSplitStats) -> JSON {
            let im = s.imbalance
            return .object([
                ("count", .int(s.count)), ("class_counts", .ints(s.classCounts)),
                ("imbalance", .object([("most", .int(im.most)), ("least", .int(im.least)), ("ratio", .number(im.ratio))])),
                ("ink_coverage", .array(s.inkCoverage.map { .number($0) })),
                ("intensity_histogram", .ints(s.intensityHistogram)),
                ("stroke_width_histogram", .object([("bin_width", .number(DatasetSplitStats.strokeBinWidth)), ("counts", .ints(s.strokeWidthHistogram))])),
                ("mean_images", .array(s.meanImages.map { .numbers($0) })),
                ("std_images", .array(s.stdImages.map { .numbers($0) })),
            ])
        }
        var pairs: [(String, JSON)] = [("folder", .string(r.folder)), ("dataset", .string(r.title)),
                                       ("classes", .array(r.classes.map { .string($0) }))]
        if let t = r.train { pairs.append(("train", split(t))) }
        pairs.append(("test", split(r.test)))
        return JSON.object(pairs).text
    }

    /// The top confusions: "4 read as 9: 11 times".
    public static func topConfusions(_ m: Metrics, count: Int = 5) -> [String] {
        var cells: [(t: Int, p: Int, n: Int)] = []
        for t in 0..<10 { for p in 0..<10 where t != p && m.confusion[t][p] > 0 { cells.append((t, p, m.confusion[t][p])) } }
        return cells.sorted { $0.n > $1.n || ($0.n == $1.n && ($0.t, $0.p) < ($1.t, $1.p)) }.prefix(count)
            .map { "\($0.t) read as \($0.p): \(Format.count($0.n, "time"))" }
    }

    public static func mistakes(_ r: EvaluationReport, limit: Int = 20) -> String {
        // One confusion a line: on one line they ran past 80 columns (walkthrough).
        var lines = ["", "top confusions:"] + topConfusions(r.metrics).map { "  " + $0 }
            + ["\(r.mistakes.count) mistakes; the \(min(limit, r.mistakes.count)) most confident:"]
        for m in r.mistakes.prefix(limit) {
            lines.append("  test image \(ReportText.pad(String(m.index), 4)): true \(ClassNaming.name(m.label, names: r.classes)), read \(ClassNaming.name(m.prediction, names: r.classes)) at \(Format.fixed(Double(m.confidence) * 100, 1))%")
        }
        return lines.joined(separator: "\n")
    }

    public static func mistakesJSON(_ list: [Mistake]) -> JSON {
        .array(list.map { .object([("index", .int($0.index)), ("label", .int($0.label)), ("prediction", .int($0.prediction)),
                                  ("probabilities", .numbers($0.probabilities))]) })
    }

    public static func comparison(_ c: ComparisonReport) -> String {
        [
            "A  \(Path.display(c.modelA)): \(Format.fixed(c.accuracyA * 100, 2))%",
            "B  \(Path.display(c.modelB)): \(Format.fixed(c.accuracyB * 100, 2))%",
            // Lines within 80 columns (walkthrough: the counts and the per-class line wrapped).
            "on \(Format.grouped(c.total)) test images:",
            "  A right and B wrong \(c.onlyA), A wrong and B right \(c.onlyB), both wrong \(c.bothWrong)",
            "McNemar's exact test: p \(pText(c.pValue)) (\(ModelComparison.verdict(onlyA: c.onlyA, onlyB: c.onlyB, pValue: c.pValue)))",
            "per class, A − B (points):",
            "  " + c.perClassDifference.prefix(5).enumerated().map { "\($0.offset): \(signed($0.element))" }.joined(separator: "  "),
            "  " + c.perClassDifference.dropFirst(5).enumerated().map { "\($0.offset + 5): \(signed($0.element))" }.joined(separator: "  "),
        ].joined(separator: "\n")
    }

    /// "+0.71", "-0.20", "0.00"; "-" for a class without images (as the screen shows them).
    static func signed(_ points: Double?) -> String {
        guard let points else { return "-" }
        return (points > 0 ? "+" : "") + Format.fixed(points, 2)
    }

    static func pText(_ p: Double) -> String { p < 0.0001 ? "< 0.0001" : "= " + Format.fixed(p, 4) }

    public static func comparisonJSON(_ c: ComparisonReport) -> String {
        JSON.object([
            ("a", .object([("model", .string(c.modelA)), ("accuracy", .number(c.accuracyA))])),
            ("b", .object([("model", .string(c.modelB)), ("accuracy", .number(c.accuracyB))])),
            ("total", .int(c.total)), ("a_right_b_wrong", .int(c.onlyA)), ("a_wrong_b_right", .int(c.onlyB)),
            ("both_wrong", .int(c.bothWrong)), ("mcnemar_p", .number(c.pValue)),
            ("per_class_difference_points", .array(c.perClassDifference.map { $0.map(JSON.number) ?? .null })),
            ("disagreements", .ints(c.disagreements)),
        ]).text
    }
}
