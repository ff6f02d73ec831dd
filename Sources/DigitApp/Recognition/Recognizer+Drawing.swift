import DigitImage

extension Recognizer {
    /// A drawing is read exactly as its PNG would be: the image `DrawingFile.save` writes goes
    /// through the same clean → segment → 28×28 → network pipeline as a file (one pipeline, so
    /// the gallery later reads the saved file the same way the drawing screen read it live).
    public func recognize(drawing: Drawing) -> Recognition {
        recognize(image: drawing.image(), name: "drawing")
    }
}
