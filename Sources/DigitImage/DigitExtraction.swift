/// From a decoded image to the digits the network reads: clean it (polarity, contrast, ink
/// mask), split it into digits, and make each an MNIST-style 28×28 sample. Every stage is kept
/// in the result so the front ends can show what the network saw.
public enum DigitExtraction {
    public static func extract(_ image: ByteImage) -> Segmentation {
        let scale = Segment.blockScale(image.width, image.height)
        var (cleaned, ink) = Preprocess.clean(image, blockScale: scale)
        // A form's cell borders would join the digits to the frame (GridLines).
        if GridLines.remove(&cleaned.ink) { ink = Preprocess.inkBlocks(cleaned.ink, blockScale: scale) }
        if scale == 1 { StrokeGaps.bridge(&ink, width: image.width, height: image.height) }
        return Segment.split(cleaned, ink: ink)
    }
}
