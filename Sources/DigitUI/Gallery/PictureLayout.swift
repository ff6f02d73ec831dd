import Glibc

/// Where the gallery puts the original, the 28×28 input and the reading panel, chosen so the
/// pictures are as large as the terminal allows (issue #16: at 160×50 the art fills the
/// screen, at 80×24 a wide row of digits stays readable). Three arrangements are tried, each
/// with every split, and the one that gives both pictures the most pixels wins:
///   side by side   [original | input] [reading]     square and tall images, wide terminals
///   stacked        [original / input] [reading]     wide images (a row of digits)
///   input right    [original] [reading / input]     tall terminals: the reading panel has
///                                                    room under its bars
/// Rects are the art areas; each picture's one-line caption is the row above.
struct PictureLayout: Equatable {
    var original: Rect
    var input: Rect
    var reading: Rect

    /// Rows the reading panel needs: big label, verdict, ten bars, note.
    static let readingRows = 18
    /// The input is shown at least this many pixels across when there is any choice; above
    /// 2× its 28 pixels it gains nothing.
    static let minInputPixels = 16, maxInputPixels = 56
    static let gap = 2

    /// The reading panel's width: the bars need ~26 columns, more is only longer bars.
    static func readingWidth(_ total: Int) -> Int { max(26, min(48, total * 3 / 10)) }

    init(original: Rect, input: Rect, reading: Rect) { self.original = original; self.input = input; self.reading = reading }

    /// The best arrangement of an `imageWidth`×`imageHeight` original in `area`; the reading
    /// panel is widened to `readingAtLeast` columns (a long number's glyphs), up to half the area,
    /// and keeps `readingRows` rows when the input goes under it (more for a number on several lines).
    init(area: Rect, imageWidth: Int, imageHeight: Int, readingAtLeast: Int = 0, readingRows: Int = PictureLayout.readingRows) {
        let r = max(PictureLayout.readingWidth(area.width), min(readingAtLeast, area.width / 2))
        let reading = Rect(x: area.maxX - 1 - r, y: area.y, width: r, height: area.height)
        let pictures = Rect(x: area.x + 1, y: area.y, width: max(0, reading.x - PictureLayout.gap - area.x - 1), height: area.height)
        let candidates = PictureLayout.candidates(pictures: pictures, reading: reading, readingRows: readingRows)
        let w = max(1, imageWidth), h = max(1, imageHeight)
        // Both pictures matter: the sum of the logarithms of their areas, so neither is shrunk
        // to a strip for the other (a plain sum gave a 10×3-pixel row of digits at 80×24). The
        // input has 28 pixels; above 2× that it only magnifies, so its area counts up to there.
        func score(_ l: PictureLayout) -> (fits: Bool, value: Double) {
            let o = ArtFit(imageWidth: w, imageHeight: h, columns: l.original.width, rows: l.original.height)
            let side = min(l.input.width, 2 * l.input.height)
            let input = Double(min(side, PictureLayout.maxInputPixels))
            return (side >= PictureLayout.minInputPixels, log(Double(max(1, o.pixelWidth * o.pixelHeight))) + log(max(1, input * input)))
        }
        let best = candidates.max { a, b in
            let (sa, sb) = (score(a), score(b))
            return sa.fits != sb.fits ? !sa.fits : sa.value < sb.value
        }
        self = best ?? PictureLayout(original: pictures, input: Rect(x: pictures.x, y: pictures.y, width: 0, height: 0), reading: reading)
    }

    /// Every arrangement and split worth scoring.
    static func candidates(pictures p: Rect, reading: Rect, readingRows: Int = PictureLayout.readingRows) -> [PictureLayout] {
        var all: [PictureLayout] = []
        let art = max(0, p.height - 1)  // under the captions
        // Side by side: the input `s` columns (s/2 rows) at the right of the original.
        for s in stride(from: 8, through: max(8, p.width - gap - 8), by: 2) {
            let rows = min(art, s / 2)
            all.append(PictureLayout(original: Rect(x: p.x, y: p.y + 1, width: p.width - gap - s, height: art),
                                     input: Rect(x: p.maxX - s, y: p.y + 1, width: s, height: rows), reading: reading))
        }
        // Stacked: the original `h` rows high, the input under it with its own caption.
        for h in stride(from: 3, through: max(3, art - 5), by: 1) {
            let rows = max(0, p.height - 2 - h - 1)
            all.append(PictureLayout(original: Rect(x: p.x, y: p.y + 1, width: p.width, height: h),
                                     input: Rect(x: p.x, y: p.y + h + 3, width: min(p.width, 2 * rows), height: rows), reading: reading))
        }
        // Input right: under the reading panel, after a blank row and its caption.
        let under = reading.height - readingRows - 2
        if under >= 4 {
            all.append(PictureLayout(original: Rect(x: p.x, y: p.y + 1, width: p.width, height: art),
                                     input: Rect(x: reading.x, y: reading.y + readingRows + 2, width: min(reading.width, 2 * under), height: under),
                                     reading: Rect(x: reading.x, y: reading.y, width: reading.width, height: readingRows)))
        }
        return all.filter { $0.original.width > 0 && $0.original.height > 0 && $0.input.width >= 0 && $0.input.height >= 0 }
    }
}

/// How an image fits a box of cells with its aspect kept, a cell being two pixels high (one
/// half block each) and one wide.
struct ArtFit: Equatable {
    var pixelWidth: Int, pixelHeight: Int
    var columns: Int { pixelWidth }
    var rows: Int { (pixelHeight + 1) / 2 }

    init(imageWidth w: Int, imageHeight h: Int, columns: Int, rows: Int) {
        guard w > 0, h > 0, columns > 0, rows > 0 else { pixelWidth = 0; pixelHeight = 0; return }
        let scale = min(Double(columns) / Double(w), Double(2 * rows) / Double(h))
        pixelWidth = max(1, min(columns, Int((Double(w) * scale).rounded())))
        pixelHeight = max(1, min(2 * rows, Int((Double(h) * scale).rounded())))
    }
}
