import Testing
@testable import DigitImage

/// Issue 15, session 35 (red team, underline, seed 1): a digit's stroke lying along the line
/// under it went with the line — a 2's foot ("23" read "73", "32" read "37"), a ring's bottom
/// ("250" read "2517", the 0 in two arcs; "56" read "51").
@Suite struct StrokesOnLinesTests {
    /// 320×200 ink: an 8-px line from x = 20 to 300 (rows 148-155); a ring (stroke 6 px, outer
    /// radius 44) centred at (120, 112) whose bottom lies within the line's rows; a 10-px bar
    /// standing on the line at x = 220 (a second digit).
    static func ringOnALine() -> FloatImage {
        var ink = FloatImage(width: 320, height: 200, fill: 0)
        for x in 20..<300 { for y in 148..<156 { ink[x, y] = 1 } }
        for y in 0..<200 {
            for x in 0..<320 {
                let dx = Double(x - 120), dy = Double(y - 112)
                let r = (dx * dx + dy * dy).squareRoot()
                if r >= 38 && r < 44 { ink[x, y] = 1 }
            }
        }
        for x in 220..<230 { for y in 60..<148 { ink[x, y] = 1 } }
        return ink
    }

    @Test func aRingsBottomLyingAlongTheLineStaysWithTheRing() {
        var ink = Self.ringOnALine()
        #expect(NumberLines.remove(&ink), "the line under both digits goes")
        #expect(ink[190, 151] == 0 && ink[260, 151] == 0 && ink[40, 151] == 0, "the line between and beside the digits is gone")
        #expect(ink[120, 153] == 1 && ink[120, 150] == 1, "the ring's bottom stays: the ring is closed")
        #expect(ink[225, 100] == 1, "the bar stays")
    }

    /// Two bars standing on a line a bar's width apart are two digits, not a ring's sides:
    /// the line between them goes.
    @Test func theLineBetweenTwoDigitsStillGoes() {
        var ink = FloatImage(width: 320, height: 200, fill: 0)
        for x in 20..<300 { for y in 148..<156 { ink[x, y] = 1 } }
        for x0 in [100, 140, 220] { for x in x0..<(x0 + 10) { for y in 60..<148 { ink[x, y] = 1 } } }
        #expect(NumberLines.remove(&ink))
        #expect(ink[125, 151] == 0, "between the first two bars")
    }

    /// A picture on paper at grey 230: a 6-px line at grey `lineGrey` from x = 20 to 300 (rows
    /// 150-155); a "2" at grey 30 — a slanted stroke down to the line and a foot lying within
    /// the line's rows from x = 96 to 170; and a "1", an upright bar on the line at x = 230.
    /// `shadow`: the right half (x ≥ 160) in shadow, everything there at 60 % of its light.
    static func twoOnALine(lineGrey: UInt8, shadow: Bool = false) -> ByteImage {
        var image = ByteImage(width: 320, height: 200, fill: 230)
        for x in 20..<300 { for y in 150..<156 { image[x, y] = lineGrey } }
        for y in 70..<150 { let x = 160 - (y - 70) * 3 / 4; for dx in 0..<7 { image[x + dx, y] = 30 } }
        for x in 96..<170 { for y in 150..<156 { image[x, y] = 30 } }
        for x in 230..<238 { for y in 60..<150 { image[x, y] = 30 } }
        if shadow { for y in 0..<200 { for x in 160..<320 { image[x, y] = UInt8(Int(image[x, y]) * 6 / 10) } } }
        return image
    }

    /// The cleaned ink of `image` with its number lines removed, measured on the picture
    /// (`shade`) or not (the control: the shape alone).
    static func removed(_ image: ByteImage, shade: Bool) -> FloatImage {
        var cleaned = Preprocess.clean(image)
        _ = NumberLines.remove(&cleaned.ink, shade: shade ? cleaned.original : nil)
        return cleaned.ink
    }

    @Test func aFootInAnotherInkThanTheLineStays() {
        let image = Self.twoOnALine(lineGrey: 150)
        let ink = Self.removed(image, shade: true)
        #expect(ink[200, 152] == 0 && ink[270, 152] == 0, "the line goes")
        #expect(ink[130, 152] > Preprocess.inkThreshold && ink[165, 153] > Preprocess.inkThreshold, "the 2's foot stays")
        #expect(ink[234, 100] > Preprocess.inkThreshold, "the 1 stays")
        let control = Self.removed(image, shade: false)
        #expect(control[130, 152] == 0, "by its shape alone the foot went with the line")
    }

    /// The same with the foot in the line's own ink: nothing tells them apart, and the line
    /// goes whole; and a shadow across the line, darkening paper and line alike, is no stroke.
    @Test(arguments: [false, true])
    func aFootInTheLinesInkAndAShadowAcrossTheLineChangeNothing(shadow: Bool) {
        let image = Self.twoOnALine(lineGrey: 30, shadow: shadow)
        let ink = Self.removed(image, shade: true)
        #expect(ink[200, 152] == 0 && ink[270, 152] == 0 && ink[60, 152] == 0, "the line goes, in and out of the shadow")
        #expect(ink.pixels == Self.removed(image, shade: false).pixels, "as by the shape alone")
    }
}
