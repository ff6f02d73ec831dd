import DigitModel
import Support

/// What the dataset screen draws: the statistics of both splits, the images to sample from,
/// and how long computing it all took.
public struct DatasetExploration: Sendable {
    public var report: DatasetReport
    public var classNames: [String]
    /// The split the sample grid draws from: the training set, else the test set.
    public var samples: TestImages
    public var sampleSplit: String
    /// Wall time of loading and computing, in seconds.
    public var seconds: Double
    /// Indices of the sample split, per class.
    let byClass: [[Int]]

    /// The classes the pages draw: the data's own (a folder of two classes shows two), at most
    /// ten (the statistics keep ten).
    public var classCount: Int { min(10, max(1, classNames.count)) }

    init(report: DatasetReport, classNames: [String], samples: LabelledImages, sampleSplit: String, seconds: Double) {
        self.report = report; self.classNames = classNames; self.sampleSplit = sampleSplit; self.seconds = seconds
        self.samples = TestImages(samples)
        var byClass = [[Int]](repeating: [], count: 10)
        for (i, label) in samples.labels.enumerated() where label < 10 { byClass[Int(label)].append(i) }
        self.byClass = byClass
    }

    /// `perClass` image indices of each class, drawn without replacement by a seeded shuffle:
    /// the same seed always gives the same grid, another seed another one (reshuffle).
    public func samples(perClass: Int, seed: UInt64) -> [[Int]] {
        byClass.enumerated().map { c, all in
            var rng = SplitMix64(seed: seed, c)
            var pool = all
            let k = min(max(0, perClass), pool.count)
            // A partial Fisher–Yates: the first k places only.
            for i in 0..<k { pool.swapAt(i, Int.random(in: i..<pool.count, using: &rng)) }
            return Array(pool.prefix(k))
        }
    }
}

/// The use case "explore the data" for the interactive program: both splits loaded once,
/// the statistics of each computed once (the `dataset` command's numbers), kept by the caller.
public enum DatasetExplorer {
    public static func run(dataFolder: String?) throws -> DatasetExploration {
        let start = workingNow()
        let data = try MNISTData.load(dataFolder, withTraining: true)
        return explore(data, since: start)
    }

    static func explore(_ data: MNISTData, since start: Double) -> DatasetExploration {
        let report = DatasetReport(folder: data.folder, train: data.train.map(DatasetStatistics.compute),
                                   test: DatasetStatistics.compute(data.test), warnings: data.warnings)
        return DatasetExploration(report: report, classNames: data.classes, samples: data.train ?? data.test,
                                  sampleSplit: data.train == nil ? "test" : "train", seconds: workingNow() - start)
    }
}
