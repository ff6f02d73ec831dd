import Foundation
import Testing
@testable import DigitImage

/// Issue 15, a finger's shadow entering the picture from the frame with a digit running through
/// it: the strokes' blocks joined the shadow's frame wedge, were kept as background, and the
/// digit cleaned to its outlines (red team finger_shadow 81 of 100; `WedgeInk`).
@Suite struct WedgeInkTests {
    /// A 300×300 sheet at grey 200 with a finger's shadow (a capsule 80 px thick from beyond
    /// the left frame to x 150, soft over 12 px, 0.6 of the light) and a ring (radius 70, full
    /// ink within 4 px, 140 levels below the paper) whose left half lies in the shadow. Noise σ 2.
    static func ringUnderAFinger(seed: UInt64 = 7) -> ByteImage {
        NoiseRejectionTests.image(300, 300, seed: seed) { x, y, r in
            let fx = Double(min(x, 150)) - Double(x), fy = Double(y) - 150
            let fromFinger = (fx * fx + fy * fy).squareRoot() - 40
            let shade = max(0, min(1, 0.5 - fromFinger / 12))
            let light = 1 - 0.4 * shade
            let dx = Double(x) - 165, dy = Double(y) - 150
            let d = abs((dx * dx + dy * dy).squareRoot() - 70)
            let ink = d < 4 ? 1 : max(0, 1 - (d - 4) / 2)
            return Int((200 - 140 * ink) * light) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    @Test func aRingUnderAFingersShadowIsReadWhole() {
        let seg = DigitExtraction.extract(Self.ringUnderAFinger())
        let boxes = seg.digits.map(\.box)
        #expect(boxes.count == 1, "boxes \(boxes)")
        if let box = boxes.first {
            #expect(box.width > 120 && box.height > 120 && box.x > 70, "the ring alone: \(box)")
        }
    }

    // On the block grid: a region of shadow (40 above the opened level) along the left frame
    // with a stroke (150) running into it loses the stroke's blocks; a region whose stroke
    // reaches the frame itself (a digit cropped tight) keeps them all.
    @Test func strokesDeeperThanTheShadowAtTheFrameLeaveTheWedge() {
        let gw = 10, gh = 6
        var level = [Float](repeating: 0, count: gw * gh), wedge = [Bool](repeating: false, count: gw * gh)
        for y in 1...4 { for x in 0...3 { level[y * gw + x] = 40; wedge[y * gw + x] = true } }
        for y in 1...4 { level[y * gw + 3] = 150 }
        let opened = [Float](repeating: 0, count: gw * gh)
        let kept = Preprocess.Steps.withoutInk(wedge, level: level, opened: opened, gw, gh, margin: 24)
        #expect((1...4).allSatisfy { !kept[$0 * gw + 3] }, "the stroke's column is ink")
        #expect((1...4).allSatisfy { y in (0...2).allSatisfy { kept[y * gw + $0] } }, "the shadow stays")
        var toFrame = level
        toFrame[1 * gw + 0] = 150
        let all = Preprocess.Steps.withoutInk(wedge, level: toFrame, opened: opened, gw, gh, margin: 24)
        #expect(all == wedge)
    }
}
