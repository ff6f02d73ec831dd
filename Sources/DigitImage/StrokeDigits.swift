/// Digits drawn from pen strokes, for the styles MNIST lacks and people use: boxy
/// seven-segment digits with straight sides, continental 1s (with an upstroke flag) and 7s
/// (with a crossbar), and a rounded hand with a flat-topped or small-topped 3 and a closed-top 4
/// (see StrokeDigits+Rounded.swift). Seeded, so a test set repeats; ink dark on white paper.
public enum StrokeDigits {
    public enum Style: String, Sendable, CaseIterable {
        case boxy, continental
        /// Rounded strokes; a 3 with a flat top bar, a 4 closed at the top.
        case rounded
        /// Rounded, with a flagged 1, a crossed 7 and a 3 with a small top bowl.
        case roundedContinental = "rounded-continental"
    }

    /// A `size`×`size` image of `digit` in `style`, the pen `penWidth` pixels wide, with jitter from
    /// `seed`; `slant` (x shift per unit of height) is added to the drawn slant of -0.045…0.105.
    public static func render(_ digit: Int, style: Style, size: Int = 96, penWidth: Float = 7, slant extraSlant: Float = 0,
                              seed: UInt64) -> ByteImage {
        var rng = Jitter(seed: seed &+ UInt64(digit) &* 0x9E37_79B9)
        let strokes = self.strokes(digit, style: style)
        // The glyph box: about 0.45 × 0.75 of the image, slanted a little, placed with jitter.
        let w = Float(size) * (0.40 + 0.10 * rng.next()), h = Float(size) * (0.70 + 0.08 * rng.next())
        let x0 = (Float(size) - w) / 2 + Float(size) * 0.04 * (rng.next() - 0.5)
        let y0 = (Float(size) - h) / 2 + Float(size) * 0.04 * (rng.next() - 0.5)
        let slant = 0.15 * (rng.next() - 0.3) + extraSlant
        var ink = [Float](repeating: 0, count: size * size)
        for s in strokes {
            func place(_ p: (Float, Float)) -> (Float, Float) {
                let wobble = (Float(size) * 0.015 * (rng.next() - 0.5), Float(size) * 0.015 * (rng.next() - 0.5))
                return (x0 + p.0 * w + (1 - p.1) * h * slant + wobble.0, y0 + p.1 * h + wobble.1)
            }
            line(place(s.0), place(s.1), radius: penWidth / 2, size: size, into: &ink)
        }
        return ByteImage(width: size, height: size, pixels: ink.map { UInt8(255 - min(1, $0) * 225) })
    }

    /// Strokes in a unit box (x right, y down).
    static func strokes(_ digit: Int, style: Style) -> [((Float, Float), (Float, Float))] {
        if style == .rounded || style == .roundedContinental {
            return roundedStrokes(digit, continental: style == .roundedContinental)
        }
        let a = ((Float(0), Float(0)), (Float(1), Float(0))), b = ((Float(1), Float(0)), (Float(1), Float(0.5)))
        let c = ((Float(1), Float(0.5)), (Float(1), Float(1))), d = ((Float(0), Float(1)), (Float(1), Float(1)))
        let e = ((Float(0), Float(0.5)), (Float(0), Float(1))), f = ((Float(0), Float(0)), (Float(0), Float(0.5)))
        let g = ((Float(0), Float(0.5)), (Float(1), Float(0.5)))
        if style == .continental {
            switch digit {
            case 1: return [((0.7, 0), (0.7, 1)), ((0.7, 0), (0.15, 0.3))]
            case 7: return [a, ((1, 0), (0.35, 1)), ((0.3, 0.52), (0.95, 0.48))]
            default: break
            }
        }
        switch digit {
        case 0: return [a, b, c, d, e, f]
        case 1: return [((0.75, 0), (0.75, 1))]
        case 2: return [a, b, g, e, d]
        case 3: return [a, b, g, c, d]
        case 4: return [f, g, b, c]
        case 5: return [a, f, g, c, d]
        case 6: return [a, f, g, e, d, c]
        case 7: return [a, b, c]
        case 8: return [a, b, c, d, e, f, g]
        default: return [a, b, f, g, c, d]
        }
    }

    /// A round pen from p to q, anti-aliased over one pixel.
    static func line(_ p: (Float, Float), _ q: (Float, Float), radius: Float, size: Int, into ink: inout [Float]) {
        let minX = max(0, Int(min(p.0, q.0) - radius - 1)), maxX = min(size - 1, Int(max(p.0, q.0) + radius + 1))
        let minY = max(0, Int(min(p.1, q.1) - radius - 1)), maxY = min(size - 1, Int(max(p.1, q.1) + radius + 1))
        guard minX <= maxX, minY <= maxY else { return }
        let dx = q.0 - p.0, dy = q.1 - p.1, len2 = max(dx * dx + dy * dy, 1e-6)
        for y in minY...maxY {
            for x in minX...maxX {
                let px = Float(x) + 0.5, py = Float(y) + 0.5
                let t = max(0, min(1, ((px - p.0) * dx + (py - p.1) * dy) / len2))
                let ex = px - (p.0 + t * dx), ey = py - (p.1 + t * dy)
                let coverage = max(0, min(1, radius + 0.5 - (ex * ex + ey * ey).squareRoot()))
                ink[y * size + x] = max(ink[y * size + x], coverage)
            }
        }
    }

    /// Uniform numbers in 0..<1 from a seed (SplitMix64's mixing).
    struct Jitter {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> Float {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Float((z ^ (z >> 31)) >> 40) / Float(1 << 24)
        }
    }
}
