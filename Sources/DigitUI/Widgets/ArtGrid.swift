/// Tiles of art for the ten classes: one column of tiles per class, the classes in one band
/// (or two bands of five when that makes the art larger), each tile square on screen (two
/// pixel rows per cell row) and as large as the area allows for the images asked for.
struct ArtGrid {
    /// Bands of classes, classes per band, columns per class.
    let bands: Int, perBand: Int, tileWidth: Int
    /// The art of one tile, in cells.
    let artColumns: Int, artRows: Int
    /// Images stacked under each class label.
    let images: Int
    let origin: (x: Int, y: Int)

    /// Tiles of at least `minimum` images per class (at most `maximum`): once the art is readable
    /// (`readable` columns), more images win over larger art; below that, larger art wins. Nil
    /// when the area is too small for even that (or for `smallest` columns). Each count of
    /// images is tried at the largest art it allows, in one band and in two.
    static func fit(_ area: Rect, classes: Int = 10, minimum: Int, maximum: Int, readable: Int = 10, smallest: Int = 2) -> ArtGrid? {
        var best: ArtGrid? = nil
        for bands in [1, 2] {
            let perBand = (classes + bands - 1) / bands
            let tileWidth = area.width / max(1, perBand)
            let bandHeight = area.height / bands
            for images in stride(from: max(1, minimum), through: maximum, by: 1) {
                // A tile is square on screen: `columns` pixels across take (columns + 1) / 2 rows.
                let rows = (bandHeight - 1) / images
                let columns = min(28, tileWidth - 1, 2 * rows)
                guard columns >= smallest else { break }
                let candidate = ArtGrid(bands: bands, perBand: perBand, tileWidth: tileWidth, artColumns: columns,
                                        artRows: (columns + 1) / 2, images: images, origin: (area.x, area.y))
                if best.map({ candidate.score(readable) > $0.score(readable) }) ?? true { best = candidate }
            }
        }
        return best
    }

    /// How good a layout is: readable art with more images first, else larger art.
    func score(_ readable: Int) -> (Int, Int, Int) {
        artColumns >= readable ? (1, images, artColumns) : (0, artColumns, images)
    }

    /// Top-left cell of class `c`'s label.
    func label(_ c: Int) -> (x: Int, y: Int) {
        let band = c / perBand, slot = c % perBand
        return (origin.x + slot * tileWidth, origin.y + band * (1 + images * artRows))
    }

    /// Top-left cell of the art of image `k` of class `c`.
    func tile(_ c: Int, _ k: Int) -> (x: Int, y: Int) {
        let l = label(c)
        return (l.x + 1, l.y + 1 + k * artRows)
    }

    /// Rows the grid takes.
    var height: Int { bands * (1 + images * artRows) }
}
