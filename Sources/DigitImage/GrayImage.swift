/// A grayscale image, row-major, one value per pixel. `UInt8` for decoded files,
/// `Float` (0…1) for the stages of preprocessing.
public struct GrayImage<Pixel: Sendable & Equatable>: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var pixels: [Pixel]

    public init(width: Int, height: Int, pixels: [Pixel]) {
        precondition(pixels.count == width * height, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int, fill: Pixel) {
        self.init(width: width, height: height, pixels: Array(repeating: fill, count: width * height))
    }

    @inline(__always) public subscript(x: Int, y: Int) -> Pixel {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}

public typealias ByteImage = GrayImage<UInt8>
public typealias FloatImage = GrayImage<Float>

extension GrayImage where Pixel == UInt8 {
    /// 0…255 → 0…1.
    public var floats: FloatImage {
        FloatImage(width: width, height: height, pixels: pixels.map { Float($0) * (1 / 255) })
    }
}

extension GrayImage where Pixel == Float {
    /// 0…1 → 0…255, rounded and clamped.
    public var bytes: ByteImage {
        ByteImage(width: width, height: height, pixels: pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) })
    }
}
