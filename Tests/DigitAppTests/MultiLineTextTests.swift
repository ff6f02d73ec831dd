import Testing
@testable import DigitApp
@testable import DigitImage

/// Issue 15, item 4: a number on two lines is printed line by line, and JSON has its `lines`.
@Suite struct MultiLineTextTests {
    static func recognition(_ labels: [(Int, line: Int)]) -> Recognition {
        let blank = FloatImage(width: 28, height: 28, fill: 0)
        let digits = labels.enumerated().map { i, l in
            var p = [Float](repeating: 0, count: 10)
            p[l.0] = 1
            return DigitPrediction(label: l.0, probabilities: p,
                                   sample: DigitSample(box: Box(x: 30 * i, y: 40 * l.line, width: 20, height: 30), cropped: blank, final: blank, line: l.line))
        }
        let cleaned = CleanedImage(original: ByteImage(width: 90, height: 80, fill: 255), ink: FloatImage(width: 90, height: 80, fill: 0), inverted: true)
        return Recognition(file: "two.png", segmentation: Segmentation(cleaned: cleaned, digits: digits.map(\.sample)), digits: digits, fileBytes: 0)
    }

    @Test func twoLinesPrintAsTwoLines() {
        let r = Self.recognition([(1, 0), (2, 0), (3, 1), (4, 1)])
        #expect(r.lines == ["12", "34"])
        #expect(r.prediction == "1234", "the whole number in reading order, as labels are written")
        #expect(ReportText.numberWithConfidences(r, indent: 9) == "12  (100.0% 100.0%)\n         34  (100.0% 100.0%)",
                "each line's confidences beside its own digits")
        let uneven = Self.recognition([(1, 0), (2, 0), (3, 0), (4, 1)])
        #expect(ReportText.numberWithConfidences(uneven, indent: 2) == "123  (100.0% 100.0% 100.0%)\n  4    (100.0%)",
                "a shorter line's confidences stand under the longer's")
        let json = ReportJSON.prediction(r)
        #expect(json.contains(#""prediction":"1234","lines":["12","34"],"digits":"#), "\(json)")
        #expect(json.contains(#""line":1}"#))
        // predict --art's heading reads it line by line too.
        let art = ArtReport.text(r, style: .ascii, color: false, expected: "1234")
        #expect(art.split(separator: "\n").first == #"two.png: 90x80 - read "12" / "34", as expected"#, "ASCII holds no Unicode")
        #expect(ArtReport.text(r, style: .halfBlocks, color: false).hasPrefix(#"two.png: 90×80 — read "12" / "34""#))
    }

    @Test func oneLineIsOneLine() {
        let r = Self.recognition([(5, 0), (2, 0)])
        #expect(r.lines == ["52"])
        #expect(ReportText.numberWithConfidences(r, indent: 4) == "52  (100.0% 100.0%)")
        #expect(ArtReport.text(r, style: .ascii, color: false).hasPrefix(#"two.png: 90x80 - read "52""#))
        #expect(ArtReport.text(Self.recognition([]), style: .ascii, color: false).hasPrefix(#"two.png: 90x80 - read """#))
        #expect(Self.recognition([]).lines == [])
    }
}
