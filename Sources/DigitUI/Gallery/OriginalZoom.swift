import DigitApp
import DigitImage

/// The part of a picture the gallery's "original" panel shows. A phone photo's digits may fill
/// a tenth of its side: drawn whole at 80×24 they were a few cells of grey (walkthrough,
/// session 29). So the panel shows the digits with room around them, and `z` the whole picture.
enum OriginalZoom {
    /// Room around the digits, as a share of their larger side: the paper around a number
    /// says how it was written (a line under it, a box) without shrinking it much.
    static let margin = 0.35
    /// Zoomed only when the digits' region is under this share of the picture's area: a
    /// drawing or a scan of a cell already shows its digits large.
    static let worthIt = 0.4

    /// The region shown zoomed (in the picture's pixels), or nil when the whole picture is as good.
    static func focus(_ r: Recognition) -> Box? {
        let (w, h) = (r.original.width, r.original.height)
        guard let first = r.digits.first?.sample.box, w > 0, h > 0 else { return nil }
        var (x0, y0, x1, y1) = (first.x, first.y, first.x + first.width, first.y + first.height)
        for d in r.digits.dropFirst() {
            let b = d.sample.box
            (x0, y0, x1, y1) = (min(x0, b.x), min(y0, b.y), max(x1, b.x + b.width), max(y1, b.y + b.height))
        }
        let room = max(4, Int(Double(max(x1 - x0, y1 - y0)) * margin))
        (x0, y0, x1, y1) = (max(0, x0 - room), max(0, y0 - room), min(w, x1 + room), min(h, y1 + room))
        guard x1 > x0, y1 > y0, Double((x1 - x0) * (y1 - y0)) < worthIt * Double(w * h) else { return nil }
        return Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The panel's title as it fits `width`: "original, zoomed (z: whole)", "original (z zooms
    /// in)", or "original" when there is nothing to zoom to.
    static func caption(_ r: Recognition, whole: Bool, width: Int) -> String {
        guard focus(r) != nil else { return "original" }
        let says = whole ? ["original (z zooms in)", "original (z: zoom)"] : ["original, zoomed (z: whole)", "original, zoomed (z)", "zoomed (z: whole)"]
        return TextWidth.firstFitting(says + ["original"], width: width)
    }
}
