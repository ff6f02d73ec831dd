import CPNG
import Support

/// Writes 8-bit grayscale PNGs through libpng's simplified write API (no setjmp crosses
/// Swift): the drawing pad's saves and the tests' own fixtures.
public enum PNGEncoder {
    public static func encode(_ image: ByteImage) throws -> [UInt8] {
        guard image.width > 0, image.height > 0, image.pixels.count == image.width * image.height else {
            throw ImageError.invalid(file: "(image being written)", detail: "empty or inconsistent image")
        }
        var png = png_image()
        png.version = UInt32(PNG_IMAGE_VERSION)
        png.width = UInt32(image.width)
        png.height = UInt32(image.height)
        png.format = UInt32(PNG_FORMAT_GRAY)
        var size = 0
        // First call: the size needed; second: the bytes.
        let sized = image.pixels.withUnsafeBytes { png_image_write_to_memory(&png, nil, &size, 0, $0.baseAddress, 0, nil) }
        guard sized != 0, size > 0 else { throw ImageError.invalid(file: "(image being written)", detail: "libpng cannot encode it") }
        var out = [UInt8](repeating: 0, count: size)
        let ok = out.withUnsafeMutableBytes { dst in
            image.pixels.withUnsafeBytes { png_image_write_to_memory(&png, dst.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
        png_image_free(&png)
        guard ok != 0 else { throw ImageError.invalid(file: "(image being written)", detail: "libpng cannot encode it") }
        return Array(out.prefix(size))
    }

    /// Encodes and writes atomically.
    public static func write(_ image: ByteImage, to path: String) throws {
        let bytes = try encode(image)
        do { try AtomicFile.write(bytes, to: path) } catch { throw ImageError.cannotWrite(file: path, reason: error.reason) }
    }
}
