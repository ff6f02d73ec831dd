import Glibc

/// The rounded hand of `StrokeDigits`: bowls and loops as short straight pieces of ellipses,
/// with the shapes issue 15 saw misread — a 3 with a flat top bar (read as 5), a 4 closed at
/// the top (read as 9) — and, in the continental variant, a 1 with an upstroke flag and a 7 with a
/// crossbar (both read as 7 and 1) and a 3 whose top bowl is small.
extension StrokeDigits {
    typealias Segment = ((Float, Float), (Float, Float))

    // Strokes in the unit box (x right, y down).
    static func roundedStrokes(_ digit: Int, continental: Bool) -> [Segment] {
        if continental {
            switch digit {
            case 1: return [((0.2, 0.3), (0.65, 0)), ((0.65, 0), (0.65, 1))]
            case 3:
                return arc(0.5, 0.17, 0.3, 0.17, from: 200, to: 450) + arc(0.5, 0.67, 0.5, 0.33, from: 270, to: 510)
            case 7: return [((0, 0), (1, 0)), ((1, 0), (0.35, 1)), ((0.3, 0.52), (0.95, 0.48))]
            default: break
            }
        }
        switch digit {
        case 0: return arc(0.5, 0.5, 0.5, 0.5, from: 0, to: 360)
        case 1: return [((0.55, 0), (0.55, 1))]
        case 2:
            let top = arc(0.5, 0.27, 0.5, 0.27, from: 190, to: 380)
            return top + [(top.last?.1 ?? (1, 0.35), (0, 1)), ((0, 1), (1, 1))]
        case 3:
            // A flat top bar, a diagonal down to the middle, a round lower bowl.
            let bowl = arc(0.45, 0.71, 0.55, 0.29, from: 250, to: 510)
            return [((0, 0), (1, 0)), ((1, 0), bowl.first?.0 ?? (0.3, 0.45))] + bowl
        case 4: return [((0.7, 0), (0, 0.68)), ((0, 0.68), (1, 0.68)), ((0.7, 0), (0.7, 1))]
        case 5:
            let bowl = arc(0.5, 0.68, 0.48, 0.32, from: 215, to: 510)
            return [((0.95, 0), (0.15, 0)), ((0.15, 0), bowl.first?.0 ?? (0.1, 0.5))] + bowl
        case 6: return arc(0.95, 0.65, 0.9, 0.65, from: 250, to: 180) + arc(0.5, 0.7, 0.45, 0.3, from: 0, to: 360)
        case 7: return [((0, 0), (1, 0)), ((1, 0), (0.35, 1))]
        case 8: return arc(0.5, 0.22, 0.38, 0.22, from: 0, to: 360) + arc(0.5, 0.7, 0.5, 0.3, from: 0, to: 360)
        default: return arc(0.5, 0.3, 0.48, 0.3, from: 0, to: 360) + [((0.98, 0.3), (0.9, 1))]
        }
    }

    /// An elliptical arc centred at (cx, cy) with radii (rx, ry), from angle `a` to `b` in degrees
    /// (0 right, 90 down; b < a runs the other way), as pieces of at most 20°.
    static func arc(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float, from a: Float, to b: Float) -> [Segment] {
        let steps = max(2, Int((abs(b - a) / 20).rounded(.up)))
        func point(_ k: Int) -> (Float, Float) {
            let t = (a + (b - a) * Float(k) / Float(steps)) * .pi / 180
            return (cx + rx * cosf(t), cy + ry * sinf(t))
        }
        return (0..<steps).map { (point($0), point($0 + 1)) }
    }
}
