/// Fills rows of a training batch: each image as normalised floats, distorted first when
/// augmenting (with a generator seeded by the run, the epoch and the image, so a run repeats).
struct BatchFiller {
    let data: LabelledImages
    let indices: [Int]
    let network: Network
    let augmentation: Augmentation?
    let seed: UInt64
    let epoch: Int

    /// Rows `rows` of the batch that starts at `batchStart` in `indices`.
    // dst (rows.count, 784) floats
    func fill(rows: Range<Int>, batchStart: Int, into dst: UnsafeMutablePointer<Float>) {
        data.images.withUnsafeBufferPointer { images in
            for r in rows {
                let index = indices[batchStart + r]
                let src = images.baseAddress! + index * LabelledImages.pixels
                let out = dst + (r - rows.lowerBound) * LabelledImages.pixels
                if let aug = augmentation {
                    var rng = SplitMix64(seed: seed, 5, epoch, index)
                    aug.apply(src, into: out, rng: &rng)
                    network.normalize(UnsafePointer(out), count: LabelledImages.pixels, into: out)
                } else {
                    network.normalize(src, count: LabelledImages.pixels, into: out)
                }
            }
        }
    }
}
