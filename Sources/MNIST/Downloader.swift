import CCurl
import Glibc
import Support

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
    /// HTTPS only: the SHA-256 check is the root of trust, but a plain-HTTP mirror lets anyone
    /// on the path feed us an endless or malicious stream to check.
    public static let defaultMirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ]

    /// The official compressed sizes; a response may be at most twice that (at least 1 MiB)
    /// before it is cut off, so a hostile or broken mirror cannot fill the disk.
    public static let officialSizes: [String: Int64] = [
        "train-images-idx3-ubyte": 9_912_422, "train-labels-idx1-ubyte": 28_881,
        "t10k-images-idx3-ubyte": 1_648_877, "t10k-labels-idx1-ubyte": 4_542,
    ]
    public static func defaultSizeCap(for base: String) -> Int64 {
        max(1 << 20, 2 * (officialSizes[base] ?? 32 << 20))
    }

    public var mirrors: [String]
    public var expected: [String: String]
    /// No connection, or less than `minimumSpeed` bytes a second, for this many seconds: the
    /// transfer is given up (and resumed, up to `resumeAttempts` times).
    public var timeout: Double = 30
    public var minimumSpeed = 1024
    /// The most bytes one file may have; more is refused and the partial file removed.
    public var sizeCap: @Sendable (String) -> Int64 = Downloader.defaultSizeCap(for:)
    /// How many times one mirror is retried (resuming) after a dropped connection.
    public var resumeAttempts = 3

    public init(mirrors: [String] = Downloader.defaultMirrors, expected: [String: String] = MNIST.officialSHA256) {
        self.mirrors = mirrors
        self.expected = expected
    }

    /// Mirrors from `$DIGITREC_MNIST_MIRRORS` (comma-separated) when set, else the defaults. A
    /// list with no usable entry, or an entry that is not an http(s) URL, is an error that says
    /// so (`","` gave "no mirror worked ()", `file:///…` "HTTP 0").
    public static func mirrors(environment: [String: String]) throws -> [String] {
        guard let list = environment["DIGITREC_MNIST_MIRRORS"], !list.isEmpty else { return defaultMirrors }
        let entries = list.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        guard !entries.isEmpty else {
            throw MNISTError.download(file: "DIGITREC_MNIST_MIRRORS", reason: "lists no mirror (\"\(list)\"); give comma-separated http(s) URLs or unset it")
        }
        for e in entries where !(e.lowercased().hasPrefix("https://") || e.lowercased().hasPrefix("http://")) {
            throw MNISTError.download(file: "DIGITREC_MNIST_MIRRORS", reason: "\"\(e)\" is not an http:// or https:// URL")
        }
        return entries.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    public func downloadAll(into folder: String, files: [String] = MNIST.allFiles,
                            onEvent: @escaping @Sendable (DownloadEvent) -> Void) throws {
        try Path.makeFolders(folder)
        for base in files {
            try download(base, into: folder, onEvent: onEvent)
        }
    }

    func download(_ base: String, into folder: String, onEvent: @escaping @Sendable (DownloadEvent) -> Void) throws {
        let kind: IDXKind = base.contains("labels") ? .labels : .images
        let target = "\(folder)/\(base).gz"
        if FileBytes.isRegularFile(target), (try? verify(target, base: base, kind: kind)) == true {
            onEvent(.finished(file: base, alreadyPresent: true))
            return
        }
        let part = target + ".part"
        try Downloader.checkPart(part)
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
                            Path.withCString(part) { _ = unlink($0) }
                            let reason = "SHA-256 of the decompressed content does not match the official MNIST file"
                            reasons.append("\(url): \(reason)")
                            onEvent(.mirrorFailed(file: base, url: url, reason: reason))
                            attempt = resumeAttempts
                            continue
                        }
                    } catch {
                        reasons.append("\(url): \(error)")
                        // A stream cut off that this fetch made longer: keep the part and resume.
                        // (One that did not grow — a 416, an empty answer — cannot be mended so.)
                        if let e = error as? MNISTError, e.isCutOffStream, Downloader.size(of: part) > offset {
                            onEvent(.mirrorFailed(file: base, url: url, reason: "\(error)"))
                            continue
                        }
                        // Content that is wrong, not short (an HTML page, another file): resuming
                        // would append to it forever. Drop it; start this mirror afresh when the
                        // bad bytes may have come from an earlier run, else go to the next mirror.
                        Path.withCString(part) { _ = unlink($0) }
                        onEvent(.mirrorFailed(file: base, url: url, reason: "\(error) (the partial file was removed)"))
                        if offset == 0 { attempt = resumeAttempts }
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
                + "t10k-labels-idx1-ubyte.gz) into \(Path.display(folder)) by hand")
    }

    func verify(_ path: String, base: String, kind: IDXKind) throws -> Bool {
        let file = try IDXReader.read(path: path, kind: kind, name: path)
        guard let want = expected[base] else { return true }
        return file.sha256 == want
    }

    enum Outcome { case complete, interrupted(String), failed(String) }

    func fetch(url: String, to part: String, offset: Int64, file: String,
               onEvent: @escaping @Sendable (DownloadEvent) -> Void) -> Outcome {
        guard var api = Downloader.curl else {
            return .failed("libcurl is not installed (Debian package libcurl4: sudo apt-get install libcurl4)")
        }
        guard let handle = api.easy_init?() else { return .failed("libcurl could not start a transfer") }
        defer { api.easy_cleanup?(handle) }
        let sink = DownloadSink(path: part, offset: offset, file: file, cap: sizeCap(file), curl: api, handle: handle,
                                onEvent: onEvent)
        let seconds = timeout.isFinite ? max(1, Int(min(timeout, 86_400).rounded(.up))) : 30
        var message = [CChar](repeating: 0, count: Int(DIGITREC_CURL_ERROR_SIZE))
        let code: Int32 = message.withUnsafeMutableBufferPointer { errorBuffer in
            func set(_ option: Int32, _ value: Int) { _ = digitrec_curl_set_long(&api, handle, option, value) }
            _ = digitrec_curl_set_pointer(&api, handle, Int32(DIGITREC_CURLOPT_URL), url)
            _ = digitrec_curl_set_pointer(&api, handle, Int32(DIGITREC_CURLOPT_USERAGENT), "digitrec/2.0")
            _ = digitrec_curl_set_pointer(&api, handle, Int32(DIGITREC_CURLOPT_ERRORBUFFER), errorBuffer.baseAddress)
            set(Int32(DIGITREC_CURLOPT_FOLLOWLOCATION), 1)
            set(Int32(DIGITREC_CURLOPT_NOSIGNAL), 1)
            // A stall: no connection, or under `minimumSpeed` bytes a second, for `timeout`.
            set(Int32(DIGITREC_CURLOPT_CONNECTTIMEOUT), seconds)
            set(Int32(DIGITREC_CURLOPT_LOW_SPEED_LIMIT), max(1, minimumSpeed))
            set(Int32(DIGITREC_CURLOPT_LOW_SPEED_TIME), seconds)
            // A Range request for the bytes the `.part` file does not have yet. (Not RESUME_FROM: it
            // fails on a server that answers 200 with the whole file, which `receive` handles.)
            if offset > 0 { _ = digitrec_curl_set_pointer(&api, handle, Int32(DIGITREC_CURLOPT_RANGE), "\(offset)-") }
            _ = digitrec_curl_set_writer(&api, handle) { data, size, count, context in
                guard let data, let context else { return 0 }
                let sink = Unmanaged<DownloadSink>.fromOpaque(context).takeUnretainedValue()
                return sink.receive(UnsafeRawBufferPointer(start: data, count: size * count))
            }
            return withExtendedLifetime(sink) {
                _ = digitrec_curl_set_pointer(&api, handle, Int32(DIGITREC_CURLOPT_WRITEDATA),
                                              Unmanaged.passUnretained(sink).toOpaque())
                return api.easy_perform?(handle) ?? -1
            }
        }
        let reason = message[0] != 0 ? String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : api.easy_strerror?(code).map { String(cString: $0) } ?? "libcurl error \(code)"
        return sink.finish(code: code, reason: reason)
    }

    /// libcurl's entry points, loaded the first time a download starts; nil when it is not installed.
    /// (Function pointers, written once by the lazy initialiser and only read after.)
    nonisolated(unsafe) static let curl: digitrec_curl? = {
        var api = digitrec_curl()
        return digitrec_curl_load(&api) == 0 ? api : nil
    }()

    static func size(of path: String) -> Int64 {
        var st = stat()
        return Path.withCString(path, { lstat($0, &st) }) == 0 ? Int64(st.st_size) : 0
    }

    /// A `.part` left there must be our own regular file: a symbolic link planted in the folder
    /// would have us write through it (and the rename would then publish the link).
    static func checkPart(_ part: String) throws {
        var st = stat()
        guard Path.withCString(part, { lstat($0, &st) }) == 0 else { return }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw MNISTError.download(file: part, reason: "it is \(FileBytes.kindName(st.st_mode)), not a regular file; remove it and retry")
        }
    }
}

