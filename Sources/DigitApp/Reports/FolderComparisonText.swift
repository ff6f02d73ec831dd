import Support

/// `compare A B --images DIR` as text and JSON.
public enum FolderComparisonText {
    /// The most files named per list in the text (JSON names them all).
    static let maxNamed = 20

    /// `short`: for a screen that names the folder and the models already — models by their
    /// names, files below the folder (walkthrough, session 29: at 80 columns the full paths
    /// wrapped mid-value), each passed through `shorten` (the screen's own middle cut).
    public static func text(_ c: FolderComparison, short: Bool = false, shorten: @escaping (String) -> String = { $0 }) -> String {
        var lines = summary(c, short: short)
        // Names below the folder already ("june/3.png"; walkthrough, session 34: taken for
        // paths, they lost their subfolder).
        let name = { (file: String) in short ? shorten(Path.display(file)) : Path.display(file) }
        lines += list("Only B reads right:", c.onlyB, name: name) { "A read \(reading($0.readA))" }
        lines += list("Only A reads right:", c.onlyA, name: name) { "B read \(reading($0.readB))" }
        lines += list("Both wrong:", c.bothWrong, name: name) { i in
            i.error.map { $0.hasPrefix("cannot read") ? $0 : "could not be read: \($0)" } ?? "A read \(reading(i.readA)), B \(reading(i.readB))"
        }
        if !c.skipped.isEmpty { lines.append("passed over: " + c.skipped.joined(separator: "; ")) }
        return lines.joined(separator: "\n")
    }

    /// The counts and the test, before the lists of files: what the screen shows above its own
    /// list of every file.
    public static func summary(_ c: FolderComparison, short: Bool = false) -> [String] {
        let counted = c.counted, n = counted.count
        // Files that cannot be read count as wrong for both, said (walkthrough, session 34: the
        // fine-tune's held-back score leaves them out, and the two totals differed unexplained).
        let unread = counted.filter { $0.error != nil }.count
        var lines = ["On \(Path.display(c.folder)): \(Format.count(n, "labelled image"))"
                     + (unread == 0 ? "" : ", \(unread) of them unreadable (wrong for both)")
                     + (c.learnt.isEmpty ? "" : " (and \(c.learnt.count) fine-tuned on, counted apart)")]
        for (tag, model, right) in [("A", c.modelA, counted.filter(\.rightA).count), ("B", c.modelB, counted.filter(\.rightB).count)] {
            let name = short ? Path.baseName(model, dropping: ModelStore.suffix) : model
            lines.append("\(tag)  \(Path.display(name)): \(right) of \(n) right" + (n > 0 ? " (\(Format.fixed(Double(right) / Double(n) * 100, 1)) %)" : ""))
        }
        let (onlyA, onlyB) = (c.onlyA.count, c.onlyB.count)
        lines.append("A right and B wrong \(onlyA), A wrong and B right \(onlyB), both wrong \(c.bothWrong.count)")
        let verdict = onlyA + onlyB < 6 ? " (fewer than 6 images differ: too few for the test to tell)"
            : " (" + ModelComparison.verdict(onlyA: onlyA, onlyB: onlyB, pValue: c.pValue) + ")"
        lines.append("McNemar's exact test: p \(ExploreText.pText(c.pValue))" + verdict)
        if !c.learnt.isEmpty {
            let learnt = c.learnt
            lines.append("fine-tuned on (a model reads what it learnt from): A \(learnt.filter(\.rightA).count) "
                         + "of \(learnt.count) right, B \(learnt.filter(\.rightB).count) of \(learnt.count)")
        }
        return lines
    }

    static func list(_ title: String, _ images: [FolderComparison.Image], name: (String) -> String,
                     _ detail: (FolderComparison.Image) -> String) -> [String] {
        guard !images.isEmpty else { return [] }
        let width = images.prefix(maxNamed).map { name($0.file).count }.max() ?? 0
        var lines = [title] + images.prefix(maxNamed).map {
            let name = name($0.file)
            return "  " + name + String(repeating: " ", count: max(0, width - name.count)) + "  \(labelText($0.label)): " + detail($0)
        }
        if images.count > maxNamed { lines.append("  … and \(images.count - maxNamed) more") }
        return lines
    }

    static func labelText(_ label: String) -> String { label.count == 1 ? (label == "8" ? "an 8" : "a \(label)") : "\"\(label)\"" }
    static func reading(_ read: String?) -> String { read.map { "\"\($0)\"" } ?? "nothing (no digit found)" }

    public static func json(_ c: FolderComparison) -> String {
        let counted = c.counted
        func image(_ i: FolderComparison.Image) -> JSON {
            .object([("file", .string(i.file)), ("label", .string(i.label)),
                     ("a", i.readA.map(JSON.string) ?? .null), ("b", i.readB.map(JSON.string) ?? .null),
                     ("a_right", .bool(i.rightA)), ("b_right", .bool(i.rightB)), ("learnt_from", .bool(i.learnt)),
                     ("error", i.error.map(JSON.string) ?? .null)] + ReportJSON.fileBytes(i.file))
        }
        return JSON.object([
            ("folder", .string(c.folder)),
            ("a", .object([("model", .string(c.modelA)), ("right", .int(counted.filter(\.rightA).count))])),
            ("b", .object([("model", .string(c.modelB)), ("right", .int(counted.filter(\.rightB).count))])),
            ("total", .int(counted.count)), ("learnt_from", .int(c.learnt.count)),
            ("a_right_b_wrong", .int(c.onlyA.count)), ("a_wrong_b_right", .int(c.onlyB.count)),
            ("both_wrong", .int(c.bothWrong.count)), ("mcnemar_p", .number(c.pValue)),
            ("images", .array(c.images.map(image))), ("skipped", .array(c.skipped.map(JSON.string))),
        ]).text
    }
}
