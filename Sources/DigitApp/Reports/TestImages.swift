import DigitImage
import DigitModel

/// Labelled 28×28 images the explore screens draw: a split of the dataset, read by index.
public struct TestImages: Sendable {
    let data: LabelledImages
    public init(_ data: LabelledImages) { self.data = data }

    public var count: Int { data.count }

    /// The label of image `index`, or nil outside the split.
    public func label(_ index: Int) -> Int? {
        data.labels.indices.contains(index) ? Int(data.labels[index]) : nil
    }

    /// Image `index` as 0…1 floats (ink bright), or nil outside the split.
    public func image(_ index: Int) -> FloatImage? {
        let px = LabelledImages.pixels
        guard index >= 0, index < data.count else { return nil }
        let bytes = data.images[(index * px)..<((index + 1) * px)]
        return FloatImage(width: 28, height: 28, pixels: bytes.map { Float($0) / 255 })
    }
}
