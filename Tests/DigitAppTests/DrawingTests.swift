import DigitApp
import DigitImage
import Foundation
import Support
import Testing
import TestSupport

/// A scripted hand digit as a Drawing, made as the mouse makes it: the points are the centres
/// of the cells a drag crosses on the 70×35-cell canvas of a 120×40 terminal (what the tmux
/// tests send as reports).
func handDrawing(_ digit: Int, variant: Int) -> Drawing {
    var d = Drawing()
    for stroke in HandDigits.cells(digit, variant: variant, columns: 70, rows: 35) {
        guard let first = stroke.first else { continue }
        func point(_ c: (x: Int, y: Int)) -> Drawing.Point { Drawing.Point(x: (Float(c.x) + 0.5) / 70, y: (Float(c.y) + 0.5) / 35) }
        d.begin(at: point(first))
        for c in stroke.dropFirst() { d.extend(to: point(c)) }
        d.end()
    }
    return d
}

@Suite struct DrawingFileTests {
    @Test func savesUnderTheLabelWithAFreeNameAndNeverOverwrites() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let folder = dir.file("digits")  // missing: created
        let first = try DrawingFile.save(handDrawing(7, variant: 0), label: "7", folder: folder)
        #expect(first == folder + "/7_drawn_1.png")
        // Someone else's file under the next name is left alone; a stale labels.csv row too.
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/7_drawn_2.png"))
        try "file,label\n7_drawn_3.png,1\n".write(toFile: folder + "/labels.csv", atomically: true, encoding: .utf8)
        let second = try DrawingFile.save(handDrawing(7, variant: 1), label: "7", folder: folder)
        #expect(second == folder + "/7_drawn_4.png")
        #expect(try String(contentsOfFile: folder + "/7_drawn_2.png", encoding: .utf8) == "mine")
        // What was saved decodes to the drawing's own image, and no temp file is left over.
        let decoded = try ImageDecoder.decode(try ImageDecoder.readFile(second), name: second)
        #expect(decoded == handDrawing(7, variant: 1).image())
        #expect(try dir.names() == ["digits"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["7_drawn_1.png", "7_drawn_2.png", "7_drawn_4.png", "labels.csv"])
    }

    @Test(arguments: ["", "7a", "1234567890123", "٣", "../7"])
    func badLabelsAreRefused(label: String) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        #expect(DrawingFile.problem(withLabel: label) != nil)
        #expect(throws: AppError.self) { try DrawingFile.save(handDrawing(1, variant: 0), label: label, folder: dir.path) }
        #expect(try dir.names().isEmpty)
    }

    @Test func anEmptyDrawingIsNotSaved() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        #expect(throws: AppError.self) { try DrawingFile.save(Drawing(), label: "3", folder: dir.path) }
        #expect(try dir.names().isEmpty)
    }

    @Test func createNeverReplacesAFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        #expect(try AtomicFile.create([1, 2, 3], at: dir.file("a.bin")))
        #expect(try !AtomicFile.create([9], at: dir.file("a.bin")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("a.bin"))) == Data([1, 2, 3]))
        #expect(try dir.names() == ["a.bin"], "no temp file left behind")
        #expect(throws: SupportError.self) { try AtomicFile.create([1], at: dir.file("missing/a.bin")) }
    }
}

@Suite(.requires(.shippedModel)) struct DrawingRecognitionTests {
    static func recognizer() throws -> Recognizer {
        Recognizer(network: try ModelStore().load(try Requirement.shippedModel.path()).network)
    }

    /// One pipeline: the drawing read live and its saved PNG read as a file give the same numbers.
    @Test func aDrawingReadsLikeItsSavedFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let r = try Self.recognizer()
        let drawing = handDrawing(4, variant: 1)
        let live = r.recognize(drawing: drawing)
        let path = try DrawingFile.save(drawing, label: live.prediction, folder: dir.path)
        let file = try r.recognize(file: path)
        #expect(live.prediction == file.prediction && !live.prediction.isEmpty)
        #expect(live.digits.map(\.probabilities) == file.digits.map(\.probabilities))
    }

    /// Two digits side by side are a number, split as in a PNG.
    @Test func aNumberDrawnReadsAsANumber() throws {
        var d = Drawing()
        for (digit, offset) in [(4, 0.0), (2, 0.5)] {
            for stroke in HandDigits.strokes(digit, variant: 0) {
                let points = stroke.map { Drawing.Point(x: Float(offset + $0.x * 0.5), y: Float(0.25 + $0.y * 0.5)) }
                guard let first = points.first else { continue }
                d.begin(at: first)
                for p in points.dropFirst() { d.extend(to: p) }
                d.end()
            }
        }
        #expect(try Self.recognizer().recognize(drawing: d).prediction == "42")
    }

    /// Walkthrough: a 1 drawn along the canvas's left side beside a 7 read "7", and a 4 down to
    /// the bottom-left beside a 2 read "2" (also from the saved file): the canvas's edge was
    /// taken for a photo's, and strokes along it for paper. The image has a paper margin now.
    @Test func digitsAlongTheCanvasEdgeAreRead() throws {
        let r = try Self.recognizer()
        var d = Drawing()
        func stroke(_ points: [(Float, Float)]) {
            guard let first = points.first else { return }
            d.begin(at: Drawing.Point(x: first.0, y: first.1))
            for p in points.dropFirst() { d.extend(to: Drawing.Point(x: p.0, y: p.1)) }
            d.end()
        }
        stroke([(0.03, 0.1), (0.03, 0.95)])                      // a 1 along the left side
        stroke([(0.35, 0.25), (0.85, 0.25), (0.6, 0.9)])          // a 7
        #expect(r.recognize(drawing: d).prediction == "17")
        let image = d.image()
        let m = Drawing.imageMargin(size: Drawing.imageSize)
        #expect(image.width == Drawing.imageSize + 2 * m && m > 0 && image[0, 0] == 255 && image[m + 1, image.height / 2] < 128)
        let dir = try TempDir()
        defer { dir.remove() }
        #expect(try r.recognize(file: try DrawingFile.save(d, label: "17", folder: dir.path)).prediction == "17")
    }

    /// The thirty hand digits (three of each) through the drawing's pipeline. The count is
    /// printed for the note; the floor is under today's figure, so a worse pen or
    /// pipeline fails here.
    @Test func thirtyHandDrawnDigits() throws {
        let r = try Self.recognizer()
        var correct = 0, misread: [String] = []
        var times: [Double] = []
        for digit in 0...9 {
            for v in 0..<HandDigits.variants {
                let t0 = now()
                let got = r.recognize(drawing: handDrawing(digit, variant: v)).prediction
                times.append((now() - t0) * 1000)
                if got == String(digit) { correct += 1 } else { misread.append("\(digit) (variant \(v)) read as \"\(got)\"") }
            }
        }
        times.sort()
        // Not asserted (no timing assertions): the figure for the 20 ms target.
        print("hand-drawn digits: \(correct)/30 read correctly; misread: \(misread); reading (rasterise + pipeline + network) "
              + "median \(Format.fixed(times[times.count / 2], 2)) ms, slowest \(Format.fixed(times.last ?? 0, 2)) ms")
        #expect(correct >= 28, "\(correct)/30; misread: \(misread)")
    }
}
