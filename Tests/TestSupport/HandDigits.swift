import Glibc

/// Thirty digits as a hand draws them on the drawing screen — three of each, in different
/// shapes, sizes, slants and places — as pen strokes in the canvas' unit square (x right,
/// y down). The rasteriser tests, the recognition count and the tmux tests (which turn them
/// into mouse reports) all draw these same strokes.
public enum HandDigits {
    public typealias Stroke = [(x: Double, y: Double)]

    public static let variants = 3

    /// The strokes of `digit` (0-9) in `variant` (0-2), already placed on the canvas.
    public static func strokes(_ digit: Int, variant: Int) -> [Stroke] {
        let v = max(0, min(variants - 1, variant))
        let shape = shapes(digit, variant: v)
        // Size, offset and slant per variant: upright and centred, smaller and leaning right,
        // larger and leaning left.
        let (scale, dx, dy, slant) = [(1.0, 0.0, 0.0, 0.0), (0.8, 0.05, 0.03, 0.18), (1.1, -0.04, -0.01, -0.1)][v]
        return shape.map { stroke in
            stroke.map { p in
                let x = 0.5 + (p.x - 0.5) * scale + slant * (0.5 - p.y) * scale + dx
                let y = 0.5 + (p.y - 0.5) * scale + dy
                return (min(0.96, max(0.04, x)), min(0.96, max(0.04, y)))
            }
        }
    }

    /// The strokes as the cells a mouse drag crosses on a canvas of `columns`×`rows` cells
    /// (0-based, inside the canvas), one report per cell, no cell twice in a row.
    public static func cells(_ digit: Int, variant: Int, columns: Int, rows: Int) -> [[(x: Int, y: Int)]] {
        strokes(digit, variant: variant).map { stroke in
            var out: [(x: Int, y: Int)] = []
            func add(_ p: (x: Double, y: Double)) {
                let c = (x: min(columns - 1, Int(p.x * Double(columns))), y: min(rows - 1, Int(p.y * Double(rows))))
                if out.last.map({ $0 != c }) ?? true { out.append(c) }
            }
            if let first = stroke.first { add(first) }
            for (a, b) in zip(stroke, stroke.dropFirst()) {
                let steps = max(1, Int((max(abs(b.x - a.x) * Double(columns), abs(b.y - a.y) * Double(rows))).rounded(.up)))
                for i in 1...steps {
                    let t = Double(i) / Double(steps)
                    add((a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
                }
            }
            return out
        }
    }

    /// An elliptic arc from `from` to `to` degrees (0 right, 90 down, 270 up: screen angles).
    static func arc(_ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, _ from: Double, _ to: Double) -> Stroke {
        let steps = max(2, Int(abs(to - from) / 10))
        return (0...steps).map { i in
            let a = (from + (to - from) * Double(i) / Double(steps)) * Double.pi / 180
            return (cx + rx * cos(a), cy + ry * sin(a))
        }
    }

    static func shapes(_ digit: Int, variant v: Int) -> [Stroke] {
        switch digit {
        case 0: return [arc(0.5, 0.5, v == 2 ? 0.24 : 0.2, 0.32, 270, 640)]
        case 1:
            switch v {
            case 0: return [[(0.5, 0.18), (0.5, 0.82)]]
            case 1: return [[(0.38, 0.3), (0.53, 0.17), (0.53, 0.83)]]
            default: return [[(0.55, 0.2), (0.47, 0.8)]]
            }
        case 2: return [arc(0.5, 0.34, 0.2, 0.16, 190, 380) + [(0.3, 0.8), (0.74, 0.8)]]
        case 3: return [arc(0.5, 0.34, 0.18, 0.15, 200, 450) + arc(0.5, 0.64, 0.2, 0.17, 270, 520)]
        case 4:
            if v == 1 { return [[(0.32, 0.2), (0.3, 0.58), (0.74, 0.58)], [(0.64, 0.2), (0.64, 0.84)]] }
            return [[(0.56, 0.18), (0.26, 0.62), (0.76, 0.62)], [(0.62, 0.36), (0.62, 0.84)]]
        case 5:
            let body = [(0.36, 0.2), (0.34, 0.47)] + arc(0.49, 0.63, 0.2, 0.18, 240, 510)
            return v == 2 ? [body, [(0.36, 0.2), (0.7, 0.2)]] : [[(0.7, 0.2)] + body]
        case 6: return [[(0.64, 0.17), (0.52, 0.25), (0.42, 0.37), (0.35, 0.52)] + arc(0.51, 0.65, 0.17, 0.16, 180, 540)]
        case 7:
            let seven: Stroke = [(0.27, 0.2), (0.73, 0.2), (0.44, 0.82)]
            return v == 1 ? [seven, [(0.4, 0.52), (0.68, 0.52)]] : [seven]
        case 8: return [arc(0.5, 0.33, 0.15, 0.14, 0, 360), arc(0.5, 0.64, 0.19, 0.17, 0, 360)]
        default:
            let tail: Stroke = v == 2 ? [(0.67, 0.36), (0.66, 0.6), (0.6, 0.82)] : [(0.67, 0.36), (0.64, 0.83)]
            return [arc(0.5, 0.35, 0.17, 0.15, 0, 360), tail]
        }
    }
}
