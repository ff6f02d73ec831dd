import DigitModel
import Support

/// The explore screens' use cases with their caches, for the interactive program: the data is
/// loaded once, its statistics computed once, and each model's report kept in memory and in a
/// small file keyed by the model's checksum (see `ReportCacheFile`), so reopening is instant.
/// Thread-safe; the program calls it from its worker thread.
public final class ExploreSession: Sendable {
    /// The report cache's folder inside the models folder (hidden, so the model list skips it).
    public static let cacheFolderName = ".reports"
    public let dataFolder: String?
    /// Where report files go; nil keeps them in memory only.
    public let cacheFolder: String?
    private let data = Shared<MNISTData?>(nil)
    private let testChecksum = Shared<String?>(nil)
    private let dataset = Shared<DatasetExploration?>(nil)
    private let reports = Shared<[String: ModelReport]>([:])

    public init(dataFolder: String?, cacheFolder: String?) {
        self.dataFolder = dataFolder; self.cacheFolder = cacheFolder
    }

    /// The dataset screen's statistics (computed the first time, then from memory).
    public func exploreDataset() throws -> DatasetExploration {
        if let done = dataset.value { return done }
        let start = workingNow()
        let loaded = try loadData(withTraining: true)
        let result = DatasetExplorer.explore(loaded, since: start)
        dataset.set(result)
        return result
    }

    /// The report of the model file at `path`: from memory, else from its cache file, else measured
    /// (and written to the cache file atomically; a cache that cannot be written is skipped).
    /// The warnings are always today's (the data's and this model's classes), never a cached report's.
    public func report(modelAt path: String) throws -> ModelReport {
        let start = workingNow()
        let loaded = try ModelFile.load(path)
        let test = try loadData(withTraining: false).test
        var r = cachedOrMeasured(loaded, path: path, test: test, since: start)
        r.evaluation.warnings = warnings(for: loaded.network)
        return r
    }

    private func cachedOrMeasured(_ loaded: ModelFile.Loaded, path: String, test: LabelledImages, since start: Double) -> ModelReport {
        let dataSum = checksum(of: test)
        guard let modelSum = loaded.metadata["checksum"], !modelSum.isEmpty else {
            return measure(loaded.network, name: path, checksum: nil, test: test, since: start)
        }
        let key = modelSum + "-" + dataSum
        if var hit = reports.value[key] {
            hit.evaluation.model = path; hit.fromCache = true; hit.seconds = workingNow() - start
            return hit
        }
        if let file = cacheFile(model: modelSum, data: dataSum), let bytes = try? FileBytes.read(file, limit: 8 << 20),
           let evaluation = ReportCacheFile.decode(bytes, model: modelSum, data: dataSum, test: test, path: path) {
            let r = ModelReport(evaluation: evaluation, checksum: modelSum, test: TestImages(test), classNames: loaded.network.classNames,
                                fromCache: true, seconds: workingNow() - start)
            reports.update { $0[key] = r }
            return r
        }
        let r = measure(loaded.network, name: path, checksum: modelSum, test: test, since: start)
        reports.update { $0[key] = r }
        if let file = cacheFile(model: modelSum, data: dataSum), let bytes = ReportCacheFile(r.evaluation, model: modelSum, data: dataSum).encoded() {
            if let folder = cacheFolder { _ = try? Path.makeFolders(folder) }
            try? AtomicFile.write(bytes, to: file)
        }
        return r
    }

    /// The report of a network that has no file (trained and not saved): measured, not cached.
    public func report(network: Network, name: String) throws -> ModelReport {
        let start = workingNow()
        return measure(network, name: name, checksum: nil, test: try loadData(withTraining: false).test, since: start)
    }

    /// Two model files compared through their reports (so a model already measured is not measured again).
    public func compare(_ a: String, _ b: String) throws -> ModelComparisonView {
        let ra = try report(modelAt: a), rb = try report(modelAt: b)
        var comparison = ModelComparison.compare(ra, rb)
        // Said as `compare` says it (review, session 32: the screen compared a model with its copy without a word).
        comparison.warnings = ModelStore.sameModel(a, ["checksum": ra.checksum ?? ""], b, ["checksum": rb.checksum ?? ""])
            .map { ["\($0): A and B read every image alike"] } ?? []
        // And the data's warnings and a model of other classes, as `compare` says them (review,
        // session 33: the screen said only the copy's).
        if let d = data.value {
            comparison.warnings = d.warnings + comparison.warnings + ModelComparison.classWarnings(a, ra.classNames, b, rb.classNames, data: d.classes)
        }
        return ModelComparisonView(comparison: comparison, a: ra, b: rb)
    }

    private func measure(_ network: Network, name: String, checksum: String?, test: LabelledImages, since start: Double) -> ModelReport {
        let evaluation = Evaluation.measure(network, name: name, on: test, warnings: warnings(for: network))
        return ModelReport(evaluation: evaluation, checksum: checksum, test: TestImages(test), classNames: network.classNames,
                           fromCache: false, seconds: workingNow() - start)
    }

    /// The data's warnings, and for a model of other classes than the data's that its accuracy
    /// compares labels by number (as `eval` says; the report said nothing, walkthrough).
    private func warnings(for network: Network) -> [String] {
        guard let d = data.value else { return [] }
        return d.warnings + [Evaluation.classMismatch(network.classNames, d.classes, model: "the model's")].compactMap { $0 }
    }

    private func cacheFile(model: String, data: String) -> String? {
        cacheFolder.map { Path.join($0, ReportCacheFile.name(model: model, data: data)) }
    }

    /// The data, loaded once (the training split only when asked for; a test-only load is
    /// replaced by a full one when the dataset screen needs it).
    private func loadData(withTraining: Bool) throws -> MNISTData {
        if let d = data.value, d.train != nil || !withTraining { return d }
        let d = try MNISTData.load(dataFolder, withTraining: withTraining)
        data.set(d)
        return d
    }

    /// The test set's identity: SHA-256 of its images and labels (a few milliseconds).
    private func checksum(of test: LabelledImages) -> String {
        if let done = testChecksum.value { return done }
        var h = SHA256()
        h.update(test.images)
        h.update(test.labels)
        let hex = h.finalizeHex()
        testChecksum.set(hex)
        return hex
    }
}
