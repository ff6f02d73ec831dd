import CJPEG
import DigitModel
import Foundation
import Testing
import TestSupport
@testable import DigitImage

private typealias Files = JPEGTestFiles

/// Every kind of JPEG a person or a program makes decodes to the picture it holds.
@Suite struct JPEGDecoderTests {
    /// Fixture → a marker that proves the file is of the kind its name says.
    static let fixtures: [(String, UInt8?)] = [
        ("baseline-420.jpg", 0xC0), ("baseline-444.jpg", 0xC0), ("baseline-422.jpg", 0xC0), ("baseline-440.jpg", 0xC0),
        ("baseline-411.jpg", 0xC0), ("sampling-3x1.jpg", 0xC0), ("optimized.jpg", 0xC0), ("progressive.jpg", 0xC2),
        ("arithmetic.jpg", 0xC9), ("rgb.jpg", 0xC0), ("gray.jpg", 0xC0), ("gray-progressive.jpg", 0xC2),
        ("restart.jpg", 0xD0), ("restart-progressive.jpg", 0xD0), ("cmyk-adobe.jpg", 0xEE),
    ]

    @Test(arguments: fixtures)
    func fixtureDecodesToItsPicture(_ name: String, marker: UInt8?) throws {
        let bytes = try Files.fixture(name)
        if let marker { #expect(Files.find(marker, in: bytes) != nil, "\(name) lacks marker FF \(String(marker, radix: 16))") }
        let img = try ImageDecoder.decode(bytes, name: name)
        #expect(img.width == 47 && img.height == 30, "\(name): \(img.width)×\(img.height)")
        let (mean, centres) = Files.compare(img, Files.layout())
        #expect(mean < 6, "\(name): mean difference \(mean)")
        #expect(centres.allSatisfy { $0 <= 8 }, "\(name): centres off by \(centres)")
    }

    /// TurboJPEG's encoder turns CMYK into YCCK; the file stores 255 − ink (Adobe convention).
    @Test func ycckDecodesToGray() throws {
        let want = Files.layout()
        var cmyk: [UInt8] = []
        for v in want.pixels {
            switch v {
            case 0: cmyk += [255, 255, 255, 0]    // black ink only
            case 76: cmyk += [255, 0, 0, 255]     // magenta + yellow = red
            default: cmyk += [255, 255, 255, 255] // no ink
            }
        }
        let jpeg = Files.encode(cmyk, width: 47, height: 30, format: TJPF_CMYK, subsampling: TJSAMP_420)
        let header = try TurboJPEG(name: "ycck.jpg", markers: JPEGMarkers(jpeg)).header(jpeg)
        #expect(header.colorspace == Int32(TJCS_YCCK.rawValue))
        let (mean, centres) = Files.compare(try ImageDecoder.decode(jpeg, name: "ycck.jpg"), want)
        #expect(mean < 6 && centres.allSatisfy { $0 <= 8 }, "\(mean) \(centres)")
    }

    /// Without the Adobe segment, the same CMYK bytes are ink amounts: white paper (stored 255)
    /// becomes full ink. Pins that the segment, not a guess, decides.
    @Test func cmykWithoutAdobeSegmentIsReadAsInk() throws {
        var bytes = try Files.fixture("cmyk-adobe.jpg")
        let at = try #require(Files.find(0xEE, in: bytes))
        let length = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        bytes.removeSubrange(at..<(at + 2 + length))
        let img = try ImageDecoder.decode(bytes, name: "cmyk-plain.jpg")
        #expect(img[23, 25] < 10, "background \(img[23, 25])")
    }

    @Test func grayFromCMYKUsesLumaWeights() {
        // Stored 255 − ink: white, black (K), red (M+Y), green (C+Y), blue (C+M).
        let stored: [UInt8] = [255, 255, 255, 255, 255, 255, 255, 0, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]
        #expect(JPEGDecoder.grayFromCMYK(stored, inverted: true) == [255, 0, 76, 150, 29])
        #expect(JPEGDecoder.grayFromCMYK(stored.map { 255 - $0 }, inverted: false) == [255, 0, 76, 150, 29])
    }

    @Test func progressiveAndSubsampledFromTurboJPEGMatchBaseline() throws {
        let want = Files.layout(width: 61, height: 43)
        let rgb = want.pixels.flatMap { v -> [UInt8] in v == 76 ? [255, 0, 0] : [v, v, v] }
        for (samp, progressive) in [(TJSAMP_444, false), (TJSAMP_420, true), (TJSAMP_422, true), (TJSAMP_GRAY, true)] {
            let jpeg = Files.encode(rgb, width: 61, height: 43, format: TJPF_RGB, subsampling: samp, progressive: progressive)
            let (mean, centres) = Files.compare(try ImageDecoder.decode(jpeg, name: "t.jpg"), want)
            #expect(mean < 6 && centres.allSatisfy { $0 <= 8 }, "\(samp) progressive \(progressive): \(mean) \(centres)")
        }
    }

    @Test func reducedSizeDecodes() throws {
        let want = Files.layout(width: 203, height: 121)
        let jpeg = Files.encodeGray(want)
        for scale in JPEGDecoder.Scale.allCases {
            let img = try ImageDecoder.decode(jpeg, name: "s.jpg", jpeg: .init(scale: scale))
            let d = scale.rawValue
            #expect(img.width == (203 + d - 1) / d && img.height == (121 + d - 1) / d, "\(scale)")
            #expect(img[1, 1] < 40 && img[img.width / 2, img.height - 2] > 215, "\(scale): \(img[1, 1]) \(img[img.width / 2, img.height - 2])")
        }
        let fast = try ImageDecoder.decode(jpeg, name: "s.jpg", jpeg: .init(fastDCT: true))
        let accurate = try ImageDecoder.decode(jpeg, name: "s.jpg")
        let diffs = zip(fast.pixels, accurate.pixels).map { abs(Int($0) - Int($1)) }
        // The fast IDCT is another computation (some pixels differ) giving nearly the same picture.
        let total = diffs.reduce(0, +)
        #expect((diffs.max() ?? 0) <= 16 && total > 0 && total < diffs.count / 4, "max \(diffs.max() ?? 0), total \(total)")
    }

    /// Content decides, not the name: a JPEG called .png and a PNG called .jpg both decode.
    @Test func formatComesFromTheContent() throws {
        let jpeg = try Files.fixture("gray.jpg")
        #expect(try ImageDecoder.decode(jpeg, name: "really-a-jpeg.png") == JPEGDecoder.decode(jpeg, name: "x"))
        let png = try ImageDecoder.readFile(Env.root + "/digits/7_gray16.png")
        #expect(try ImageDecoder.decode(png, name: "really-a-png.jpg") == PNGDecoder.decode(png, name: "x"))
        #expect(ImageDecoder.format(of: jpeg) == .jpeg && ImageDecoder.format(of: png) == .png)
    }

    @Test func emptyAndForeignFilesAreNamed() {
        #expect(throws: ImageError.empty(file: "e.jpg")) { try ImageDecoder.decode([], name: "e.jpg") }
        #expect(throws: ImageError.empty(file: "e.jpg")) { try JPEGDecoder.decode([], name: "e.jpg") }
        #expect(throws: ImageError.unsupportedFormat(file: "g.jpg", looksLike: "GIF")) {
            try ImageDecoder.decode(Array("GIF89a....".utf8), name: "g.jpg")
        }
        #expect(throws: ImageError.unsupportedFormat(file: "h.heic", looksLike: "HEIC/AVIF or MP4")) {
            try ImageDecoder.decode([0, 0, 0, 24] + Array("ftypheic".utf8), name: "h.heic")
        }
        #expect(throws: ImageError.unsupportedFormat(file: "z", looksLike: nil)) { try ImageDecoder.decode([0, 1, 2], name: "z") }
        #expect("\(ImageError.unsupportedFormat(file: "g.jpg", looksLike: "GIF"))" == "g.jpg: not a PNG or JPEG image (looks like GIF)")
    }
}

