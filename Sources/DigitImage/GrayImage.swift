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

extension GrayImage {
    /// Whether every pixel's index fits 32 bits (and the image is not empty): line removers
    /// keep the pixels that go as a list of UInt32 indices (GridLines, NumberLines); the
    /// decoder's limits are far below, so only a hand-made image could fail it.
    var hasUInt32Indices: Bool {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        return width > 0 && height > 0 && !overflow && count <= Int(UInt32.max) && pixels.count == count
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

extension GrayImage {
    /// The pixels of a rectangle inside the image (clipped to it).
    public func cropped(x: Int, y: Int, width cw: Int, height ch: Int) -> GrayImage {
        let x0 = min(max(x, 0), width), y0 = min(max(y, 0), height)
        let x1 = min(max(x0, x + cw), width), y1 = min(max(y0, y + ch), height)
        var out: [Pixel] = []
        out.reserveCapacity((x1 - x0) * (y1 - y0))
        for row in y0..<y1 { out += pixels[(row * width + x0)..<(row * width + x1)] }
        return GrayImage(width: x1 - x0, height: y1 - y0, pixels: out)
    }
}

extension GrayImage where Pixel == UInt8 {
    /// Each `k`×`k` block averaged into one pixel (rounded; the last row and column of blocks
    /// average the pixels they have): ⌈width/k⌉×⌈height/k⌉. For images too large to keep.
    func shrunk(by k: Int) -> ByteImage {
        guard k > 1, width > 0, height > 0 else { return self }
        let ow = (width + k - 1) / k, oh = (height + k - 1) / k
        var out = [UInt8](repeating: 0, count: ow * oh)
        var sums = [Int](repeating: 0, count: ow)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for oy in 0..<oh {
                    for i in 0..<ow { sums[i] = 0 }
                    let y0 = oy * k, y1 = min(height, y0 + k)
                    for y in y0..<y1 {
                        let row = y * width
                        for x in 0..<width { sums[x / k] += Int(src[row + x]) }
                    }
                    for ox in 0..<ow {
                        let n = (min(width, ox * k + k) - ox * k) * (y1 - y0)
                        dst[oy * ow + ox] = UInt8(truncatingIfNeeded: (sums[ox] + n / 2) / n)
                    }
                }
            }
        }
        return ByteImage(width: ow, height: oh, pixels: out)
    }
}
