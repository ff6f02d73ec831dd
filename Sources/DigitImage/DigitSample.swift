/// A rectangle in image pixels.
public struct Box: Sendable, Equatable, CustomStringConvertible {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) { self.x = x; self.y = y; self.width = width; self.height = height }
    public var description: String { "[\(x), \(y), \(width), \(height)]" }
}

/// Which label-image block belongs to which digit: lets a digit's crop ignore the ink of its
/// neighbours. Full-resolution pixel (x, y) maps to block (x / scale, y / scale).
public struct InkMask: Sendable {
    let owner: [Int32]
    let scale: Int
    let width: Int
    let id: Int32

    /// The block column of every pixel column of the box.
    func columns(_ box: Box) -> [Int] { (box.x..<(box.x + box.width)).map { $0 / scale } }

    /// Where the row of blocks for pixel row y starts in `owner`.
    func rowStart(_ y: Int) -> Int { (y / scale) * width }
}

/// The whole image made ready for segmentation: ink bright on black, background removed.
public struct CleanedImage: Sendable {
    public var original: ByteImage
    /// Same size as the original, 0…1, ink bright.
    public var ink: FloatImage
    /// Whether the original was dark ink on a light background.
    public var inverted: Bool
}

/// One digit ready for the network, with every stage kept for display.
public struct DigitSample: Sendable {
    /// Where the digit is in the original image.
    public var box: Box
    /// The digit's crop at the intermediate resolution, stroke width normalised.
    public var cropped: FloatImage
    /// 28×28, 0…1, ink bright, centred by centre of mass as MNIST was.
    public var final: FloatImage
    /// Which line of text the digit is on, 0 at the top.
    public var line = 0
    /// The ink of a piece wide enough to be two digits touching, kept to be cut if its
    /// reading is chosen (`cutAsTouching`, `findLoops`); nil for a narrower piece.
    public var touchingInk: TouchingInk? = nil
    /// The same ink read as two digits touching, one reading per cut (`TouchingCuts`); which
    /// reading, if any, is right is for the network to say (`Recognizer`). Empty until
    /// `cutAsTouching`, and for a piece too narrow to be two.
    public var alternatives: [[DigitSample]] = []
    /// The loops (enclosed paper) of a piece that may be two digits, in its region's
    /// columns and rows shrunk as for its cuts (`TouchingCuts`); empty until `findLoops`, and
    /// for other pieces.
    public var loops: [Box] = []
    /// Whether the piece holds two loops side by side (`SideBySideHoles`): more than one
    /// digit, however sure the network is of it read whole.
    public var loopsSideBySide: Bool { SideBySideHoles.sideBySide(loops) }
}

/// MNIST-faithful preprocessing: do what MNIST's makers did (fit the ink's box into
/// 20×20 with antialiasing, centre the centre of mass in 28×28) after undoing what
/// a person's drawing adds (polarity, paper, noise, specks, pen width).
