/// The other way to make a 28×28 input, for models of whole pictures (Fashion-MNIST's items
/// were made so: the picture, object bright on black, scaled to fit 28×28): polarity as for
/// digits, then the whole picture padded to a square and area-averaged to 28×28 — no
/// background removal (the texture of a pullover is information), no segmentation.
public enum WholeImage {
    public static func extract(_ image: ByteImage) -> Segmentation {
        let invert = Preprocess.darkInkOnLightPaper(image)
        let floats = FloatImage(width: image.width, height: image.height,
                                pixels: image.pixels.map { invert ? Float(255 - $0) / 255 : Float($0) / 255 })
        let cleaned = CleanedImage(original: image, ink: floats, inverted: invert)
        guard image.width > 0, image.height > 0 else { return Segmentation(cleaned: cleaned, digits: []) }
        // Fit the long side to 28 (aspect kept), then centre in 28×28.
        let side = Double(max(image.width, image.height))
        let ow = max(1, min(28, Int((Double(image.width) * 28 / side).rounded())))
        let oh = max(1, min(28, Int((Double(image.height) * 28 / side).rounded())))
        let small = Resample.area(floats, toWidth: ow, height: oh)
        var final = FloatImage(width: 28, height: 28, fill: 0)
        let x0 = (28 - ow) / 2, y0 = (28 - oh) / 2
        for y in 0..<oh { for x in 0..<ow { final.pixels[(y + y0) * 28 + x + x0] = small.pixels[y * ow + x] } }
        let box = Box(x: 0, y: 0, width: image.width, height: image.height)
        return Segmentation(cleaned: cleaned, digits: [DigitSample(box: box, cropped: small, final: final)])
    }
}
