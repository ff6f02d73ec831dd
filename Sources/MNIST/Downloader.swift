import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What the downloader reports while it works; the CLI and the UI draw it.
public enum DownloadEvent: Sendable {
    case started(file: String, url: String, resumeFrom: Int64)
    case progress(file: String, received: Int64, total: Int64?)
    case finished(file: String, alreadyPresent: Bool)
    case mirrorFailed(file: String, url: String, reason: String)
}

/// Fetches the four MNIST files into `.part` files, resumes partial downloads with
/// HTTP Range requests, verifies the decompressed content and renames atomically.
public struct Downloader: Sendable {
    public static let defaultMirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]

    public var mirrors: [String]
    public var expected: [String: String]
    public var timeout: TimeInterval = 30
    /// How many times one mirror is retried (resuming) after a dropped connection.
    public var resumeAttempts = 3

    public init(mirrors: [String] = Downloader.defaultMirrors, expected: [String: String] = MNIST.officialSHA256) {
        self.mirrors = mirrors
        self.expected = expected
    }

    /// Mirrors from `$DIGITREC_MNIST_MIRRORS` (comma-separated) when set, else the defaults.
    public static func mirrors(environment: [String: String]) -> [String] {
        guard let list = environment["DIGITREC_MNIST_MIRRORS"], !list.isEmpty else { return defaultMirrors }
        return list.split(separator: ",").map { $0.hasSuffix("/") ? String($0) : $0 + "/" }
    }

    public func downloadAll(into folder: String, files: [String] = MNIST.allFiles,
                            onEvent: @escaping @Sendable (DownloadEvent) -> Void) throws {
        try makeDirectories(folder)
        for base in files {
            try download(base, into: folder, onEvent: onEvent)
        }
    }

    func download(_ base: String, into folder: String, onEvent: @escaping @Sendable (DownloadEvent) -> Void) throws {
        let kind: IDXKind = base.contains("labels") ? .labels : .images
        let target = "\(folder)/\(base).gz"
        if fileExists(target), (try? verify(target, base: base, kind: kind)) == true {
            onEvent(.finished(file: base, alreadyPresent: true))
            return
        }
        let part = target + ".part"
        var reasons: [String] = []
        for mirror in mirrors {
            let url = mirror + base + ".gz"
            var attempt = 0
            while attempt < resumeAttempts {
                attempt += 1
                let offset = Downloader.size(of: part)
                onEvent(.started(file: base, url: url, resumeFrom: offset))
                let outcome = fetch(url: url, to: part, offset: offset, file: base, onEvent: onEvent)
                switch outcome {
                case .complete:
                    do {
                        guard try verify(part, base: base, kind: kind) else {
                            unlink(part)
                            let reason = "SHA-256 of the decompressed content does not match the official MNIST file"
                            reasons.append("\(url): \(reason)")
                            onEvent(.mirrorFailed(file: base, url: url, reason: reason))
                            attempt = resumeAttempts
                            continue
                        }
                    } catch {
                        // A truncated gzip stream: keep the part and resume.
                        reasons.append("\(url): \(error)")
                        onEvent(.mirrorFailed(file: base, url: url, reason: "\(error)"))
                        continue
                    }
                    try AtomicFile.syncAndRename(part, to: target)
                    onEvent(.finished(file: base, alreadyPresent: false))
                    return
                case .interrupted(let reason):
                    reasons.append("\(url): \(reason)")
                    onEvent(.mirrorFailed(file: base, url: url, reason: reason + " (will resume)"))
                case .failed(let reason):
                    reasons.append("\(url): \(reason)")
                    onEvent(.mirrorFailed(file: base, url: url, reason: reason))
                    attempt = resumeAttempts
                }
            }
        }
        throw MNISTError.download(
            file: target,
            reason: "no mirror worked (\(reasons.joined(separator: "; "))). Without network, copy the four MNIST "
                + "files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
                + "t10k-labels-idx1-ubyte.gz) into \(folder) by hand")
    }

    func verify(_ path: String, base: String, kind: IDXKind) throws -> Bool {
        let file = try IDXReader.read(path: path, kind: kind, name: path)
        guard let want = expected[base] else { return true }
        return file.sha256 == want
    }

    enum Outcome { case complete, interrupted(String), failed(String) }

    func fetch(url: String, to part: String, offset: Int64, file: String,
               onEvent: @escaping @Sendable (DownloadEvent) -> Void) -> Outcome {
        guard let u = URL(string: url) else { return .failed("bad URL") }
        var request = URLRequest(url: u, timeoutInterval: timeout)
        if offset > 0 { request.setValue("bytes=\(offset)-", forHTTPHeaderField: "Range") }
        let sink = DownloadSink(path: part, offset: offset, file: file, onEvent: onEvent)
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: config, delegate: sink, delegateQueue: nil)
        session.dataTask(with: request).resume()
        sink.done.wait()
        session.finishTasksAndInvalidate()
        return sink.outcome
    }

    static func size(of path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }
}

/// Receives one HTTP response and appends it to the `.part` file.
final class DownloadSink: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let path: String
    let file: String
    let onEvent: @Sendable (DownloadEvent) -> Void
    let done = DispatchSemaphore(value: 0)
    private var offset: Int64
    private var received: Int64 = 0
    private var total: Int64?
    private var fd: Int32 = -1
    private var expectedBody: Int64 = -1
    private(set) var outcome: Downloader.Outcome = .failed("no response")

    init(path: String, offset: Int64, file: String, onEvent: @escaping @Sendable (DownloadEvent) -> Void) {
        self.path = path
        self.offset = offset
        self.file = file
        self.onEvent = onEvent
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        guard let http = response as? HTTPURLResponse else {
            outcome = .failed("not an HTTP response"); completionHandler(.cancel); return
        }
        switch http.statusCode {
        case 206:
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        case 200:
            offset = 0
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        case 416 where offset > 0:
            // The part already holds everything the server has.
            outcome = .complete; completionHandler(.cancel); return
        default:
            outcome = .failed("HTTP \(http.statusCode)"); completionHandler(.cancel); return
        }
        guard fd >= 0 else {
            outcome = .failed("cannot write \(path): \(String(cString: strerror(errno)))")
            completionHandler(.cancel); return
        }
        expectedBody = http.expectedContentLength
        if expectedBody >= 0 { total = offset + expectedBody }
        received = offset
        outcome = .interrupted("connection closed early")
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard fd >= 0 else { return }
        data.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { break }
                off += n
            }
        }
        received += Int64(data.count)
        onEvent(.progress(file: file, received: received, total: total))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if fd >= 0 { fsync(fd); close(fd); fd = -1 }
        if case .failed = outcome {
        } else if case .complete = outcome {
        } else if let error {
            outcome = .interrupted(error.localizedDescription)
        } else if let total, received < total {
            outcome = .interrupted("connection closed after \(received) of \(total) bytes")
        } else {
            outcome = .complete
        }
        done.signal()
    }
}
