import Glibc
import Support

/// Model files in the safetensors layout: an 8-byte little-endian header length, a JSON
/// header (dtype, shape, data_offsets per tensor and a `__metadata__` map of strings),
/// then the raw little-endian float32 data. The metadata holds the architecture, so a
/// file rebuilds its network without code, and a SHA-256 over header and data, so any
/// damage is refused rather than loaded as a silently different model.
public enum ModelFile {
    public static let format = "digitrec/1"
    public static let maxHeaderBytes = 4 << 20
    public static let maxFileBytes = 512 << 20
    static let checksumKey = "checksum"

    // MARK: writing

    /// `replacing: false` never replaces a file, even one that appears while saving.
    public static func save(_ network: Network, metadata: [String: String], to path: String, replacing: Bool = true) throws {
        let bytes = encode(network, metadata: metadata)
        do throws(SupportError) {
            if replacing {
                try AtomicFile.write(bytes, to: path)
            } else if try !AtomicFile.create(bytes, at: path) {
                throw SupportError.cannotWrite(file: path, reason: "a file of this name appeared while saving; it was left as it is")
            }
        } catch {
            // AtomicFile's message already names the file and the reason.
            throw ModelError.file(error)
        }
    }

    /// The metadata every file carries, merged under the caller's own entries.
    public static func standardMetadata(for network: Network) -> [String: String] {
        [
            "format": format,
            "architecture": LayerSpec.json(network.specs),
            "normalization": JSON.object([("mean", .shortest(network.mean)), ("std", .shortest(network.std))]).text,
            "input": "28x28 grayscale, ink bright on black, pixels scaled to 0..1 then normalized",
            "dataset": "mnist",
            "parameters": String(network.parameterCount),
            "created": Clock.creationDate(),
        ].merging(ModelClasses.metadata(for: network)) { old, _ in old }
    }

