import Glibc
import Support

/// Reading what a model file declares — metadata, architecture, sizes — without its tensor
/// data: the checks `decode` makes before it allocates anything, and a cheap reader for
/// listing models.
extension ModelFile {
    /// A model file's declarations.
    public struct Header {
        public var metadata: [String: String]
        public var layers: [LayerSpec]
        /// Trainable parameters, computed from the architecture (no network is built).
        public var parameterCount: Int
        /// Bytes of tensor data the architecture needs (every saved float).
        public var dataBytes: Int
    }

    /// The header of the file at `path`: the 8-byte length and the JSON header are read (with
    /// the header-size limit), the data's size is checked against the file's size, and the data
    /// itself is not read — nor its checksum verified, so `load` can still refuse the file.
    public static func readHeader(_ path: String) throws -> Header {
        let fd: Int32, size: Int
        do { (fd, size) = try FileBytes.openRegular(path) } catch { throw ModelError.file(error) }
        defer { close(fd) }
        let prefix = try readExactly(fd, offset: 0, count: min(9, size), file: path)
        let headerLength = try headerLength(prefix, fileSize: size, file: path)
        let header = try readExactly(fd, offset: 8, count: headerLength, file: path)
        let (_, meta) = try parseHeader(header, file: path)
        let specs = try architecture(meta, file: path)
        let plan = try plan(specs, dataBytes: size - 8 - headerLength, file: path)
        return Header(metadata: meta, layers: specs, parameterCount: plan.parameterCount, dataBytes: plan.storedFloats * 4)
    }

    /// The header's length from the file's first 8 bytes (of `prefix`, the first 9 or all there
    /// are), refused beyond `maxHeaderBytes` or beyond the file.
    static func headerLength(_ prefix: [UInt8], fileSize: Int, file: String) throws -> Int {
        // A file of another kind, named as such (a PNG gave "header claims 727905341920923785
        // bytes", walkthrough). Byte 8 opens a model's JSON header: a model whose length happens
        // to start like a gzip file is still read.
        if prefix.count < 9 || prefix[8] != UInt8(ascii: "{"), let other = otherKind(prefix) {
            throw ModelError.notSafetensors(file: file, reason: other)
        }
        guard prefix.count >= 8 else { throw ModelError.notSafetensors(file: file, reason: "only \(prefix.count) bytes") }
        let length = prefix[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= UInt64(maxHeaderBytes) else {
            throw ModelError.headerTooLarge(file: file, bytes: length, limit: maxHeaderBytes)
        }
        let hl = Int(length)
        guard hl >= 2, 8 + hl <= fileSize else {
            throw ModelError.notSafetensors(file: file, reason: "header length \(hl) does not fit a \(fileSize)-byte file")
        }
        return hl
    }

    /// What a file that is not a model seems to be, from its first bytes, and what to do: the
    /// files people have beside their models (images, MNIST's gzip files, other frameworks' models).
    static func otherKind(_ b: [UInt8]) -> String? {
        func starts(_ p: [UInt8]) -> Bool { b.starts(with: p) }
        let own = "digitrec reads its own .safetensors models, not PyTorch or Keras files"
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "it is a PNG image, not a model" }
        if starts([0xFF, 0xD8, 0xFF]) { return "it is a JPEG image, not a model" }
        if starts([0x1F, 0x8B]) { return "it is gzip data, not a model; MNIST's .gz files go in a folder given with --data" }
        if starts(Array("PK".utf8) + [3, 4]) { return "it is a ZIP archive, not a model; " + own }
        if starts([0x89] + Array("HDF".utf8)) { return "it is an HDF5 file, not a model; " + own }
        // Walkthrough, session 28: an ONNX model gave "header claims 7595155174936676104 bytes".
        if opensLikeONNX(b) {
            return "it is an ONNX model, not a digitrec one; onnxruntime runs it, digitrec reads its own .safetensors files"
        }
        // A model's first 8 bytes are a small length, so zeros: text never starts one.
        if b.count >= 8, b.allSatisfy({ (0x20...0x7E).contains($0) || (0x09...0x0D).contains($0) }) {
            return "it is text, not a model"
        }
        return nil
    }

