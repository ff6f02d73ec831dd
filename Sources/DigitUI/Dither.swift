/// Greys on a terminal with only the 8 basic colours (TERM=xterm, the Linux console): black and
/// white pixels in an ordered (Bayer 4×4) pattern whose share of white follows the grey. Each
/// grey used to go to its nearest basic colour, and every grey over ~43 % lightness is nearest
/// to white: a shadow on the paper, grey paper and a photo's soft edges all came out white.
enum Dither {
    /// The 4×4 Bayer matrix: each threshold once, neighbours far apart in order.
    static let bayer: [Int] = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5]

    /// Below `black` a pixel is black, above `white` white; xterm's basic white is itself a light
    /// grey (229 of 255), so light paper stays clean rather than dotted.
    static let black: Float = 0.1, white: Float = 0.85

    /// Basic colour 7 (white) or 0 (black) for a value 0…1 (1 white) at pixel `x`, `y` of a picture.
    static func basic(_ v: Float, x: Int, y: Int) -> Int {
        guard v.isFinite else { return 0 }
        let level = (v - black) / (white - black)
        let threshold = (Float(bayer[(y & 3) * 4 + (x & 3)]) + 0.5) / 16
        return level > threshold ? 7 : 0
    }
}
