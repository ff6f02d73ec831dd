/// Several digits in one image: connected components of the ink, specks dropped, grouped into
/// lines of text, pieces of one digit merged (touching digits cut apart), read line by line and
/// left to right, each digit preprocessed on its own (neighbouring digits masked out).
public struct Segmentation: Sendable {
    public var cleaned: CleanedImage
    /// Line by line from the top, each line left to right (`DigitSample.line` says which
    /// line); empty when no digit was found.
    public var digits: [DigitSample]
    /// How many digits were found when that is more than `Segment.maxDigits` (then `digits` is empty).
    public var tooManyDigits: Int? = nil
}

public enum Segment {
    /// Components are found on a copy whose long side is at most this (block maximum,
    /// so thin strokes survive).
    static let labelSide = 192
    /// The most digits one image may hold (each is preprocessed and classified on its own).
    public static let maxDigits = 40
    /// More ink pieces than this (before pieces of one digit are merged) is a scatter: noise or
    /// texture, not handwriting. It also bounds the merging, which is quadratic in the pieces.
    static let maxPieces = 400

    /// Label pixels are blocks of this many image pixels a side.
    static func blockScale(_ w: Int, _ h: Int) -> Int { max(1, (max(w, h) + labelSide - 1) / labelSide) }

    /// The digits of a cleaned image. `levels`: per label block 0 no ink, 1 faint, 2 ink (from
    /// `Preprocess.clean(_:blockScale:)`). `margin`: the paper `FramePadding` put around the
    /// picture (a speck is small beside the picture, not the margin: `inkPieces`).
    static func split(_ cleaned: CleanedImage, ink levels: [UInt8], margin: Int = 0) -> Segmentation {
        let img = cleaned.ink
        let s = blockScale(img.width, img.height)
        let lw = (img.width + s - 1) / s, lh = (img.height + s - 1) / s
        // On grainy paper only the ink pieces are read (`quietingGrain`).
        let levels = quietingGrain(levels, width: lw, height: lh, scale: s, margin: margin, ink: img) ?? levels
        guard let groups = digitGroups(levels, width: lw, height: lh, scale: s, margin: margin) else { return Segmentation(cleaned: cleaned, digits: []) }
        let owner = owners(of: groups, levels: levels, width: lw, height: lh)
        let reach = faintReach(owner, levels: levels, groups: groups, width: lw)
        let boxes: [(Box, InkMask)] = groups.enumerated().map { g, group in
            let b = reach[g]
            let x0 = max(0, (b.x - 1) * s), y0 = max(0, (b.y - 1) * s)
            let x1 = min(img.width, (b.x + b.width + 1) * s), y1 = min(img.height, (b.y + b.height + 1) * s)
            let mask = InkMask(owner: owner, scale: s, width: lw, id: Int32(g))
            return (tighten(img, Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0), mask: mask), mask)
        }
        // Noise can have the size and shape of digits: only ink that forms strokes is read.
        // Judged on all the ink at once (a thin 1 alone is too few pixels to judge).
        guard StrokeCheck.isCoherent(img, box: around(boxes.map(\.0), margin: 2, in: img)) else {
            return Segmentation(cleaned: cleaned, digits: [])
        }
        let digits: [DigitSample] = zip(boxes, groups).compactMap { boxMask, group in
            let (box, mask) = boxMask
            let region = Preprocess.region(of: img, box: box, mask: mask)
            guard !StrokeCheck.isTexture(region) else { return nil }
            var digit = Preprocess.digit(region: region, box: box)
            digit.line = group.line
            // Cut only if this reading is chosen and its network asks (`Recognizer`).
            digit.touchingInk = TouchingCuts.ink(region, box: box)
            return digit
        }
        guard digits.count <= maxDigits else { return Segmentation(cleaned: cleaned, digits: [], tooManyDigits: digits.count) }
        return Segmentation(cleaned: cleaned, digits: digits)
    }

    /// The ink pieces that are digits, merged per digit: specks dropped, a scatter of many pieces
    /// (noise, texture) refused with nil, fragments much shorter than the digits dropped.
    static func digitGroups(_ levels: [UInt8], width lw: Int, height lh: Int, scale: Int = 1, margin: Int = 0) -> [Group]? {
        guard let pieces = inkPieces(levels, width: lw, height: lh, scale: scale, margin: margin) else { return nil }
        var components = pieces.kept
        let specks = pieces.specks
        // A scatter of many pieces is noise or texture, not handwriting (`isScatter`).
        guard !components.isEmpty, components.count <= maxPieces, !isScatter(kept: components, specks: specks) else { return nil }
        // Before the lines are found: a ring's arcs must be one piece to be seen as one digit's
        // (joined within each line instead, faint rings read 232 of 300 on seed 11, not 236).
        let bridges = FaintBridges(levels: levels, width: lw, height: lh, pieces: components)
        components = bridges.joined(components)
        // A piece wide enough to be cut as two touching digits (`splitWide`) is not, when a
        // faded stroke with specks along it goes on from it (`FaintBridges.reachesSpeck`);
        // specks within the frame's band (`FramePieces`) are not asked, nor too many.
        let band = max(2, min(lw, lh) / frameBand)
        let awayFromFrame = specks.filter { b in
            b.box.x >= band && b.box.y >= band && b.box.x + b.box.width <= lw - band && b.box.y + b.box.height <= lh - band
        }
        if !awayFromFrame.isEmpty, components.count + awayFromFrame.count <= maxPieces {
            let lineHeight = components.map(\.box.height).max() ?? 0
            var owner = [Int32](repeating: -1, count: lw * lh)
            for (s, c) in awayFromFrame.enumerated() { for p in c.pixels { owner[p] = Int32(s) } }
            for i in components.indices where !components[i].bridged && components[i].box.width * 4 >= lineHeight * 5 {
                components[i].bridged = bridges.reachesSpeck(awayFromFrame, from: components[i], owner: owner)
            }
        }
        // A speck lying on a piece is part of its digit (`withSpeckParts`).
        components = withSpeckParts(components, specks: specks, minExtent: minExtent(lw, lh, scale: scale, margin: margin))
        var groups: [Group] = []
        for (n, line) in TextLines.group(components).enumerated() {
            groups += digits(inLine: line, labelWidth: lw).map { var g = $0; g.line = n; return g }
        }
        let tallest = groups.map { $0.box.height }.max() ?? 0
        // Kept: a third as tall as the tallest, or half as wide; but a group flat as a word (two
        // and a half times as wide as tall) and under half as tall as the tallest digit is a
        // printed word, not a digit: "Postcode:" over a form's boxes was read as a first digit 7
        // (walkthrough 36).
        groups = groups.filter { g in
            let b = g.box
            return (b.height * 3 >= tallest || b.width * 2 >= tallest) && (b.width * 2 < b.height * 5 || b.height * 2 >= tallest)
        }
        return groups.isEmpty ? nil : groups
    }

    /// The ink pieces (label level 2) apart from the specks: tiny relative to the largest
    /// piece, or to the image. Regions along the frame go first, before they set the speck size
    /// (FramePieces); when nothing else is left they stay (a digit cut by the frame is better
    /// read than lost). nil when there is no ink.
    /// `margin` (image pixels): paper `FramePadding` put around the picture. The least extent is
    /// a share of the picture inside it: measured on the padded picture it grew by a third (an
    /// eighth more each side, and a coarser label grid), and the smaller digits of two lines
    /// written small on a page became specks in that reading, which then won as the one with
    /// fewer digits (red team, two lines: 8 of 100 read with a digit missing).
    static func inkPieces(_ levels: [UInt8], width lw: Int, height lh: Int, scale: Int,
                          margin: Int = 0) -> (kept: [Component], specks: [Component])? {
        var components = label(levels.map { $0 == 2 }, width: lw, height: lh)
        let inside = components.filter { !runsAlongFrame($0, width: lw, height: lh) }
        if !inside.isEmpty { components = inside }
        guard let largest = components.map(\.area).max() else { return nil }
        let minArea = max(2, largest / 20)
        let least = minExtent(lw, lh, scale: scale, margin: margin)
        let isSpeck = components.map { $0.area < minArea || max($0.box.width, $0.box.height) < least }
        return (zip(components, isSpeck).filter { !$0.1 }.map(\.0), zip(components, isSpeck).filter { $0.1 }.map(\.0))
    }

    /// The least extent of a piece that is not a speck, measured on the picture inside the
    /// margin (`inkPieces`).
    static func minExtent(_ lw: Int, _ lh: Int, scale: Int, margin: Int) -> Int {
        let inset = 2 * (max(0, margin) / max(1, scale))
        return minPieceExtent(max(1, lw - inset), max(1, lh - inset), scale: scale)
    }

    /// Per group, its box grown to the faint arcs it owns (`owners`): the faint arc of a ring
    /// that fades along its length is the digit's, though only its bright arcs made the piece;
    /// cut off at the piece's box, a 0 was read from its bright half alone (as 7, 2 or 6). An
    /// arc is faint ink (a band at least `faintBand` deep, not a grid line's remnant, and no
    /// deeper than the digit's stroke is wide, not a region of lighting) that meets the digit's
    /// ink. Until 5 December it had to meet it in two separate places, as the arc closing a loop
    /// does, so that a shadow's edge or a wedge at the frame (meeting it once) stayed out; the
    /// faint ascender of a 6, the top of a 9's loop or an 8's lower loop meet it once too, and
    /// were left out (6 read 0, 9 read 4 or 7). Since shadows are lifted and frame wedges dropped
    /// before this (`ShadowLine`, `FramePieces`), one meeting is enough: dev photos (count.sh,
    /// seed 11 / 12): faint rings 294 → 295 of 300 / 94 → 97 of 100, all at once 287 → 288 /
    /// 95, the other ten conditions unchanged (when the rule came, "all at once" lost 9 of 300).
    static let faintBand: UInt8 = 2

    static func faintReach(_ owner: [Int32], levels: [UInt8], groups: [Group], width lw: Int) -> [Box] {
        let lh = levels.count / max(1, lw)
        let depth = FaintBridges.depths(levels, lw, lh)
        var boxes = groups.map(\.box)
        // One pair of masks for all groups, cleared after each (a photo has up to 40 groups).
        var core = [Bool](repeating: false, count: levels.count)
        var faint = [Bool](repeating: false, count: levels.count)
        for (g, group) in groups.enumerated() {
            for c in group.members { for p in c.pixels { core[p] = true } }
            defer { for c in group.members { for p in c.pixels { core[p] = false } } }
            let stroke = group.members.map { FaintBridges.strokeWidth($0, lw) }.max() ?? 1
            var marked: [Int] = []
            for i in owner.indices where owner[i] == Int32(g) && !core[i] && levels[i] == 1 && depth[i] >= faintBand {
                faint[i] = true
                marked.append(i)
            }
            defer { for i in marked { faint[i] = false } }
            for arc in label(faint, width: lw, height: lh) {
                guard Float(arc.pixels.map { depth[$0] }.max() ?? 0) <= stroke else { continue }
                var meets = false
                _ = BreadthFirst.walk(from: arc.pixels, width: lw, height: lh, limit: 1) { n, _, _ in
                    if core[n] { meets = true }
                    return false
                }
                guard meets else { continue }
                let o = boxes[g], b = arc.box
                let x0 = min(o.x, b.x), y0 = min(o.y, b.y)
                let x1 = max(o.x + o.width, b.x + b.width), y1 = max(o.y + o.height, b.y + b.height)
                boxes[g] = Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
            }
        }
        return boxes
    }

    /// Which label pixel belongs to which digit: its own ink, the faint ink connected to it
    /// (antialiased edges, light parts of a stroke; a breadth-first search from all digits at
    /// once, so the nearest one wins), and one more block around for the softest edges.
    static func owners(of groups: [Group], levels: [UInt8], width lw: Int, height lh: Int) -> [Int32] {
        var grown = [Int32](repeating: -1, count: lw * lh)
        for (g, group) in groups.enumerated() {
            for c in group.members { for idx in c.pixels { grown[idx] = Int32(g) } }
        }
        let sources = (0..<(lw * lh)).filter { grown[$0] >= 0 }
        _ = BreadthFirst.walk(from: sources, width: lw, height: lh) { n, from, _ in
            guard grown[n] < 0 && levels[n] > 0 else { return false }
            grown[n] = grown[from]
            return true
        }
        let core = grown
        for y in 0..<lh {
            for x in 0..<lw where core[y * lw + x] < 0 {
                search: for dy in -1...1 {
                    for dx in -1...1 {
                        let xx = x + dx, yy = y + dy
                        if xx >= 0, yy >= 0, xx < lw, yy < lh, core[yy * lw + xx] >= 0 {
                            grown[y * lw + x] = core[yy * lw + xx]
                            break search
                        }
                    }
                }
            }
        }
        return grown
    }

    /// A connected piece of ink (8-connectivity) in label-image pixels.
    struct Component {
        var pixels: [Int]
        var box: Box
        /// Pieces joined by a faint bridge (`FaintBridges`): one digit's, not to be cut apart.
        var bridged = false
        var area: Int { pixels.count }
    }

    struct Group {
        var members: [Component]
        var box: Box
        /// The line of text it is on, counted from the top.
        var line = 0
        var area: Int { members.reduce(0) { $0 + $1.area } }
    }

    static func label(_ ink: [Bool], width w: Int, height h: Int) -> [Component] {
        var seen = [Bool](repeating: false, count: w * h)
        var result: [Component] = []
        var stack: [Int] = []
        for start in 0..<(w * h) where ink[start] && !seen[start] {
            seen[start] = true
            stack.append(start)
            var pixels: [Int] = []
            var minX = w, minY = h, maxX = 0, maxY = 0
            while let idx = stack.popLast() {
                pixels.append(idx)
                let x = idx % w, y = idx / w
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                for dy in -1...1 {
                    for dx in -1...1 {
                        let xx = x + dx, yy = y + dy
                        guard xx >= 0, yy >= 0, xx < w, yy < h else { continue }
                        let n = yy * w + xx
                        if ink[n] && !seen[n] { seen[n] = true; stack.append(n) }
                    }
                }
            }
            result.append(Component(pixels: pixels, box: Box(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)))
        }
        return result
    }

    /// The box holding all `boxes`, grown by `margin` pixels within the image.
    static func around(_ boxes: [Box], margin: Int, in img: FloatImage) -> Box {
        let x0 = max(0, (boxes.map(\.x).min() ?? 0) - margin), y0 = max(0, (boxes.map(\.y).min() ?? 0) - margin)
        let x1 = min(img.width, (boxes.map { $0.x + $0.width }.max() ?? 0) + margin)
        let y1 = min(img.height, (boxes.map { $0.y + $0.height }.max() ?? 0) + margin)
        return Box(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
    }

    /// Shrinks a full-resolution box to the ink it holds for this digit.
    static func tighten(_ img: FloatImage, _ box: Box, mask: InkMask) -> Box {
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        let columns = mask.columns(box)
        img.pixels.withUnsafeBufferPointer { p in
            for y in box.y..<(box.y + box.height) {
                let start = mask.rowStart(y)
                let line = p.baseAddress! + y * img.width + box.x
                for x in 0..<box.width where line[x] > 0.05 && mask.owner[start + columns[x]] == mask.id {
                    minX = min(minX, box.x + x); maxX = max(maxX, box.x + x); minY = min(minY, y); maxY = max(maxY, y)
                }
            }
        }
        guard maxX >= 0 else { return box }
        return Box(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }
}
