/// The 4-connected regions of a mask over a grid of blocks, each as its block indices: what the
/// shadow-wedge rules (`Preprocess.Steps.frameRegions`, `withoutInk`, `withoutTightStrokes`)
/// each judged after walking the same flood fill of their own.
enum BlockRegions {
    /// `mask` over `gw` × `gh` blocks, row-major; regions in the order of their first block.
    static func of(_ mask: [Bool], _ gw: Int, _ gh: Int) -> [[Int]] {
        guard gw > 0, gh > 0, mask.count == gw * gh else { return [] }
        var seen = [Bool](repeating: false, count: gw * gh)
        var stack: [Int] = []
        var regions: [[Int]] = []
        for start in 0..<(gw * gh) where mask[start] && !seen[start] {
            seen[start] = true; stack.append(start)
            var members: [Int] = []
            while let i = stack.popLast() {
                members.append(i)
                let x = i % gw, y = i / gw
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
                where nx >= 0 && ny >= 0 && nx < gw && ny < gh && mask[ny * gw + nx] && !seen[ny * gw + nx] {
                    seen[ny * gw + nx] = true; stack.append(ny * gw + nx)
                }
            }
            regions.append(members)
        }
        return regions
    }
}
