import Foundation

/// Reads a binary PGM (P5) reference decode.
func readPGM(_ path: String) -> (width: Int, height: Int, pixels: [UInt8])? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    let bytes = [UInt8](data)
    var fields: [String] = []
    var i = 0
    while fields.count < 4 && i < bytes.count {
        while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) { i += 1 }
        if i < bytes.count && bytes[i] == UInt8(ascii: "#") { while i < bytes.count && bytes[i] != 0x0A { i += 1 }; continue }
        var s = ""
        while i < bytes.count && !(bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) { s.append(Character(UnicodeScalar(bytes[i]))); i += 1 }
        fields.append(s)
    }
    guard fields.count == 4, fields[0] == "P5", let w = Int(fields[1]), let h = Int(fields[2]) else { return nil }
    i += 1
    guard bytes.count >= i + w * h else { return nil }
    return (w, h, Array(bytes[i..<(i + w * h)]))
}
