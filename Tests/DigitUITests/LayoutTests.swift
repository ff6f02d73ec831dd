import DigitApp
import Glibc
import Testing
@testable import DigitUI

@Suite struct LayoutTests {
    @Test func splitsByLengthMinAndPercentage() {
        let rows = Rect(x: 0, y: 0, width: 80, height: 24).rows([.length(1), .min(0), .length(1), .length(1)])
        #expect(rows.map(\.y) == [0, 1, 22, 23] && rows.map(\.height) == [1, 21, 1, 1])
        let cols = Rect(x: 2, y: 0, width: 100, height: 1).columns([.percentage(25), .min(10), .min(10), .length(5)])
        #expect(cols.map(\.width) == [25, 35, 35, 5] && cols.map(\.x) == [2, 27, 62, 97])
        // Too little room: the last parts give way, the first stay whole.
        let tight = Rect(x: 0, y: 0, width: 10, height: 1).columns([.length(6), .length(6), .min(3)])
        #expect(tight.map(\.width) == [6, 4, 0])
        #expect(Rect(x: 0, y: 0, width: 5, height: 5).inset(left: 4, right: 4).width == 0)
    }
}

@Suite struct TextWidthTests {
    @Test func wideCharactersTakeTwoColumns() {
        #expect(TextWidth.of("abc") == 3)
        #expect(TextWidth.of("数字") == 4)
        #expect(TextWidth.of("😀") == 2)
        #expect(TextWidth.of("é") == 1 && TextWidth.of("e\u{301}") == 1)
        #expect(TextWidth.of("✗▸█←") == 4)
        #expect(TextWidth.prefix("ab数字", width: 3) == "ab", "a wide character is not cut in half")
        #expect(TextWidth.prefix("ab数字", width: 4) == "ab数")
        #expect(TextWidth.pad("数字数字", 6) == "数字  ", "cut to whole characters, then padded")
    }

    @Test func keepingEndShortensFromTheStart() {
        #expect(TextWidth.keepingEnd("/a/b/mnist", width: 10) == "/a/b/mnist", "fits: unchanged")
        #expect(TextWidth.keepingEnd("/home/ada/shared/datasets/mnist", width: 16) == "…/datasets/mnist")
        #expect(TextWidth.keepingEnd("/x/数字", width: 4) == "…字", "a wide character is not cut in half")
        #expect(TextWidth.keepingEnd("/x/数字", width: 1) == "")
        // ASCII prints the cut as "...": three columns, counted (it overflowed by two).
        #expect(TextWidth.keepingEnd("/home/ada/shared/datasets/mnist", width: 16, ellipsis: "...") == "...atasets/mnist")
        #expect(TextWidth.of(TextWidth.keepingEnd(String(repeating: "数", count: 50), width: 9)) <= 9)
    }

    /// The table agrees with the C library's wcwidth in a UTF-8 locale (what ncurses uses).
    @Test(.enabled(if: setlocale(LC_CTYPE, "C.UTF-8") != nil, "the C.UTF-8 locale is not installed"))
    func agreesWithWcwidth() {
        let saved = String(cString: setlocale(LC_CTYPE, nil))
        setlocale(LC_CTYPE, "C.UTF-8")
        defer { setlocale(LC_CTYPE, saved) }
        // Swift's Glibc module leaves wcwidth out (it is an X/Open extension): look it up.
        typealias WcWidth = @convention(c) (wchar_t) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth") else { Issue.record("no wcwidth in the C library"); return }
        let wcwidth = unsafeBitCast(symbol, to: WcWidth.self)
        let samples: [UInt32] = [0x41, 0xE9, 0x2190, 0x2588, 0x2717, 0x25B8, 0x3042, 0x4E2D, 0x6570, 0xAC00, 0xFF21, 0x1F600, 0x1F680, 0x1F9E0, 0x20000]
        for v in samples {
            guard let u = Unicode.Scalar(v) else { continue }
            #expect(TextWidth.of(Character(u)) == Int(wcwidth(wchar_t(bitPattern: v))), "U+\(String(v, radix: 16))")
        }
    }

    @Test func screenBufferKeepsWideCharactersWhole() {
        var buf = ScreenBuffer(width: 10, height: 2)
        buf.put("ab数字xyz", x: 0, y: 0, maxWidth: 5)
        #expect(buf.text.hasPrefix("ab数\n"), "the second wide character did not fit in 5 columns")
        buf.put("数字数字数字", x: 0, y: 1)
        #expect(buf.text.hasSuffix("数字数字数"), "five wide characters fill ten columns")
        // Overwriting either half of a wide character blanks the other half.
        buf[3, 1] = Cell(character: "x")
        buf.put("y", x: 4, y: 1)
        #expect(buf.text.hasSuffix("数 xy 字数"), "\(buf.text)")
        buf.put("\u{1B}[2Jz\n", x: 0, y: 0)
        #expect(buf.text.hasPrefix("?[2Jz?"), "control characters are drawn as ?")
    }

    @Test func fileNamesAreEscapedAndTitlesCutWhole() {
        let long = "d/" + String(repeating: "数字", count: 30) + ".png"
        let (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/m\u{1B}x.safetensors"), .folderScanned(files: ["d/a\u{1B}[31m.png", long]))
        let screen = render(s).text
        #expect(screen.contains("Image 1/2: a\\u{1B}[31m.png"), "\(screen)")
        #expect(screen.contains("model: m\\u{1B}x"))
        #expect(!screen.unicodeScalars.contains { $0.value == 0x1B })
        // Both read (so the title's right end has no "reading 0/2…"), then the long name shown.
        let (t, _) = apply(s, .read(index: 0, file: "d/a\u{1B}[31m.png", .failed("x")), .read(index: 1, file: long, .failed("x")), .key(.right))
        let title = render(t).text.split(separator: "\n")[1]
        #expect(title.hasPrefix(" Image 2/2: 数字数字"))
        // Too long for the row: shortened in the middle (GalleryTitle), whole characters, the extension kept.
        #expect(TextWidth.of(String(title)) <= 79 && title.contains("…") && title.hasSuffix("字.png"), "whole characters, the end kept: \(title)")
    }
}

/// The dataset screen's tiles (walkthrough: five 6-column samples per class at 80×24 could not
/// be told apart; the means took the top third of 160×50).
@Suite struct ArtGridTests {
    static func body(_ w: Int, _ h: Int) -> Rect { Chrome(Rect(x: 0, y: 0, width: w, height: h)).body }

    @Test func samplesAreLargeEnoughToReadAt80x24() throws {
        let small = try #require(DatasetScreen.sampleGrid(Self.body(80, 24), unicode: true))
        #expect(small.artColumns >= 14 && small.bands == 2 && small.images == 1, "\(small)")
        let large = try #require(DatasetScreen.sampleGrid(Self.body(160, 50), unicode: true))
        #expect(large.artColumns >= 14 && large.images >= 5 && large.bands == 1, "\(large)")
        #expect(small.height <= DatasetScreen.pageArea(Self.body(80, 24)).height)
        #expect(large.height <= DatasetScreen.pageArea(Self.body(160, 50)).height)
    }

    @Test func meansFillTheLargeScreen() throws {
        let page = DatasetScreen.pageArea(Self.body(160, 50))
        let g = try #require(DatasetPages.meansGrid(page))
        #expect(g.images == 2 && g.bands == 2 && g.artColumns >= 18, "\(g)")
        #expect(g.height <= page.height - 1 && g.height * 2 >= page.height, "\(g.height) of \(page.height)")
        #expect(g.perBand * g.tileWidth <= page.width)
    }
}
