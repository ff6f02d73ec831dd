/// The 4-connected regions of paper in a digit's region that do not touch its edge, with their
/// boxes: `StrokeCheck.holes` counts those of at least a stroke width squared, and
/// `SideBySideHoles` takes a digit's loops from them.
///
/// Runs of paper along each row are joined to the runs they overlap in the row above through
/// a union-find, instead of a flood fill from every unseen pixel: the fill pushed each pixel
/// through a stack with a division and a remainder for its coordinates, and needed a mask the
/// region's size (a 12-megapixel photo's four 700-px digits: about 6 ms). Here a pixel costs
/// one comparison; only runs get labels. `StrokeCheck.regionsByFloodFill` is the reference it
/// must equal.
enum EnclosedRegions {
    /// A run of paper: columns start..<end of one row, and its provisional label.
    private struct Run { var start: Int, end: Int, label: Int }

    /// One enclosed region of paper: its box and how many pixels it holds.
    struct Region: Equatable { var box: Box, area: Int }

    /// How many regions of paper in `px` (h, w; ink ≥ 0.5) touch no edge and hold at least
    /// `minArea` pixels. 0 when `px` does not hold w×h values.
    static func count(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, minArea: Int) -> Int {
        regions(px, width: w, height: h).reduce(0) { $0 + ($1.area >= minArea ? 1 : 0) }
    }

    /// The regions of paper in `px` (h, w; a pixel is ink from `inkFrom` up) that touch no edge,
    /// in the order of their first pixel (top row first, then leftmost). None when `px` does not
    /// hold w×h values.
    static func regions(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, inkFrom: Float = 0.5) -> [Region] {
        guard w > 0, h > 0, let base = px.baseAddress, px.count == w * h else { return [] }
        // Per label (one per run): its parent (a root is its own, and the smallest label of its
        // set, so parents always point to smaller labels), its run's pixels, whether on the
        // edge, its box (columns, and rows from its first to its last).
        var parent: [Int] = [], area: [Int] = [], edge: [Bool] = []
        var minX: [Int] = [], maxX: [Int] = [], minY: [Int] = [], maxY: [Int] = []
        var above: [Run] = [], current: [Run] = []
        for y in 0..<h {
            current.removeAll(keepingCapacity: true)
            let line = base + y * w
            var x = 0
            while x < w {
                while x < w && line[x] >= inkFrom { x += 1 }
                guard x < w else { break }
                let start = x
                while x < w && !(line[x] >= inkFrom) { x += 1 }
                let label = parent.count
                parent.append(label)
                area.append(x - start)
                edge.append(y == 0 || y == h - 1 || start == 0 || x == w)
                minX.append(start); maxX.append(x - 1); minY.append(y); maxY.append(y)
                current.append(Run(start: start, end: x, label: label))
            }
            // Runs that share a column with a run of the row above are one region. Both lists
            // go left to right: advance whichever run ends first.
            var i = 0, j = 0
            while i < current.count && j < above.count {
                if above[j].end <= current[i].start { j += 1; continue }
                if current[i].end <= above[j].start { i += 1; continue }
                unite(&parent, current[i].label, above[j].label)
                if above[j].end < current[i].end { j += 1 } else { i += 1 }
            }
            swap(&above, &current)
        }
        // Each label's pixels, edge flag and box onto its root (a root comes before its members).
        for l in parent.indices {
            let r = root(&parent, l)
            guard r != l else { continue }
            area[r] += area[l]; edge[r] = edge[r] || edge[l]
            minX[r] = min(minX[r], minX[l]); maxX[r] = max(maxX[r], maxX[l])
            minY[r] = min(minY[r], minY[l]); maxY[r] = max(maxY[r], maxY[l])
        }
        // Roots in label order: runs are labelled row by row, left to right, and a root is its
        // set's smallest label, its first run.
        return parent.indices.compactMap { l in
            guard parent[l] == l, !edge[l] else { return nil }
            return Region(box: Box(x: minX[l], y: minY[l], width: maxX[l] - minX[l] + 1, height: maxY[l] - minY[l] + 1), area: area[l])
        }
    }

    /// The root of label l's set, halving the path on the way.
    private static func root(_ parent: inout [Int], _ l: Int) -> Int {
        var l = l
        while parent[l] != l { parent[l] = parent[parent[l]]; l = parent[l] }
        return l
    }

    /// Joins the sets of a and b under the smaller root.
    private static func unite(_ parent: inout [Int], _ a: Int, _ b: Int) {
        let ra = root(&parent, a), rb = root(&parent, b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}
