import DigitImage

/// The part of a picture that shows its digits, for the front ends that draw it: a phone
/// photo's digits may fill a tenth of its side, and drawn whole at 80 columns they were a few
/// cells of grey (walkthroughs, sessions 29 and 35: the gallery, then `predict --art`).
extension Recognition {
    /// Room around the digits, as a share of their larger side: the paper around a number
    /// says how it was written (a line under it, a box) without shrinking it much.
    public static let closeUpMargin = 0.35
    /// Close up only when the digits' region is under this share of the picture's area: a
    /// drawing or a scan of a cell already shows its digits large.
    public static let closeUpWorthIt = 0.4

    /// The digits with room around them (in the picture's pixels), or nil when the whole
    /// picture shows them as well.
    public var closeUp: Box? {
        let (w, h) = (original.width, original.height)
        guard let first = digits.first?.sample.box, w > 0, h > 0 else { return nil }
        var (x0, y0, x1, y1) = (first.x, first.y, first.x + first.width, first.y + first.height)
        for d in digits.dropFirst() {
            let b = d.sample.box
            (x0, y0, x1, y1) = (min(x0, b.x), min(y0, b.y), max(x1, b.x + b.width), max(y1, b.y + b.height))
        }
        let room = max(4, Int(Double(max(x1 - x0, y1 - y0)) * Self.closeUpMargin))
        (x0, y0, x1, y1) = (max(0, x0 - room), max(0, y0 - room), min(w, x1 + room), min(h, y1 + room))
        guard x1 > x0, y1 > y0, Double((x1 - x0) * (y1 - y0)) < Self.closeUpWorthIt * Double(w * h) else { return nil }
        return Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}