/// Receives one HTTP response and appends it to the `.part` file.
final class DownloadSink {
    let path: String
    let file: String
    /// The most bytes the file may have (offset included).
    let cap: Int64
    let onEvent: @Sendable (DownloadEvent) -> Void
    /// The transfer, asked for the response's status and body length once the headers are in.
    private let curl: digitrec_curl
    private let handle: UnsafeMutableRawPointer
    private var offset: Int64
    private var received: Int64 = 0
    private var total: Int64?
    private var fd: Int32 = -1
    private var outcome: Downloader.Outcome?
    private var oversized = false

    init(path: String, offset: Int64, file: String, cap: Int64, curl: digitrec_curl, handle: UnsafeMutableRawPointer,
         onEvent: @escaping @Sendable (DownloadEvent) -> Void) {
        self.path = path
        self.offset = offset
        self.file = file
        self.cap = cap
        self.curl = curl
        self.handle = handle
        self.onEvent = onEvent
    }

    private var status: Int { withUnsafePointer(to: curl) { digitrec_curl_response_code($0, handle) } }

    /// Chooses what to do with the body from the status; sets `outcome` when nothing is to be written.
    private func start(status: Int) {
        // O_NOFOLLOW: never write through a link planted at the `.part` name; O_NONBLOCK: a FIFO
        // there must not block the open (it is refused below).
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC
        switch status {
        case 206:
            fd = Path.withCString(path) { open($0, flags | O_APPEND, 0o644) }
        case 200:
            offset = 0
            fd = Path.withCString(path) { open($0, flags, 0o644) }
        case 416 where offset > 0:
            // The part already holds everything the server has.
            outcome = .complete; return
        default:
            outcome = .failed("HTTP \(status)"); return
        }
        guard fd >= 0 else { outcome = .failed("cannot write \(Path.display(path)): \(SupportError.reason(errno))"); return }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            outcome = .failed("cannot write \(Path.display(path)): it is \(FileBytes.kindName(st.st_mode)), not a regular file")
            close(fd); fd = -1; return
        }
        // Truncated only now that it is known to be our regular file.
        if status == 200 { _ = ftruncate(fd, 0) }
        let length = withUnsafePointer(to: curl) { digitrec_curl_content_length($0, handle) }
        if length >= 0 { total = offset + length }
        received = offset
        if let total, total > cap { refuse(total) }
    }

    /// Called by libcurl with each piece of the body; returning less than its size stops the transfer.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        if fd < 0, outcome == nil { start(status: status) }
        guard fd >= 0, outcome == nil, let base = bytes.baseAddress else { return 0 }
        guard received + Int64(bytes.count) <= cap else { refuse(received + Int64(bytes.count)); return 0 }
        var off = 0
        while off < bytes.count {
            let n = write(fd, base + off, bytes.count - off)
            if n <= 0 { outcome = .failed("cannot write \(path): \(String(cString: strerror(errno)))"); return 0 }
            off += n
        }
        received += Int64(bytes.count)
        onEvent(.progress(file: file, received: received, total: total))
        return bytes.count
    }

    /// A response larger than the cap: the transfer stops and the partial file is removed.
    private func refuse(_ bytes: Int64) {
        outcome = .failed("the server sent more than \(Format.bytes(Int(cap))) (at least \(Format.bytes(Int(bytes)))), "
                          + "far more than the real file; the partial file was removed")
        oversized = true
    }

    /// The transfer's outcome once `curl_easy_perform` returned `code` (0: the whole response arrived).
    func finish(code: Int32, reason: String) -> Downloader.Outcome {
        let status = self.status
        // An empty body, or an error status libcurl stopped on, never reached `receive`.
        if fd < 0, outcome == nil, status != 0 { start(status: status) }
        if fd >= 0 { fsync(fd); close(fd); fd = -1 }
        if oversized { Path.withCString(path) { _ = unlink($0) } }
        if let outcome { return outcome }
        if code != 0 { return status == 0 ? .failed(reason) : .interrupted(reason) }
        if let total, received < total { return .interrupted("connection closed after \(received) of \(total) bytes") }
        return .complete
    }
}
