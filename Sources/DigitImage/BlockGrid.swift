/// The image averaged over factor×factor blocks, about `side` blocks along its long side: the
/// coarse view on which both the sheet finder (`PaperSheet`) and the local polarity rule
/// (`Preprocess.localInkIsDark`) work. Built once per image and handed to both.
struct BlockGrid {
    /// Blocks along the long side (at most).
    static let side = 96

    let factor: Int, columns: Int, rows: Int
    /// Mean grey per block, row-major; blocks cut by the image's edge average the pixels they hold.
    let means: [Float]

    init(_ image: ByteImage) {
        let w = image.width, h = image.height
        factor = max(1, (max(w, h) + Self.side - 1) / Self.side)
        columns = (w + factor - 1) / factor
        rows = (h + factor - 1) / factor
        let f = factor
        means = image.pixels.withUnsafeBufferPointer { Self.blockMeans($0, width: w, height: h, factor: f) }
    }

    /// Kernel: the mean grey of each factor×factor block, from every `step`-th row and column
    /// of it (a 12-MP photo's 42-px blocks: every 4th, about 110 samples a block), block by
    /// block along each row so no pixel needs a division.
    static func blockMeans(_ src: UnsafeBufferPointer<UInt8>, width w: Int, height h: Int, factor: Int) -> [Float] {
        let gw = (w + factor - 1) / factor, gh = (h + factor - 1) / factor
        var sums = [Int](repeating: 0, count: gw * gh), counts = sums
        guard let base = src.baseAddress else { return [] }
        let step = factor >= 16 ? 4 : factor >= 4 ? 2 : 1
        // Rows from each block row's own first row, so a last partial row of blocks is sampled
        // too (striding over the whole image could miss it and leave it reading black).
        for y in (0..<gh).lazy.flatMap({ by in stride(from: by * factor, to: min(h, by * factor + factor), by: step) }) {
            let line = base + y * w, row = (y / factor) * gw
            for bx in 0..<gw {
                var sum = 0, count = 0
                for x in stride(from: bx * factor, to: min(w, bx * factor + factor), by: step) { sum += Int(line[x]); count += 1 }
                sums[row + bx] += sum
                counts[row + bx] += count
            }
        }
        return zip(sums, counts).map { Float($0) / Float(max(1, $1)) }
    }
}
