import Glibc
import Support

/// The kind of IDX file MNIST uses: unsigned bytes, 1 dimension (labels) or 3 (images).
public enum IDXKind: Sendable {
    case images, labels
    var magic: UInt32 { self == .images ? 0x0000_0803 : 0x0000_0801 }
    var headerBytes: Int { self == .images ? 16 : 8 }
}

/// A decoded IDX file: its dimensions and its raw bytes (header not included).
public struct IDXFile: Sendable {
    public var dimensions: [Int]
    public var bytes: [UInt8]
    /// SHA-256 of the whole decompressed content, header included.
    public var sha256: String
}

/// Reads IDX files, raw or gzip-compressed (see `ContentStream`).
///
/// Nothing is allocated from a header's claims: data is read in chunks and the
/// read stops as soon as more than the declared size arrives (gzip bombs), and
/// the stream is read to its end so a broken CRC trailer is noticed.
public enum IDXReader {
    /// Largest content we accept: a bit above MNIST's 47 MB training images.
    public static let maxContentBytes = 200_000_000

    public static func read(path: String, kind: IDXKind, name: String? = nil) throws -> IDXFile {
        let file = name ?? path
        let stream = try ContentStream(path: path, file: file)

        var hasher = SHA256()
        var header = [UInt8](repeating: 0, count: kind.headerBytes)
        let got = try stream.readFully(into: &header)
        hasher.update(header[0..<got])
        guard got >= 4 else { throw MNISTError.headerTruncated(file: file, bytes: got, needed: kind.headerBytes) }
        let magic = bigEndian(header, at: 0)
        try checkMagic(magic, kind: kind, file: file)
        guard got == kind.headerBytes else {
            throw MNISTError.headerTruncated(file: file, bytes: got, needed: kind.headerBytes)
        }
        var dims: [Int] = []
        for i in 0..<(kind == .images ? 3 : 1) { dims.append(Int(bigEndian(header, at: 4 + 4 * i))) }
        var total = 1
        for d in dims {
            let (p, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow else { throw MNISTError.sizeOverflow(file: file) }
            total = p
        }
        if kind == .images, dims[1] != 28 || dims[2] != 28 {
            throw MNISTError.wrongImageSize(file: file, rows: dims[1], cols: dims[2])
        }
        guard total <= maxContentBytes else { throw MNISTError.sizeOverflow(file: file) }

        // For a raw file the size is known up front: refuse before reading anything.
        if !stream.compressed {
            let needed = kind.headerBytes + total
            if stream.fileSize < needed { throw MNISTError.truncated(file: file, bytes: stream.fileSize, needed: needed) }
            if stream.fileSize > needed { throw MNISTError.tooLong(file: file, declared: needed) }
        }

        var data = [UInt8](repeating: 0, count: total)
        let n = try stream.readFully(into: &data)
        guard n == total else {
            throw MNISTError.truncated(file: file, bytes: kind.headerBytes + n, needed: kind.headerBytes + total)
        }
        hasher.update(data[...])
        // Anything beyond the declared size is an error; reading on also checks the gzip trailer.
        var probe = [UInt8](repeating: 0, count: 1)
        let extra = try stream.readFully(into: &probe)
        if extra > 0 { throw MNISTError.tooLong(file: file, declared: kind.headerBytes + total) }

        if kind == .labels {
            if let i = data.firstIndex(where: { $0 > 9 }) {
                throw MNISTError.labelOutOfRange(file: file, index: i, label: data[i])
            }
        }
        return IDXFile(dimensions: dims, bytes: data, sha256: hasher.finalizeHex())
    }

    static func checkMagic(_ magic: UInt32, kind: IDXKind, file: String) throws {
        if magic == kind.magic { return }
        if magic >> 16 == 0x1F8B { throw MNISTError.stillCompressed(file: file) }
        if magic >> 16 != 0 {
            if magic.byteSwapped == kind.magic { throw MNISTError.badMagic(file: file, expected: kind.magic, found: magic) }
            let text = withUnsafeBytes(of: magic.bigEndian) { Array($0) }
            let looksHTML = text.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && (text.first == UInt8(ascii: "<"))
            throw MNISTError.notIDX(
                file: file, found: magic,
                hint: looksHTML ? "looks like an HTML page — the download saved an error page" : "the first two bytes must be 0")
        }
        let type = UInt8((magic >> 8) & 0xFF)
        if type != 0x08 { throw MNISTError.unsupportedElementType(file: file, type: type) }
        throw MNISTError.badMagic(file: file, expected: kind.magic, found: magic)
    }

    static func bigEndian(_ b: [UInt8], at i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }
}
