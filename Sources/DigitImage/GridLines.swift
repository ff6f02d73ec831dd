/// The borders of a form's cells and the lines of ruled paper: long, straight, thin runs of ink
/// along a row or a column. Left in, they join the digits into one piece with the frame, or
/// are read as 1s and 7s. A run is a line when it crosses nearly the whole image (9/10 of the
/// side it runs along, and at least 48 px): a cell border or a ruled line does, a digit's
/// stroke hardly ever (half the side took the thin 1s of small drawings); only its thin parts
/// go, so a stroke that crosses it (thicker across the line) stays whole.
enum GridLines {
    /// At most this many pixels across: a pen line, blurred a little. A digit's stroke that
    /// lies along a line is as thick but never as long.
    static let maxThickness = 4

    /// Removes the lines from `ink` (0…1, ink bright); whether anything was removed (when not,
    /// `ink` is untouched).
    static func remove(_ ink: inout FloatImage) -> Bool {
        let w = ink.width, h = ink.height
        guard w > 0, h > 0 else { return false }
        var gone = [Bool](repeating: false, count: w * h)
        var any = false
        ink.pixels.withUnsafeBufferPointer { px in
            gone.withUnsafeMutableBufferPointer { g in
                // Rows: x steps 1, thickness measured down the column (steps w).
                any = mark(px, g, lines: h, length: w, along: 1, across: w, acrossCount: h) || any
                // Columns: y steps w, thickness measured along the row (steps 1).
                any = mark(px, g, lines: w, length: h, along: w, across: 1, acrossCount: w) || any
            }
        }
        guard any else { return false }
        for i in gone.indices where gone[i] { ink.pixels[i] = 0 }
        return true
    }

    /// Kernel: marks in `gone` the thin pixels of every long run. The image is `lines` lines of
    /// `length` pixels; pixel k of line l is at l·`across` + k·`along`; `acrossCount` pixels
    /// across a line (for the thickness).
    static func mark(_ px: UnsafeBufferPointer<Float>, _ gone: UnsafeMutableBufferPointer<Bool>,
                     lines: Int, length: Int, along: Int, across: Int, acrossCount: Int) -> Bool {
        let t = Preprocess.faintThreshold
        let minRun = max(48, length * 9 / 10)
        var any = false
        for l in 0..<lines {
            var k = 0
            while k < length {
                guard px[l * across + k * along] > t else { k += 1; continue }
                var end = k
                while end < length && px[l * across + end * along] > t { end += 1 }
                if end - k >= minRun {
                    let thin = (k..<end).filter { thickness(px, line: l, at: $0, along: along, across: across, count: acrossCount) <= maxThickness }
                    // A ruled line is thin over most of its length (a bold digit filling a
                    // third of a small cell crosses it twice: 4/5 left those lines in, and the
                    // faint ink that now joins pieces joined them to the digit); a run along a
                    // slanted or blurred band is thick nearly everywhere and stays whole.
                    if thin.count * 2 >= end - k {
                        for j in thin { gone[l * across + j * along] = true }
                        any = true
                    }
                }
                k = end
            }
        }
        return any
    }

    /// Inked pixels across the line through pixel `at` of line `line`, counted up to one past
    /// `maxThickness`.
    static func thickness(_ px: UnsafeBufferPointer<Float>, line: Int, at k: Int, along: Int, across: Int, count: Int) -> Int {
        let t = Preprocess.faintThreshold
        var n = 1
        var m = line - 1
        while m >= 0 && n <= maxThickness && px[m * across + k * along] > t { n += 1; m -= 1 }
        m = line + 1
        while m < count && n <= maxThickness && px[m * across + k * along] > t { n += 1; m += 1 }
        return n
    }
}
