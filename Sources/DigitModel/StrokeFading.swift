import Glibc

/// Faint or broken strokes, as in a low-contrast photo whose lighter parts fell below the
/// threshold: ink is attenuated inside a few short capsules (a segment 0–4 px long with a
/// 2 px radius, wider than an MNIST stroke) centred on inked pixels, so a stroke there fades
/// or breaks and a loop is sometimes left open. The label stays, which teaches the model to
/// close small gaps the way a person does.
enum StrokeFading {
    static let radius: Float = 2
    static let inked: Float = 0.5

    // img (28, 28) floats in 0…1, changed in place
    static func apply(_ img: UnsafeMutablePointer<Float>, rng: inout SplitMix64) {
        let gaps = 1 + Int(rng.next() % 2)
        for _ in 0..<gaps {
            // Start at a random pixel and take the next inked one (reading order, wrapping).
            let start = Int(rng.next() % 784)
            let length = rng.uniform(0, 4), angle = rng.uniform(0, 2 * .pi)
            // Ink left at the gap's centre: 0 (a clean break) to 0.35 (a faint stroke).
            let keep = rng.uniform(0, 0.35)
            guard let centre = (0..<784).lazy.map({ (start + $0) % 784 }).first(where: { img[$0] > inked }) else { return }
            let cx = Float(centre % 28), cy = Float(centre / 28)
            let hx = 0.5 * length * cosf(angle), hy = 0.5 * length * sinf(angle)
            attenuate(img, from: (cx - hx, cy - hy), to: (cx + hx, cy + hy), keep: keep)
        }
    }

    /// Multiplies ink near the segment by a factor rising from `keep` on it to 1 at `radius`.
    static func attenuate(_ img: UnsafeMutablePointer<Float>, from a: (Float, Float), to b: (Float, Float), keep: Float) {
        let vx = b.0 - a.0, vy = b.1 - a.1
        let len2 = max(vx * vx + vy * vy, 1e-6)
        let lo = (x: max(0, Int(min(a.0, b.0) - radius)), y: max(0, Int(min(a.1, b.1) - radius)))
        let hi = (x: min(27, Int(max(a.0, b.0) + radius) + 1), y: min(27, Int(max(a.1, b.1) + radius) + 1))
        guard lo.x <= hi.x, lo.y <= hi.y else { return }
        for y in lo.y...hi.y {
            for x in lo.x...hi.x {
                let px = Float(x) - a.0, py = Float(y) - a.1
                let t = min(1, max(0, (px * vx + py * vy) / len2))
                let ex = px - t * vx, ey = py - t * vy
                let d = (ex * ex + ey * ey).squareRoot()
                guard d < radius else { continue }
                img[y * 28 + x] *= keep + (1 - keep) * (d / radius)
            }
        }
    }
}
