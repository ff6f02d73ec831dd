/// Two digits written so close that their ink touches are one piece of ink, and a piece is cut
/// only when it is as wide as two digits with a thin joint (`Segment.splitWide`): a narrow 1
/// against a 0 ("01", "101") is hardly wider than a 0, and two rings side by side meet along a
/// stroke, not at a thin joint. Which of such a piece's cuts, if any, is right only the network
/// can tell (a 0 cut in two is two arcs that read as 1s): here a piece wide enough to be two
/// digits gets its readings as two, cut straight down at a few places, and each part wide
/// enough again gets its own, three levels deep (`deepest`); the application layer
/// compares them with the piece read whole (`Recognizer`, `TouchingChoice`).
enum TouchingCuts {
    /// A piece at least this many tenths as wide as tall may be two digits (a 1 beside a 0 is
    /// about 0.8); narrower pieces are one digit or too thin to hold two.
    static let leastWidthTenths = 6

    static func mayBeTwo(_ box: Box) -> Bool { box.width * 10 >= box.height * leastWidthTenths && box.height >= 8 && box.width >= 6 }

    /// How many levels deep a piece is cut: the piece, its parts, their parts (a reading of up
    /// to eight digits from one piece). Each piece cut offers up to 16 parts (`cuts`: 8 cuts of
    /// two), so the parts made grow 16-fold a level; `Recognizer.mostParts` bounds them.
    static let deepest = 3

    /// Where to cut, in the region's columns: every tenth of its width from 0.2 to 0.8 (a 1
    /// at the edge, two digits of a width in the middle), and the column with the least ink
    /// in the middle two thirds (a thin joint between them).
    static func cuts(_ region: FloatImage) -> [Int] {
        let w = region.width
        var cuts = (2...8).map { w * $0 / 10 }
        var columns = [Float](repeating: 0, count: w)
        for y in 0..<region.height { for x in 0..<w { columns[x] += region.pixels[y * w + x] } }
        if let least = (w / 6...(w * 5 / 6)).min(by: { columns[$0] < columns[$1] }) { cuts.append(least) }
        var seen = Set<Int>()
        return cuts.filter { $0 > 0 && $0 < w && seen.insert($0).inserted }
    }

    /// The piece read as two digits, one per cut that leaves two digit-sized parts: each at
    /// least 0.8 times as tall as the piece (digits written side by side on a line; a lower
    /// part of a 4, an 8's loop or a 2's foot cut off is shorter, and the network reads such
    /// parts as sure digits as readily as whole ones: red team dev photos, seed 1) and with a
    /// tenth of its ink (a sliver of the other's stroke is no digit). A part wide enough to be
    /// two again keeps its ink to be cut in turn (`TouchingInk.depth`), only when the
    /// network's reading of it asks (`Recognizer`): cut at once, `deepest` levels down, a piece
    /// had thousands of parts to make and read.
    static func alternatives(_ ink: TouchingInk) -> [[DigitSample]] {
        let small = ink.small
        let total = small.pixels.reduce(0, +)
        return cuts(small).compactMap { cut in
            guard let left = part(of: ink, columns: 0..<cut, total: total),
                  let right = part(of: ink, columns: cut..<small.width, total: total) else { return nil }
            return [left, right]
        }
    }

    /// The ink of a piece wide enough to be two digits, as its cuts and loops are made from it:
    /// a copy at most `side` pixels tall (each part is scaled to 80 pixels anyway, and a photo's
    /// digit may be a thousand: 16 parts read at full size made a row of large photos a third
    /// slower to read); nil for a narrower piece.
    static func ink(_ region: FloatImage, box: Box) -> TouchingInk? {
        guard mayBeTwo(box) else { return nil }
        let f = max(1, (region.height + side - 1) / side)
        let small = f == 1 ? region : Resample.area(region, toWidth: max(1, region.width / f), height: max(1, region.height / f))
        return TouchingInk(small: small, scale: f, box: box, depth: 0)
    }

    /// The piece's loops (`SideBySideHoles`), found on the same copy as its cuts.
    static func loops(_ ink: TouchingInk) -> [Box] { SideBySideHoles.holes(ink.small) }

    /// The most rows a piece is cut at (`alternatives`).
    static let side = 160

    /// The columns' ink, cropped to itself and made a digit; nil when it is no digit's size.
    static func part(of ink: TouchingInk, columns: Range<Int>, total: Float) -> DigitSample? {
        let region = ink.small, box = ink.box, scale = ink.scale
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        var sum: Float = 0
        for y in 0..<region.height {
            for x in columns where region.pixels[y * region.width + x] > 0.05 {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                sum += region.pixels[y * region.width + x]
            }
        }
        guard maxX >= 0, (maxY - minY + 1) * 5 >= region.height * 4, sum * 10 >= total else { return nil }
        let sub = Box(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
        var crop = FloatImage(width: sub.width, height: sub.height, fill: 0)
        for y in 0..<sub.height {
            for x in 0..<sub.width { crop.pixels[y * sub.width + x] = region.pixels[(y + sub.y) * region.width + x + sub.x] }
        }
        var digit = Preprocess.digit(region: crop, box: sub)
        let x0 = box.x + sub.x * scale, y0 = box.y + sub.y * scale
        digit.box = Box(x: x0, y: y0, width: min(sub.width * scale, box.x + box.width - x0), height: min(sub.height * scale, box.y + box.height - y0))
        // Cut again on the same shrunk copy, its parts' boxes in the image's pixels (the first
        // version took the shrunk copy for unshrunk: a part's parts of a piece over `side` rows
        // tall had boxes `scale` times too small, at the wrong place).
        if ink.depth + 1 < deepest, mayBeTwo(digit.box) {
            digit.touchingInk = TouchingInk(small: crop, scale: scale, box: digit.box, depth: ink.depth + 1)
        }
        return digit
    }
}

/// A piece that may be two digits touching, kept as its cuts need it (`TouchingCuts.ink`):
/// cutting every such piece of every candidate segmentation made `predict` 3.6 times slower
/// (session 37), and only the chosen reading's pieces are ever cut (`Recognizer`).
public struct TouchingInk: Sendable {
    /// The piece's ink, shrunk `scale` times to at most `TouchingCuts.side` rows.
    let small: FloatImage
    let scale: Int
    /// Where the piece is in the image.
    let box: Box
    /// How many cuts made this piece: 0 for a piece of the segmentation, at most
    /// `TouchingCuts.deepest` - 1 (a part's part, itself cut once more).
    let depth: Int
}

extension DigitSample {
    /// Finds the loops of a piece that may be two digits (`loops`, `loopsSideBySide`); none for
    /// another piece.
    public mutating func findLoops() { loops = touchingInk.map(TouchingCuts.loops) ?? [] }

    /// Makes the readings as two digits of a piece that may be two (`alternatives`), each part
    /// with its ink to be cut in turn if it may be two again; none for another piece.
    public mutating func cutAsTouching() { alternatives = touchingInk.map { TouchingCuts.alternatives($0) } ?? [] }
}
