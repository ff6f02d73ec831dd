import Testing
@testable import DigitImage

/// Issue 15 item 2 (faint-rings condition): a stroke that fades along its length reaches the
/// network as one stroke, its faint part as strong as the rest (`Preprocess.liftFaintStrokes`).
@Suite struct FaintStrokeLiftTests {
    /// The strongest ink of the 28×28 in its top `rows` rows of ink, and in its middle rows.
    static func peaks(_ final: FloatImage, rows: Int) -> (top: Float, middle: Float) {
        let inked = (0..<28).filter { y in (0..<28).contains { final.pixels[y * 28 + $0] > 0.05 } }
        guard let first = inked.first, let last = inked.last else { return (0, 0) }
        func peak(_ ys: ClosedRange<Int>) -> Float { ys.flatMap { y in (0..<28).map { final.pixels[y * 28 + $0] } }.max() ?? 0 }
        let mid = (first + last) / 2
        return (peak(first...(first + rows - 1)), peak((mid - 1)...(mid + 1)))
    }

    // A ring whose top and bottom are a third as deep as its sides (20 of 60 levels): one
    // level for the whole digit left them at a third of the sides in the 28×28, where the
    // network reads a faint loop as open (faint rings: 8 read 3, 0 read 6).
    @Test func theFaintTopOfARingIsAsStrongAsItsSides() {
        for seed: UInt64 in [4, 5, 6] {
            let found = DigitExtraction.extract(FaintInkTests.ring(faintest: 20, seed: seed)).digits
            #expect(found.count == 1, "seed \(seed): boxes \(found.map(\.box))")
            guard let final = found.first?.final else { continue }
            let p = Self.peaks(final, rows: 2)
            #expect(p.top >= 0.7 * p.middle, "seed \(seed): top \(p.top), sides \(p.middle)")
        }
    }

    // The control: ink far fainter than the digit's own (a tenth) is grain or a halo, and is
    // not lifted to the digit's level.
    @Test func inkFarFainterThanTheDigitIsNotLifted() {
        var img = FloatImage(width: 20, height: 20, fill: 0)
        for y in 0..<20 { for x in 4..<10 { img.pixels[y * 20 + x] = 1 } }
        for y in 0..<20 { for x in 14..<18 { img.pixels[y * 20 + x] = 0.1 } }
        Preprocess.liftFaintStrokes(&img, top: 1)
        #expect(img.pixels[10 * 20 + 6] == 1)
        #expect(img.pixels[10 * 20 + 15] < 0.5)
    }
}
