import CPNG
import Glibc

/// Decodes any PNG (every colour type and bit depth, palette with tRNS, Adam7) to 8-bit
/// grayscale with alpha composited over white (when asked, over black for light ink on a clear
/// canvas), through libpng's simplified API (no setjmp crosses into Swift). Sizes are checked
/// from the header against `ImageDecoder`'s limits before anything is allocated, so a tiny
/// file cannot ask for gigabytes.
public enum PNGDecoder {
    public static func decode(file path: String) throws -> ByteImage {
        try decode(try ImageDecoder.readFile(path), name: path)
    }

    /// `lightInkOverBlack`: light ink on a clear canvas goes over black instead (`ImageDecoder`,
    /// which reads files for recognition, asks for it; the shared test corpus's references are
    /// over white, as this decoder gives them by default).
    public static func decode(_ bytes: [UInt8], name: String, lightInkOverBlack: Bool = false) throws -> ByteImage {
        guard !bytes.isEmpty else { throw ImageError.empty(file: name) }
        try checkSignature(bytes, name: name)
        guard bytes.count > 8 + 8 + 13 else { throw ImageError.truncatedHeader(file: name) }
        try checkChunkLengths(bytes, name: name)

        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let began = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard began != 0 else { throw failure(&image, name: name) }
        defer { png_image_free(&image) }

        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0 else { throw ImageError.invalid(file: name, detail: "the image header declares width or height 0") }
        // IHDR at a fixed place: bit depth at byte 24, colour type at 25, interlace method at 28.
        let bitDepth = bytes[24], colourType = bytes[25], interlaced = bytes[28] == 1
        if bitDepth == 16 && interlaced && colourType != 6 {
            // 8 bytes a pixel while decoding: only within the plain limit.
            try ImageDecoder.checkSize(width: width, height: height, name: name)
            return try decodeInterlaced16(&image, bytes: bytes, name: name, width: width, height: height, lightInkOverBlack: lightInkOverBlack)
        }
        try ImageDecoder.checkSize(width: width, height: height, name: name, pixelLimit: ImageDecoder.maxPixelsBeforeShrinking)
        let pixels = width * height
        let hasAlpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0  // the file's own format, before it is asked for gray
        image.format = UInt32(PNG_FORMAT_GRAY)
        image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
        let size = Int(cpng_image_size(&image))
        guard size == pixels else { throw ImageError.invalid(file: name, detail: "unexpected buffer size") }
        // Transparency goes over white, unless what is drawn is light: then over black, or a
        // white digit on a transparent canvas would vanish (walkthrough 35: "no digit found").
        // Judged up to `ImageDecoder.maxPixels` (an image larger is a photo, not a drawing).
        var background = png_color(red: 255, green: 255, blue: 255)
        if lightInkOverBlack, hasAlpha, pixels <= ImageDecoder.maxPixels,
           try lightInkOnTransparency(bytes, name: name, pixels: pixels) {
            background = png_color(red: 0, green: 0, blue: 0)
        }
        var out = [UInt8](repeating: 255, count: pixels)
        let ok = out.withUnsafeMutableBytes { png_image_finish_read(&image, &background, $0.baseAddress, 0, nil) }
        guard ok != 0 else { throw failure(&image, name: name) }
        let decoded = ByteImage(width: width, height: height, pixels: out)
        let k = ImageDecoder.shrinkFactor(width: width, height: height)
        return k == 1 ? decoded : decoded.shrunk(by: k)
    }

