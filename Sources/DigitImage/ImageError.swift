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
    /// `predict -` with nothing piped in: the terminal itself (refused, not waited on).
    case terminalInput(file: String)

    public var description: String { "\(Path.display(file)): \(reason)" }

    /// What `noDigit` says: the file was read, and holds nothing to recognise.
    public static let noDigitMessage = "no digit found"

    /// The file the error is about.
    public var file: String {
        switch self {
        case let .cannotRead(f, _), let .empty(f), let .notPNG(f, _), let .unsupportedFormat(f, _), let .asciiMangled(f),
             let .truncatedHeader(f), let .tooLarge(f, _, _, _), let .invalid(f, _), let .invalidJPEG(f, _), let .noDigit(f),
             let .tooManyDigits(f, _, _), let .cannotWrite(f, _), let .terminalInput(f):
            return f
        }
    }

    /// What is wrong, without the file's name: for lists that name the file already.
    public var reason: String {
        switch self {
        case let .cannotRead(_, r): return "cannot read (\(r))"
        case .empty: return "empty file"
        case let .notPNG(_, kind): return "not a PNG file\(kind.map { " (looks like \($0))" } ?? "")"
        case let .unsupportedFormat(_, kind): return "not a PNG or JPEG image\(kind.map { " (looks like \($0))" } ?? "")"
        case .asciiMangled: return "not a valid PNG: the file was corrupted by a text-mode (ASCII) transfer"
        case .truncatedHeader: return "not a valid PNG: truncated before the image header"
        case let .tooLarge(_, w, h, limit): return "image too large (\(w)×\(h), limit \(limit))"
        case let .invalid(_, d): return "not a valid PNG: \(d)"
        case let .invalidJPEG(_, d): return "not a valid JPEG: \(d)"
        case .noDigit: return Self.noDigitMessage
        case let .tooManyDigits(_, n, limit): return "too many digits (\(n), the limit is \(limit))"
        case let .cannotWrite(_, r): return "cannot write (\(r))"
        case .terminalInput: return "standard input is the terminal, not an image: pipe one in (digitrec predict - < photo.jpg)"
        }
    }
}
