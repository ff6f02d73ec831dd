import Glibc
import Support

/// The one way in for an image file: the format is decided by the first bytes (a PNG named
/// `.jpg` or a JPEG named `.png` are both read), then `PNGDecoder` or `JPEGDecoder` decodes
/// it to 8-bit grayscale. The limits here are shared by both decoders.
public enum ImageDecoder {
    public static let maxSide = 16384
    public static let maxPixels = 40_000_000
    /// A PNG larger than `maxPixels` and up to this is decoded whole and shrunk by a whole
    /// factor to fit (`PNGDecoder`), as a JPEG that large is decoded at 1/2 or less: an
    /// 8000×6000 image is read either way. 100 MB of gray while it is shrunk.
    public static let maxPixelsBeforeShrinking = 100_000_000
    public static let maxFileBytes = 64 << 20

    public enum Format: String, Sendable { case png = "PNG", jpeg = "JPEG" }

    public static func decode(file path: String, jpeg options: JPEGDecoder.Options = .init()) throws -> ByteImage {
        try decode(try readFile(path), name: path, jpeg: options)
    }

    /// `jpeg` only matters for JPEG files (e.g. a reduced-size decode of a large photo).
    /// A file as it is read to be recognised: a PNG's light ink on a clear canvas goes over
    /// black, so a white pen on a transparent layer is not white on white (walkthrough 35).
    public static func decode(_ bytes: [UInt8], name: String, jpeg options: JPEGDecoder.Options = .init()) throws -> ByteImage {
        guard !bytes.isEmpty else { throw ImageError.empty(file: name) }
        switch format(of: bytes) {
        case .png: return try PNGDecoder.decode(bytes, name: name, lightInkOverBlack: true)
        case .jpeg: return try JPEGDecoder.decode(bytes, name: name, options: options)
        case nil: throw ImageError.unsupportedFormat(file: name, looksLike: guessFormat(bytes))
        }
    }

    /// PNG by the first four signature bytes (PNGDecoder explains a signature damaged by a
    /// text-mode transfer, or a file cut inside it), JPEG by its SOI marker FF D8.
    public static func format(of b: [UInt8]) -> Format? {
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47]) || (b.count < 4 && [0x89, 0x50, 0x4E, 0x47].starts(with: b)) { return .png }
        if b.starts(with: [0xFF, 0xD8]) { return .jpeg }
        return nil
    }

    /// A name for what a file that is neither PNG nor JPEG seems to be, for the error message.
    static func guessFormat(_ b: [UInt8]) -> String? {
        func starts(_ p: [UInt8]) -> Bool { b.starts(with: p) }
        if starts([0xFF, 0xD8, 0xFF]) { return "JPEG" }
        if starts(Array("GIF8".utf8)) { return "GIF" }
        if starts(Array("BM".utf8)) { return "BMP" }
        if starts([0x52, 0x49, 0x46, 0x46]) { return "RIFF/WebP" }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return "TIFF" }
        if b.count >= 12 && Array(b[4..<8]) == Array("ftyp".utf8) { return "HEIC/AVIF or MP4" }
        if starts([0x1F, 0x8B]) { return "gzip data" }
        if starts(Array("%PDF".utf8)) { return "PDF" }
        let head = b.prefix(256)
        if !head.isEmpty && head.allSatisfy({ $0 == 9 || $0 == 10 || $0 == 13 || ($0 >= 32 && $0 < 127) }) {
            return head.first == UInt8(ascii: "<") ? "HTML or XML text" : "text"
        }
        return nil
    }

    /// Width and height as a header declares them, checked before any pixel buffer is
    /// allocated, so a tiny file cannot ask for gigabytes.
    static func fits(_ size: (Int, Int)) -> Bool {
        let (pixels, overflow) = size.0.multipliedReportingOverflow(by: size.1)
        return !overflow && size.0 <= maxSide && size.1 <= maxSide && pixels <= maxPixels
    }

    static func checkSize(width: Int, height: Int, name: String, pixelLimit: Int = maxPixels) throws {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, width <= maxSide, height <= maxSide, pixels <= pixelLimit else {
            throw ImageError.tooLarge(file: name, width: width, height: height,
                                      limit: "\(maxSide) px a side and \(pixelLimit / 1_000_000) megapixels")
        }
    }

    /// The picture's size as its file declares it, upright (a JPEG's EXIF orientation applied):
    /// what a person knows a photo as when it was decoded smaller (a 48-megapixel JPEG at 1/2,
    /// a PNG over `maxPixels` shrunk). nil when the header cannot be read.
    public static func declaredSize(of bytes: [UInt8]) -> (width: Int, height: Int)? {
        switch format(of: bytes) {
        case .png:
            // IHDR is the first chunk: its width and height are big-endian at bytes 16 and 20.
            guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
            let word = { (at: Int) in bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
            return (word(16), word(20))
        case .jpeg:
            let markers = JPEGMarkers(bytes)
            guard let header = try? TurboJPEG(name: "", markers: markers).header(bytes) else { return nil }
            return markers.orientation.swapsSides ? (header.height, header.width) : (header.width, header.height)
        case nil: return nil
        }
    }

    /// The smallest whole factor that shrinks a `width`×`height` image (already checked against
    /// `maxPixelsBeforeShrinking`) to at most `maxPixels`: 1 when it fits.
    static func shrinkFactor(width: Int, height: Int) -> Int {
        var k = 1
        while k < 16, ((width + k - 1) / k) * ((height + k - 1) / k) > maxPixels { k += 1 }
        return k
    }

    /// The file's bytes: a regular file under `maxFileBytes` (a FIFO or a device is refused, not read).
    public static func readFile(_ path: String) throws -> [UInt8] {
        do { return try FileBytes.read(path, limit: maxFileBytes) } catch {
            throw ImageError.cannotRead(file: path, reason: error.reason)
        }
    }

    /// What `predict -` reads: an image piped in on standard input, under the same limit as a
    /// file. A terminal is refused, not waited on (a person who typed `-` by mistake would see
    /// the program hang); `name` is what messages call it.
    public static func readStandardInput(name: String) throws -> [UInt8] {
        guard isatty(0) != 1 else { throw ImageError.terminalInput(file: name) }
        do { return try FileBytes.readStream(0, name: name, limit: maxFileBytes) } catch {
            throw ImageError.cannotRead(file: name, reason: error.reason)
        }
    }
}
