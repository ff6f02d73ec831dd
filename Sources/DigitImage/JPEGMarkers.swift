/// What a JPEG's segments before the image data say that TurboJPEG does not report: the EXIF
/// orientation (APP1 "Exif", TIFF tag 0x0112) and whether an Adobe APP14 segment is present
/// (Photoshop's convention: CMYK stored inverted, 0 = full ink). Every read is bounds-checked
/// against the segment it belongs to; anything malformed is ignored (orientation 1, no Adobe
/// segment), because libjpeg-turbo judges the file itself.
struct JPEGMarkers: Equatable {
    var orientation: ImageOrientation = .identity
    var adobe = false
    /// The file ends before the first scan's data (inside a header segment): it was cut short.
    var endsInHeader = true

    init(_ b: [UInt8]) {
        var pos = 2  // after SOI
        var sawExif = false
        defer { if pos + 2 <= b.count && b[pos] != 0xFF { endsInHeader = false } }  // garbage, not a cut
        while pos + 2 <= b.count, b[pos] == 0xFF {
            let marker = b[pos + 1]
            if marker == 0xFF { pos += 1; continue }  // fill byte before a marker
            if marker == 0x01 || marker == 0xD8 || (0xD0...0xD7).contains(marker) { pos += 2; continue }  // no length
            if marker == 0xD9 { endsInHeader = false; return }
            guard pos + 4 <= b.count else { return }
            let length = Int(b[pos + 2]) << 8 | Int(b[pos + 3])
            let end = pos + 2 + length
            guard end <= b.count else { return }
            if marker == 0xDA { endsInHeader = false; return }  // the first scan's header is whole: no more metadata
            guard length >= 2 else { endsInHeader = false; return }
            let body = (pos + 4)..<end
            if marker == 0xE1, !sawExif, b[body].starts(with: Array("Exif\0\0".utf8)) {
                sawExif = true  // only the first EXIF segment counts (a second one is usually a thumbnail's)
                if let o = Self.exifOrientation(b, tiff: body.lowerBound + 6, end: end) { orientation = o }
            }
            if marker == 0xEE, b[body].starts(with: Array("Adobe".utf8)) { adobe = true }
            pos = end
        }
    }

    /// Tag 0x0112 in IFD0 of the TIFF structure at `tiff`..<`end`; nil when absent or malformed.
    static func exifOrientation(_ b: [UInt8], tiff: Int, end: Int) -> ImageOrientation? {
        guard tiff + 8 <= end else { return nil }
        let little: Bool
        switch (b[tiff], b[tiff + 1]) {
        case (0x49, 0x49): little = true   // "II", Intel
        case (0x4D, 0x4D): little = false  // "MM", Motorola
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= tiff, at + 2 <= end else { return nil }
            let a = Int(b[at]), c = Int(b[at + 1])
            return little ? a | c << 8 : a << 8 | c
        }
        func u32(_ at: Int) -> Int? {
            guard let lo = u16(little ? at : at + 2), let hi = u16(little ? at + 2 : at) else { return nil }
            return hi << 16 | lo
        }
        guard u16(tiff + 2) == 42, let ifdOffset = u32(tiff + 4), let count = u16(tiff + ifdOffset) else { return nil }
        let entries = tiff + ifdOffset + 2
        for i in 0..<count {
            let entry = entries + 12 * i
            guard let tag = u16(entry) else { return nil }  // the IFD runs past the segment
            guard tag == 0x0112 else { continue }
            // Type SHORT (3), count 1: the value sits in the first two bytes of the value field.
            guard u16(entry + 2) == 3, let n = u32(entry + 4), n >= 1, let value = u16(entry + 8) else { return nil }
            return ImageOrientation(rawValue: value)
        }
        return nil
    }
}
