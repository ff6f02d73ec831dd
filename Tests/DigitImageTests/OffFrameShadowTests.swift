import Testing
@testable import DigitImage

/// Issue 15, a phone's shadow across a sheet that runs off the frame (`ShadowLine.offFrameDesk`):
/// the shadow's own lift left the desk on under `deskAround` of the border (the sheet fills
/// the bottom edge there), so no line was taken for a shadow and the sheet's edge was lifted
/// instead: the desk beyond it became paper and the edge a stroke (phone_shadow dev seeds
/// 31/32: read as a "1" or a frame-sized digit).
@Suite struct OffFrameShadowTests {
    /// 960 × 720: a desk at 90, a sheet at 215 from x 330 to 630 and y 60 to the bottom edge,
    /// a ring (pen 12) on it at (400, 200), and a shadow (light × 0.5) below the line
    /// y = 0.25·x + 330, across the sheet and the desk either side, softened over 8 px.
    static func photo(seed: UInt64) -> ByteImage {
        let glyph = StrokeDigits.render(0, style: .rounded, size: 160, penWidth: 12, seed: 3)
        return NoiseRejectionTests.image(960, 720, seed: seed) { x, y, r in
            let onSheet = x >= 330 && x < 630 && y >= 60
            let ink = onSheet ? min(1, NoiseRejectionTests.ink(of: glyph, at: 400, 200, x: x, y: y)) : 0
            let base = onSheet ? 215 - 170 * ink : 90
            let d = 0.25 * Double(x) + 330 - Double(y)
            let light = 0.5 + 0.5 * min(1, max(0, 0.5 + d / 8))
            return Int((base * light).rounded()) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    /// The shadow is lifted (the paper in it as light as the lit paper), and the sheet found.
    @Test func shadowOverASheetRunningOffTheFrameIsLifted() {
        for seed: UInt64 in 1...2 {
            let image = Self.photo(seed: seed)
            let picture = ShadowLine.lit(image)
            func mean(_ img: ByteImage, _ cx: Int, _ cy: Int) -> Double {
                var s = 0
                for y in (cy - 5)...(cy + 5) { for x in (cx - 5)...(cx + 5) { s += Int(img.pixels[y * img.width + x]) } }
                return Double(s) / 121
            }
            // Paper at (600, 150) in the light, (600, 650) in the shadow.
            #expect(picture.isLifted && picture.sheet != nil, "seed \(seed): lifted \(picture.isLifted), sheet \(picture.sheet != nil)")
            #expect(abs(mean(picture.image, 600, 150) - mean(picture.image, 600, 650)) < 8, "seed \(seed)")
        }
    }
}