/// Broken and hostile JPEGs are refused with a message naming the file, never decoded to
/// grey filler, and never allowed to allocate what the header claims beyond the limits.
@Suite struct JPEGRefusalTests {
    @Test(arguments: ["baseline-420.jpg", "progressive.jpg", "restart.jpg", "cmyk-adobe.jpg", "arithmetic.jpg"])
    func truncatedFilesAreRefused(_ name: String) throws {
        let bytes = try Files.fixture(name)
        let sos = try #require(Files.find(0xDA, in: bytes))
        for cut in [2, 3, 4, 20, sos - 5, sos + 4, sos + 20, bytes.count / 2, bytes.count - 40, bytes.count - 2] {
            let file = "\(name)-cut-\(cut)"
            do {
                let img = try ImageDecoder.decode(Array(bytes[0..<cut]), name: file)
                Issue.record("\(file) decoded to \(img.width)×\(img.height)")
            } catch {
                #expect("\(error)".hasPrefix(file + ": "), "\(error)")
                #expect("\(error)".contains("truncated"), "\(error)")
            }
        }
    }

    @Test func corruptStructureIsRefused() throws {
        let base = try Files.fixture("baseline-420.jpg")
        let sof = try #require(Files.find(0xC0, in: base)), dht = try #require(Files.find(0xC4, in: base))
        var cases: [(String, [UInt8])] = []
        var b = base; b[sof + 4] = 12; cases.append(("precision-12", b))                // 12-bit data is not 8-bit
        b = base; b[sof + 9] = 0; cases.append(("zero-components", b))
        b = base; b[dht + 5] = 0xFF; cases.append(("huffman-counts", b))             // code lengths overflow
        b = base; b[sof + 1] = 0xCF; cases.append(("unknown-frame", b))               // SOF15: lossless arithmetic
        b = base; b.insert(contentsOf: [1, 2, 3], at: try #require(Files.find(0xDA, in: base))); cases.append(("junk-before-sos", b))
        var rst = try Files.fixture("restart.jpg")
        rst[try #require(Files.find(0xD1, in: rst)) + 1] = 0xD5; cases.append(("restart-out-of-order", rst))
        for (what, bytes) in cases {
            let file = "corrupt-\(what).jpg"
            #expect(throws: ImageError.self, "\(what)") { try ImageDecoder.decode(bytes, name: file) }
            do { _ = try ImageDecoder.decode(bytes, name: file) } catch {
                #expect("\(error)".hasPrefix(file + ": not a valid JPEG: "), "\(error)")
            }
        }
    }

    /// Padding between the last scan and EOI is the one warning accepted: every row was decoded.
    @Test func strayBytesBeforeTheEndAreAccepted() throws {
        let base = try Files.fixture("progressive.jpg")
        let padded = Array(base.dropLast(2)) + [0x12, 0x34, 0x56] + [0xFF, 0xD9]
        #expect(try ImageDecoder.decode(padded, name: "p.jpg") == ImageDecoder.decode(base, name: "p.jpg"))
        // …but not data that still ends in EOI after a cut inside the scan.
        let cutInside = Array(base[0..<(base.count - 60)]) + [0xFF, 0xD9]
        #expect(throws: ImageError.self) { try ImageDecoder.decode(cutInside, name: "c.jpg") }
    }

    /// Random damage never crashes: a message naming the file, or an image of the header's size
    /// (entropy-coded bytes that still form valid codes decode to wrong pixels; no decoder can tell).
    @Test func randomDamageIsRefusedOrDecodedAtTheHeaderSize() throws {
        var rng = SplitMix64(seed: 15)
        for name in ["baseline-420.jpg", "progressive.jpg", "cmyk-adobe.jpg", "restart.jpg"] {
            let base = try Files.fixture(name)
            for i in 0..<60 {
                var b = base
                for _ in 0..<(1 + i % 4) { b[Int.random(in: 2..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
                do {
                    let img = try ImageDecoder.decode(b, name: "damaged.jpg")
                    #expect(img.width <= ImageDecoder.maxSide && img.height <= ImageDecoder.maxSide)
                } catch {
                    #expect("\(error)".hasPrefix("damaged.jpg: "), "\(error)")
                }
            }
        }
    }

    /// A size that is too large even decoded at 1/8 is refused from the header, by the size it
    /// declares; a size that fits at 1/2 … 1/8 (a 48-megapixel phone photo) is decoded at that
    /// scale — here the body is a small file's, so it is refused as corrupt, never allocated at
    /// full size.
    @Test(arguments: [(65500, 65500, true), (16385, 8, false), (8, 16385, false), (8000, 5001, false)])
    func hugeHeaderIsRefusedBeforeAllocating(_ width: Int, _ height: Int, _ tooLargeAtAnyScale: Bool) throws {
        var b = try Files.fixture("baseline-420.jpg")
        let sof = try #require(Files.find(0xC0, in: b))
        b[sof + 5] = UInt8(height >> 8); b[sof + 6] = UInt8(height & 0xFF)
        b[sof + 7] = UInt8(width >> 8); b[sof + 8] = UInt8(width & 0xFF)
        if tooLargeAtAnyScale {
            #expect(throws: ImageError.tooLarge(file: "big.jpg", width: width, height: height,
                                                limit: "16384 px a side and 40 megapixels")) {
                try ImageDecoder.decode(b, name: "big.jpg")
            }
        } else {
            let error = try #require(throws: ImageError.self) { try ImageDecoder.decode(b, name: "big.jpg") }
            #expect("\(error)".hasPrefix("big.jpg: not a valid JPEG"), "\(error)")
        }
    }

    @Test func headerWithoutAnImageIsRefused() throws {
        // A tables-only stream: SOI, the quantisation and Huffman tables, EOI.
        let base = try Files.fixture("baseline-420.jpg")
        let sof = try #require(Files.find(0xC0, in: base))
        let tables = Array(base[0..<sof]) + [0xFF, 0xD9]
        #expect(throws: ImageError.invalidJPEG(file: "t.jpg", detail: "the file holds no image (no frame header before the end)")) {
            try ImageDecoder.decode(tables, name: "t.jpg")
        }
    }
}
