import Glibc

/// Random distortions that match how people draw: rotation, scale, shear, shift and
/// stroke thickening or thinning. Every draw comes from the sample's own generator,
/// so a run is reproducible and independent of how the batch is split over threads.
public struct Augmentation: Sendable, Equatable {
    public var maxRotation: Float = 15 * .pi / 180
    public var scale: ClosedRange<Float> = 0.85...1.15
    public var maxShear: Float = 0.2
    public var maxShift: Float = 2.5
    /// Probability of thickening and of thinning the strokes.
    public var thicken: Float = 0.15
    public var thin: Float = 0.15
    /// Elastic distortion: how far (pixels) the control points of a smooth random
    /// displacement field move; 0 leaves it out (and draws nothing for it).
    public var elastic: Float = 0
    /// Probability of fading or breaking the strokes at one or two short places; 0: never.
    public var fade: Float = 0

    public init() {}

    /// The distortions beyond the plain ones, as named on the command line (`--augment-extra`).
    /// `styles` is no distortion of an image: it mixes rendered digits into the training set
    /// (`TrainingConfig.styleMix`, made by the application layer) and leaves `apply` as it is.
    public enum Extra: String, Sendable, CaseIterable, Comparable {
        case elastic, fade, styles
        public static func < (a: Extra, b: Extra) -> Bool { a.rawValue < b.rawValue }
    }

    /// The plain distortions plus `extras` at their tuned strengths.
    public init(extras: Set<Extra>) {
        if extras.contains(.elastic) { elastic = 1.5 }
        if extras.contains(.fade) { fade = 0.3 }
    }

    /// Writes a distorted copy of a 28×28 byte image as floats in 0…1.
    public func apply(_ src: UnsafePointer<UInt8>, into dst: UnsafeMutablePointer<Float>, rng: inout SplitMix64) {
        let angle = rng.uniform(-maxRotation, maxRotation)
        let s = rng.uniform(scale.lowerBound, scale.upperBound)
        let aspect = rng.uniform(0.92, 1.08)
        let shear = rng.uniform(-maxShear, maxShear)
        let tx = rng.uniform(-maxShift, maxShift), ty = rng.uniform(-maxShift, maxShift)
        let morph = rng.nextFloat()
        // Draws for the extras come after the plain ones, so plain `--augment` runs repeat exactly.
        let field = elastic > 0 ? ElasticField(amplitude: elastic, rng: &rng) : nil
        // Forward map: scale (sx, sy), shear, rotate. We sample through its inverse.
        let sx = s * aspect, sy = s / aspect
        let c = cosf(angle), sn = sinf(angle)
        let a = c * sx, b = c * shear * sy - sn * sy
        let d = sn * sx, e = sn * shear * sy + c * sy
        let det = a * e - b * d
        let ia = e / det, ib = -b / det, id = -d / det, ie = a / det
        let center: Float = 13.5
        for y in 0..<28 {
            for x in 0..<28 {
                let u = Float(x) - center - tx, v = Float(y) - center - ty
                var sxp = ia * u + ib * v + center, syp = id * u + ie * v + center
                if let field {
                    let (ox, oy) = field.offset(x: x, y: y)
                    sxp += ox; syp += oy
                }
                dst[y * 28 + x] = Augmentation.bilinear(src, sxp, syp)
            }
        }
        if morph < thicken {
            Augmentation.morphology(dst, dilate: true)
        } else if morph < thicken + thin {
            Augmentation.morphology(dst, dilate: false)
        }
        if fade > 0, rng.nextFloat() < fade {
            StrokeFading.apply(dst, rng: &rng)
        }
    }

    static func bilinear(_ src: UnsafePointer<UInt8>, _ x: Float, _ y: Float) -> Float {
        // Outside (-1, 28) every neighbour is off the image; the guard also keeps a non-finite or
        // huge coordinate (from extreme augmentation settings) away from Int(_:).
        guard x > -1, x < 28, y > -1, y < 28 else { return 0 }
        let x0 = Int(floorf(x)), y0 = Int(floorf(y))
        let fx = x - Float(x0), fy = y - Float(y0)
        @inline(__always) func px(_ xx: Int, _ yy: Int) -> Float {
            (xx < 0 || yy < 0 || xx >= 28 || yy >= 28) ? 0 : Float(src[yy * 28 + xx]) * (1 / 255)
        }
        let top = px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx
        let bottom = px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }

    /// A soft grayscale dilation (thicker strokes) or erosion (thinner) with a plus-shaped
    /// neighbourhood, blended half-way so strokes change by about one pixel.
    static func morphology(_ img: UnsafeMutablePointer<Float>, dilate: Bool) {
        var copy = [Float](repeating: 0, count: 784)
        for i in 0..<784 { copy[i] = img[i] }
        for y in 0..<28 {
            for x in 0..<28 {
                var v = copy[y * 28 + x]
                for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                    let xx = x + dx, yy = y + dy
                    let n: Float = (xx < 0 || yy < 0 || xx >= 28 || yy >= 28) ? 0 : copy[yy * 28 + xx]
                    v = dilate ? max(v, n) : min(v, n)
                }
                img[y * 28 + x] = 0.5 * (copy[y * 28 + x] + v)
            }
        }
    }
}
