/// A solid round blob — a pen's tap on the drawing screen, a full stop, a blot — is no digit,
/// yet scaled into the network's 20×20 box it is a filled disc the network reads as 0 or 8
/// (walkthrough, session 29: one click read "8, 44 %" and the save prompt offered 8). Every
/// digit has a hole, an opening or a thin stroke somewhere; a disc has none.
enum Dots {
    /// Ink at half strength of the 28×28 input filling this much of its box or more (a disc
    /// fills π/4 ≈ 0.785 of it; a bold MNIST 0 or 8 keeps its holes and fills far less).
    static let solidFill = 0.74

    /// Whether the 28×28 input (0…1, ink bright) is a filled round blob: about as wide as
    /// tall, its box filled, and every pixel of the middle half of its box ink.
    static func isDot(_ input: FloatImage) -> Bool {
        var (minX, minY, maxX, maxY, count) = (input.width, input.height, -1, -1, 0)
        for y in 0..<input.height {
            for x in 0..<input.width where input[x, y] >= 0.5 {
                (minX, minY, maxX, maxY) = (min(minX, x), min(minY, y), max(maxX, x), max(maxY, y))
                count += 1
            }
        }
        guard count > 0 else { return false }
        let (w, h) = (maxX - minX + 1, maxY - minY + 1)
        // A 1 is a tall thin box, filled too.
        guard w * 10 >= h * 7, h * 10 >= w * 7 else { return false }
        guard Double(count) >= solidFill * Double(w * h) else { return false }
        for y in (minY + h / 4)...(maxY - h / 4) {
            for x in (minX + w / 4)...(maxX - w / 4) where input[x, y] < 0.5 { return false }
        }
        return true
    }
}

extension Segmentation {
    /// The segmentation without its dots (`Dots`): a lone dot leaves no digit ("no digit found").
    public var withoutDots: Segmentation {
        var s = self
        s.digits = digits.filter { !Dots.isDot($0.final) }
        return s
    }
}
