import DigitModel

/// What a dataset looks like: class counts, per-class mean and standard-deviation images,
/// the pixel-intensity histogram, ink coverage per class and the stroke-width distribution.
public struct DatasetSplitStats: Sendable {
    public var count: Int
    public var classCounts: [Int]
    /// 10 × 784 values in 0…1.
    public var meanImages: [[Float]]
    public var stdImages: [[Float]]
    /// 256 bins of raw byte values.
    public var intensityHistogram: [Int]
    /// Mean fraction of pixels that are ink (≥ 128), per class.
    public var inkCoverage: [Double]
    /// Images per stroke width, in bins of `strokeBinWidth` pixels from 0.
    public var strokeWidthHistogram: [Int]
    public static let strokeBinWidth = 0.5

    /// The most and least common class and how many more images the first has (MNIST's
    /// training set: 24 % more 1s than 5s).
    public var imbalance: (most: Int, least: Int, ratio: Double) { imbalance(among: classCounts.count) }

    /// The same among the first `k` classes (a dataset of fewer than ten).
    public func imbalance(among k: Int) -> (most: Int, least: Int, ratio: Double) {
        let classes = classCounts.indices.prefix(max(1, k))
        let most = classes.max { classCounts[$0] < classCounts[$1] } ?? 0
        let least = classes.min { classCounts[$0] < classCounts[$1] } ?? 0
        return (most, least, Double(classCounts[most]) / Double(max(classCounts[least], 1)))
    }
}

public struct DatasetReport: Sendable {
    public var folder: String
    public var train: DatasetSplitStats?
    public var test: DatasetSplitStats
    public var warnings: [String]
    /// One name per class ("0"…"9", or "T-shirt/top"… for Fashion-MNIST).
    public var classes: [String] = ModelClasses.digits
    /// "MNIST", "Fashion-MNIST", or the folder's name.
    public var title = "MNIST"
}

/// The use case "describe the data" (`digitrec dataset`).
public enum DatasetStatistics {
    public static func run(dataFolder: String?) throws -> DatasetReport {
        let data = try MNISTData.load(dataFolder, withTraining: true)
        return DatasetReport(folder: data.folder, train: data.train.map(compute), test: compute(data.test), warnings: data.warnings,
                             classes: data.classes, title: data.title)
    }

    public static func compute(_ d: LabelledImages) -> DatasetSplitStats {
        let px = LabelledImages.pixels
        var counts = [Int](repeating: 0, count: 10)
        var sum = [[Double]](repeating: [Double](repeating: 0, count: px), count: 10)
        var sumSq = sum
        var histogram = [Int](repeating: 0, count: 256)
        var ink = [Double](repeating: 0, count: 10)
        var widths = [Int](repeating: 0, count: 17)
        d.images.withUnsafeBufferPointer { images in
            for i in 0..<d.count {
                let c = Int(d.labels[i])
                guard c < 10 else { continue }
                counts[c] += 1
                let img = UnsafeBufferPointer(rebasing: images[(i * px)..<((i + 1) * px)])
                var inkPixels = 0
                for p in 0..<px {
                    let v = Double(img[p]) / 255
                    sum[c][p] += v
                    sumSq[c][p] += v * v
                    histogram[Int(img[p])] += 1
                    if img[p] >= 128 { inkPixels += 1 }
                }
                ink[c] += Double(inkPixels) / Double(px)
                let w = strokeWidth(img)
                widths[min(widths.count - 1, Int(w / DatasetSplitStats.strokeBinWidth))] += 1
            }
        }
        var means: [[Float]] = [], stds: [[Float]] = []
        for c in 0..<10 {
            let n = Double(max(counts[c], 1))
            means.append(sum[c].map { Float($0 / n) })
            stds.append(zip(sum[c], sumSq[c]).map { s, q in Float(max(0, q / n - (s / n) * (s / n)).squareRoot()) })
            ink[c] /= n
        }
        return DatasetSplitStats(count: d.count, classCounts: counts, meanImages: means, stdImages: stds,
                                 intensityHistogram: histogram, inkCoverage: ink, strokeWidthHistogram: widths)
    }

    /// Mean stroke width of a 28×28 image in pixels: ink area over half its boundary (a stroke
    /// of width w and length L has area wL and about 2L boundary pixels).
    static func strokeWidth(_ img: UnsafeBufferPointer<UInt8>) -> Double {
        var area = 0, boundary = 0
        for y in 0..<28 {
            for x in 0..<28 where img[y * 28 + x] >= 128 {
                area += 1
                let edge = x == 0 || y == 0 || x == 27 || y == 27
                    || img[y * 28 + x - 1] < 128 || img[y * 28 + x + 1] < 128
                    || img[(y - 1) * 28 + x] < 128 || img[(y + 1) * 28 + x] < 128
                if edge { boundary += 1 }
            }
        }
        return boundary == 0 ? 0 : Double(area) / (Double(boundary) / 2)
    }
}
