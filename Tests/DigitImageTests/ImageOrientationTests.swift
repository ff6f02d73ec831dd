import CJPEG
import Testing
import TestSupport
@testable import DigitImage

private typealias Files = JPEGTestFiles

/// EXIF orientation: phone photos stored sideways come out upright.
@Suite struct ImageOrientationTests {
    /// A 3×2 image turned by each orientation, written out by hand from the EXIF definitions
    /// ("row 0 is the visual top/bottom/left/right, column 0 is …").
    @Test func eachOrientationMovesPixelsAsExifDefines() {
        let img = ByteImage(width: 3, height: 2, pixels: [1, 2, 3, 4, 5, 6])
        let want: [ImageOrientation: (Int, Int, [UInt8])] = [
            .identity: (3, 2, [1, 2, 3, 4, 5, 6]), .flipHorizontal: (3, 2, [3, 2, 1, 6, 5, 4]),
            .rotate180: (3, 2, [6, 5, 4, 3, 2, 1]), .flipVertical: (3, 2, [4, 5, 6, 1, 2, 3]),
            .transpose: (2, 3, [1, 4, 2, 5, 3, 6]), .rotate90: (2, 3, [4, 1, 5, 2, 6, 3]),
            .transverse: (2, 3, [6, 3, 5, 2, 4, 1]), .rotate270: (2, 3, [3, 6, 2, 5, 1, 4]),
        ]
        for o in ImageOrientation.allCases {
            let (w, h, pixels) = want[o]!
            #expect(img.oriented(o) == ByteImage(width: w, height: h, pixels: pixels), "\(o)")
        }
        let one = ByteImage(width: 1, height: 1, pixels: [9])
        #expect(ImageOrientation.allCases.allSatisfy { one.oriented($0) == one })
    }

    enum Corner { case topLeft, topRight, bottomLeft, bottomRight }

    /// Where the stored image holds the upright picture's top-left (dark) and top-right (grey)
    /// corners, for each EXIF value — from the EXIF diagrams, not from the code under test.
    static let stored: [Int: (dark: Corner, grey: Corner)] = [
        1: (.topLeft, .topRight), 2: (.topRight, .topLeft), 3: (.bottomRight, .bottomLeft), 4: (.bottomLeft, .bottomRight),
        5: (.topLeft, .bottomLeft), 6: (.bottomLeft, .topLeft), 7: (.bottomRight, .topRight), 8: (.topRight, .bottomRight),
    ]

    static func picture(width: Int, height: Int, dark: Corner, grey: Corner) -> ByteImage {
        var img = ByteImage(width: width, height: height, fill: 255)
        for (corner, value) in [(dark, UInt8(0)), (grey, UInt8(128))] {
            let x0 = corner == .topLeft || corner == .bottomLeft ? 0 : width - 12
            let y0 = corner == .topLeft || corner == .topRight ? 0 : height - 12
            for y in y0..<(y0 + 12) { for x in x0..<(x0 + 12) { img[x, y] = value } }
        }
        return img
    }

    @Test(arguments: 1...8)
    func exifOrientationIsApplied(_ value: Int) throws {
        let corners = try #require(Self.stored[value])
        let (w, h) = value >= 5 ? (32, 48) : (48, 32)
        let jpeg = Files.encodeGray(Self.picture(width: w, height: h, dark: corners.dark, grey: corners.grey))
        // Both byte orders, and an unrelated tag before the orientation as cameras write them.
        let exif = Files.withExif(jpeg, entries: [(0x010F, 2, 4, 0x6F6E_6F00), (0x0112, 3, 1, UInt32(value))],
                                  bigEndian: value % 2 == 0)
        let img = try ImageDecoder.decode(exif, name: "o\(value).jpg")
        #expect(img.width == 48 && img.height == 32, "orientation \(value): \(img.width)×\(img.height)")
        let upright = Self.picture(width: 48, height: 32, dark: .topLeft, grey: .topRight)
        let diff = zip(img.pixels, upright.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 255
        #expect(diff < 40, "orientation \(value): largest difference from upright \(diff)")
        #expect(img[5, 5] < 20 && abs(Int(img[42, 5]) - 128) < 20, "orientation \(value): \(img[5, 5]) \(img[42, 5])")
    }

    @Test func orientationIsAppliedToReducedDecodesToo() throws {
        let jpeg = Files.withExif(Files.encodeGray(Self.picture(width: 32, height: 48, dark: .bottomLeft, grey: .topLeft)),
                                  entries: [(0x0112, 3, 1, 6)], bigEndian: false)
        let img = try ImageDecoder.decode(jpeg, name: "o.jpg", jpeg: .init(scale: .half))
        #expect(img.width == 24 && img.height == 16 && img[2, 2] < 30, "\(img.width)×\(img.height) \(img[2, 2])")
        // The size the gallery shows is the file's, upright, not the reduced decode's.
        let declared = try #require(ImageDecoder.declaredSize(of: jpeg))
        #expect(declared.width == 48 && declared.height == 32, "\(declared)")
    }

    /// Malformed EXIF never crashes and never turns the image: orientation 1.
    @Test func malformedExifIsIgnored() {
        let jpeg = Files.encodeGray(Self.picture(width: 16, height: 16, dark: .topLeft, grey: .topRight))
        var cases: [(String, [UInt8])] = [
            ("value 0", Files.withExif(jpeg, entries: [(0x0112, 3, 1, 0)], bigEndian: false)),
            ("value 9", Files.withExif(jpeg, entries: [(0x0112, 3, 1, 9)], bigEndian: true)),
            ("type LONG", Files.withExif(jpeg, entries: [(0x0112, 4, 1, 6)], bigEndian: false)),
            ("count 0", Files.withExif(jpeg, entries: [(0x0112, 3, 0, 6)], bigEndian: false)),
            ("IFD past the segment", Files.withExif(jpeg, entries: [(0x0112, 3, 1, 6)], bigEndian: false, ifdOffset: 4000)),
            ("IFD offset 2^32-1", Files.withExif(jpeg, entries: [(0x0112, 3, 1, 6)], bigEndian: true, ifdOffset: 0xFFFF_FFFF)),
            ("not TIFF", Files.withSegment(jpeg, marker: 0xE1, body: Array("Exif\0\0XX*\0".utf8))),
            ("TIFF cut", Files.withSegment(jpeg, marker: 0xE1, body: Array("Exif\0\0II".utf8))),
            ("XMP, not Exif", Files.withSegment(jpeg, marker: 0xE1, body: Array("http://ns.adobe.com/xap/1.0/\0".utf8))),
        ]
        // An IFD that claims 60000 entries but the segment ends after one.
        var many = Files.withExif(jpeg, entries: [(0x010F, 2, 4, 0)], bigEndian: false)
        many[4 + 2 + 6 + 8] = 0x60; many[4 + 2 + 6 + 9] = 0xEA
        cases.append(("60000 entries claimed", many))
        for (what, bytes) in cases {
            #expect(JPEGMarkers(bytes).orientation == .identity, "\(what)")
            #expect((try? ImageDecoder.decode(bytes, name: "m.jpg"))?.width == 16, "\(what)")
        }
        #expect(JPEGMarkers(Files.withExif(jpeg, entries: [(0x0112, 3, 1, 8)], bigEndian: true)).orientation == .rotate270)
    }
}
