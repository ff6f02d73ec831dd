import CJPEG
import Foundation
import Testing
import TestSupport
@testable import DigitImage

/// JPEGs made by the tests themselves (TurboJPEG's encoder) and the committed fixtures
/// (cjpeg, jpegtran and Pillow: see Fixtures/make-jpeg-fixtures.sh).
enum JPEGTestFiles {
    static let fixtures = Env.root + "/Tests/DigitImageTests/Fixtures"

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name)))
    }

    /// The fixtures' picture as expected gray: 47×30 white, black 16×16 top left, pure red
    /// (luma 76) 16×16 top right.
    static func layout(width: Int = 47, height: Int = 30) -> ByteImage {
        var img = ByteImage(width: width, height: height, fill: 255)
        for y in 0..<16 { for x in 0..<16 { img[x, y] = 0; img[width - 16 + x, y] = 76 } }
        return img
    }

    /// Encodes packed pixels (`format` TJPF_GRAY, TJPF_RGB or TJPF_CMYK) with TurboJPEG.
    static func encode(_ pixels: [UInt8], width: Int, height: Int, format: TJPF, subsampling: TJSAMP,
                       quality: Int32 = 95, progressive: Bool = false) -> [UInt8] {
        guard let tj = tjInitCompress() else { Issue.record("tjInitCompress failed"); return [] }
        defer { tjDestroy(tj) }
        var buffer: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let status = pixels.withUnsafeBufferPointer {
            tjCompress2(tj, $0.baseAddress, Int32(width), 0, Int32(height), Int32(format.rawValue), &buffer, &size,
                        Int32(subsampling.rawValue), quality, progressive ? TJFLAG_PROGRESSIVE : 0)
        }
        defer { tjFree(buffer) }
        guard status == 0, let buffer else {
            Issue.record("tjCompress2: \(String(cString: tjGetErrorStr2(tj)))")
            return []
        }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }

    static func encodeGray(_ img: ByteImage, quality: Int32 = 95) -> [UInt8] {
        encode(img.pixels, width: img.width, height: img.height, format: TJPF_GRAY, subsampling: TJSAMP_GRAY, quality: quality)
    }

    /// `jpeg` with an APP1 Exif segment right after SOI whose IFD0 holds `entries`
    /// (tag, type, count, value) in the given byte order.
    static func withExif(_ jpeg: [UInt8], entries: [(tag: UInt16, type: UInt16, count: UInt32, value: UInt32)],
                         bigEndian: Bool, ifdOffset: UInt32 = 8) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: UInt32) -> [UInt8] {
            bigEndian ? u16(UInt16(v >> 16)) + u16(UInt16(v & 0xFFFF)) : u16(UInt16(v & 0xFFFF)) + u16(UInt16(v >> 16))
        }
        var tiff: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        tiff += u16(42) + u32(ifdOffset) + u16(UInt16(entries.count))
        for e in entries {
            // A SHORT value sits in the first two bytes of the 4-byte value field.
            tiff += u16(e.tag) + u16(e.type) + u32(e.count) + (e.type == 3 ? u16(UInt16(e.value)) + [0, 0] : u32(e.value))
        }
        tiff += u32(0)  // no next IFD
        return withSegment(jpeg, marker: 0xE1, body: Array("Exif\0\0".utf8) + tiff)
    }

    /// `jpeg` with one more marker segment right after SOI.
    static func withSegment(_ jpeg: [UInt8], marker: UInt8, body: [UInt8]) -> [UInt8] {
        let length = body.count + 2
        return Array(jpeg[0..<2]) + [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + body + Array(jpeg[2...])
    }

    /// Offset of the first `FF marker` pair, scanning from the start.
    static func find(_ marker: UInt8, in b: [UInt8]) -> Int? {
        (0..<(b.count - 1)).first { b[$0] == 0xFF && b[$0 + 1] == marker }
    }

    /// Mean absolute difference and the difference at the centre of each of the three
    /// regions (black square, red square, white background), for JPEG's lossy pixels.
    static func compare(_ img: ByteImage, _ want: ByteImage) -> (mean: Double, centres: [Int]) {
        guard img.width == want.width, img.height == want.height else { return (255, [255]) }
        let total = zip(img.pixels, want.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        let points = [(8, 8), (want.width - 8, 8), (want.width / 2, want.height - 6)]
        return (Double(total) / Double(img.pixels.count), points.map { abs(Int(img[$0.0, $0.1]) - Int(want[$0.0, $0.1])) })
    }
}
