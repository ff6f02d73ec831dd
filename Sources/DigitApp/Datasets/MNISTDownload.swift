import MNIST
import Support

/// The use case "fetch MNIST": mirrors from `$DIGITREC_MNIST_MIRRORS` or the defaults,
/// resumed, verified against the official checksums, stored atomically.
public enum MNISTDownload {
    /// Downloads into `explicit` (or the default target) and returns the folder.
    @discardableResult
    public static func run(into explicit: String?, onEvent: @escaping @Sendable (DownloadEvent) -> Void) throws -> String {
        let folder = MNISTData.downloadTarget(explicit)
        let downloader = Downloader(mirrors: try Downloader.mirrors(environment: Environment.variables))
        try downloader.downloadAll(into: folder, onEvent: onEvent)
        return folder
    }
}
