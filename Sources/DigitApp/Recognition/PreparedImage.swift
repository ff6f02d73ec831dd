import DigitImage
import DigitModel

/// An image file read, decoded and cut into its candidate segmentations: every step of a
/// recognition that needs no network, so `digitrec predict` can do it for its first image while
/// the model loads (`concurrently`). The segmentations depend on the kind of input the model
/// reads; they are made for `style` and made again if the model turns out to read another.
public struct PreparedImage: Sendable {
    public let file: String
    let bytes: [UInt8]
    let image: ByteImage
    let style: InputStyle
    let candidates: [Segmentation]
    /// The size the file declares (`ImageDecoder.declaredSize`), read once with the image, not
    /// at each recognition (`compare --images` reads a file with two models).
    let declaredSize: (width: Int, height: Int)?

    public init(file: String, style: InputStyle = .digits) throws {
        try self.init(file: file, bytes: ImageDecoder.readFile(file), style: style)
    }

    /// The image piped in on standard input (`predict -`), called `name` in messages.
    public init(standardInputAs name: String, style: InputStyle = .digits) throws {
        try self.init(file: name, bytes: ImageDecoder.readStandardInput(name: name), style: style)
    }

    init(file: String, bytes: [UInt8], style: InputStyle) throws {
        self.file = file
        self.bytes = bytes
        image = try ImageDecoder.decode(bytes, name: file)
        declaredSize = ImageDecoder.declaredSize(of: bytes)
        self.style = style
        candidates = PreparedImage.candidates(image, style: style)
    }

    /// The readings to choose from: a model of whole pictures (Fashion-MNIST) reads the picture
    /// as one item.
    /// `enough`: see `DigitExtraction.candidates`.
    static func candidates(_ image: ByteImage, style: InputStyle, enough: ((Segmentation) -> Bool)? = nil) -> [Segmentation] {
        style == .whole ? [WholeImage.extract(image)] : DigitExtraction.candidates(image, enough: enough)
    }

    /// The candidates for a model that reads `style`.
    func candidates(for style: InputStyle) -> [Segmentation] {
        style == self.style ? candidates : PreparedImage.candidates(image, style: style)
    }
}
