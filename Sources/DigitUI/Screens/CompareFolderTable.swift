import DigitApp

/// The compare screen's list of the folder's files, one row each: a ✓/✗ for each model, the
/// file, its label, what A and B read ("A B  file  label  A read  B read"). Columns are sized
/// once for every row, so readings line up while the list scrolls.
struct FolderTable {
    let nameWidth: Int, labelWidth: Int, readWidth: Int
    let unicode: Bool

    init(_ images: [FolderComparison.Image], width: Int, ui: UIStyle) {
        unicode = ui.caps.unicode
        let names = images.map { TextWidth.of(Path.display($0.file)) }
        // The file column gives way first: a long name is cut in its middle (as the gallery's title).
        nameWidth = max(4, min(CompareScreen.maxNameWidth, names.max() ?? 4, width / 3))
        labelWidth = max(5, min(12, images.map { TextWidth.of($0.label) }.max() ?? 5))
        readWidth = max(6, min(12, images.flatMap { [$0.readA, $0.readB] }.map { TextWidth.of($0 ?? "") }.max() ?? 6))
    }

    /// `text` in a column of `width` and the gap after it (`TextWidth.pad` keeps a blank
    /// after a cut text: one column more, so a text as wide as its column stays whole).
    static func cell(_ text: String, _ width: Int) -> String { TextWidth.pad(text, width + 1) + " " }

    var header: String {
        "A B  " + Self.cell("file", nameWidth) + Self.cell("label", labelWidth) + Self.cell("A read", readWidth) + "B read"
    }

    /// What a model read: "—" for no digit found.
    func reading(_ read: String?) -> String { read ?? (unicode ? "—" : "-") }

    func mark(_ right: Bool, error: Bool) -> String {
        error ? "!" : right ? (unicode ? "✓" : "+") : (unicode ? "✗" : "x")
    }

    /// The row's text, without its marks' colours.
    func line(_ image: FolderComparison.Image) -> String {
        let error = image.error != nil
        // The image's name below the folder (`FolderComparison.Image.file`).
        let name = GalleryTitle.middle(Path.display(image.file), width: nameWidth, unicode: unicode)
        var text = mark(image.rightA, error: error) + " " + mark(image.rightB, error: error) + "  "
            + Self.cell(name, nameWidth) + Self.cell(image.label, labelWidth)
        if let reason = image.error {
            // The reader's own words may begin "cannot read (…)" already (a FIFO).
            text += reason.hasPrefix("cannot read") ? reason : "cannot read: " + reason
        } else {
            text += Self.cell(reading(image.readA), readWidth) + Self.cell(reading(image.readB), readWidth)
            if image.learnt { text += "learnt from" }
        }
        return text
    }

    func draw(_ buf: inout ScreenBuffer, _ image: FolderComparison.Image, x: Int, y: Int, selected: Bool, ui: UIStyle, width: Int) {
        let text = FileListOverlay.cut(line(image), width: width, ui: ui)
        buf.put(selected ? TextWidth.pad(text, width) : text, x: x, y: y, style: selected ? ui.selected : (image.learnt ? ui.muted : .plain), maxWidth: width)
        // The marks in the verdict colours, so where the two models differ stands out.
        guard !selected, y < buf.height else { return }
        let error = image.error != nil
        for (dx, right) in [(0, image.rightA), (2, image.rightB)] where x + dx < buf.width {
            buf[x + dx, y] = Cell(character: buf[x + dx, y].character, style: error || !right ? ui.bad : ui.good)
        }
    }
}
