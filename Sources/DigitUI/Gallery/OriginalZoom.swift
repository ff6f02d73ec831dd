import DigitApp
import DigitImage

/// The part of a picture the gallery's "original" panel shows. A phone photo's digits may fill
/// a tenth of its side: drawn whole at 80×24 they were a few cells of grey (walkthrough,
/// session 29). So the panel shows the digits with room around them, and `z` the whole picture.
enum OriginalZoom {
    /// The region shown zoomed (in the picture's pixels), or nil when the whole picture is as
    /// good: the use case's close-up (`Recognition.closeUp`), which `predict --art` draws too.
    static func focus(_ r: Recognition) -> Box? { r.closeUp }

    /// The panel's title as it fits `width`: "original, zoomed (z: whole)", "original (z zooms
    /// in)", or "original" when there is nothing to zoom to.
    static func caption(_ r: Recognition, whole: Bool, width: Int) -> String {
        guard focus(r) != nil else { return "original" }
        let says = whole ? ["original (z zooms in)", "original (z: zoom)"] : ["original, zoomed (z: whole)", "original, zoomed (z)", "zoomed (z: whole)"]
        return TextWidth.firstFitting(says + ["original"], width: width)
    }
}
