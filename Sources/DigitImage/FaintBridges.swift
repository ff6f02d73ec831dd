/// Hysteresis done locally: two pieces are one piece where faint ink (under the
/// ink threshold, over the noise) bridges them like a stroke whose middle grew light — a
/// ring whose faint top and bottom dropped out is not two arcs side by side ("0" read "11").
/// Not any path through faint ink: the halos of two close digits touch along their length,
/// and haze in a dim photo spreads between lines; neither is a stroke. The bridge is the set
/// of faint pixels on the shortest faint paths between the two pieces (geodesic distance
/// from one plus from the other is the least possible); a broken stroke's bridge is about a
/// stroke wide, while touching halos make one as wide as the digits are long.
struct FaintBridges {
    let levels: [UInt8]
    let width: Int, height: Int
    /// Label pixels of every kept piece (of any line): a bridge runs through faint ink only.
    let blocked: [Bool]
    /// Per label pixel, how deep inside the ink and faint ink it lies (chessboard distance to
    /// the nearest pixel without any, 1 on the rim): noise grains link halos by lines of
    /// single pixels, a faded stroke is a band.
    let depth: [UInt8]

    /// `pieces`: the image's kept pieces (a bridge runs around ink, not through it).
    init(levels: [UInt8], width: Int, height: Int, pieces: [Segment.Component]) {
        self.levels = levels
        self.width = width
        self.height = height
        var blocked = [Bool](repeating: false, count: width * height)
        for c in pieces { for p in c.pixels { blocked[p] = true } }
        self.blocked = blocked
        depth = Self.depths(levels, width, height)
    }

    /// Chessboard distance transform of the pixels with any ink (two passes), capped at 255;
    /// the image's edge counts as no ink.
    static func depths(_ levels: [UInt8], _ w: Int, _ h: Int) -> [UInt8] {
        var d = [Int](repeating: 0, count: w * h)
        func at(_ x: Int, _ y: Int) -> Int { x >= 0 && y >= 0 && x < w && y < h ? d[y * w + x] : 0 }
        for y in 0..<h {
            for x in 0..<w where levels[y * w + x] > 0 {
                d[y * w + x] = 1 + min(at(x - 1, y - 1), at(x, y - 1), at(x + 1, y - 1), at(x - 1, y))
            }
        }
        for y in stride(from: h - 1, through: 0, by: -1) {
            for x in stride(from: w - 1, through: 0, by: -1) where levels[y * w + x] > 0 {
                d[y * w + x] = min(d[y * w + x], 1 + min(at(x + 1, y + 1), at(x, y + 1), at(x - 1, y + 1), at(x + 1, y)))
            }
        }
        return d.map { UInt8(min(255, $0)) }
    }

    /// A bridge may be this many times as wide as the wider piece's stroke (plus two label
    /// pixels for the soft edges on both sides of a faint stroke at label resolution).
    static let maxWidthRatio: Float = 2
    /// A bridge thinner than `thickness` joins only when at least this many strokes long.
    static let minThinLength: Float = 2

