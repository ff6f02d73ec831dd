/// The 8-neighbour breadth-first walk over the label grid, which segmentation makes twice:
/// `Segment.owners` (faint ink goes to the nearest digit) and `FaintBridges` (how far faint
/// pixels lie from a piece). Frontier by frontier from the sources, neighbours row by row.
enum BreadthFirst {
    /// Walks from `sources` through the neighbours `enter` admits, for at most `limit` steps.
    /// `enter(pixel, from, step)` is asked once per neighbour of each pixel reached (step 1 for
    /// the sources' neighbours); it marks `pixel` itself and says whether the walk goes on
    /// through it. Returns the pixels entered, in the order they were reached.
    static func walk(from sources: [Int], width w: Int, height h: Int, limit: Int = .max,
                     enter: (_ pixel: Int, _ from: Int, _ step: Int32) -> Bool) -> [Int] {
        var reached: [Int] = []
        var frontier = sources, next: [Int] = []
        var step: Int32 = 0
        while !frontier.isEmpty && Int(step) < limit {
            step += 1
            next.removeAll(keepingCapacity: true)
            for idx in frontier {
                let x = idx % w, y = idx / w
                for yy in max(0, y - 1)...min(h - 1, y + 1) {
                    for xx in max(0, x - 1)...min(w - 1, x + 1) where xx != x || yy != y {
                        let n = yy * w + xx
                        if enter(n, idx, step) { next.append(n) }
                    }
                }
            }
            reached += next
            swap(&frontier, &next)
        }
        return reached
    }
}