    /// Whether the image is light ink on transparency: under half of it opaque, a third or more
    /// clear, and the opaque part light (mean gray above 160). A sheet of paper with clear
    /// margins is mostly opaque and keeps white. Read as gray + alpha once more (2 bytes a
    /// pixel; only up to `ImageDecoder.maxPixels`).
    static func lightInkOnTransparency(_ bytes: [UInt8], name: String, pixels: Int) throws -> Bool {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let began = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard began != 0 else { throw failure(&image, name: name) }
        defer { png_image_free(&image) }
        image.format = UInt32(PNG_FORMAT_FLAG_ALPHA)
        image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)  // the grays the decode itself gives
        guard Int(cpng_image_size(&image)) == 2 * pixels else { return false }
        var ga = [UInt8](repeating: 0, count: 2 * pixels)
        let ok = ga.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard ok != 0 else { throw failure(&image, name: name) }
        var opaque = 0, clear = 0, graySum = 0
        for i in 0..<pixels {
            let a = ga[2 * i + 1]
            if a >= 128 { opaque += 1; graySum += Int(ga[2 * i]) } else if a < 16 { clear += 1 }
        }
        return lightOnClear(opaque: opaque, clear: clear, pixels: pixels, light: graySum > 160 * opaque)
    }

    /// Under half of the image opaque, a third or more clear, and the opaque part light.
    static func lightOnClear(opaque: Int, clear: Int, pixels: Int, light: Bool) -> Bool {
        opaque > 0 && 2 * opaque < pixels && 3 * clear >= pixels && light
    }

    /// Debian's libpng (1.6.39-2+deb12u4, libpng issue 853) returns wrong pixels for
    /// Adam7-interlaced 16-bit gray, gray+alpha and RGB images read as 8-bit (RGBA is unaffected). Reading them as 16-bit linear gray +
    /// alpha is correct; we composite over white in linear light and encode with libpng's
    /// own 1/2.2 power law, which matches the correct decode within ±1.
    /// `lightInkOverBlack`: as `decode`, judged on the same linear gray and alpha.
    static func decodeInterlaced16(_ image: inout png_image, bytes: [UInt8], name: String,
                                   width: Int, height: Int, lightInkOverBlack: Bool = false) throws -> ByteImage {
        image.format = UInt32(PNG_FORMAT_LINEAR_Y_ALPHA)
        image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
        let count = width * height
        var linear = [UInt16](repeating: 0, count: count * 2)
        let ok = linear.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard ok != 0 else { throw failure(&image, name: name) }
        var lut = [UInt8](repeating: 0, count: 65536)
        for v in 0..<65536 { lut[v] = UInt8(min(255, (255 * powf(Float(v) / 65535, 1 / 2.2)).rounded())) }
        var overBlack = false
        if lightInkOverBlack {
            // The 8-bit check's rule, pixel for pixel: its alphas (128 and 16 of 255) and its
            // light (an sRGB gray of 160), the gray un-premultiplied and encoded as the output is.
            var opaque = 0, clear = 0, graySum = 0
            for i in 0..<count {
                let y = Int(linear[2 * i]), a = Int(linear[2 * i + 1])
                if a >= 128 * 257 { opaque += 1; graySum += Int(lut[min(65535, y * 65535 / a)]) } else if a < 16 * 257 { clear += 1 }
            }
            overBlack = lightOnClear(opaque: opaque, clear: clear, pixels: count, light: graySum > 160 * opaque)
        }
        var out = [UInt8](repeating: 255, count: count)
        for i in 0..<count {
            let y = Int(linear[2 * i]), a = Int(linear[2 * i + 1])
            // Y is premultiplied by alpha: over black it is Y itself.
            let composited = overBlack ? y : min(65535, y + (65535 - a))
            out[i] = lut[composited]
        }
        return ByteImage(width: width, height: height, pixels: out)
    }

    /// Walks the chunk headers before libpng sees the file: libpng allocates a chunk's
    /// declared length before reading it, so a 57-byte file claiming a 1 GB chunk would make
    /// it allocate 1 GB. A chunk longer than the rest of the file means a truncated or
    /// corrupt file, refused here without allocating anything.
    static func checkChunkLengths(_ b: [UInt8], name: String) throws {
        var pos = 8
        while pos + 8 <= b.count {
            let length = Int(b[pos]) << 24 | Int(b[pos + 1]) << 16 | Int(b[pos + 2]) << 8 | Int(b[pos + 3])
            let typeBytes = b[(pos + 4)..<(pos + 8)]
            // A chunk's type is four ASCII letters. Anything else is damage, said as such and
            // never printed as it is (walkthrough, session 29: a crafted "type" of ESC [2J
            // cleared the terminal through the error message).
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                let hex = typeBytes.map { String($0, radix: 16, uppercase: true) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: " ")
                throw ImageError.invalid(file: name, detail: "the file is damaged at byte \(pos): no PNG chunk there (type bytes \(hex))")
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard length <= 0x7FFF_FFFF else {
                throw ImageError.invalid(file: name, detail: "chunk \(type) declares an impossible length \(length)")
            }
            let (end, overflow) = (pos + 12).addingReportingOverflow(length)
            guard !overflow, end <= b.count else {
                throw ImageError.invalid(file: name, detail: "the file is truncated (chunk \(type) declares \(length) bytes, \(max(0, b.count - pos - 12)) remain)")
            }
            if type == "IEND" { return }
            pos = end
        }
    }

    static func checkSignature(_ b: [UInt8], name: String) throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if b.count >= 8 && Array(b[0..<8]) == png { return }
        // A PNG that went through a text-mode transfer: the signature starts right but CR/LF were altered.
        if b.count >= 4 && Array(b[0..<4]) == Array(png[0..<4]) {
            let rest = Array(b[4..<min(8, b.count)])
            if rest.contains(0x0D) || rest.contains(0x0A) || rest.contains(0x20) { throw ImageError.asciiMangled(file: name) }
        }
        if b.count < 8 && png.starts(with: b) { throw ImageError.truncatedHeader(file: name) }
        throw ImageError.notPNG(file: name, looksLike: ImageDecoder.guessFormat(b))
    }

    /// libpng's short message, put into a sentence a user can act on.
    static func failure(_ image: inout png_image, name: String) -> ImageError {
        let message = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        let detail: String
        switch message {
        case "Read Error", "read beyond end of data": detail = "the file is truncated"
        case let m where m.contains("CRC error"):
            detail = m.hasPrefix("IHDR") ? "corrupt header (CRC error in IHDR)" : "corrupt data (\(m))"
        case "Invalid IHDR data": detail = "the image header is invalid (bad width, height, colour type or bit depth)"
        case let m where m.contains("incorrect data check"): detail = "corrupt compressed data (\(m))"
        case let m where m.contains("out of place"): detail = "chunks are missing or out of order (\(m))"
        case "Not a PNG file": return .notPNG(file: name, looksLike: nil)
        case "PNG file corrupted by ASCII conversion": return .asciiMangled(file: name)
        case "": detail = "libpng could not read it"
        default: detail = message
        }
        return .invalid(file: name, detail: detail)
    }
}
