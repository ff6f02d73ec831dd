import CJPEG

/// Decodes JPEG (baseline, progressive, arithmetic-coded, restart markers, any subsampling
/// TurboJPEG names; grayscale, YCbCr, RGB, CMYK and YCCK) to 8-bit grayscale through
/// libjpeg-turbo's TurboJPEG API, whose calls return status codes (no longjmp crosses into
/// Swift). The header is read first and its size checked against `ImageDecoder`'s limits
/// before any pixel buffer is allocated; the EXIF orientation is applied, so a phone photo
/// stored sideways comes out upright.
///
/// Warnings: libjpeg-turbo "recovers" from a truncated or damaged file with a warning (the
/// missing rows come out grey) and TurboJPEG then returns -1 with TJERR_WARNING. Such pixels
/// could silently read as a different digit, so every warning is refused — a truncated file
/// says so — except one that cannot touch a pixel: stray bytes just before the final EOI
/// marker (some encoders pad the last scan), accepted when it is the file's first warning.
/// Damage inside the entropy-coded data that still decodes as valid Huffman codes raises no
/// warning at all; no decoder can tell, and such a file decodes to the header's size.
public enum JPEGDecoder {
    /// TurboJPEG's reduced-size decodes: the IDCT produces 1/2, 1/4 or 1/8 of each side directly,
    /// which is much faster than decoding a 12-megapixel photo whole and shrinking it.
    public enum Scale: Int, Sendable, CaseIterable { case full = 1, half = 2, quarter = 4, eighth = 8 }

    public struct Options: Sendable, Equatable {
        public var scale: Scale
        /// libjpeg-turbo's fast integer IDCT (`TJFLAG_FASTDCT`); differences are a few grey levels.
        public var fastDCT: Bool
        public init(scale: Scale = .full, fastDCT: Bool = false) {
            self.scale = scale
            self.fastDCT = fastDCT
        }
    }

    public struct Header: Sendable, Equatable {
        public var width: Int, height: Int
        /// TJSAMP_* (chroma subsampling) and TJCS_* (colour space) as TurboJPEG reports them.
        public var subsampling: Int32, colorspace: Int32
    }

    public static func decode(_ bytes: [UInt8], name: String, options: Options = .init()) throws -> ByteImage {
        guard !bytes.isEmpty else { throw ImageError.empty(file: name) }
        let markers = JPEGMarkers(bytes)
        let decoder = try TurboJPEG(name: name, markers: markers)
        let header = try decoder.header(bytes)
        // A 48-megapixel phone photo is over the pixel limit at full size; TurboJPEG decodes it at
        // 1/2 (or 1/4, 1/8) for less, which is all a digit needs. The limit applies to what is decoded.
        var scale = options.scale
        while scale != .eighth, !ImageDecoder.fits(scaledSize(header, scale)) {
            scale = JPEGDecoder.Scale(rawValue: scale.rawValue * 2) ?? .eighth
        }
        let (w, h) = scaledSize(header, scale)
        guard ImageDecoder.fits((w, h)) else {
            // Too large even at 1/8: named by the size the file declares.
            try ImageDecoder.checkSize(width: header.width, height: header.height, name: name)
            return ByteImage(width: 1, height: 1, fill: 255)  // not reached: checkSize threw
        }
        // LIMITSCANS: refuse progressive files with more than 500 scans, which can make a small
        // file take very long to decode (TJFLAG_LIMITSCANS in turbojpeg.h).
        let flags = TJFLAG_LIMITSCANS | (options.fastDCT ? TJFLAG_FASTDCT : TJFLAG_ACCURATEDCT)
        let stored: ByteImage
        switch Int(header.colorspace) {
        case Int(TJCS_CMYK.rawValue), Int(TJCS_YCCK.rawValue):
            let cmyk = try decoder.decompress(bytes, width: w, height: h, format: TJPF_CMYK, flags: flags)
            stored = ByteImage(width: w, height: h, pixels: grayFromCMYK(cmyk, inverted: markers.adobe))
        default:
            let gray = try decoder.decompress(bytes, width: w, height: h, format: TJPF_GRAY, flags: flags)
            stored = ByteImage(width: w, height: h, pixels: gray)
        }
        return stored.oriented(markers.orientation)
    }

    /// The size a decode at `scale` produces (TJSCALED: rounded up, as libjpeg-turbo does).
    static func scaledSize(_ header: Header, _ scale: Scale) -> (Int, Int) {
        let d = scale.rawValue
        return ((header.width + d - 1) / d, (header.height + d - 1) / d)
    }

    /// Gray from CMYK the way a screen shows it without a colour profile: R = (1 − C)(1 − K) and
    /// so on, then libjpeg's luma weights. With an Adobe segment the file stores 255 − ink
    /// (Photoshop's inverted CMYK, by far the most common kind), without one the ink itself.
    static func grayFromCMYK(_ cmyk: [UInt8], inverted: Bool) -> [UInt8] {
        let count = cmyk.count / 4
        var out = [UInt8](repeating: 255, count: count)
        cmyk.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                // src (count, 4) C M Y K → dst (count): all 8-bit.
                for i in 0..<count {
                    var c = Int(src[4 * i]), m = Int(src[4 * i + 1]), y = Int(src[4 * i + 2]), k = Int(src[4 * i + 3])
                    if !inverted { (c, m, y, k) = (255 - c, 255 - m, 255 - y, 255 - k) }
                    // Now each is 255 − ink; r = c·k/255 etc.; luma 0.299/0.587/0.114 in 16.16 fixed point.
                    let luma = 19595 * c + 38470 * m + 7471 * y
                    dst[i] = UInt8(truncatingIfNeeded: (luma * k / 255 + 32768) >> 16)
                }
            }
        }
        return out
    }
}
