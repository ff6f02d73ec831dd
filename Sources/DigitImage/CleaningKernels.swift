/// The full-resolution passes of `Preprocess.clean`, as kernels over one row at a time. A
/// 12-megapixel photo's cleaned image is 48 MB of floats: each extra pass over it costs a few
/// milliseconds of memory traffic, so the residual and its histogram sample are taken in one
/// pass (the row is still in the cache when it is counted), and the normalisation and the
/// label blocks' ink levels in another. `Preprocess.inkBlocks` stays the reference the fused
/// block levels must equal (and is what runs after GridLines changed the ink).
extension Preprocess {
    /// Kernel: one row of the residual above the background, line (w) ← max(0, offset + flip·raw − bg),
    /// raw (w) grey bytes, bg (w) the background row (inverted when `flip` is −1).
    @inline(__always)
    static func residualRow(_ raw: UnsafePointer<UInt8>, _ bg: UnsafePointer<Float>, into line: UnsafeMutablePointer<Float>,
                            width w: Int, flip: Float, offset: Float) {
        for x in 0..<w { line[x] = max(0, offset + flip * Float(raw[x]) - bg[x]) }
    }

    /// Kernel: adds one row, line (w) of values in 0…255 (the residual; never negative), to the
    /// 256-bin histogram `counts` (4 × 256: four sub-histograms, summed by the caller). Paper
    /// grain puts run after run of pixels in the same few bins; with one histogram each
    /// increment waits for the previous one's store, with four the pixels of a group of four
    /// land in different tables. Bin = min(255, Int(value)), as before.
    @inline(__always)
    static func countRow(_ line: UnsafePointer<Float>, width w: Int, into counts: UnsafeMutablePointer<Int32>) {
        @inline(__always) func bin(_ v: Float) -> Int { Int(min(255, v)) }
        var x = 0
        while x + 4 <= w {
            counts[bin(line[x])] &+= 1
            counts[256 + bin(line[x + 1])] &+= 1
            counts[512 + bin(line[x + 2])] &+= 1
            counts[768 + bin(line[x + 3])] &+= 1
            x += 4
        }
        while x < w { counts[bin(line[x])] &+= 1; x += 1 }
    }

    /// Kernel: normalises one row in place, line (w) ← min(ceiling, max(0, (line − low)·scale)), and, when
    /// `blocks` is given, raises that row's label blocks (⌈w / bs⌉ of them, one row of
    /// `inkBlocks`' output) to 2 where a pixel is ink, 1 where it is only faint.
    @inline(__always)
    static func normaliseRow(_ line: UnsafeMutablePointer<Float>, width w: Int, low: Float, scale: Float, ceiling: Float = 1,
                             blocks: UnsafeMutablePointer<UInt8>?, blockScale bs: Int) {
        for x in 0..<w { line[x] = min(ceiling, max(0, (line[x] - low) * scale)) }
        guard let blocks else { return }
        // Block by block, so no pixel needs a division (most blocks of a photo hold no ink at all).
        var start = 0, b = 0
        while start < w {
            let end = min(w, start + bs)
            var level: UInt8 = blocks[b]
            for x in start..<end where line[x] > faintThreshold {
                level = max(level, line[x] >= inkThreshold ? 2 : 1)
            }
            blocks[b] = level
            start = end; b += 1
        }
    }

    /// Sums the four sub-histograms of `countRow` into one of 256 bins.
    static func mergedHistogram(_ counts: [Int32]) -> [Int] {
        var hist = [Int](repeating: 0, count: 256)
        guard counts.count == 1024 else { return hist }
        for v in 0..<256 { hist[v] = Int(counts[v]) + Int(counts[256 + v]) + Int(counts[512 + v]) + Int(counts[768 + v]) }
        return hist
    }
}
