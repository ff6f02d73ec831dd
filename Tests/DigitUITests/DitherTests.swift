import Testing
@testable import DigitUI

/// 8-colour terminals draw a photo's greys as dithered black and white, stretched to the
/// picture's own range.
@Suite struct DitherTests {
    /// A 5 photographed in the dark: paper at grey 25, pen at 7 (walkthrough: solid black at
    /// TERM=xterm, while 256 colours showed it).
    @Test func aDarkPhotoIsStretchedToItsOwnRange() {
        let paper: Float = 25 / 255, pen: Float = 7 / 255
        let values = (0..<400).map { $0 % 5 == 0 ? pen : paper }
        let range = Dither.range(values)
        #expect(abs(range.low - pen) < 1e-6 && abs(range.high - paper) < 1e-6, "\(range)")
        let dots = (0..<16).map { Dither.basic(paper, x: $0 % 4, y: $0 / 4, range: range) }
        #expect(dots.filter { $0 == 7 }.count >= 12, "the paper is mostly white dots: \(dots)")
        #expect((0..<16).allSatisfy { Dither.basic(pen, x: $0 % 4, y: $0 / 4, range: range) == 0 }, "the pen is black")
    }

    @Test func nearlyOneGreyKeepsTheFixedRange() {
        // Blank paper's grain: ±2 levels around 128.
        let grain = (0..<400).map { Float(128 + ($0 % 5) - 2) / 255 }
        #expect(Dither.range(grain) == (0, 1))
        #expect(Dither.range([]) == (0, 1) && Dither.range([.nan, 0.5]) == (0, 1))
    }
}
