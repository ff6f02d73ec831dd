/// The xterm 256-colour palette reduced to the 8 basic colours, for terminals that have only
/// those (TERM=xterm, the Linux console): each index goes to the basic colour nearest to it.
enum Palette {
    /// The basic colours as xterm draws them (black, red, green, yellow, blue, magenta, cyan, white).
    static let basicRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    ]

    /// An xterm-256 index's red, green and blue.
    static func rgb(_ index: Int) -> (Int, Int, Int) {
        switch index {
        case 0..<16:
            let bright = [(127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
            return index < 8 ? basicRGB[index] : bright[index - 8]
        case 16..<232:
            let i = index - 16
            let level = { (v: Int) in v == 0 ? 0 : 55 + 40 * v }
            return (level(i / 36), level(i / 6 % 6), level(i % 6))
        case 232..<256:
            let g = 8 + 10 * (index - 232)
            return (g, g, g)
        default:
            return (0, 0, 0)
        }
    }

    /// The basic colour that keeps an index's meaning: greys (and near-greys) by lightness,
    /// black or white; colours by which channels stand out (255,175,0 orange → yellow,
    /// 135,215,135 green → green), which nearest-RGB gets wrong for the pale ones.
    /// -1 (the terminal's default) and the basic 8 stay.
    static func basic(_ index: Int) -> Int {
        guard index >= 8 else { return index }
        if index < 16 { return index - 8 }
        let (r, g, b) = rgb(index)
        let (hi, lo) = (max(r, g, b), min(r, g, b))
        if hi - lo < 48 { return (r + g + b) / 3 >= 110 ? 7 : 0 }
        let mid = (hi + lo) / 2
        return (r > mid ? 1 : 0) + (g > mid ? 2 : 0) + (b > mid ? 4 : 0)
    }
}
