import Testing
@testable import DigitUI

@Suite struct MouseReportTests {
    @Test func sgrPressDragRelease() {
        #expect(MouseReport.sgr("0;30;10M") == MouseEvent(kind: .press, button: 0, x: 29, y: 9))
        #expect(MouseReport.sgr("32;31;11M") == MouseEvent(kind: .drag, button: 0, x: 30, y: 10))
        #expect(MouseReport.sgr("0;31;11m") == MouseEvent(kind: .release, button: 0, x: 30, y: 10))
        #expect(MouseReport.sgr("2;5;6M") == MouseEvent(kind: .press, button: 2, x: 4, y: 5))
        #expect(MouseReport.sgr("34;1;1M") == MouseEvent(kind: .drag, button: 2, x: 0, y: 0))
        // Ctrl/Shift/Alt bits do not change what the button does.
        #expect(MouseReport.sgr("16;3;4M") == MouseEvent(kind: .press, button: 0, x: 2, y: 3))
        // Wider than X10 can say (223 columns): SGR has no limit that matters.
        #expect(MouseReport.sgr("0;1000;400M") == MouseEvent(kind: .press, button: 0, x: 999, y: 399))
    }

    @Test func wheelAndBareMotionAreOther() {
        #expect(MouseReport.sgr("64;10;10M")?.kind == .other)
        #expect(MouseReport.sgr("65;10;10M")?.kind == .other)
        #expect(MouseReport.sgr("35;10;10M")?.kind == .other, "motion with no button (mode 1003)")
    }

    @Test(arguments: ["", "M", "0;30M", "0;30;10", "0;30;10;5M", ";30;10M", "0;;10M", "0;30;10X", "0;0;10M", "0;30;0M",
                      "a;b;cM", "0;30;1234567M", "9999999;1;1M", "0;99999999999999999999999;1M", "-1;5;5M", "0; 30;10M",
                      "0;3٣;10M", String(repeating: "1", count: 10_000) + ";1;1M", String(repeating: ";", count: 100)])
    func garbageGivesNothing(body: String) {
        #expect(MouseReport.sgr(body) == nil)
    }

    @Test func randomBytesNeverTrap() {
        var state: UInt64 = 0x5EED
        let alphabet = Array("0123456789;Mm<[\u{1B}x-+ ")
        for _ in 0..<20_000 {
            var body: [Character] = []
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for i in 0..<Int(state >> 59) {
                body.append(alphabet[Int((state >> UInt64(i % 50)) % UInt64(alphabet.count))])
            }
            if let e = MouseReport.sgr(body) { #expect(e.x >= 0 && e.y >= 0 && e.x < 1_000_000) }
        }
    }

    @Test func x10Reports() {
        // ESC [ M then code+32, column+32, row+32 (1-based).
        #expect(MouseReport.x10(32, 33 + 9, 33 + 4) == MouseEvent(kind: .press, button: 0, x: 9, y: 4))
        #expect(MouseReport.x10(64, 33 + 10, 33 + 5) == MouseEvent(kind: .drag, button: 0, x: 10, y: 5))
        #expect(MouseReport.x10(35, 33 + 11, 33 + 6) == MouseEvent(kind: .release, button: nil, x: 11, y: 6))
        #expect(MouseReport.x10(0, 40, 40) == nil && MouseReport.x10(32, 32, 40) == nil && MouseReport.x10(32, 40, 4_000_000) == nil)
    }
}
