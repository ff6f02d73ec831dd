import Support
import Glibc

/// Everything that can go wrong reading, locating or downloading MNIST.
/// Every case names the file so a user knows what to fix.
public enum MNISTError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(file: String, reason: String)
    case headerTruncated(file: String, bytes: Int, needed: Int)
    case stillCompressed(file: String)
    case notIDX(file: String, found: UInt32, hint: String)
    case badMagic(file: String, expected: UInt32, found: UInt32)
    case unsupportedElementType(file: String, type: UInt8)
    case sizeOverflow(file: String)
    case wrongImageSize(file: String, rows: Int, cols: Int)
    case truncated(file: String, bytes: Int, needed: Int)
    case tooLong(file: String, declared: Int)
    case gzipError(file: String, message: String)
    case labelOutOfRange(file: String, index: Int, label: UInt8)
    case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
    case noData(file: String)
    case checksumMismatch(file: String, expected: String, found: String)
    case dataNotFound(searched: [String])
    case download(file: String, reason: String)
    case idxFolder(folder: String, reason: String)

    /// What a gzip stream that stops early says (a download cut off).
    static let gzipEndMissing = "unexpected end of file: the compressed stream or its CRC trailer is missing (truncated download?)"

    /// The gzip stream stops early: more bytes could make it whole (a download resumes). An IDX
    /// that is short inside a complete stream is wrong content, which no resume mends.
    var isCutOffStream: Bool {
        if case let .gzipError(_, message) = self { return message == MNISTError.gzipEndMissing }
        return false
    }

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason):
            return "\(Path.display(file)): cannot open (\(reason))"
        case let .headerTruncated(file, bytes, needed):
            return "\(Path.display(file)): header truncated (\(bytes) bytes, an IDX header needs \(needed))"
        case let .stillCompressed(file):
            return "\(Path.display(file)): the content is still gzip-compressed after decompression — was it compressed twice?"
        case let .notIDX(file, found, hint):
            return "\(Path.display(file)): not an IDX file (bad magic \(hex(found))\(hint.isEmpty ? "" : "; \(hint)"))"
        case let .badMagic(file, expected, found):
            let swapped = found.byteSwapped == expected ? " (byte-swapped? IDX integers are big-endian)" : ""
            return "\(Path.display(file)): bad magic: expected \(hex(expected)), found \(hex(found))\(swapped)"
        case let .unsupportedElementType(file, type):
            let h = String(type, radix: 16, uppercase: true)
            return "\(Path.display(file)): unsupported element type 0x\(h.count < 2 ? "0" + h : h) (only unsigned bytes, 0x08, are MNIST)"
        case let .sizeOverflow(file):
            return "\(Path.display(file)): the header's dimensions multiply to more than any file can hold"
        case let .wrongImageSize(file, rows, cols):
            return "\(Path.display(file)): expected 28×28 images, found \(rows)×\(cols)"
        case let .truncated(file, bytes, needed):
            return "\(Path.display(file)): file is truncated: \(bytes) bytes of content, the header needs \(needed)"
        case let .tooLong(file, declared):
            return "\(Path.display(file)): file longer than the header declares (\(declared) bytes expected)"
        case let .gzipError(file, message):
            return "\(Path.display(file)): corrupt gzip stream (\(message))"
        case let .labelOutOfRange(file, index, label):
            return "\(Path.display(file)): label \(label) at index \(index) is outside 0–9"
        case let .countMismatch(images, imageCount, labels, labelCount):
            return "\(Path.display(images)) and \(Path.display(labels)) do not match: \(imageCount) images but \(labelCount) labels"
        case let .noData(file):
            return "\(Path.display(file)): holds no images (no data to train or evaluate on)"
        case let .checksumMismatch(file, expected, found):
            return "\(Path.display(file)): content differs from the official MNIST file (SHA-256 \(found.prefix(16))…, expected \(expected.prefix(16))…)"
        case let .dataNotFound(searched):
            // Each folder with what is wrong with it when it is not a folder at all (walkthrough:
            // `--data /nonexistent` never said that the folder did not exist).
            let places = searched.map { folder -> String in
                switch FileBytes.kind(of: folder) {
                case nil: return Path.display(folder) + " (no such folder)"
                case S_IFDIR?: return Path.display(folder)
                default: return Path.display(folder) + " (not a folder)"
                }
            }
            return "MNIST not found. Looked in: \(places.joined(separator: ", ")).\n"
                + "Run `digitrec download`, or put the four files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) "
                // One folder searched is the one asked for (walkthrough: "or pass --data DIR" to
                // someone who just had).
                + destination(searched)
        case let .download(file, reason):
            return "\(Path.display(file)): download failed: \(reason)"
        case let .idxFolder(folder, reason):
            return "\(Path.display(folder)): not a usable IDX dataset: \(reason)"
        }
    }

    /// Where the four files should go: the one folder asked for, or — when that is a file such as
    /// /dev/zero (walkthrough: "in that folder" of something no folder) — a folder named with --data.
    private func destination(_ searched: [String]) -> String {
        guard searched.count == 1 else { return "in one of those folders, or pass --data DIR." }
        if let kind = FileBytes.kind(of: searched[0]), kind != S_IFDIR { return "in a folder and pass that with --data DIR." }
        return "in that folder."
    }
}

func hex(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}
