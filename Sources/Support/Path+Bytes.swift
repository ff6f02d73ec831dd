/// File names are bytes; Swift strings are Unicode. A name that is not valid UTF-8 (`\xff.png`)
/// would be "repaired" into U+FFFD by `String(decoding:as:)` and then no longer open. Paths here
/// travel as strings that keep every byte: each byte that is not part of valid UTF-8 becomes one
/// scalar of a private-use range (U+10FF80 + byte − 0x80, like Python's surrogateescape), and is
/// turned back into its byte right before the path reaches the kernel.
///
/// The mapping is reversible for every byte sequence: a name that really holds one of the
/// scalars U+10FF80…U+10FFFF (valid UTF-8, but never used by text) is escaped byte by byte too.
extension Path {
    static let escapeBase: UInt32 = 0x10FF00
    static let escapedRange: ClosedRange<UInt32> = 0x10FF80...0x10FFFF

    /// A file name's bytes (e.g. from `readdir` or `argv`) as a path string that keeps them all.
    public static func decode<Bytes: Collection>(bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let all = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < all.count {
            if let (scalar, length) = scalar(in: all, at: i), !escapedRange.contains(scalar.value) {
                scalars.append(scalar)
                i += length
            } else {
                // The byte of an invalid sequence (always ≥ 0x80) becomes its escape scalar.
                scalars.append(Unicode.Scalar(escapeBase + UInt32(all[i]))!)
                i += 1
            }
        }
        return String(scalars)
    }

    /// The bytes the path stands for (the inverse of `decode(bytes:)`).
    public static func bytes(_ path: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count)
        for u in path.unicodeScalars {
            if escapedRange.contains(u.value) { out.append(UInt8(u.value - escapeBase)) } else { out += Array(String(u).utf8) }
        }
        return out
    }

    /// Calls `body` with the path as the C string the kernel gets (original bytes restored).
    public static func withCString<R>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        // Fast path: no escape scalar can be present without the 4-byte lead 0xF4.
        guard path.utf8.contains(0xF4) else { return try path.withCString(body) }
        let raw = bytes(path).map { CChar(bitPattern: $0) } + [0]
        return try raw.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// The byte an escape scalar stands for, or nil for an ordinary scalar.
    public static func escapedByte(_ u: Unicode.Scalar) -> UInt8? {
        escapedRange.contains(u.value) ? UInt8(u.value - escapeBase) : nil
    }

    /// The scalar of the valid UTF-8 sequence at `i` and its length, or nil when invalid.
    static func scalar(in b: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let lead = b[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int, minimum: UInt32
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard i + length <= b.count else { return nil }
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        // Overlong forms, surrogates and values above U+10FFFF are invalid UTF-8.
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
