import Glibc
import CJPEG
import DigitImage
import Support

/// Issue 15: one 12-megapixel phone photo through decode and preprocessing (clean, segment,
/// every digit's 28×28), in milliseconds: the median of `runs` − 1 runs after one warm-up (five
/// for `make bench`). The photo
/// is made here: 4000×3000 colour paper lit unevenly, with grain, "2026" written across it
/// with a 30-px pen, saved as a phone saves it (JPEG quality 90, 4:2:0 chroma).
/// `sheet`: the paper a sheet turned 3° on a dark desk instead of the whole frame, the way most
/// people photograph a page — the shadow-line search and the sheet's measures run on it (a
/// change there doubled such photos' time while the whole-frame photo did not move, session 38).
/// Returns nil (and says why) when the photo cannot be encoded or decoded.
func photo12MPMilliseconds(runs: Int = 6, sheet: Bool = false) -> (total: Double, decode: Double, digits: Int, totals: [Double], decodes: [Double])? {
    let jpeg: [UInt8]
    do {
        jpeg = try phoneJPEG(width: 4000, height: 3000, sheet: sheet)
    } catch {
        print("12-MP photo: \(error)")
        return nil
    }
    var totals: [Double] = [], decodes: [Double] = [], found = 0
    for run in 0..<runs {
        let t0 = now()
        guard let image = try? ImageDecoder.decode(jpeg, name: "photo-12mp.jpg") else { print("12-MP photo: not decoded"); return nil }
        let t1 = now()
        // What recognising does: the readings it compares (one for a photo this size, unless the
        // first runs into the frame).
        found = DigitExtraction.candidates(image).first?.digits.count ?? 0
        let t2 = now()
        if run > 0 { totals.append((t2 - t0) * 1000); decodes.append((t1 - t0) * 1000) }
    }
    return (median(totals), median(decodes), found, totals, decodes)
}

struct EncodeFailure: Error, CustomStringConvertible { var description: String }

/// The photo's pixels (RGB) compressed by libjpeg-turbo as a phone camera would.
func phoneJPEG(width w: Int, height h: Int, sheet: Bool = false) throws -> [UInt8] {
    // The sheet: 0.8 of the frame each way, turned 3° about the centre.
    let turn = 3 * Double.pi / 180, halfW = 0.4 * Double(w), halfH = 0.4 * Double(h)
    var rgb = [UInt8](repeating: 0, count: w * h * 3)
    let digits = [2, 0, 2, 6].enumerated().map { i, d in (i, StrokeDigits.render(d, style: .boxy, size: 700, penWidth: 30, seed: 15)) }
    var noise: UInt64 = 0x2026
    for y in 0..<h {
        for x in 0..<w {
            // Light falling off from the upper left, and paper grain.
            let light = 1 - 0.25 * Double(x + y) / Double(w + h)
            noise = noise &* 6364136223846793005 &+ 1442695040888963407
            var v = (230 + Double(Int(noise >> 60)) - 8) * light
            if sheet {
                let dx = Double(x - w / 2), dy = Double(y - h / 2)
                let u = dx * cos(turn) + dy * sin(turn), t = -dx * sin(turn) + dy * cos(turn)
                if abs(u) > halfW || abs(t) > halfH { v = (75 + Double(Int(noise >> 60)) - 8) * light }
            }
            for (i, glyph) in digits {
                let gx = x - (w / 2 - 1400 + i * 700), gy = y - (h / 2 - 350)
                if gx >= 0, gy >= 0, gx < glyph.width, gy < glyph.height { v = min(v, Double(glyph[gx, gy]) * light) }
            }
            let g = UInt8(max(0, min(255, v)))
            rgb[(y * w + x) * 3] = g
            rgb[(y * w + x) * 3 + 1] = g
            rgb[(y * w + x) * 3 + 2] = UInt8(max(0, min(255, v * 0.94)))
        }
    }
    guard let tj = tjInitCompress() else { throw EncodeFailure(description: "libjpeg-turbo could not start an encoder") }
    defer { tjDestroy(tj) }
    var buffer: UnsafeMutablePointer<UInt8>? = nil
    var size: UInt = 0
    let status = rgb.withUnsafeBufferPointer {
        tjCompress2(tj, $0.baseAddress, Int32(w), 0, Int32(h), Int32(TJPF_RGB.rawValue), &buffer, &size, Int32(TJSAMP_420.rawValue), 90, 0)
    }
    defer { tjFree(buffer) }
    guard status == 0, let buffer else { throw EncodeFailure(description: "tjCompress2: \(String(cString: tjGetErrorStr2(tj)))") }
    return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
}
