import Foundation
import Glibc
import Testing
import TestSupport

/// The gallery for real (issue #16 items 1 and 6, #17 "correct a label"): the release binary
/// in tmux at 80×24, 100×30 and 160×50.
@Suite(.serialized, .requires(.tmux, .shippedModel)) struct GalleryTmuxTests {
    static let sizes = [(80, 24), (100, 30), (160, 50)]
    static let command = "'\(Env.digitrec)' --model saved_models/default.safetensors"

    /// Rows holding picture cells left of the reading panel (which starts after 6/10 of the
    /// width at every size): half blocks in colour, quarter blocks in monochrome (tmux's
    /// default TERM may have 8 colours only).
    static func artRows(_ screen: String, width: Int) -> Int {
        let glyphs = Set("▀▄▌▐▖▗▘▝▚▞▙▛▜▟█")
        return screen.split(separator: "\n").filter { $0.prefix(width * 6 / 10).contains(where: glyphs.contains) }.count
    }

    /// The big label's glyph groups: the row under "Number:", from its column on.
    static func bigLabelGroups(_ screen: String) -> Int {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let i = lines.firstIndex(where: { $0.contains("Number:") }), i + 1 < lines.count,
              let r = lines[i].range(of: "Number:") else { return 0 }
        let column = lines[i].distance(from: lines[i].startIndex, to: r.lowerBound)
        return lines[i + 1].dropFirst(column).split(separator: " ").count
    }

    /// The digit whose bar is longest, from lines ending "<digit> <bar> <percent>%".
    static func topBar(_ screen: String) -> String? {
        let bars = screen.split(separator: "\n").compactMap { line -> (String, Double)? in
            guard let m = String(line).firstMatch(of: /([0-9]) [█░]+ +([0-9.]+)%$/), let p = Double(m.2) else { return nil }
            return (String(m.1), p)
        }
        return bars.max { $0.1 < $1.1 }?.0
    }

    /// "24/25 correct" once every image is read (no "reading" on the title line).
    static func score(_ screen: String) -> (Int, Int)? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains(" correct") && !$0.contains("reading") }),
              let m = String(line).firstMatch(of: /([0-9]+)\/([0-9]+) correct/), let a = Int(m.1), let b = Int(m.2) else { return nil }
        return (a, b)
    }

    func waitFor(_ t: TmuxSession, timeout: Double = 20, _ condition: (String) -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition(t.screen) { return true }
            usleep(50_000)
        }
        return false
    }

    @Test func artGrowsAndANumberShowsWholeWithTabMovingTheBars() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        var rows: [Int] = []
        for (w, h) in Self.sizes {
            let t = try TmuxSession(command: Self.command, width: w, height: h, workdir: dir.path)
            #expect(t.wait(for: "Image 1/"), "\(t.screen)")
            try t.keys("/")
            try t.type("5283")
            try t.keys("Enter")
            #expect(t.wait(for: "Number: 5283"), "\(w)×\(h): \(t.screen)")
            #expect(waitFor(t) { Self.bigLabelGroups($0) == 4 }, "\(w)×\(h): all four digits drawn large: \(t.screen)")
            #expect(waitFor(t) { Self.topBar($0) == "5" }, "the bars are the first digit's: \(t.screen)")
            rows.append(Self.artRows(t.screen, width: w))
            try t.keys("Tab")
            #expect(t.wait(for: "bars: digit 2 of 4") && t.screen.contains("28×28 input, digit 2"), "\(w)×\(h): \(t.screen)")
            #expect(waitFor(t) { Self.topBar($0) == "2" }, "Tab moves the bars to the second digit: \(t.screen)")
            try t.keys("q")
            #expect(t.wait(for: "EXIT=0"))
        }
        #expect(rows[0] < rows[1] && rows[1] < rows[2], "the art grows with the terminal: \(rows) rows")
        // Rows with ink, in monochrome (blank paper): still over half of the 46 rows at 160×50.
        #expect(rows[2] * 2 >= 46, "at 160×50 the pictures fill the screen: \(rows)")
    }

    @Test func aWrongFileNameShowsACrossAndADigitKeyRelabelsIt() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        try FileManager.default.copyItem(atPath: dir.file("digits/3_font_white_on_black.png"), toPath: dir.file("digits/8_mislabelled.png"))
        let t = try TmuxSession(command: Self.command, width: 100, height: 30, workdir: dir.path)
        #expect(waitFor(t) { Self.score($0) != nil }, "the whole folder is read: \(t.screen)")
        let (right, total) = try #require(Self.score(t.screen))
        #expect(total == 26 && right < total, "the misnamed file counts as wrong: \(t.screen)")
        try t.keys("f")
        #expect(waitFor(t) { $0.split(separator: "\n").contains { $0.contains("✗ 8_mislabelled.png") && $0.contains("→ 3, expected 8") } }, "\(t.screen)")
        try t.keys("m")
        #expect(waitFor(t) { $0.split(separator: "\n").first { $0.contains(".png") }?.contains("✗ 8_mislabelled.png") == true }, "mistakes first: \(t.screen)")
        try t.keys("Escape")
        // (Escape and the next key in one burst would read as Alt plus that key.)
        #expect(t.wait(for: "Image 1/26"), "\(t.screen)")
        try t.keys("/")
        try t.type("mislab")
        try t.keys("Enter")
        #expect(t.wait(for: "✗ expected 8, read 3"), "\(t.screen)")
        try t.keys("3")
        // The next image shows; the message says how the labelled one was read.
        #expect(t.wait(for: "8_mislabelled.png is labelled 3, read 3 ✓"), "\(t.screen)")
        #expect(t.wait(for: "\(right + 1)/\(total) correct"), "the score rises: \(t.screen)")
        try t.keys("Left")
        #expect(t.wait(for: "✓ right"), "back on it, the mark has flipped: \(t.screen)")
        #expect(try String(contentsOfFile: dir.file("digits/labels.csv"), encoding: .utf8) == "file,label\n8_mislabelled.png,3\n")
        #expect(FileManager.default.fileExists(atPath: dir.file("digits/8_mislabelled.png")), "the file keeps its name")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }

    /// `digitrec --digits FOLDER` alone: the user brought images to read, so the gallery opens
    /// on them with the shipped model (no start menu to get through first).
    @Test func digitsAloneOpensTheGalleryWithTheShippedModel() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("mine"), withIntermediateDirectories: false)
        for name in ["0_mnist_size.png", "1907_thin_blue.png"] {
            try FileManager.default.copyItem(atPath: dir.file("digits/\(name)"), toPath: dir.file("mine/\(name)"))
        }
        let t = try TmuxSession(command: "'\(Env.digitrec)' --digits mine", width: 80, height: 24, workdir: dir.path)
        #expect(t.wait(for: "Image 1/2"), "\(t.screen)")
        #expect(t.wait(for: "2/2 correct"), "both read, in the background: \(t.screen)")
        #expect(t.screen.contains("model: default"), "\(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }

    @Test func slashFiltersTheListAsYouType() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try TmuxSession(command: Self.command, width: 80, height: 24, workdir: dir.path)
        #expect(t.wait(for: "Image 1/25"))
        try t.keys("/")
        try t.type("chalk")
        #expect(t.wait(for: "3 of 25 match"), "\(t.screen)")
        let screen = t.screen
        #expect(screen.contains("42_chalk.png") && screen.contains("4_chalk_on_black.png") && !screen.contains("5283_row.png"), "\(screen)")
        try t.keys("BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        #expect(t.wait(for: "more below"), "the whole folder again, with a hint for what is below: \(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "/q▏"), "q is typed into the filter: \(t.screen)")
        try t.keys("Escape")
        #expect(waitFor(t) { !$0.contains("/q") }, "Esc clears the filter: \(t.screen)")
        try t.keys("Escape")
        #expect(t.wait(for: "Image 1/25"), "then closes the list: \(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }
}
