/// The drawing as pixels: one rasteriser for the terminal's canvas, the image that is
/// recognised and the PNG that is saved, so what the user sees is what the network reads.
extension Drawing {
    /// Side of the image recognised and saved. Small on purpose: the cleaning step estimates
    /// the paper per block (up to 8×8 blocks, at least 24 px each) as a low percentile, and a
    /// pen as wide as MNIST's (0.09 of the canvas) fills most of a block once the image is
    /// 192 px or more — there overlapping strokes were taken for paper and cut (the 30 hand
    /// digits: 26/30 read at 280 px, 30/30 at 28…140 px). At 64 px a block is 32 px and the
    /// pen under 6 px; the digit is still twice MNIST's resolution, and it reads in ~1 ms.
    public static let imageSize = 64

    /// Ink (0 paper … 1 full ink) at `width`×`height` pixels, the unit square stretched over
    /// them. The pen's radius is `penRadius` of the shorter side, with a soft edge (see `stroke`).
    public func ink(width: Int, height: Int) -> FloatImage {
        let w = max(0, width), h = max(0, height)
        var out = FloatImage(width: w, height: h, fill: 0)
        guard w > 0, h > 0, w <= 1 << 14, h <= 1 << 14 else { return out }
        var layer = [Float](repeating: 0, count: w * h)
        for s in strokes where !s.points.isEmpty {
            let radius = (s.erase ? Drawing.eraserScale : 1) * Drawing.penRadius * Float(min(w, h))
            let pts = s.points.map { (x: $0.x * Float(w), y: $0.y * Float(h)) }
            var box = (minX: w, minY: h, maxX: -1, maxY: -1)
            layer.withUnsafeMutableBufferPointer { l in
                for i in pts.indices {
                    let b = DrawingRaster.segment(pts[i], pts[max(0, i - 1)], radius: radius, width: w, height: h, into: l)
                    box = (min(box.minX, b.minX), min(box.minY, b.minY), max(box.maxX, b.maxX), max(box.maxY, b.maxY))
                }
            }
            guard box.minX <= box.maxX, box.minY <= box.maxY else { continue }
            DrawingRaster.composite(&layer, into: &out.pixels, width: w, box: box, erase: s.erase)
        }
        return out
    }

    /// Paper around the canvas in the image, an eighth of `size` on each side. The canvas's
    /// edge is not a photo's edge: without it, a 1 drawn along the canvas's side was taken for
    /// paper beyond a photographed sheet (`Segment.runsAlongFrame`) and dropped from "17".
    public static func imageMargin(size: Int) -> Int { max(0, size) / 8 }

    /// The drawing as an image file holds it: dark ink on white paper, the `size`×`size`
    /// canvas inside a margin of paper (`imageMargin`).
    public func image(size: Int = Drawing.imageSize) -> ByteImage {
        let ink = self.ink(width: size, height: size)
        let m = Drawing.imageMargin(size: size)
        var out = ByteImage(width: ink.width + 2 * m, height: ink.height + 2 * m, fill: 255)
        for y in 0..<ink.height {
            for x in 0..<ink.width { out[x + m, y + m] = UInt8(255 - (ink[x, y] * 255).rounded()) }
        }
        return out
    }
}

/// The rasteriser's two kernels.
enum DrawingRaster {
    /// Share of the radius over which the pen's edge fades (MNIST's strokes are a core about
    /// 1.5 px wide with a grey pixel on each side: the fade is most of the radius).
    static let softness: Float = 0.6

    /// Coverage of a round soft pen from `p` to `q` (pixel coordinates), kept as the maximum
    /// with what `layer` holds, so overlapping segments of one stroke never add up. Returns the
    /// pixel box touched.
    /// layer: (height, width) row-major, values 0…1.
    static func segment(_ p: (x: Float, y: Float), _ q: (x: Float, y: Float), radius: Float, width: Int, height: Int,
                        into layer: UnsafeMutableBufferPointer<Float>) -> (minX: Int, minY: Int, maxX: Int, maxY: Int) {
        let fade = max(1, radius * softness)
        let reach = radius + fade / 2
        let minX = max(0, Int((min(p.x, q.x) - reach).rounded(.down))), maxX = min(width - 1, Int((max(p.x, q.x) + reach).rounded(.up)))
        let minY = max(0, Int((min(p.y, q.y) - reach).rounded(.down))), maxY = min(height - 1, Int((max(p.y, q.y) + reach).rounded(.up)))
        guard minX <= maxX, minY <= maxY, let base = layer.baseAddress else { return (width, height, -1, -1) }
        let dx = q.x - p.x, dy = q.y - p.y, len2 = max(dx * dx + dy * dy, 1e-9)
        for y in minY...maxY {
            let row = base + y * width
            let py = Float(y) + 0.5
            for x in minX...maxX {
                let px = Float(x) + 0.5
                let t = max(0, min(1, ((px - p.x) * dx + (py - p.y) * dy) / len2))
                let ex = px - (p.x + t * dx), ey = py - (p.y + t * dy)
                let edge = max(0, min(1, (reach - (ex * ex + ey * ey).squareRoot()) / fade))
                // Smoothstep: no visible ring where the fade starts or ends.
                let c = edge * edge * (3 - 2 * edge)
                if c > row[x] { row[x] = c }
            }
        }
        return (minX, minY, maxX, maxY)
    }

    /// Adds a finished stroke's layer to the ink (the brighter wins) or, for an eraser, takes
    /// it away: wholly over the inner half of the eraser's soft edge, so a pass along a stroke
    /// leaves no faint ghost of it (walkthrough), partly beyond. The layer is zeroed again
    /// inside `box` for the next stroke.
    /// layer, ink: (height, width) row-major.
    static func composite(_ layer: inout [Float], into ink: inout [Float], width: Int,
                          box: (minX: Int, minY: Int, maxX: Int, maxY: Int), erase: Bool) {
        layer.withUnsafeMutableBufferPointer { l in
            ink.withUnsafeMutableBufferPointer { o in
                guard let lb = l.baseAddress, let ob = o.baseAddress else { return }
                for y in box.minY...box.maxY {
                    let lr = lb + y * width, or = ob + y * width
                    for x in box.minX...box.maxX {
                        or[x] = erase ? or[x] * (1 - min(1, 2 * lr[x])) : max(or[x], lr[x])
                        lr[x] = 0
                    }
                }
            }
        }
    }
}