    public static func encode(_ network: Network, metadata: [String: String]) -> [UInt8] {
        var meta = standardMetadata(for: network).merging(metadata) { _, mine in mine }
        meta[checksumKey] = String(repeating: "0", count: 64)
        var pairs: [(String, JSON)] = [("__metadata__", .object(meta.keys.sorted().map { ($0, .string(meta[$0] ?? "")) }))]
        var offset = 0
        for t in network.tensors {
            let size = t.values.count * 4
            pairs.append((t.name, .object([("dtype", .string("F32")), ("shape", .ints(t.shape)), ("data_offsets", .ints([offset, offset + size]))])))
            offset += size
        }
        var header = Array(JSON.object(pairs).text.utf8)
        while (8 + header.count) % 8 != 0 { header.append(0x20) }
        var data = [UInt8]()
        data.reserveCapacity(offset)
        for t in network.tensors {
            t.values.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        let digest = checksum(header: header, data: data[...])
        if let range = checksumValueRange(in: header) { header.replaceSubrange(range, with: Array(digest.utf8)) }
        var out = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) }
        out += header
        out += data
        return out
    }

    // MARK: reading

    public struct Loaded {
        public var network: Network
        public var metadata: [String: String]
    }

    public static func load(_ path: String, threads: Int = Network.defaultThreads) throws -> Loaded {
        // The header's checks first: a file whose architecture is refused or does not match the
        // file's size is not read at all.
        _ = try readHeader(path)
        let bytes = try readFile(path)
        return try decode(bytes, file: path, threads: threads)
    }

    public static func decode(_ bytes: [UInt8], file: String, threads: Int = Network.defaultThreads) throws -> Loaded {
        try decode(bytes, file: file, threads: threads, verifyChecksum: true)
    }

    /// `verifyChecksum: false` exists for the fuzzer only, to reach the checks behind it.
    static func decode(_ bytes: [UInt8], file: String, threads: Int, verifyChecksum: Bool) throws -> Loaded {
        let hl = try headerLength(Array(bytes.prefix(9)), fileSize: bytes.count, file: file)
        let header = Array(bytes[8..<(8 + hl)])
        let (root, meta) = try parseHeader(header, file: file)
        let data = bytes[(8 + hl)...]
        // Every size is checked against the architecture before the checksum is computed and
        // before any network is built.
        let specs = try architecture(meta, file: file)
        let plan = try plan(specs, dataBytes: data.count, file: file)
        guard let stored = meta[checksumKey], let range = checksumValueRange(in: header) else {
            throw ModelError.badHeader(file: file, reason: "no checksum")
        }
        var blanked = header
        blanked.replaceSubrange(range, with: Array(repeating: UInt8(ascii: "0"), count: 64))
        // The checksum (SHA-256 of the whole file: 15 % of a one-image `digitrec predict`) runs
        // on the other core while the network is built and filled. A mismatch is still the error
        // reported whenever there is one, as when it was checked before anything else.
        // (The fuzzer, which skips the checksum, starts no thread per input.)
        let fill = { Result { try filledNetwork(root: root, meta: meta, plan: plan, specs: specs, data: data, file: file, threads: threads) } }
        let (matches, built) = verifyChecksum ? concurrently({ checksum(header: blanked, data: data) == stored }, fill) : (true, fill())
        guard matches else { throw ModelError.checksumMismatch(file: file) }
        return Loaded(network: try built.get(), metadata: meta)
    }

    /// The network of a file whose header and architecture have been checked, with every tensor
    /// read into it and checked (finite values, finite outputs).
    private static func filledNetwork(root: JSON, meta: [String: String], plan: ExecutionPlan, specs: [LayerSpec],
                                      data: ArraySlice<UInt8>, file: String, threads: Int) throws -> Network {
        let normalization = try normalization(meta, file: file)
        let network: Network
        do { network = try Network(plan: plan, specs: specs, threads: threads) } catch let error as ModelError {
            throw error.inFile(file)
        }
        if let normalization { (network.mean, network.std) = normalization }
        (network.classNames, network.inputStyle) = try ModelClasses.read(meta, file: file)
        let tensorNames = Set((root.objectPairs ?? []).map(\.0)).subtracting(["__metadata__"])
        let expected = network.params.map { (name: $0.name, shape: $0.shape, count: $0.count, param: $0) }
        for t in expected {
            guard let entry = root[t.name], entry.objectPairs != nil else { throw ModelError.missingTensor(file: file, tensor: t.name) }
            guard entry["dtype"]?.stringValue == "F32" else {
                throw ModelError.badHeader(file: file, reason: "tensor \(t.name) is not F32")
            }
            guard let shape = entry["shape"]?.intsValue else { throw ModelError.badHeader(file: file, reason: "tensor \(t.name) has no shape") }
            guard shape == t.shape else { throw ModelError.shapeMismatch(file: file, tensor: t.name, expected: t.shape, found: shape) }
            guard let offs = entry["data_offsets"]?.intsValue, offs.count == 2 else {
                throw ModelError.badOffsets(file: file, tensor: t.name, reason: "need two offsets")
            }
            let (begin, end) = (offs[0], offs[1])
            guard begin >= 0, end >= begin, end <= data.count else {
                throw ModelError.badOffsets(file: file, tensor: t.name, reason: "[\(begin), \(end)] outside the \(data.count)-byte data")
            }
            guard end - begin == t.count * 4 else {
                throw ModelError.badOffsets(file: file, tensor: t.name, reason: "\(end - begin) bytes for \(t.count) floats")
            }
            // Straight into the parameter (no intermediate array: a process that predicts one
            // image spends its time on memory it touches for the first time).
            let dst = t.param.value.pointer
            try data.withUnsafeBytes { raw in
                let start = raw.baseAddress! + begin
                for i in 0..<t.count {
                    let v = Float(bitPattern: UInt32(littleEndian: (start + 4 * i).loadUnaligned(as: UInt32.self)))
                    guard v.isFinite else { throw ModelError.nonFinite(file: file, tensor: t.name, index: i) }
                    dst[i] = v
                }
            }
        }
        if let extra = tensorNames.subtracting(expected.map(\.name)).sorted().first {
            throw ModelError.badHeader(file: file, reason: "unexpected tensor \(extra)")
        }
        // Finite probabilities for every image, proved from the weights (see `OutputBound`).
        guard OutputBound.logits(plan, params: network.params, mean: network.mean, std: network.std) != nil else {
            throw ModelError.outputsNotFinite(file: file)
        }
        return network
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        do { return try FileBytes.read(path, limit: maxFileBytes) } catch { throw ModelError.file(error) }
    }

    // MARK: helpers

    static func checksum(header: [UInt8], data: ArraySlice<UInt8>) -> String {
        var h = SHA256()
        h.update(header)
        h.update(data)
        return h.finalizeHex()
    }

    /// Where the 64 hex digits of `"checksum":"…"` sit in the raw header.
    static func checksumValueRange(in header: [UInt8]) -> Range<Int>? {
        let key = Array("\"\(checksumKey)\":\"".utf8)
        guard header.count >= key.count + 64 else { return nil }
        for i in 0...(header.count - key.count - 64) where header[i] == key[0] {
            if Array(header[i..<(i + key.count)]) == key {
                let start = i + key.count
                return start..<(start + 64)
            }
        }
        return nil
    }
}