    /// The line's pieces with those bridged by faint strokes joined into one.
    func joined(_ pieces: [Segment.Component]) -> [Segment.Component] {
        // At most `Segment.maxPieces` (a scatter is refused before): one bounded search each.
        guard pieces.count > 1 else { return pieces }
        let count = width * height
        var owner = [Int32](repeating: -1, count: count)
        for (i, c) in pieces.enumerated() { for p in c.pixels { owner[p] = Int32(i) } }
        var parent = Array(pieces.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        var from = [Int32](repeating: -1, count: count), to = from
        for i in pieces.indices {
            // A bridge no longer than the piece's own extent: the faint top of a ring is
            // shorter than its sides.
            let reach = max(pieces[i].box.width, pieces[i].box.height)
            let stroke = Self.strokeWidth(pieces[i], width)
            // A short bridge must be a band (`thickness` deep from both sides: a quarter of a
            // stroke, at least 2): between two close digits, grains of noise in their touching
            // halos link them by chains of single pixels. A long one may be a thin chain: the
            // faded top of a ring is long, while halos link only what lies close.
            let thickness = UInt8(max(2, min(255, Int((stroke / 4).rounded()))))
            for thick in [thickness, 1] {
                let touched = distances(from: pieces[i].pixels, limit: reach, thickness: thick, into: &from)
                defer { for p in touched { from[p] = -1 } }
                for (j, gap) in contacts(touched, distances: from, owner: owner, excluding: i) where root(j) != root(i) {
                    let wider = max(stroke, Self.strokeWidth(pieces[j], width))
                    guard thick > 1 || Float(gap - 1) >= Self.minThinLength * wider else { continue }
                    let touchedJ = distances(from: pieces[j].pixels, limit: gap, thickness: thick, into: &to)
                    defer { for p in touchedJ { to[p] = -1 } }
                    // Pixels on a shortest bridge: their two distances add up to the bridge's length + 1.
                    let bridge = touchedJ.filter { from[$0] > 0 && Int(from[$0] + to[$0]) <= gap }
                    let length = max(1, gap - 1)
                    if fitsStrokes(bridge, widest: (Self.maxWidthRatio * wider + 2) * Float(length)) { parent[root(j)] = root(i) }
                }
            }
        }
        var members: [Int: [Int]] = [:], order: [Int] = []
        for i in pieces.indices {
            let r = root(i)
            if members[r] == nil { order.append(r) }
            members[r, default: []] += pieces[i].pixels
        }
        return order.compactMap { r in
            guard var c = members[r].flatMap({ Segment.component($0, labelWidth: width) }) else { return nil }
            c.bridged = c.area > pieces[r].area
            return c
        }
    }

    /// Whether a faint band bridges `piece` to one of `specks` beyond a stroke's width from
    /// it: what is left of a faded stroke's ink is a row of specks along it, too small to be
    /// pieces, so the piece is not all of its digit — a 6 whose ascender faded is its loop
    /// alone, as wide as two digits, and was cut as two touching digits ("67"). Such a piece
    /// is not cut (`bridged`); its box stays its own (the faint stroke reaches it later,
    /// `Segment.faintReach`): taking the specks in moved boxes in lighting and grain (dev "all
    /// at once" lost 1-7 of 300, dim 1). Only through bands (`thickness` deep, as a short
    /// bridge must be), never thin chains (a grid's remnant); nearer than a stroke's width a
    /// speck is grain in the piece's own soft edge, and a speck narrower than the band is grain.
    func reachesSpeck(_ specks: [Segment.Component], from piece: Segment.Component, owner: [Int32]) -> Bool {
        guard !specks.isEmpty else { return false }
        let reach = max(piece.box.width, piece.box.height)
        let stroke = Self.strokeWidth(piece, width)
        let thickness = UInt8(max(2, min(255, Int((stroke / 4).rounded()))))
        var from = [Int32](repeating: -1, count: width * height), to = from
        // The walk runs through specks: they are the stroke's ink.
        let touched = distances(from: piece.pixels, limit: reach, thickness: thickness, into: &from)
        for (s, gap) in contacts(touched, distances: from, owner: owner, excluding: -1)
        where Float(gap - 1) >= stroke && min(specks[s].box.width, specks[s].box.height) >= Int(thickness) {
            let touchedS = distances(from: specks[s].pixels, limit: gap, thickness: thickness, into: &to)
            defer { for p in touchedS { to[p] = -1 } }
            let bridge = touchedS.filter { from[$0] > 0 && Int(from[$0] + to[$0]) <= gap }
            if fitsStrokes(bridge, widest: (Self.maxWidthRatio * stroke + 2) * Float(max(1, gap - 1))) { return true }
        }
        return false
    }

    /// The most separate strokes one bridge may be made of: a ring broken on one side is
    /// bridged by its top and its bottom arc at once, as long as each other.
    static let maxBridgeParts = 2

    /// Whether the bridge's pixels are at most `maxBridgeParts` separate strokes of at most
    /// `widest` pixels each. Measured together, the top and bottom arcs of a ring whose side
    /// broke off are twice one stroke's width and were refused (a 9 whose faint left side
    /// stood apart read "19"); touching halos make one part as wide as the digits are long.
    func fitsStrokes(_ bridge: [Int], widest: Float) -> Bool {
        guard Float(bridge.count) > widest else { return true }
        var inBridge = [Bool](repeating: false, count: width * height)
        for p in bridge { inBridge[p] = true }
        let parts = Segment.label(inBridge, width: width, height: height)
        return parts.count <= Self.maxBridgeParts && parts.allSatisfy { Float($0.area) <= widest }
    }

    /// Breadth-first distances (8-connected) through faint, unblocked pixels from `sources`
    /// (a pixel next to them is 1), up to `limit`; written into `dist`, the pixels reached
    /// returned so the caller can reset them.
    func distances(from sources: [Int], limit: Int, thickness: UInt8, into dist: inout [Int32]) -> [Int] {
        BreadthFirst.walk(from: sources, width: width, height: height, limit: limit) { n, _, step in
            guard dist[n] < 0 && !blocked[n] && depth[n] >= thickness else { return false }
            dist[n] = step
            return true
        }
    }

    /// The other pieces reached from the faint pixels `touched` (at `distances`), with the
    /// bridge's length + 1 (the least distance of a pixel next to them, plus one).
    func contacts(_ touched: [Int], distances dist: [Int32], owner: [Int32], excluding me: Int) -> [(Int, Int)] {
        var best: [Int: Int] = [:]
        for idx in touched {
            let x = idx % width, y = idx / width, d = Int(dist[idx])
            for dy in -1...1 {
                for dx in -1...1 {
                    let xx = x + dx, yy = y + dy
                    guard xx >= 0, yy >= 0, xx < width, yy < height else { continue }
                    let o = Int(owner[yy * width + xx])
                    if o >= 0 && o != me && d + 1 < best[o, default: Int.max] { best[o] = d + 1 }
                }
            }
        }
        return best.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// 2·area / perimeter of the piece (label pixels, at least 1): exact for long thin strokes.
    static func strokeWidth(_ c: Segment.Component, _ width: Int) -> Float {
        let inside = Set(c.pixels)
        var perimeter = 0
        for p in c.pixels {
            let x = p % width
            for n in [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width] where n < 0 || !inside.contains(n) {
                perimeter += 1
            }
        }
        return max(1, 2 * Float(c.area) / Float(max(1, perimeter)))
    }
}
