import Foundation
import Support
import Testing
import TestSupport
@testable import DigitImage

/// The shared corpus: PngSuite, libpng's bad and edge-case files, generated hostile PNGs,
/// each against its reference decode (reference-gray8/index.tsv) or its expected refusal.
@Suite struct PNGCorpusTests {
    /// Files where Debian's libpng needs the 16-bit interlace workaround: ±1 allowed.
    static let tolerant: Set<String> = [
        "pngsuite/basi0g16.png", "pngsuite/basi2c16.png", "pngsuite/basi4a16.png", "pngsuite/bgai4a16.png",
        "pngsuite/libpng-contrib/ibasn0g16.png", "pngsuite/libpng-contrib/ibasn2c16.png",
        "pngsuite/libpng-contrib/ibasn4a16.png", "pngsuite/libpng-contrib/iftbwn0g16.png",
        "png-hostile/digit-7-gray16-adam7-28x28.png",
    ]

    @Test(.requires(.testdata)) func everyReferenceDecodeMatches() throws {
        let testdata = try Requirement.testdata.path()
        let rows = try String(contentsOfFile: testdata + "/reference-gray8/index.tsv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 336, "one reference per PNG that must decode")
        var matched = 0, tolerated = 0
        for row in rows {
            let cols = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 2 else { Issue.record("index.tsv row without a reference: \(row)"); continue }
            let source = cols[0], reference = cols[1]
            guard let ref = readPGM(testdata + "/" + reference) else { Issue.record("cannot read \(reference)"); continue }
            do {
                let img = try PNGDecoder.decode(file: testdata + "/" + source)
                #expect(img.width == ref.width, "\(source) width")
                #expect(img.height == ref.height, "\(source) height")
                guard img.pixels.count == ref.pixels.count else { continue }
                let maxDiff = zip(img.pixels, ref.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
                if Self.tolerant.contains(source) {
                    #expect(maxDiff <= 1, "\(source): off by \(maxDiff)")
                    tolerated += 1
                } else {
                    #expect(maxDiff == 0, "\(source): off by \(maxDiff)")
                }
                matched += 1
            } catch {
                Issue.record("\(source) should decode: \(error)")
            }
        }
        #expect(matched == rows.count, "every reference file decoded")
        // The hostile gray16-adam7 digit has no PGM in the index; the manifest's hash covers it.
        #expect(tolerated == Self.tolerant.count - 1)
        print("PngSuite/edge cases/hostile: \(matched) files decoded and matched their references (\(tolerated) within ±1)")
    }

    @Test(.requires(.testdata)) func interlacedTwinsDecodeIdentically() throws {
        let dir = try Requirement.testdata.path() + "/pngsuite"
        var pairs = 0
        for name in Env.files(in: dir) where name.count >= 4 && Array(name)[3] == "i" && !name.hasPrefix("x") {
            var twin = Array(name); twin[3] = "n"
            let twinName = String(twin)
            guard FileManager.default.fileExists(atPath: dir + "/" + twinName) else { continue }
            let a = try PNGDecoder.decode(file: dir + "/" + name), b = try PNGDecoder.decode(file: dir + "/" + twinName)
            let maxDiff = zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
            #expect(a.width == b.width, "\(name) vs \(twinName)")
            #expect(a.height == b.height, "\(name) vs \(twinName)")
            #expect(maxDiff <= (name.contains("16") ? 1 : 0), "\(name) vs \(twinName)")
            pairs += 1
        }
        // basi* (15), s01i…s40i (18), bgai4a08/16 have no twin named bgan…: 33 pairs.
        #expect(pairs == 33)
    }

    @Test(.requires(.testdata)) func corruptPngSuiteFilesAreRefusedWithAMessage() throws {
        let dir = try Requirement.testdata.path() + "/pngsuite"
        let bad = Env.files(in: dir).filter { $0.hasPrefix("x") }
        #expect(bad.count == 14)
        for name in bad {
            let error = try #require(throws: ImageError.self, "\(name)") { try PNGDecoder.decode(file: dir + "/" + name) }
            #expect("\(error)".hasPrefix(dir + "/" + name + ": "), "the message starts with the file: \(error)")
        }
    }

    /// All 23 refused, naming the file, except the one the README allows to decode (1×1).
    @Test(.requires(.testdata)) func libpngCrashersAreRefusedOrDecodedSafely() throws {
        let dir = try Requirement.testdata.path() + "/png-bad/crashers"
        let names = Env.files(in: dir)
        #expect(names.count == 23)
        for name in names {
            do {
                let img = try PNGDecoder.decode(file: dir + "/" + name)
                #expect(name == "empty_ancillary_chunks.png", "\(name) decoded (\(img.width)×\(img.height))")
                #expect(img.width == 1 && img.height == 1, "\(name)")
            } catch {
                #expect("\(error)".hasPrefix(dir + "/" + name + ": "), "the message starts with the file: \(error)")
            }
        }
    }

    struct Entry: Decodable {
        struct Decode: Decodable {
            var width: Int, height: Int, gray8_sha256: String?
            /// libpng's linear-light compositing of anti-aliased alpha (the decoder's policy).
            var libpng_simplified_gray8_sha256: String?
        }
        var file: String; var expect: String; var decode: Decode?; var width: Int?; var height: Int?
    }
    struct Manifest: Decodable { var files: [Entry] }

    /// "decode-or-reject" files (surplus IDAT data, a missing IEND) decode here: libpng's
    /// simplified API takes them, and the pixels must then be the reference's.
    @Test(.requires(.testdata)) func hostilePNGsGiveWhatTheManifestSays() throws {
        let dir = try Requirement.testdata.path() + "/png-hostile"
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json")))
        #expect(manifest.files.count == 23)
        for e in manifest.files {
            let path = dir + "/" + e.file
            let result = Result { try PNGDecoder.decode(file: path) }
            switch (e.expect, result) {
            case ("decode", .failure(let err)), ("decode-or-reject", .failure(let err)):
                Issue.record("\(e.file) should decode: \(err)")
            case ("decode", .success(let img)), ("decode-or-reject", .success(let img)):
                #expect(img.width == e.decode?.width ?? e.width, "\(e.file)")
                #expect(img.height == e.decode?.height ?? e.height, "\(e.file)")
                if e.file == "digit-7-gray16-adam7-28x28.png" {
                    // The Debian workaround is exact within ±1 (testdata README).
                    let ref = try PNGDecoder.decode(file: dir + "/digit-7-gray8-28x28.png")
                    #expect(img.pixels.count == ref.pixels.count)
                    #expect(zip(img.pixels, ref.pixels).allSatisfy { abs(Int($0) - Int($1)) <= 1 })
                } else if let want = e.decode?.libpng_simplified_gray8_sha256 ?? e.decode?.gray8_sha256 {
                    #expect(SHA256.hex(img.pixels) == want, "\(e.file): pixels differ from the expected decode")
                } else {
                    #expect(e.file == "photo-like-digit-7-4000x3000.png", "only the photo has no pixel hash")
                }
            case ("reject", .success): Issue.record("\(e.file) should be refused")
            case ("reject", .failure(let err)): #expect("\(err)".hasPrefix(path + ": "), "the message starts with the file: \(err)")
            default: Issue.record("\(e.file): unknown expectation \(e.expect)")
            }
        }
    }

    @Test(.requires(.testdata)) func refusesHugeDimensionsBeforeAllocating() throws {
        let path = try Requirement.testdata.path() + "/png-hostile/huge-dimensions-100000x100000.png"
        #expect(throws: ImageError.tooLarge(file: path, width: 100000, height: 100000,
                                            limit: "16384 px a side and 100 megapixels")) {
            try PNGDecoder.decode(file: path)
        }
    }

    @Test func messagesForNonPNGInput() {
        #expect(throws: ImageError.empty(file: "a.png")) { try PNGDecoder.decode([], name: "a.png") }
        #expect(throws: ImageError.notPNG(file: "b.png", looksLike: "JPEG")) { try PNGDecoder.decode([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5], name: "b.png") }
        #expect(throws: ImageError.truncatedHeader(file: "c.png")) { try PNGDecoder.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name: "c.png") }
        #expect(throws: ImageError.cannotRead(file: "/nonexistent.png", reason: "no such file")) { try PNGDecoder.decode(file: "/nonexistent.png") }
    }
}
