import DigitImage
import Support

/// `predict --art`: the original and each digit's 28×28 input side by side, with the label
/// and the ten probabilities as bars.
public enum ArtReport {
    public static func text(_ r: Recognition, style: ArtStyle, color: Bool) -> String {
        let original = r.segmentation.cleaned.original.floats
        let leftCells = AsciiArt.render(original, columns: 40, rows: 14, style: style)
        let left = AsciiArt.lines(leftCells, style: style, color: color)
        let widthLeft = leftCells.first?.count ?? 0
        var out = ["\(r.file): \(r.original.width)×\(r.original.height) — read \"\(r.prediction)\""]
        for d in r.digits {
            let right = AsciiArt.lines(AsciiArt.render(d.sample.final, columns: 28, rows: 14, style: style), style: style, color: color)
            var bars = ["digit \(d.label)  (\(Format.fixed(Double(d.confidence) * 100, 1))%)", ""]
            for c in 0..<10 {
                let p = Double(d.probabilities[c])
                bars.append("\(c) \(ProgressText.bar(fraction: p, width: 20, unicode: style == .halfBlocks)) \(Format.fixed(p * 100, 1))%")
            }
            let n = max(left.count, right.count, bars.count)
            for i in 0..<n {
                let l = i < left.count ? left[i] : String(repeating: " ", count: widthLeft)
                let m = i < right.count ? right[i] : String(repeating: " ", count: 28)
                let b = i < bars.count ? bars[i] : ""
                out.append(l + "  " + m + "  " + b)
            }
        }
        return out.joined(separator: "\n")
    }
}
