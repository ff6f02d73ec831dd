/// A digit cropped tight: its strokes run into the image's edge. Everything that finds the
/// paper looks at the frame and the blocks along it (the border decides the polarity, the
/// background grids take a block that is mostly ink for paper, and a dark region cut by the
/// frame reads as a shadow's corner), so a bold 0 touching the top was "no digit found" and a
/// 1 filling the height read "88". Reading the image inside a margin that continues the paper
/// gives those stages the paper they expect; the margin is taken away again afterwards.
enum FramePadding {
    /// Margin on every side: an eighth of the short side (at least 8 px, at most 256 — a
    /// 12-MP photo keeps its speed, and its digits are seldom cropped tight).
    static func margin(_ w: Int, _ h: Int) -> Int { max(8, min(256, min(w, h) / 8)) }

    /// Of the pixels along a side, within a window of a quarter of the side either way, the
    /// level with this fraction of them darker (dark ink): paper, unless ink touches the frame
    /// along more than a fifth of the window.
    static let paperFraction = 0.8

    /// `image` inside a margin of `margin` px; each margin pixel takes the paper level found
    /// along the nearest stretch of the side it continues. `darkInk`: the paper is the light side.
    static func padded(_ image: ByteImage, margin m: Int, darkInk: Bool) -> ByteImage {
        let w = image.width, h = image.height
        guard w > 0, h > 0, image.pixels.count == w * h, m > 0 else { return image }
        let pw = w + 2 * m, ph = h + 2 * m
        // The frame's own band, a 40th of the short side deep: what touches the frame.
        let depth = max(1, min(w, h) / 40)
        let top = paper(along: w, darkInk: darkInk) { x in mean(image, x: x..<(x + 1), y: 0..<depth) }
        let bottom = paper(along: w, darkInk: darkInk) { x in mean(image, x: x..<(x + 1), y: (h - depth)..<h) }
        let left = paper(along: h, darkInk: darkInk) { y in mean(image, x: 0..<depth, y: y..<(y + 1)) }
        let right = paper(along: h, darkInk: darkInk) { y in mean(image, x: (w - depth)..<w, y: y..<(y + 1)) }
        var out = [UInt8](repeating: 0, count: pw * ph)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<ph {
                    let iy = y - m
                    for x in 0..<pw {
                        let ix = x - m
                        let value: UInt8
                        switch (iy < 0 ? -1 : iy >= h ? 1 : 0, ix < 0 ? -1 : ix >= w ? 1 : 0) {
                        case (0, 0): value = src[iy * w + ix]
                        case (-1, 0): value = top[ix]
                        case (1, 0): value = bottom[ix]
                        case (0, -1): value = left[iy]
                        case (0, 1): value = right[iy]
                        case (-1, -1): value = mean(top[0], left[0])
                        case (-1, 1): value = mean(top[w - 1], right[0])
                        case (1, -1): value = mean(bottom[0], left[h - 1])
                        default: value = mean(bottom[w - 1], right[h - 1])
                        }
                        dst[y * pw + x] = value
                    }
                }
            }
        }
        return ByteImage(width: pw, height: ph, pixels: out)
    }

    /// The paper level at each of `count` positions along a side, from the frame band's levels
    /// `level(i)`: a sliding histogram over a quarter of the side either way.
    static func paper(along count: Int, darkInk: Bool, level: (Int) -> UInt8) -> [UInt8] {
        let levels = (0..<count).map(level)
        let reach = max(4, count / 4)
        let fraction = darkInk ? paperFraction : 1 - paperFraction
        var hist = [Int](repeating: 0, count: 256)
        var inWindow = 0
        for i in 0..<min(count, reach + 1) { hist[Int(levels[i])] += 1; inWindow += 1 }
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            if i > 0 {
                let enter = i + reach, leave = i - reach - 1
                if enter < count { hist[Int(levels[enter])] += 1; inWindow += 1 }
                if leave >= 0 { hist[Int(levels[leave])] -= 1; inWindow -= 1 }
            }
            let target = Int(Double(inWindow) * fraction)
            var seen = 0, v = 0
            while v < 255 { seen += hist[v]; if seen > target { break }; v += 1 }
            out[i] = UInt8(v)
        }
        return out
    }

    /// Mean level of a rectangle of the image (inside it).
    static func mean(_ image: ByteImage, x: Range<Int>, y: Range<Int>) -> UInt8 {
        var sum = 0
        for row in y { for col in x { sum += Int(image.pixels[row * image.width + col]) } }
        return UInt8(sum / max(1, x.count * y.count))
    }

    static func mean(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Int(a) + Int(b)) / 2) }
}