    /// An ONNX model (`digitrec export --onnx` writes one) opens with its IR version as protobuf
    /// field 1, then field 2, 7 or 8.
    static func opensLikeONNX(_ b: [UInt8]) -> Bool {
        b.count >= 3 && b[0] == 0x08 && (3...15).contains(b[1]) && [0x12, 0x1A, 0x3A, 0x42].contains(b[2])
    }

    /// Whether the regular file at `path` opens like an ONNX model: `export --replace` replaces
    /// only such a file, never a photo or a model named by a slip.
    public static func isONNX(_ path: String) -> Bool {
        guard let (fd, size) = try? FileBytes.openRegular(path) else { return false }
        defer { close(fd) }
        guard let prefix = try? readExactly(fd, offset: 0, count: min(3, size), file: path) else { return false }
        return opensLikeONNX(prefix)
    }

    /// The header's JSON object and its `__metadata__` strings, with the format checked.
    static func parseHeader(_ header: [UInt8], file: String) throws -> (root: JSON, metadata: [String: String]) {
        let root: JSON
        do { root = try JSON.parse(header) } catch {
            throw ModelError.badHeader(file: file, reason: "the header is \(error.reason)")
        }
        guard root.objectPairs != nil else { throw ModelError.badHeader(file: file, reason: "the header is not a JSON object") }
        guard let rawMeta = root["__metadata__"]?.objectPairs else {
            throw ModelError.badHeader(file: file, reason: "no __metadata__ (not a digitrec model)")
        }
        var meta: [String: String] = [:]
        for (k, v) in rawMeta {
            guard let s = v.stringValue else { throw ModelError.badHeader(file: file, reason: "metadata \(k) is not a string") }
            meta[k] = s
        }
        guard meta["format"] == format else {
            throw ModelError.unsupportedFormat(file: file, format: meta["format"] ?? "none")
        }
        return (root, meta)
    }

    /// The layers listed in the metadata's `architecture`.
    static func architecture(_ meta: [String: String], file: String) throws -> [LayerSpec] {
        guard let archText = meta["architecture"],
              let archList = (try? JSON.parse(archText))?.arrayValue, !archList.isEmpty else {
            throw ModelError.badHeader(file: file, reason: "architecture is missing or not a list of layers")
        }
        return try archList.enumerated().map { i, entry in
            guard let spec = LayerSpec(object: entry) else {
                throw ModelError.badHeader(file: file, reason: "architecture entry \(i) is not a layer digitrec knows")
            }
            return spec
        }
    }

    /// The architecture's plan, refused when its parameters exceed the limit or do not fill
    /// exactly the `dataBytes` the file holds — all before anything is allocated.
    static func plan(_ specs: [LayerSpec], dataBytes: Int, file: String) throws -> ExecutionPlan {
        let plan: ExecutionPlan
        do { plan = try ExecutionPlan(specs) } catch let error as ModelError { throw error.inFile(file) }
        guard plan.storedFloats * 4 == dataBytes else {
            throw ModelError.sizeMismatch(file: file, declared: plan.storedFloats * 4, present: dataBytes)
        }
        return plan
    }

    /// The input normalisation, when the file gives one: both numbers must be usable as Float
    /// (a Double such as 1e-50 or 1e300 is 0 or infinity there), and so must what
    /// `Network.normalize` derives from them.
    static func normalization(_ meta: [String: String], file: String) throws -> (mean: Float, std: Float)? {
        guard let text = meta["normalization"] else { return nil }
        guard let object = try? JSON.parse(text),
              let mean = object["mean"]?.doubleValue, let std = object["std"]?.doubleValue else {
            throw ModelError.badNormalization(file: file, reason: #"not {"mean":…,"std":…}"#)
        }
        let m = Float(mean), s = Float(std)
        guard m.isFinite else { throw ModelError.badNormalization(file: file, reason: "mean \(mean) is not a finite Float") }
        guard s.isNormal, s > 0 else {
            throw ModelError.badNormalization(file: file, reason: "std \(std) is zero, negative, subnormal or infinite as a Float")
        }
        guard (m / s).isFinite, (1 / (255 * s)).isFinite else {
            throw ModelError.badNormalization(file: file, reason: "mean / std = \(mean / std) overflows a Float")
        }
        return (m, s)
    }

    private static func readExactly(_ fd: Int32, offset: Int, count: Int, file: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ModelError.cannotRead(file: file, reason: n < 0 ? String(cString: strerror(errno)) : "file shrank while reading") }
            done += n
        }
        return bytes
    }
}
