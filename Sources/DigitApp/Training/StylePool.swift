import Dispatch
import DigitImage
import DigitModel
import Synchronization

/// The pool of `--augment-extra styles`: digits drawn by `StrokeDigits` in the pen styles MNIST
/// lacks (boxy, continental, rounded with a flat- or small-topped 3 and a closed 4), with several
/// pens, sizes and slants, brought to 28×28 by the same pipeline a person's image goes through
/// (`DigitExtraction`: clean, segment, fit, centre), so training sees what prediction will see.
public enum StylePool {
    /// Images in a pool: 600 of each digit.
    public static let defaultCount = 6_000
    /// Render seeds start here, far from the small seeds of the held-out style set
    /// (`DigitBench style-digits DIR 20 101` uses 101…120): the same generator, other draws.
    static let seedBase: UInt64 = 1 << 40

    /// `count` labelled images (digit `i % 10` for image i), from `seed` alone: the same seed gives
    /// the same pool on any number of `threads`. A render that does not come out as exactly one
    /// digit is drawn again (three tries), else left out.
    public static func make(count: Int = defaultCount, seed: UInt64, threads: Int = 1) -> LabelledImages {
        let slots = Mutex([[UInt8]?](repeating: nil, count: count))
        let chunks = max(1, min(threads, count))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
            let made = range.map { image($0, seed: seed) }
            slots.withLock { s in for (i, pixels) in zip(range, made) { s[i] = pixels } }
        }
        var images: [UInt8] = [], labels: [UInt8] = []
        let all = slots.withLock { $0 }
        for (i, pixels) in all.enumerated() {
            guard let pixels else { continue }
            images += pixels
            labels.append(UInt8(i % 10))
        }
        return LabelledImages(images: images, labels: labels) ?? .empty
    }

    /// Image `i` of the pool as 784 bytes (ink bright on black), or nil when no try gave one digit.
    static func image(_ i: Int, seed: UInt64) -> [UInt8]? {
        for attempt in 0..<3 {
            let digits = DigitExtraction.extract(render(i, seed: seed, attempt: attempt)).digits
            if digits.count == 1, let only = digits.first { return only.final.bytes.pixels }
        }
        return nil
    }

    /// The drawing of image `i`: style, picture size, pen and slant from a generator of the
    /// seed and the image, the strokes' jitter from a render seed of the same.
    static func render(_ i: Int, seed: UInt64, attempt: Int) -> ByteImage {
        var rng = SplitMix64(seed: seed, 13, i, attempt)
        let pick = rng.nextFloat()
        let style: StrokeDigits.Style = pick < 0.3 ? .boxy : pick < 0.5 ? .continental : pick < 0.75 ? .rounded : .roundedContinental
        let size = 40 + Int(rng.next() % 89)
        let pen = max(2, Float(size) * rng.uniform(0.03, 0.1))
        let slant = rng.uniform(-0.15, 0.2)
        let renderSeed = seedBase &+ (seed << 20) &+ UInt64(i) &* 4 &+ UInt64(attempt)
        return StrokeDigits.render(i % 10, style: style, size: size, penWidth: pen, slant: slant, seed: renderSeed)
    }
}
