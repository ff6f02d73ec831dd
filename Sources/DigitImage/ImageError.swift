import Support

/// Why an image could not be used. Every message names the file and says what is wrong.
public enum ImageError: Error, CustomStringConvertible, Equatable {
    case cannotRead(file: String, reason: String)
    case empty(file: String)
    case notPNG(file: String, looksLike: String?)
    /// Neither PNG nor JPEG (what `ImageDecoder` reads).
    case unsupportedFormat(file: String, looksLike: String?)
    case asciiMangled(file: String)
    case truncatedHeader(file: String)
    case tooLarge(file: String, width: Int, height: Int, limit: String)
    case invalid(file: String, detail: String)
    case invalidJPEG(file: String, detail: String)
    case noDigit(file: String)
    case tooManyDigits(file: String, count: Int, limit: Int)
    case cannotWrite(file: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotRead(f, r): return "\(Path.display(f)): cannot read (\(r))"
        case let .empty(f): return "\(Path.display(f)): empty file"
        case let .notPNG(f, kind): return "\(Path.display(f)): not a PNG file\(kind.map { " (looks like \($0))" } ?? "")"
        case let .unsupportedFormat(f, kind):
            return "\(Path.display(f)): not a PNG or JPEG image\(kind.map { " (looks like \($0))" } ?? "")"
        case let .asciiMangled(f): return "\(Path.display(f)): not a valid PNG: the file was corrupted by a text-mode (ASCII) transfer"
        case let .truncatedHeader(f): return "\(Path.display(f)): not a valid PNG: truncated before the image header"
        case let .tooLarge(f, w, h, limit): return "\(Path.display(f)): image too large (\(w)×\(h), limit \(limit))"
        case let .invalid(f, d): return "\(Path.display(f)): not a valid PNG: \(d)"
        case let .invalidJPEG(f, d): return "\(Path.display(f)): not a valid JPEG: \(d)"
        case let .noDigit(f): return "\(Path.display(f)): no digit found"
        case let .tooManyDigits(f, n, limit): return "\(Path.display(f)): too many digits (\(n), the limit is \(limit))"
        case let .cannotWrite(f, r): return "\(Path.display(f)): cannot write (\(r))"
        }
    }
}
