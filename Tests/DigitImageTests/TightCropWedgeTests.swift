import Foundation
import Testing
@testable import DigitImage

/// Issue 15, a tight crop: a digit cropped to its own box, its strokes running along the frame.
/// The shadow-edge step took such a stroke, a deep region meeting the frame for six blocks or
/// more, for the corner of a shadow cut by the frame and raised the background onto it: the
/// digit vanished ("no digit found") or lost a side (red team, make_photos_redteam.py seeds 1
/// and 2, tight_crop: 74 and 72 of 100 read). A region meeting two or more sides of the frame
/// is a wedge only when it is thick (`ShadowEdges.wedgeThickness`).
@Suite struct TightCropWedgeTests {
    /// 560×600 paper at grey 200 falling to 170 at the right, a low mottle, noise σ 2; a boxy "0"
    /// (a superellipse of exponent `p`) 9 px inside the frame, stroke 16 px, ink 120 below the
    /// paper: its sides run along the frame.
    static func boxyZero(p: Double, seed: UInt64 = 1) -> ByteImage {
        let w = 560, h = 600
        return NoiseRejectionTests.image(w, h, seed: seed) { x, y, r in
            let light = 200 - 30 * Double(x) / Double(w)
            let mottle = 5 * cos(Double(x) / 37) * cos(Double(y) / 29)
            let a = Double(w) / 2 - 9, b = Double(h) / 2 - 9
            let u = abs(Double(x) - Double(w) / 2) / a, v = abs(Double(y) - Double(h) / 2) / b
            let d = abs(pow(pow(u, p) + pow(v, p), 1 / p) - 1) * min(a, b)
            let ink = max(0, min(1, 1 - (d - 8)))
            return Int(light + mottle - 120 * ink) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    @Test(arguments: [4.0, 6.0]) func aDigitCroppedToItsBoxIsFoundWhole(p: Double) {
        let image = Self.boxyZero(p: p)
        let seg = DigitExtraction.extract(image)
        #expect(seg.digits.count == 1, "p \(p): boxes \(seg.digits.map(\.box))")
        if let box = seg.digits.first?.box {
            #expect(box.width > 480 && box.height > 520, "p \(p): \(box)")
        }
    }
}
