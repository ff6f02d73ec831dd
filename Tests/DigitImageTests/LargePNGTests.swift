import Foundation
import Testing
import TestSupport
@testable import DigitImage

/// A PNG over the 40-megapixel limit is read at a whole fraction of its size, as a JPEG that
/// large is (walkthrough: an 8000×6000 JPEG was read and the same picture as PNG refused).
@Suite struct LargePNGTests {
    @Test func shrinkingAveragesEachBlockAndKeepsTheEdges() {
        // 5×3 by 2: blocks of 2×2, the last column and row of blocks partial.
        let image = ByteImage(width: 5, height: 3, pixels: [0, 10, 20, 30, 40,
                                                            2, 12, 22, 32, 41,
                                                            100, 100, 200, 200, 255])
        let small = image.shrunk(by: 2)
        #expect(small.width == 3 && small.height == 2)
        #expect(small.pixels == [6, 26, 41, 100, 200, 255])
        #expect(image.shrunk(by: 1) == image)
    }

    @Test func theFactorIsTheSmallestThatFits() {
        #expect(ImageDecoder.shrinkFactor(width: 6000, height: 4000) == 1)
        #expect(ImageDecoder.shrinkFactor(width: 8000, height: 6000) == 2)
        #expect(ImageDecoder.shrinkFactor(width: 16384, height: 6000) == 2)
        #expect(ImageDecoder.shrinkFactor(width: 10000, height: 10000) == 2)
        #expect(ImageDecoder.shrinkFactor(width: 16384, height: 16384) == 3)
    }

    @Test func an8000By6000PNGIsReadAtHalfSizeAndItsDigitFound() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var page = ByteImage(width: 8000, height: 6000, fill: 235)
        let glyph = StrokeDigits.render(7, style: .rounded, size: 1600, penWidth: 110, seed: 2)
        for y in 0..<glyph.height { for x in 0..<glyph.width { page[3000 + x, 2000 + y] = glyph[x, y] } }
        let path = dir.file("page.png")
        try PNGEncoder.write(page, to: path)
        let decoded = try ImageDecoder.decode(file: path)
        #expect(decoded.width == 4000 && decoded.height == 3000)
        // What the file declares, for the gallery: "8000×6000 PNG · shrunk to 4000×3000".
        let declared = try #require(ImageDecoder.declaredSize(of: try ImageDecoder.readFile(path)))
        #expect(declared.width == 8000 && declared.height == 6000)
        #expect(ImageDecoder.declaredSize(of: Array("GIF89a".utf8)) == nil && ImageDecoder.declaredSize(of: [0x89, 0x50, 0x4E, 0x47]) == nil)
        // The paper's level is kept, and the stroke is where it was, at half the coordinates.
        #expect(decoded[100, 100] == 235)
        let ink = (0..<glyph.height).flatMap { y in (0..<glyph.width).map { (x: $0, y: y) } }.first { glyph[$0.x, $0.y] < 40 }
        let p = try #require(ink)
        #expect(decoded[(3000 + p.x) / 2, (2000 + p.y) / 2] < 128)
        #expect(DigitExtraction.extract(decoded).digits.count == 1)
    }

    @Test func aPNGOverTheShrinkingLimitIsRefusedFromItsHeader() throws {
        // 11000×10000 declared in a valid header with no pixels: refused before any allocation.
        let bytes = pngHeaderOnly(width: 11000, height: 10000)
        #expect(throws: ImageError.tooLarge(file: "big.png", width: 11000, height: 10000,
                                            limit: "16384 px a side and 100 megapixels")) {
            try PNGDecoder.decode(bytes, name: "big.png")
        }
    }

    /// Signature, IHDR (8-bit gray) with its CRC, an empty IDAT and IEND.
    func pngHeaderOnly(width: Int, height: Int) -> [UInt8] {
        func be32(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) } }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be32(data.count) + body + be32(Int(crc32(body)))
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", be32(width) + be32(height) + [8, 0, 0, 0, 0]) + chunk("IDAT", []) + chunk("IEND", [])
    }

    /// The PNG chunk CRC (CRC-32, polynomial 0xEDB88320).
    func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }
}
