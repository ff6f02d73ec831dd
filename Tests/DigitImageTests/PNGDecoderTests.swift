import Foundation
import Support
import Testing
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

    @Test func everyReferenceDecodeMatches() throws {
        let index = Env.testdata + "/reference-gray8/index.tsv"
        guard Env.available(index, what: "shared/testdata/reference-gray8") else { return }
        let rows = try String(contentsOfFile: index, encoding: .utf8).split(separator: "\n").dropFirst()
        var matched = 0, tolerated = 0
        for row in rows {
            let cols = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let source = cols[0], reference = cols[1]
            guard let ref = readPGM(Env.testdata + "/" + reference) else { Issue.record("cannot read \(reference)"); continue }
            do {
                let img = try PNGDecoder.decode(file: Env.testdata + "/" + source)
                #expect(img.width == ref.width && img.height == ref.height, "\(source) size")
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
        #expect(matched >= 330, "decoded \(matched) reference files")
        // The hostile gray16-adam7 digit has no PGM in the index; the manifest's hash covers it.
        #expect(tolerated == Self.tolerant.count - 1)
        print("PngSuite/edge cases/hostile: \(matched) files decoded and matched their references (\(tolerated) within ±1)")
    }

    @Test func interlacedTwinsDecodeIdentically() throws {
        let dir = Env.testdata + "/pngsuite"
        guard Env.available(dir, what: "shared/testdata/pngsuite") else { return }
        var pairs = 0
        for name in Env.files(in: dir) where name.count >= 4 && Array(name)[3] == "i" && !name.hasPrefix("x") {
            var twin = Array(name); twin[3] = "n"
            let twinName = String(twin)
            guard FileManager.default.fileExists(atPath: dir + "/" + twinName) else { continue }
            let a = try PNGDecoder.decode(file: dir + "/" + name), b = try PNGDecoder.decode(file: dir + "/" + twinName)
            let maxDiff = zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
            #expect(a.width == b.width && a.height == b.height && maxDiff <= (name.contains("16") ? 1 : 0), "\(name) vs \(twinName)")
            pairs += 1
        }
        #expect(pairs >= 30)
    }

    @Test func corruptPngSuiteFilesAreRefusedWithAMessage() throws {
        let dir = Env.testdata + "/pngsuite"
        guard Env.available(dir, what: "shared/testdata/pngsuite") else { return }
        let bad = Env.files(in: dir).filter { $0.hasPrefix("x") }
        #expect(bad.count == 14)
        for name in bad {
            #expect(throws: ImageError.self, "\(name)") { try PNGDecoder.decode(file: dir + "/" + name) }
            do { _ = try PNGDecoder.decode(file: dir + "/" + name) } catch { #expect("\(error)".contains(name)) }
        }
    }

    @Test func libpngCrashersAreRefusedOrDecodedSafely() throws {
        let dir = Env.testdata + "/png-bad/crashers"
        guard Env.available(dir, what: "shared/testdata/png-bad") else { return }
        for name in Env.files(in: dir) {
            do {
                let img = try PNGDecoder.decode(file: dir + "/" + name)
                #expect(name == "empty_ancillary_chunks.png", "\(name) decoded (\(img.width)×\(img.height))")
            } catch {
                #expect("\(error)".contains(name))
            }
        }
    }

    struct Entry: Decodable {
        struct Decode: Decodable { var width: Int; var height: Int; var gray8_sha256: String? }
        var file: String; var expect: String; var decode: Decode?; var width: Int?; var height: Int?
    }
    struct Manifest: Decodable { var files: [Entry] }

    @Test func hostilePNGsGiveWhatTheManifestSays() throws {
        let dir = Env.testdata + "/png-hostile"
        guard Env.available(dir, what: "shared/testdata/png-hostile") else { return }
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json")))
        for e in manifest.files {
            let result = Result { try PNGDecoder.decode(file: dir + "/" + e.file) }
            switch (e.expect, result) {
            case ("decode", .failure(let err)): Issue.record("\(e.file) should decode: \(err)")
            case ("decode", .success(let img)):
                #expect(img.width == (e.decode?.width ?? e.width) && img.height == (e.decode?.height ?? e.height), "\(e.file)")
                if e.file == "digit-7-gray16-adam7-28x28.png" {
                    // The Debian workaround is exact within ±1 (testdata README).
                    let ref = try PNGDecoder.decode(file: dir + "/digit-7-gray8-28x28.png")
                    #expect(zip(img.pixels, ref.pixels).allSatisfy { abs(Int($0) - Int($1)) <= 1 })
                } else if let want = e.decode?.gray8_sha256, !e.file.contains("antialiased") {
                    #expect(SHA256.hex(img.pixels) == want, "\(e.file): pixels differ from the expected decode")
                }
            case ("reject", .success): Issue.record("\(e.file) should be refused")
            case ("reject", .failure(let err)): #expect("\(err)".contains(e.file), "\(err)")
            default: break
            }
        }
    }

    @Test func refusesHugeDimensionsBeforeAllocating() throws {
        let path = Env.testdata + "/png-hostile/huge-dimensions-100000x100000.png"
        guard Env.available(path, what: "huge-dimensions PNG") else { return }
        #expect(throws: ImageError.tooLarge(file: path, width: 100000, height: 100000,
                                            limit: "16384 px a side and 40 megapixels")) {
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
