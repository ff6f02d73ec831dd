import CJPEG

/// The one place that calls TurboJPEG: a decompressor handle for one file, its header, its
/// pixels, and libjpeg-turbo's messages turned into `ImageError`s that name the file.
/// A fresh handle per file, so no error state is carried over from another image.
final class TurboJPEG {
    private let handle: tjhandle
    private let name: String
    private let markers: JPEGMarkers

    init(name: String, markers: JPEGMarkers) throws {
        guard let handle = tjInitDecompress() else {
            throw ImageError.invalidJPEG(file: name, detail: "libjpeg-turbo could not start a decoder")
        }
        self.handle = handle
        self.name = name
        self.markers = markers
    }

    deinit { tjDestroy(handle) }

    func header(_ bytes: [UInt8]) throws -> JPEGDecoder.Header {
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = -1, colorspace: Int32 = -1
        let status = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
        }
        // TurboJPEG 2.1 refuses sampling factors it has no TJSAMP name for (3×1, 1×4, mixed),
        // after filling in the size; tjDecompress2 decodes them, so carry on with subsampling -1.
        let unnamedSampling = message.hasSuffix("Could not determine subsampling type for JPEG image")
        guard status == 0 || (unnamedSampling && width > 0 && height > 0) else { throw failure(inHeader: true) }
        // TurboJPEG succeeds with size 0 on a tables-only stream, or when the file ends first.
        guard width > 0, height > 0 else {
            throw ImageError.invalidJPEG(file: name, detail: markers.endsInHeader
                ? "the file is truncated (it ends inside the header, after \(bytes.count) bytes)"
                : "the file holds no image (no frame header before the end)")
        }
        return JPEGDecoder.Header(width: Int(width), height: Int(height), subsampling: subsampling, colorspace: colorspace)
    }

    /// The pixels at `width`×`height` (a reduced size picks TurboJPEG's matching 1/n scale)
    /// in `format` (TJPF_GRAY or TJPF_CMYK), row-major and unpadded. The caller has checked
    /// the size against the limits, so the buffer is bounded (at most 4 × 40 megapixels).
    func decompress(_ bytes: [UInt8], width: Int, height: Int, format: TJPF, flags: Int32) throws -> [UInt8] {
        let pixelSize = format == TJPF_CMYK ? 4 : 1
        var out = [UInt8](repeating: 0, count: width * height * pixelSize)
        func run(_ flags: Int32) -> Int32 {
            bytes.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    tjDecompress2(handle, src.baseAddress, UInt(src.count), dst.baseAddress, Int32(width),
                                  Int32(width * pixelSize), Int32(height), Int32(format.rawValue), flags)
                }
            }
        }
        // First pass stops at the first warning, so a truncated file is refused at once and
        // the message is that first warning, not the last of a cascade.
        guard run(flags | TJFLAG_STOPONWARNING) != 0 else { return out }
        guard isWarning, isStrayBytesBeforeEnd(message) else { throw failure(inHeader: false) }
        // The only warning was padding before EOI: decode again letting it pass.
        let again = run(flags)
        guard again == 0 || (isWarning && isStrayBytesBeforeEnd(message)) else { throw failure(inHeader: false) }
        return out
    }

    private var message: String { String(cString: tjGetErrorStr2(handle)) }
    private var isWarning: Bool { tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) }

    /// libjpeg's JWRN_EXTRANEOUS_DATA for the EOI marker: "Corrupt JPEG data: N extraneous
    /// bytes before marker 0xd9". Every row has been decoded by then.
    private func isStrayBytesBeforeEnd(_ m: String) -> Bool {
        m.hasPrefix("Corrupt JPEG data:") && m.hasSuffix("extraneous bytes before marker 0xd9")
    }

    private func failure(inHeader: Bool) -> ImageError {
        let m = message
        let detail: String
        if m == "Premature end of JPEG file" || markers.endsInHeader {
            detail = "the file is truncated (libjpeg-turbo: \(m))"
        } else if isWarning {
            detail = "the image data is corrupt (libjpeg-turbo: \(m))"
        } else if inHeader {
            detail = "the header is invalid (libjpeg-turbo: \(m))"
        } else {
            detail = "libjpeg-turbo cannot decode it (\(m))"
        }
        return .invalidJPEG(file: name, detail: detail)
    }
}
