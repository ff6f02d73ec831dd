/// A picture ready to clean: the image with a straight shadow's edge lifted (`ShadowLine`), or
/// as it came, with its block means and the sheet of paper it shows. Measured once: the shadow
/// line judges a lift by the sheet it leaves, and `Preprocess.clean` needs the same grid and
/// sheet (a 12-MP photo's sheet reads millions of pixels for its ink).
struct LitPicture {
    let image: ByteImage
    let grid: BlockGrid
    let sheet: PaperSheet?
    /// Whether a shadow was lifted (`image` is not the picture as it came).
    let isLifted: Bool

    /// The picture measured (`grid`, `sheet`: when already measured on it); `isLifted`: whether
    /// a shadow was lifted to make it.
    init(_ image: ByteImage, isLifted: Bool, grid: BlockGrid? = nil, sheet: PaperSheet?? = nil) {
        let grid = grid ?? BlockGrid(image)
        self.image = image
        self.grid = grid
        self.sheet = sheet ?? PaperSheet(image, grid: grid)
        self.isLifted = isLifted
    }
}
